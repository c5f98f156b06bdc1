import { createRequire } from 'node:module';
import type { stringify as Stringify } from 'csv-stringify/sync';
import type { RecordFormatter } from './format.js';
import { escapeTsv, toCell } from './cells.js';
import type { FormatOptions } from './options.js';

const BOM = '\uFEFF';

/**
 * CSV as RFC 4180 has it: comma-separated, CRLF between rows, a cell quoted when it holds a comma, a
 * quote or any line break. With a CRLF record delimiter csv-stringify quotes only cells holding the
 * whole CRLF unless told `quote_record_delimiter` (node-csv issue 467): a body with a bare \n would
 * split the row in Python's csv module and in spreadsheets.
 */
export function csvFormatter(options: FormatOptions): RecordFormatter {
  return delimitedFormatter(options, (cells) => stringify([cells], { delimiter: ',', record_delimiter: '\r\n', quote_record_delimiter: true }));
}

/**
 * TSV: tab-separated, one row per line, no quoting. csv-stringify joins the cells; it has no backslash
 * escapes, so values are escaped first (escapeTsv) and then hold no tab or line break to quote.
 */
export function tsvFormatter(options: FormatOptions): RecordFormatter {
  return delimitedFormatter(options, (cells) => stringify([cells.map(escapeTsv)], { delimiter: '\t', quote: false, record_delimiter: '\n' }));
}

/** csv-stringify, loaded when a CSV or TSV output is made (CommonJS: loaded synchronously), not by every run. */
let loaded: typeof Stringify | null = null;
const stringify: typeof Stringify = (...args) => {
  loaded ??= (createRequire(import.meta.url)('csv-stringify/sync') as { stringify: typeof Stringify }).stringify;
  return loaded(...args);
};

/** A header row of the chosen keys, then one row per record, each written as it comes. */
function delimitedFormatter(options: FormatOptions, row: (cells: string[]) => string): RecordFormatter {
  const { fields, escapeFormulas, bom } = options;
  return {
    start: () => (bom ? BOM : '') + row([...fields]),
    record: (record) => row(fields.map((key) => toCell(record[key], escapeFormulas))),
    end: () => '',
  };
}
