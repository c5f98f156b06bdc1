import { toJSONSchema } from 'zod/mini';
import { PostRecordSchema } from './schema.js';

const TITLE = 'PostRecord';
const DESCRIPTION = 'One post read from a social-analytics dump by postdump (docs/dump-format.md describes the dumps and the record).';

/**
 * The record contract as JSON Schema (draft 2020-12), made by zod from the schema every record is
 * validated against, so the two cannot drift. Properties come in record order; a nullable key is
 * `anyOf: [<type>, {type: null}]`. schema/record.schema.json is this, committed.
 */
export function recordJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = toJSONSchema(PostRecordSchema);
  // Title first, for people reading the file and for code generators that name the type after it.
  return { $schema, title: TITLE, description: DESCRIPTION, ...rest };
}

/** The JSON Schema as printed by `postdump schema` and stored in schema/record.schema.json. */
export function recordJsonSchemaText(): string {
  return `${JSON.stringify(recordJsonSchema(), null, 2)}\n`;
}
