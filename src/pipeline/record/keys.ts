/**
 * The record's keys, in contract order: the order of every output format. The zod schema (schema.ts) has
 * exactly these keys, in this order (checked when it compiles, and by a test); they are kept apart from it so
 * that a run that only converts dumps never loads zod.
 */
export const RECORD_KEYS = [
  'id',
  'post_type',
  'network',
  'post_link',
  'creator_name',
  'creator_display_name',
  'creator_followers',
  'created_at',
  'body',
  'links',
  'engagements',
  'topics',
  'guest_mode',
  'scrambled',
  'source_file',
  'source_line',
  'warnings',
] as const;

export type RecordKey = (typeof RECORD_KEYS)[number];

/** Keys whose value a guest-mode dump may hide behind a mask: a run of `X`s or a bracketed run of dashes. */
export const SCRAMBLABLE_KEYS = ['creator_followers', 'engagements'] as const;
export type ScramblableKey = (typeof SCRAMBLABLE_KEYS)[number];
