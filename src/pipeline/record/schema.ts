import { z } from 'zod';

/** Keys whose value a guest-mode dump may hide behind a mask: a run of `X`s or a bracketed run of dashes. */
export const SCRAMBLABLE_KEYS = ['creator_followers', 'engagements'] as const;
export type ScramblableKey = (typeof SCRAMBLABLE_KEYS)[number];

const count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * The record contract (docs/dump-format.md, "The record"). The key order here is the key order of every output format,
 * and every record is validated against this schema before it is written.
 */
export const PostRecordSchema = z
  .object({
    id: z.string().min(1).nullable().describe("The /post/ line's <type>::<id>"),
    post_type: z.string().min(1).nullable().describe('The post type, e.g. tweet, youtube-video'),
    network: z.string().min(1).nullable().describe('The word after "on" in the header, e.g. x, youtube'),
    post_link: z.string().min(1).nullable().describe('The [Post Link](...) URL of the flat copy'),
    creator_name: z.string().min(1).nullable().describe('The creator handle, without @'),
    creator_display_name: z.string().min(1).nullable().describe("The creator's display name"),
    creator_followers: count.nullable().describe('Follower count; null when hidden by a mask (see scrambled) or missing'),
    created_at: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/)
      .nullable()
      .describe('ISO 8601 timestamp in UTC'),
    body: z.string().describe('The post body, paragraphs joined by \\n; "" when the post has none'),
    engagements: count.nullable().describe('Engagement count; null when hidden by a mask (see scrambled) or missing'),
    topics: z.array(z.string().min(1)).describe('Topic names, in order; [] when none'),
    guest_mode: z.boolean().describe('The guest-mode banner was there'),
    scrambled: z.array(z.enum(SCRAMBLABLE_KEYS)).describe("Keys whose value the dump hid behind a mask, a run of X's (XXX) or a bracketed run of dashes ([---]): creator_followers, engagements"),
    source_file: z.string().min(1).describe('The input path as given; - for stdin'),
    source_line: z.number().int().min(1).describe('1-based line where the post starts in that file'),
    warnings: z.array(z.string().min(1)).describe('What did not add up in this post'),
  })
  .strict();

export type PostRecord = z.infer<typeof PostRecordSchema>;
export type RecordKey = keyof PostRecord;

/** Record keys in contract order. */
export const RECORD_KEYS = Object.keys(PostRecordSchema.shape) as RecordKey[];
