import { InvalidArgumentError, Option } from 'commander';
import { WARNING_KIND_NAMES, type WarningKind, readWarningKinds } from '../pipeline/reconcile/warning-kinds.js';

/** `--allow KIND`, repeatable, for postdump --strict and postdump check alike: warnings of that kind do not fail. */
export function allowOption(what: string): Option {
  return new Option('--allow <kind>', `${what}: ${WARNING_KIND_NAMES.join(', ')} (repeatable)`)
    .argParser((value: string, previous: WarningKind[]) => {
      const kinds = readWarningKinds([value]);
      if (typeof kinds === 'string') throw new InvalidArgumentError(kinds);
      return [...previous, ...kinds];
    })
    .default([]);
}
