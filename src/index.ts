// The public API of postdump. Everything not exported here is internal.
export { parseDump, DumpParser, type DumpProblem, type DumpResult } from './parse-dump.js';
export { parseDumpBytes } from './parse-dump-bytes.js';
export { parseDumpFile } from './parse-dump-file.js';
export { decodeDump, DumpDecoder, NotTextError } from './input/decode.js';
export { PostRecordSchema, RECORD_KEYS, SCRAMBLABLE_KEYS, type PostRecord, type RecordKey, type ScramblableKey } from './record/schema.js';
export { recordJsonSchema } from './record/json-schema.js';
export { parseCount, type Count } from './copies/counts.js';
export { parseTimestamp } from './copies/timestamp.js';
