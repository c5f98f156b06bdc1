// The floor of `postdump one small dump`: what no conversion of one dump can skip. Node starts; commander
// (the argument parser the project is built on) is loaded and given postdump's options; the file is read,
// decoded, split into lines; one record is built from its lines and written as JSON. No checks, no parsing
// to speak of: a measure of the start-up cost of the work itself, not a program to copy.
//   node bench/small-floor.mjs FILE > /dev/null
import { readFileSync } from 'node:fs';
import { Command, Option } from 'commander';

const program = new Command('postdump')
  .argument('[paths...]')
  .addOption(new Option('-f, --format <format>').default('ndjson'))
  .option('-o, --output <file>')
  .option('--unique')
  .option('--strict')
  .option('-q, --quiet')
  .option('--ignore <glob>')
  .option('--shard <I/N>')
  .option('--files-from <list>')
  .option('--null')
  .option('--color <when>')
  .option('--fields <keys>')
  .option('--no-escape-formulas')
  .option('--bom');
program.parse();
const [file] = program.args;
const lines = readFileSync(file, 'utf8').split('\n');
const post = lines.findIndex((line) => line.startsWith('/post/'));
const record = { id: lines[post]?.slice(6) ?? null, body: lines.slice(3, post - 2).join('\n'), source_file: file, source_line: 1, warnings: [] };
process.stdout.write(`${JSON.stringify(record)}\n`);
