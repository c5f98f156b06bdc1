import * as z from './zod.js';

/** Keys whose value a guest-mode dump may hide behind a mask: a run of `X`s or a bracketed run of dashes. */
export const SCRAMBLABLE_KEYS = ['creator_followers', 'engagements'] as const;
export type ScramblableKey = (typeof SCRAMBLABLE_KEYS)[number];

/** A whole number from 0 up; JavaScript's safe integers end at Number.MAX_SAFE_INTEGER. */
const count = () => z.int().check(z.nonnegative(), z.maximum(Number.MAX_SAFE_INTEGER));
const text = () => z.string().check(z.minLength(1));
/** Nullable, with a description (for the JSON Schema) on the whole key, as people read it. */
const nullable = <T extends Parameters<typeof z.nullable>[0]>(schema: T, description: string) => z.nullable(schema).check(z.describe(description));

/**
 * The record contract (docs/dump-format.md, "The record"). The key order here is the key order of every output format,
 * and every record is validated against this schema before it is written.
 */
export const PostRecordSchema = z.strictObject({
  id: nullable(text(), "The /post/ line's <type>::<id>"),
  post_type: nullable(text(), 'The post type, e.g. tweet, youtube-video'),
  network: nullable(text(), 'The word after "on" in the header, e.g. x, youtube'),
  post_link: nullable(text(), 'The [Post Link](...) URL of the flat copy'),
  creator_name: nullable(text(), 'The creator handle, without @'),
  creator_display_name: nullable(text(), "The creator's display name"),
  creator_followers: nullable(count(), 'Follower count; null when hidden by a mask (see scrambled) or missing'),
  created_at: nullable(z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)), 'ISO 8601 timestamp in UTC'),
  body: z.string().check(z.describe('The post body, paragraphs joined by \\n; "" when the post has none')),
  engagements: nullable(count(), 'Engagement count; null when hidden by a mask (see scrambled) or missing'),
  topics: z.array(text()).check(z.describe('Topic names, in order; [] when none')),
  guest_mode: z.boolean().check(z.describe('The guest-mode banner was there')),
  scrambled: z
    .array(z.enum(SCRAMBLABLE_KEYS))
    .check(z.describe("Keys whose value the dump hid behind a mask, a run of X's (XXX) or a bracketed run of dashes ([---]): creator_followers, engagements")),
  source_file: text().check(z.describe('The input path as given; - for stdin')),
  source_line: z.int().check(z.minimum(1), z.describe('1-based line where the post starts in that file')),
  warnings: z.array(text()).check(z.describe('What did not add up in this post')),
});

export type PostRecord = z.infer<typeof PostRecordSchema>;
export type RecordKey = keyof PostRecord;

/** Record keys in contract order. */
export const RECORD_KEYS = Object.keys(PostRecordSchema.shape) as RecordKey[];
