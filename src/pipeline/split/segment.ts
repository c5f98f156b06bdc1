import type { CutFlatCopy, FlatCopy } from '../copies/flat-copy.js';
import type { LineHeader } from '../copies/line-copy.js';
import type { Line } from '../decode/lines.js';

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
  /** The body lines, joined by spaces, were matched against the flat copy's body while splitting. */
  readonly bodyMatchesFlat: boolean;
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
