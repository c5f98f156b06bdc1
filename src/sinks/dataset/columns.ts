import type { RecordKey } from '../../pipeline/record/schema.js';

/** What a record key holds, for the typed formats (SQLite, Parquet). */
export interface ColumnKind {
  readonly type: 'text' | 'integer' | 'timestamp' | 'boolean' | 'text list';
  readonly nullable: boolean;
}

const text = { type: 'text', nullable: false } as const;
const textOrNull = { type: 'text', nullable: true } as const;
const countOrNull = { type: 'integer', nullable: true } as const;
const textList = { type: 'text list', nullable: false } as const;
const textListOrNull = { type: 'text list', nullable: true } as const;

/** Every record key's kind, as the zod record schema says it (a key missing here does not compile). */
export const COLUMN_KINDS: Readonly<Record<RecordKey, ColumnKind>> = {
  id: textOrNull,
  post_type: textOrNull,
  network: textOrNull,
  post_link: textOrNull,
  creator_name: textOrNull,
  creator_display_name: textOrNull,
  creator_followers: countOrNull,
  created_at: { type: 'timestamp', nullable: true },
  body: text,
  links: textListOrNull,
  engagements: countOrNull,
  topics: textList,
  guest_mode: { type: 'boolean', nullable: false },
  scrambled: textList,
  source_file: text,
  source_line: { type: 'integer', nullable: false },
  warnings: textList,
};
