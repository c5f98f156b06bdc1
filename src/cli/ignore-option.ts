import { Option } from 'commander';

/** `--ignore PATTERN`, repeatable, for postdump and postdump check alike: each use adds a pattern. */
export function ignoreOption(): Option {
  return new Option('--ignore <pattern>', 'skip files and folders matching this glob in folders, globs and archives (repeatable)')
    .argParser((value: string, previous: string[]) => [...previous, value])
    .default([]);
}
