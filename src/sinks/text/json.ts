import { pickFields } from './fields.js';
import type { RecordFormatter } from './format.js';
import type { FormatOptions } from './options.js';

/** One JSON array, pretty-printed, written as records come (never gathered first). */
export function jsonFormatter({ fields }: FormatOptions): RecordFormatter {
  let count = 0;
  return {
    start: () => '',
    record: (record) => {
      const item = JSON.stringify(pickFields(record, fields), null, 2).replaceAll('\n', '\n  ');
      return `${count++ === 0 ? '[\n' : ',\n'}  ${item}`;
    },
    end: () => (count === 0 ? '[]\n' : '\n]\n'),
  };
}
