import { pickFields } from './fields.js';
import type { RecordFormatter } from './format.js';
import type { FormatOptions } from './options.js';

/** One JSON array, pretty-printed, written as records come (never gathered first). */
export function jsonFormatter({ fields }: FormatOptions): RecordFormatter {
  return {
    start: () => '',
    record: (record) => `,\n  ${JSON.stringify(pickFields(record, fields), null, 2).replaceAll('\n', '\n  ')}`,
    end: (empty) => (empty ? '[]\n' : '\n]\n'),
    opening: '[',
  };
}
