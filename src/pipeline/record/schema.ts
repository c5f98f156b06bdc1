import { RECORD_KEYS, type RecordKey, SCRAMBLABLE_KEYS } from './keys.js';
import * as z from 'zod/mini';
import en from 'zod/v4/locales/en.js';

export { RECORD_KEYS, type RecordKey, SCRAMBLABLE_KEYS, type ScramblableKey } from './keys.js';

// The mini API has no messages of its own: English ones, so that a record that breaks the schema says how.
z.config(en());

/** A whole number from 0 up; JavaScript's safe integers end at Number.MAX_SAFE_INTEGER. */
const count = () => z.int().check(z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER));
const text = () => z.string().check(z.minLength(1));
/**
 * A key's description, for the JSON Schema. Kept in zod's registry, not as a check (the mini API's
 * `describe`), which would run on every value of every record.
 */
const described = <T extends z.ZodMiniType>(schema: T, description: string): T => {
  z.globalRegistry.add(schema, { description });
  return schema;
};
const nullable = <T extends Parameters<typeof z.nullable>[0]>(schema: T, description: string) => described(z.nullable(schema), description);

/**
 * The record contract (docs/dump-format.md, "The record"): the types of the record come from it, and the
 * JSON Schema users see is made from it. Its keys are {@link RECORD_KEYS}, in that order. The parser builds
 * records to it (the tests check every record they see against it); a run does not check them again.
 */
export const PostRecordSchema = z.strictObject({
  id: nullable(text(), "The /post/ line's <type>::<id>; without that line, tweet::<digits> from an X post link"),
  post_type: nullable(text(), 'The post type, e.g. tweet, youtube-video'),
  network: nullable(text(), 'The word after "on" in the header, e.g. x, youtube'),
  post_link: nullable(text(), 'The [Post Link](...) URL of the flat copy'),
  creator_name: nullable(text(), 'The creator handle, without @'),
  creator_display_name: nullable(text(), "The creator's display name"),
  creator_followers: nullable(count(), 'Follower count; null when hidden by a mask (see scrambled) or missing'),
  created_at: nullable(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)), 'ISO 8601 timestamp in UTC'),
  body: described(z.string(), 'The post body as the page shows it (a link as its text), paragraphs joined by \\n; "" when the post has none'),
  links: nullable(z.array(text()), 'The targets of the links in the body, in order, as the flat copy writes them; [] when none; null when only the line copy was saved'),
  engagements: nullable(count(), 'Engagement count; null when hidden by a mask (see scrambled) or missing'),
  topics: described(z.array(text()), 'Topic names, in order; [] when none'),
  guest_mode: described(z.boolean(), 'The guest-mode banner was there'),
  scrambled: described(z.array(z.enum(SCRAMBLABLE_KEYS)), "Keys whose value the dump hid behind a mask, a run of X's (XXX) or a bracketed run of dashes ([---]): creator_followers, engagements"),
  source_file: described(text(), 'The input path as given (ARCHIVE!/MEMBER for a member of an archive); - for stdin'),
  source_line: described(z.int().check(z.minimum(1)), '1-based line where the post starts in that file'),
  warnings: described(z.array(text()), 'What did not add up in this post'),
});

export type PostRecord = z.infer<typeof PostRecordSchema>;

// The schema's keys are RECORD_KEYS, no more, no fewer (their order is a test's).
type SchemaKey = keyof PostRecord;
const listed: readonly SchemaKey[] = RECORD_KEYS;
const all: readonly RecordKey[] = [] as Exclude<SchemaKey, RecordKey>[];
void listed;
void all;
