import { InvalidArgumentError, Option } from 'commander';
import { FieldListError, parseFieldList } from '../sinks/text/fields.js';
import { type FormatName, SPREADSHEET_FORMATS } from '../sinks/text/formats.js';
import type { FormatOptions } from '../sinks/text/options.js';
import { RECORD_KEYS } from '../pipeline/record/keys.js';
import { type DatasetFormat, isDatasetFormat } from '../sinks/dataset/datasets.js';

/** The options that shape the output: `--fields`, `--no-escape-formulas`, `--bom`. */
export function formatFlags(): Option[] {
  return [
    new Option('--fields <keys>', `only these record keys, in this order (comma-separated: ${RECORD_KEYS.slice(0, 3).join(',')},...)`).argParser((text: string) => {
      try {
        return parseFieldList(text);
      } catch (error) {
        if (error instanceof FieldListError) throw new InvalidArgumentError(error.message);
        throw error;
      }
    }),
    new Option('--no-escape-formulas', "csv, tsv: keep text starting with = + - @ as it is (by default it gets a leading ')"),
    new Option('--bom', 'csv, tsv: start with a UTF-8 byte order mark, for Excel'),
  ];
}

/** Why these options cannot go together, or null. */
export function checkFormatFlags(format: FormatName | DatasetFormat, options: Partial<FormatOptions> & { output?: string }): string | null {
  if (isDatasetFormat(format) && !options.output) return `-f ${format} writes a file: name it with -o FILE (a database cannot go to stdout)`;
  if (options.bom && isDatasetFormat(format)) return `--bom is for csv and tsv, not ${format}`;
  if (options.bom && !isDatasetFormat(format) && !SPREADSHEET_FORMATS.includes(format)) {
    return `--bom is for csv and tsv, not ${format} (JSON text must not start with a byte order mark)`;
  }
  return null;
}
