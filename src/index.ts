// The public API of postdump. Everything not exported here is internal.
export { DumpParser, type DumpProblem, type DumpResult } from './pipeline/dump-parser.js';
export { parseDump, parseDumpBytes } from './pipeline/parse.js';
export { BytesParser } from './pipeline/bytes-parser.js';
export { parseDumpFile } from './pipeline/parse-file.js';
export { decodeDump, DumpDecoder, NotTextError } from './pipeline/decode/decode.js';
export { PostRecordSchema, RECORD_KEYS, SCRAMBLABLE_KEYS, type PostRecord, type RecordKey, type ScramblableKey } from './pipeline/record/schema.js';
export { recordJsonSchema } from './pipeline/record/json-schema.js';
export { parseCount, type Count } from './pipeline/copies/counts.js';
export { parseTimestamp } from './pipeline/copies/timestamp.js';
export { WARNING_KINDS, warningKind, type WarningKind } from './pipeline/reconcile/warning-kinds.js';
