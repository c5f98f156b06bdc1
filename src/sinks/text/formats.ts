import { csvFormatter, tsvFormatter } from './csv.js';
import type { RecordFormatter } from './format.js';
import { jsonFormatter } from './json.js';
import { ndjsonFormatter } from './ndjson.js';
import type { FormatOptions } from './options.js';

/** Output formats by name; the first is the default. */
export const FORMATS = {
  ndjson: ndjsonFormatter,
  json: jsonFormatter,
  csv: csvFormatter,
  tsv: tsvFormatter,
} as const satisfies Record<string, (options: FormatOptions) => RecordFormatter>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];

/** The format a name stands for, whatever its case (`CSV` is `csv`); null when there is none. */
export function formatNamed(text: string): FormatName | null {
  const name = text.toLowerCase();
  return (FORMAT_NAMES as readonly string[]).includes(name) ? (name as FormatName) : null;
}

/** Formats made for spreadsheets: the ones `--bom` and formula escaping are for. */
export const SPREADSHEET_FORMATS: readonly FormatName[] = ['csv', 'tsv'];
