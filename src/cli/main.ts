import { createRequire } from 'node:module';
import type { Readable, Writable } from 'node:stream';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { FORMAT_NAMES, formatNamed } from '../sinks/text/formats.js';
import { DATASET_FORMATS, isDatasetFormat } from '../sinks/dataset/datasets.js';
import { escapeControls } from '../text/escape-controls.js';
import { addCheckCommand } from './commands/check-command.js';
import { addSchemaCommand } from './commands/schema.js';
import { addWatchCommand } from './commands/watch.js';
import { type ColourChoice, colourOption } from './colour.js';
import { type ConvertOptions, convert } from './commands/convert.js';
import { EXIT } from './exit-codes.js';
import { checkFormatFlags, formatFlags } from './format-flags.js';
import { ignoreOption } from './ignore-option.js';
import { allowOption } from './allow-option.js';
import { handleInterrupts, onStreamError, runAsProcess } from './process.js';
import { paletteFor } from './paint.js';
import { Reporter } from './report.js';
import { parseShard } from '../sources/shard.js';

/** The process's streams and environment, passed in so tests can run the CLI in-process. */
export interface CliIo {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable & { isTTY?: boolean };
  readonly stderr: Writable & { isTTY?: boolean };
  /** Read for NO_COLOR, FORCE_COLOR and TERM; the process's own when left out. */
  readonly env?: NodeJS.ProcessEnv;
}

const EXAMPLES = `
Examples:
  postdump dumps/ > posts.ndjson             convert a folder (recursively) to NDJSON
  postdump dumps/ | jq -r '.creator_name'    one field per post, with jq
  postdump -f json post.txt                  one file as a JSON array
  postdump -f csv --fields id,body dumps/ > posts.csv    two columns, for a spreadsheet
  postdump -f sqlite --unique dumps/ -o posts.db    an SQLite database, each post once
  postdump -f sqlite --append dumps/ -o posts.db    add new and changed dumps to a database (cron)
  postdump schema                            the record's JSON Schema
  postdump watch dumps/ -f sqlite -o posts.db    keep a database current as dumps arrive
  postdump help check                        help for a subcommand (check, schema, watch)
  postdump 'dumps/**/2025-*.txt' -o out.ndjson    a glob, written to a file
  cat post.txt | postdump                    from standard input
  find dumps -name '*.txt' -print0 | postdump --files-from - --null    the files find lists
  postdump --shard 2/4 -f parquet dumps/ -o part-2.parquet    the 2nd of 4 parts, for 4 machines
  postdump --strict --allow one-copy --summary run.json dumps/ > /dev/null    CI: fail on warnings but of one kind

Messages go to stderr, coloured on a terminal (--color, NO_COLOR, FORCE_COLOR, TERM=dumb); records
never are. On a terminal a run ends with a summary line, and a progress bar shows when records go to a
pipe or a file.

Exit codes: 0 every input gave records, 1 an input failed (or --strict saw warnings),
2 bad usage, 3 a bug in postdump, 129 (SIGHUP), 130 (Ctrl-C, SIGINT), 143 (SIGTERM) interrupted.`;

/** What a bare `postdump` on a terminal prints: the whole help would scroll the point away. */
const SHORT_USAGE = `Usage: postdump [options] [paths...]      dumps → records (NDJSON; -f json, csv, tsv, sqlite, parquet)
       postdump check [paths...]            check dumps against the NAME.json beside them
  e.g. postdump dumps/ > posts.ndjson
       cat post.txt | postdump
More: postdump --help, postdump help check, and README.md
`;

export function version(): string {
  const require = createRequire(import.meta.url);
  return (require('../../package.json') as { version: string }).version;
}

