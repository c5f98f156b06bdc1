import type { Writable } from 'node:stream';
import { Argument, type Command, Option } from 'commander';
import { type ColourChoice, chosenColour, colourOption } from '../colour.js';
import { EXIT } from '../exit-codes.js';
import { ignoreOption } from '../ignore-option.js';
import { allowOption } from '../allow-option.js';
import type { WarningKind } from '../../pipeline/reconcile/warning-kinds.js';

/** The streams check writes to: its report on stdout (it is the command's output), errors on stderr. */
export interface CheckIo {
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  readonly env: NodeJS.ProcessEnv;
}

export interface CheckOptions {
  readonly update: boolean;
  /** With `update`: rewrite the expectations of passing dumps too. */
  readonly all?: boolean;
  readonly junit?: string;
  /** Passing dumps are not listed. */
  readonly quiet?: boolean;
  readonly ignore?: readonly string[];
  readonly color?: ColourChoice;
  /** `--allow KIND`: warnings of these kinds do not fail a dump without NAME.json. */
  readonly allow?: readonly WarningKind[];
}

const HELP = `
Each dump NAME.txt is compared with NAME.json beside it: an array of expected records, or
{"records": [...], "note": "..."}. Only the keys an expected record lists are compared; source_file
never is. No expected record ([]) means the dump must fail to parse. A dump without NAME.json must
give at least one record, and no record may carry warnings (but of the kinds --allow names). A NAME.txt.gz goes with NAME.json too;
each dump member of an archive (.zip, .tar, .tar.gz, .tgz) is checked as ARCHIVE!/MEMBER, without one.

Examples:
  postdump check                             check fixtures/
  postdump check dumps/ --junit report.xml   also write a JUnit report for CI
  postdump check --update dumps/new.txt      write dumps/new.json from what the dump gives now
  postdump check --update dumps/             rewrite the NAME.json of each failing dump (--all: of every dump)

Exit codes: 0 every dump passed, 1 a dump failed, 2 bad usage, 3 a bug in postdump, 129, 130, 143 interrupted.`;

/** `postdump check`: a subcommand of `program`, so it shares its output and exit handling. Its work (check.ts) is loaded when it runs. */
export function addCheckCommand(program: Command, io: CheckIo, done: (code: number) => void): void {
  program
    .command('check')
    .description('check dumps against the records expected of them (NAME.json beside each NAME.txt): the CI step for fixtures')
    .addArgument(new Argument('[paths...]', 'dump files, archives, folders (searched for *.txt, *.txt.gz and archives) or glob patterns').default(['fixtures/'], 'fixtures/'))
    .option('--update', 'write the NAME.json of each failing (or missing) dump from what it gives now, keeping its "note"', false)
    .option('--all', 'with --update: rewrite the NAME.json of passing dumps too', false)
    .addOption(new Option('--junit <file>', 'also write a JUnit XML report to this file (atomically)').conflicts('update'))
    .option('-q, --quiet', 'list only the dumps that fail', false)
    .addOption(ignoreOption())
    .addOption(allowOption('a dump without NAME.json may give warnings of this kind'))
    .addOption(colourOption())
    .addHelpText('after', HELP)
    .showHelpAfterError('(run postdump check --help for usage)')
    .action(async (paths: string[], options: CheckOptions, command: Command) => {
      if (options.all && !options.update) command.error('postdump: --all goes with --update: postdump check --update --all', { exitCode: EXIT.usage });
      const { runCheck } = await import('./check.js');
      done(await runCheck(paths, { ...options, color: chosenColour(command) }, io));
    });
}
