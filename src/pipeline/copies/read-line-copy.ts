import type { BodyReading } from '../split/guide.js';
import type { LineCopySegment } from '../split/segment.js';
import type { Count } from './counts.js';
import type { Audience } from './header.js';
import { type PostIdLine, parseCreatedLine, parseEngagementsLine, parsePostIdLine, parseTopicsLine } from './line-copy.js';
import type { Line } from '../decode/lines.js';

// A segment's lines were classified, which parsed them: their parse is used, not done again. (Parsing the text
// is only a fallback for a line that came some other way, as in the tests.)

/** The timestamp text of a `Created:` line. */
export function createdOf(line: Line | null): string | null {
  return line === null ? null : 'created' in line ? (line.created as string) : parseCreatedLine(line.text);
}

/** The parts of a `/post/` line. */
export function postIdOf(line: Line | null): PostIdLine | null {
  return line === null ? null : 'postId' in line ? (line.postId as PostIdLine) : parsePostIdLine(line.text);
}

function engagementsOf(line: Line | null): Count | null {
  return line === null ? null : 'engagements' in line ? (line.engagements as Count) : parseEngagementsLine(line.text);
}

function topicsOf(line: Line | null): string | null {
  return line === null ? null : 'topics' in line ? (line.topics as string) : parseTopicsLine(line.text);
}

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
  /** Its body is known to match the flat copy's, read this way (checked while splitting); null when not known. */
  readonly bodyMatch: BodyReading | null;
}

export function readLineCopy(segment: LineCopySegment): LineCopy {
  const { header } = segment.header;
  const bodyLines = segment.body.map((line) => line.text);
  const postId = postIdOf(segment.postId);
  return {
    guest: segment.banner !== null,
    displayName: header.displayName,
    handle: header.handle,
    audience: header.audience,
    created: createdOf(segment.created),
    body: bodyLines.join('\n'),
    bodyLines,
    engagements: engagementsOf(segment.engagements),
    topicsText: topicsOf(segment.topics),
    postType: postId?.postType ?? null,
    id: postId?.id ?? null,
    cutOff: segment.cutOff,
    cutInBody: segment.cutOff && segment.engagements === null,
    bodyMatch: segment.bodyMatch,
  };
}
