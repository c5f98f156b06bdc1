import { expect } from 'vitest';
import { type CliResult, runCli } from './cli.js';

/** Runs the CLI in this process with this POSTDUMP_PARALLEL setting (`off`: one thread). */
export async function cliWith(args: readonly string[], parallel: string): Promise<CliResult> {
  process.env.POSTDUMP_PARALLEL = parallel;
  try {
    return await runCli(args);
  } finally {
    delete process.env.POSTDUMP_PARALLEL;
  }
}

/** Runs one thread, then two with this setting: they must give the same bytes, messages and exit code. Returns the one-thread result. */
export async function sameOnTwoThreads(args: readonly string[], parallel: string): Promise<CliResult> {
  const one = await cliWith(args, 'off');
  const two = await cliWith(args, parallel);
  expect(two.stdout).toBe(one.stdout);
  expect(two.stderr).toBe(one.stderr);
  expect(two.code).toBe(one.code);
  return one;
}

/** The text outputs a run on two threads must give byte for byte as one thread does, as it.each rows. */
export const TEXT_FORMATS: [string[]][] = [
  [[]],
  [['-f', 'json']],
  [['-f', 'csv']],
  [['-f', 'tsv']],
  [['-f', 'csv', '--fields', 'source_line,id,warnings', '--bom']],
  [['--strict']],
  [['-f', 'json', '--fields', 'body,source_line']],
];
