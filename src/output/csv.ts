import { stringify } from 'csv-stringify/sync';
import type { RecordFormatter } from './format.js';
import { escapeTsv, toCell } from './cells.js';
import type { FormatOptions } from './options.js';

const BOM = '\uFEFF';

/** CSV as RFC 4180 has it: comma-separated, quoted where needed, CRLF between rows. */
export function csvFormatter(options: FormatOptions): RecordFormatter {
  return delimitedFormatter(options, (cells) => stringify([cells], { delimiter: ',', record_delimiter: '\r\n' }));
}

/**
 * TSV: tab-separated, one row per line, no quoting. csv-stringify joins the cells; it has no backslash
 * escapes, so values are escaped first (escapeTsv) and then hold no tab or line break to quote.
 */
export function tsvFormatter(options: FormatOptions): RecordFormatter {
  return delimitedFormatter(options, (cells) =>
    stringify([cells.map(escapeTsv)], { delimiter: '\t', quote: false, record_delimiter: '\n' }),
  );
}

/** A header row of the chosen keys, then one row per record, each written as it comes. */
function delimitedFormatter(options: FormatOptions, row: (cells: string[]) => string): RecordFormatter {
  const { fields, escapeFormulas, bom } = options;
  return {
    start: () => (bom ? BOM : '') + row([...fields]),
    record: (record) => row(fields.map((key) => toCell(record[key], escapeFormulas))),
    end: () => '',
  };
}
