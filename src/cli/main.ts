import { createRequire } from 'node:module';
import type { Readable, Writable } from 'node:stream';
import { Command, CommanderError, Option } from 'commander';
import { FORMAT_NAMES } from '../output/formats.js';
import { addCheckCommand } from './commands/check.js';
import { addSchemaCommand } from './commands/schema.js';
import { type ConvertOptions, convert } from './convert.js';
import { EXIT } from './exit-codes.js';
import { checkFormatFlags, formatFlags } from './format-flags.js';
import { Reporter } from './report.js';

/** The process's streams, passed in so tests can run the CLI in-process. */
export interface CliIo {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable;
  readonly stderr: Writable & { isTTY?: boolean };
}

const EXAMPLES = `
Examples:
  postdump dumps/ > posts.ndjson             convert a folder (recursively) to NDJSON
  postdump dumps/ | jq -r '.creator_name'    one field per post, with jq
  postdump -f json post.txt                  one file as a JSON array
  postdump -f csv --fields id,body dumps/ > posts.csv    two columns, for a spreadsheet
  postdump schema                            the record's JSON Schema
  postdump 'dumps/**/2025-*.txt' -o out.ndjson    a glob, written to a file
  cat post.txt | postdump                    from standard input

Exit codes: 0 every input gave records, 1 an input failed (or --strict saw warnings),
2 bad usage, 3 a bug in postdump.`;

/** Commander's way to let an option repeat: each use adds to the list. */
function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

export function version(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

/** Runs postdump with these arguments (without `node postdump`); resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIo = process): Promise<number> {
  const reporter = new Reporter(io.stderr, io.stderr.isTTY === true);
  let code: number = EXIT.ok;
  // A reader that goes away (`postdump --help | head -1`) is no failure, on any path that writes: without
  // a listener, EPIPE would end the process with a stack trace. Output sinks watch for it themselves.
  for (const stream of [io.stdout, io.stderr]) stream.on('error', ignoreClosedPipe);
  const program = new Command('postdump')
    .description('Turn scraped social-analytics post dumps into clean records (NDJSON, JSON, CSV or TSV).')
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .argument('[paths...]', 'dump files (gzipped too), archives (.zip, .tar, .tar.gz, .tgz), folders (searched for *.txt, *.txt.gz and archives) or glob patterns; - or none for stdin')
    .addOption(new Option('-f, --format <format>', 'output format').choices(FORMAT_NAMES).default('ndjson'))
    .option('-o, --output <file>', 'write to this file (atomically) instead of stdout')
    .option('--strict', 'also exit 1 when a record carries warnings, and print them', false)
    .option('-q, --quiet', 'no summary line or progress bar on stderr (errors are still printed)', false)
    .option('--ignore <pattern>', 'skip files and folders matching this glob in folders and globs (repeatable)', collect, [])
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run postdump --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(text.replace(/^error: /, 'postdump: ')),
    })
    .action(async (paths: string[], options: ConvertOptions) => {
      if (paths.length === 0 && io.stdin.isTTY) {
        reporter.error({}, 'no input: name dump files or folders, or pipe a dump into stdin');
        io.stderr.write(program.helpInformation());
        code = EXIT.usage;
        return;
      }
      const clash = checkFormatFlags(options.format, options);
      if (clash) program.error(`error: ${clash}`, { exitCode: EXIT.usage });
      code = await convert(paths, options, { stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, reporter });
    });
  for (const flag of formatFlags()) program.addOption(flag);
  addSchemaCommand(program, io.stdout);
  addCheckCommand(program, io, (exit) => (code = exit));

  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  return code;
}

function ignoreClosedPipe(error: NodeJS.ErrnoException): void {
  if (error.code !== 'EPIPE') process.exitCode = EXIT.failed;
}
