import type { RecordFormatter } from './format.js';

/** One compact JSON record per line. */
export function ndjsonFormatter(): RecordFormatter {
  return {
    start: () => '',
    record: (record) => `${JSON.stringify(record)}\n`,
    end: () => '',
  };
}
