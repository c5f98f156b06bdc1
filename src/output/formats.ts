import type { RecordFormatter } from './format.js';
import { jsonFormatter } from './json.js';
import { ndjsonFormatter } from './ndjson.js';

/** Output formats by name; the first is the default. */
export const FORMATS = {
  ndjson: ndjsonFormatter,
  json: jsonFormatter,
} as const satisfies Record<string, () => RecordFormatter>;

export type FormatName = keyof typeof FORMATS;
export const FORMAT_NAMES = Object.keys(FORMATS) as FormatName[];
