import { pickFields } from './fields.js';
import type { RecordFormatter } from './format.js';
import type { FormatOptions } from './options.js';

/** One compact JSON record per line. */
export function ndjsonFormatter({ fields }: FormatOptions): RecordFormatter {
  return {
    start: () => '',
    record: (record) => `${JSON.stringify(pickFields(record, fields))}\n`,
    end: () => '',
  };
}