/** Runs postdump with these arguments (without `node postdump`); resolves to the exit code. */
export async function run(argv: readonly string[], io: CliIo = process): Promise<number> {
  const env = io.env ?? process.env;
  let code: number = EXIT.ok;
  handleInterrupts();
  // On any path that writes (output sinks watch for a closed pipe themselves).
  for (const stream of [io.stdout, io.stderr]) stream.on('error', onStreamError);
  const program = new Command('postdump')
    .description('Turn scraped social-analytics post dumps into clean records (NDJSON, JSON, CSV, TSV, SQLite or Parquet).')
    .version(version(), '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show this help')
    .argument('[paths...]', 'dump files (gzipped too), archives (.zip, .tar, .tar.gz, .tgz), folders (searched for *.txt, *.txt.gz and archives) or glob patterns; - or none for stdin')
    .addOption(new Option('-f, --format <format>', `output format: ${OUTPUT_FORMATS.join(', ')}`).default('ndjson').argParser(parseFormat))
    .option('-o, --output <file>', 'write to this file (atomically) instead of stdout')
    .option(
      '--append',
      'with -f sqlite -o DB: add to the database (made when absent): inputs loaded before and unchanged (same size and modification time) are skipped, each post kept once with its newest counts, every sighting in table observations',
      false,
    )
    .option('--unique', 'one record per post id: the first in input order; records without an id are kept', false)
    .option('--strict', 'also exit 1 when a record carries warnings, and print them with their kind', false)
    .addOption(allowOption('with --strict: warnings of this kind neither fail the run nor are printed'))
    .option('--summary <file>', 'also write the run summed up as JSON to this file (atomically), whatever the exit code')
    .option('-q, --quiet', 'no summary line or progress bar on stderr (errors are still printed)', false)
    .addOption(ignoreOption())
    .option('--shard <I/N>', 'convert only part I of N (1-based) of the sorted inputs: N runs, on N machines, convert each input once')
    .addOption(new Option('--files-from <list>', 'also convert the paths listed in this file, one a line (- for stdin; repeatable)').argParser(collect))
    .option('--null', 'with --files-from: paths are separated by NUL bytes, as find -print0 writes them', false)
    .addOption(colourOption('auto'))
    .helpCommand('help [command]', 'show help for a command')
    // Options after a subcommand's name are that subcommand's: `check -o FILE` is a usage error, not ignored.
    .enablePositionalOptions()
    .addHelpText('after', EXAMPLES)
    .showHelpAfterError('(run postdump --help for usage)')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      // An unknown option or value is echoed back: escaped, like any input-derived text in a message.
      outputError: (text, write) =>
        write(
          clearerError(text)
            .replace(/^error: /, 'postdump: ')
            .split('\n')
            .map(escapeControls)
            .join('\n'),
        ),
    })
    .action(async (paths: string[], options: Omit<ConvertOptions, 'shard'> & { color: ColourChoice; shard?: string }) => {
      const reporter = new Reporter(io.stderr, await paletteFor(options.color, io.stderr, env));
      const shard = options.shard === undefined ? undefined : parseShard(options.shard);
      if (typeof shard === 'string') return program.error(`error: ${shard}`, { exitCode: EXIT.usage });
      // `-o "$OUT"` with OUT unset: no file, and the records in a CI log, would be a silent surprise.
      if (options.output === '') program.error('error: -o was given an empty file name (is the variable that names it set?)', { exitCode: EXIT.usage });
      if (options.summary === '') program.error('error: --summary was given an empty file name (is the variable that names it set?)', { exitCode: EXIT.usage });
      if ((options.allow ?? []).length > 0 && !options.strict) program.error(`error: --allow goes with --strict: postdump --strict --allow ${options.allow?.[0]}`, { exitCode: EXIT.usage });
      const lists = options.filesFrom ?? [];
      if (options.null && lists.length === 0) program.error('error: --null goes with --files-from: find dumps -print0 | postdump --files-from - --null', { exitCode: EXIT.usage });
      if (lists.filter((list) => list === '-').length > 1) program.error('error: --files-from - is given twice: stdin can be read once', { exitCode: EXIT.usage });
      if (lists.includes('-') && paths.includes('-')) program.error('error: --files-from - reads the list from stdin, so - cannot also be an input', { exitCode: EXIT.usage });
      if (paths.length === 0 && lists.length === 0 && io.stdin.isTTY) {
        reporter.error({}, 'no input: name dump files or folders, or pipe a dump into stdin');
        io.stderr.write(SHORT_USAGE);
        code = EXIT.usage;
        return;
      }
      const appendClash = options.append ? checkAppend(options, paths) : null;
      if (appendClash) program.error(`error: ${appendClash}`, { exitCode: EXIT.usage });
      const clash = checkFormatFlags(options.format, options);
      if (clash) program.error(`error: ${clash}`, { exitCode: EXIT.usage });
      code = await convert(paths, { ...options, shard }, { stdin: io.stdin, stdout: io.stdout, stderr: io.stderr, reporter });
    });
  for (const flag of formatFlags()) program.addOption(flag);
  // `postdump --strict check` would otherwise drop --strict silently: only --color is shared.
  program.hook('preSubcommand', (_program, subcommand) => {
    const given = program.options.find((o) => o.long !== '--color' && program.getOptionValueSource(o.attributeName()) === 'cli');
    if (given) program.error(`postdump: ${given.long} is not an option of postdump ${subcommand.name()}`, { exitCode: EXIT.usage });
  });
  const commandIo = { stdout: io.stdout, stderr: io.stderr, env };
  addSchemaCommand(program, commandIo, (exit) => (code = exit));
  addCheckCommand(program, commandIo, (exit) => (code = exit));
  addWatchCommand(program, commandIo, (exit) => (code = exit));

  // `help nonsense` would print the whole help and pass for a success of sorts: say the command is unknown.
  const asked = argv[0] === 'help' ? argv[1] : undefined;
  if (asked !== undefined && !asked.startsWith('-') && !program.commands.some((command) => command.name() === asked)) {
    const names = program.commands.map((command) => command.name());
    io.stderr.write(`postdump: unknown command ${escapeControls(JSON.stringify(asked))}: the commands are ${names.join(', ')} (postdump help COMMAND)\n`);
    return EXIT.usage;
  }
  try {
    await program.parseAsync([...argv], { from: 'user' });
  } catch (error) {
    if (!(error instanceof CommanderError)) throw error;
    return error.exitCode === 0 ? EXIT.ok : EXIT.usage;
  }
  return code;
}

