import type { CutFlatCopy, FlatCopy } from '../copies/flat-copy.js';
import type { LineHeader } from '../copies/line-copy.js';
import type { Line } from '../decode/lines.js';
import type { BodyReading } from './guide.js';

/** The flat copy of a post and the line it stands on. */
export interface FlatAt {
  readonly no: number;
  readonly copy: FlatCopy;
}

/** A flat copy cut off inside its header, and the line it stands on. */
export interface CutFlatAt {
  readonly no: number;
  readonly copy: CutFlatCopy;
}

/** The lines of a line copy, each in its place. */
export interface LineCopySegment {
  readonly banner: Line | null;
  readonly header: Line & { readonly header: LineHeader };
  readonly created: Line | null;
  readonly body: readonly Line[];
  readonly engagements: Line | null;
  readonly topics: Line | null;
  readonly postId: Line | null;
  /** The copy stopped before its `/post/` line. */
  readonly cutOff: boolean;
  /** The body lines, joined by spaces, matched the flat copy's body while splitting: read this way; null when they did not. */
  readonly bodyMatch: BodyReading | null;
  /** Read with the flat copy's body as its guide: how many body lines it held (the guide may have been lost after); null when not. */
  readonly guided: number | null;
}

/** One saved post: one or both of its copies. */
export interface PostSegment {
  readonly startLine: number;
  readonly flat: FlatAt | null;
  readonly lineCopy: LineCopySegment | null;
  /** A flat copy cut off inside its header, before this post's line copy: it gives no field, only a warning. */
  readonly cutFlat?: CutFlatAt | null;
}

/** Something in a dump that is not a post, worth naming when the dump gives no post at all. */
export interface StrayNote {
  readonly line: number;
  readonly message: string;
}

/** The number of the last line a post's copies stand on. */
export function lastLineOf(segment: PostSegment): number {
  const lines = segment.lineCopy;
  const last = lines ? (lines.postId ?? lines.topics ?? lines.engagements ?? lines.body.at(-1) ?? lines.created ?? lines.header).no : 0;
  return Math.max(last, segment.flat?.no ?? 0, segment.cutFlat?.no ?? 0);
}
