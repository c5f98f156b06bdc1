// The public API of postdump. Everything not exported here is internal; each export is documented in the
// README's library section (a test checks it).
export { DumpParser, type DumpProblem, type DumpResult } from './pipeline/dump-parser.js';
export { parseDump, parseDumpBytes } from './pipeline/parse.js';
export { BytesParser } from './pipeline/bytes-parser.js';
export { parseDumpFile } from './pipeline/parse-file.js';
export { decodeDump, DumpDecoder, NotTextError } from './pipeline/decode/decode.js';
export { PostRecordSchema, RECORD_KEYS, type PostRecord, type RecordKey } from './pipeline/record/schema.js';
export { recordJsonSchema } from './pipeline/record/json-schema.js';
export { WARNING_KINDS, warningKind, type WarningKind } from './pipeline/reconcile/warning-kinds.js';