/** `--all` belongs to `check --update`: given to a conversion, commander would suggest --allow instead. */
function clearerError(text: string): string {
  return text.startsWith("error: unknown option '--all'") ? 'error: --all is an option of check --update: postdump check --update --all\n' : text;
}

/** What --append cannot go with: a database needs its file, every field, and inputs it can look at again. */
function checkAppend(options: Omit<ConvertOptions, 'shard'>, paths: readonly string[]): string | null {
  if (options.format !== 'sqlite' || !options.output) return '--append goes with -f sqlite -o DB: postdump -f sqlite --append dumps/ -o posts.db';
  if (options.unique) return '--append keeps each post once already (its newest copy): leave out --unique';
  if (options.fields) return '--append keeps every field: leave out --fields';
  if (paths.includes('-') || (paths.length === 0 && !options.filesFrom)) return '--append reads files it can look at again, not stdin: name the dump files or folders';
  return null;
}

const OUTPUT_FORMATS: readonly string[] = [...FORMAT_NAMES, ...DATASET_FORMATS];

/** A repeatable option's values, in order. */
function collect(value: string, previous: readonly string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** `-f CSV` is `-f csv`: format names are not case-sensitive. */
function parseFormat(text: string): string {
  const lower = text.toLowerCase();
  const name = formatNamed(text) ?? (isDatasetFormat(lower) ? lower : null);
  if (name === null) throw new InvalidArgumentError(`Allowed choices are ${OUTPUT_FORMATS.join(', ')}.`);
  return name;
}

/** postdump as a process (bin/postdump.js): the arguments from the command line, the exit code set. */
export function main(): Promise<void> {
  return runAsProcess(run);
}
