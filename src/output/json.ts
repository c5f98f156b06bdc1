import type { RecordFormatter } from './format.js';

/** One JSON array, pretty-printed, written as records come (never gathered first). */
export function jsonFormatter(): RecordFormatter {
  let count = 0;
  return {
    start: () => '',
    record: (record) => {
      const item = JSON.stringify(record, null, 2).replaceAll('\n', '\n  ');
      return `${count++ === 0 ? '[\n' : ',\n'}  ${item}`;
    },
    end: () => (count === 0 ? '[]\n' : '\n]\n'),
  };
}
