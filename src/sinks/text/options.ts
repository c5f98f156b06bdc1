import { RECORD_KEYS, type RecordKey } from '../../pipeline/record/keys.js';

/** How a format writes records. Every format honours `fields`; the rest is for spreadsheets (CSV, TSV). */
export interface FormatOptions {
  /** The keys to write, in this order. */
  readonly fields: readonly RecordKey[];
  /** Prefix text cells that a spreadsheet would run as a formula with `'`. */
  readonly escapeFormulas: boolean;
  /** Start with a UTF-8 byte order mark, so Excel reads the file as UTF-8. */
  readonly bom: boolean;
}

const DEFAULT_FORMAT_OPTIONS: FormatOptions = { fields: RECORD_KEYS, escapeFormulas: true, bom: false };

/** The given options over the defaults; `undefined` (an option not given) keeps the default. */
export function formatOptions(given: Partial<FormatOptions> = {}): FormatOptions {
  return {
    fields: given.fields ?? DEFAULT_FORMAT_OPTIONS.fields,
    escapeFormulas: given.escapeFormulas ?? DEFAULT_FORMAT_OPTIONS.escapeFormulas,
    bom: given.bom ?? DEFAULT_FORMAT_OPTIONS.bom,
  };
}
