import type { LineCopySegment } from '../split/segment.js';
import type { Count } from './counts.js';
import type { Audience } from './header.js';
import { parseCreatedLine, parseEngagementsLine, parsePostIdLine, parseTopicsLine } from './line-copy.js';

/** What the line copy says, field by field; null where the copy lacks the line. */
export interface LineCopy {
  readonly guest: boolean;
  readonly displayName: string | null;
  readonly handle: string;
  readonly audience: Audience;
  readonly created: string | null;
  readonly body: string;
  /** The body lines as they stand, for comparing with the flat copy's one-line body. */
  readonly bodyLines: readonly string[];
  readonly engagements: Count | null;
  /** The topic names joined by spaces; null when there is no `Related Topics` line. */
  readonly topicsText: string | null;
  readonly postType: string | null;
  readonly id: string | null;
  readonly cutOff: boolean;
  /** The copy stopped before its footer, so its body may be incomplete. */
  readonly cutInBody: boolean;
  /** Its body is known to match the flat copy's (checked while splitting). */
  readonly bodyMatchesFlat: boolean;
}

export function readLineCopy(segment: LineCopySegment): LineCopy {
  const { header } = segment.header;
  const bodyLines = segment.body.map((line) => line.text);
  const postId = segment.postId ? parsePostIdLine(segment.postId.text) : null;
  return {
    guest: segment.banner !== null,
    displayName: header.displayName,
    handle: header.handle,
    audience: header.audience,
    created: segment.created ? parseCreatedLine(segment.created.text) : null,
    body: bodyLines.join('\n'),
    bodyLines,
    engagements: segment.engagements ? parseEngagementsLine(segment.engagements.text) : null,
    topicsText: segment.topics ? parseTopicsLine(segment.topics.text) : null,
    postType: postId?.postType ?? null,
    id: postId?.id ?? null,
    cutOff: segment.cutOff,
    cutInBody: segment.cutOff && segment.engagements === null,
    bodyMatchesFlat: segment.bodyMatchesFlat,
  };
}
