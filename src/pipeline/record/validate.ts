import { type PostRecord, PostRecordSchema } from './schema.js';

/** A record that breaks the contract: always a bug in postdump, never a fault of the input. */
export class InvalidRecordError extends Error {
  override name = 'InvalidRecordError';
}

/** Checks a record against the schema; returns it as the schema shapes it (keys in contract order). */
export function validateRecord(draft: unknown): PostRecord {
  const result = PostRecordSchema.safeParse(draft);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => `${issue.path.join('.') || '(record)'}: ${issue.message}`);
  throw new InvalidRecordError(`record breaks the schema: ${issues.join('; ')}`);
}
