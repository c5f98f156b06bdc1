import type { FlatCopy } from '../copies/flat-copy.js';
import type { LineHeader } from '../copies/line-copy.js';
import { createdOf, postIdOf } from '../copies/read-line-copy.js';
import { linkNamesPost } from '../copies/post-link-id.js';
import type { LineCopySegment } from './segment.js';

/**
 * Whether a flat copy and the line copy after it are copies of one post. When the post link and the
 * `/post/` line carry the same id, they are: whatever else the copies disagree on, the creator too (each
 * disagreement is then a warning). Otherwise copies of one creator are one post unless their `Created:` times
 * differ or their bodies do not join up; ids that differ alone do not part them (the `/post/` line's id then
 * wins, with a warning).
 */
export function samePost(flat: FlatCopy, lines: LineCopySegment, sameCreator: boolean): boolean {
  if (linkNamesPost(flat.postLink, postIdOf(lines.postId)?.id ?? null) === true) return true;
  if (!sameCreator) return false;
  const created = createdOf(lines.created);
  if (flat.created !== null && created !== null && flat.created !== created) return false;
  // Without both times to compare, the headers must agree too: an empty body joins up with any other.
  if ((flat.created === null || created === null) && !sameHeader(flat, lines.header.header)) return false;
  // A copy cut off, read with the flat body as its guide: the lines the guide held joined up with it, and
  // what came after the cut (a log line, another page's text) says nothing about whose copy it was.
  if (lines.cutOff && lines.guided !== null) return true;
  return lines.bodyMatch !== null || bodiesJoin(flat, lines);
}

/** The headers of the two copies say the same: display name, and followers (a hidden or missing count says nothing). */
function sameHeader(flat: FlatCopy, header: LineHeader): boolean {
  const [a, b] = [flat.audience.followers, header.audience.followers];
  const followersAgree = a === null || b === null || a.kind !== 'value' || b.kind !== 'value' || a.value === b.value;
  return flat.displayName === header.displayName && followersAgree;
}

/**
 * The line copy's body lines, joined by spaces, are the flat body (its links reduced to their text, or as
 * written); or one copy is cut off and its text starts the other's.
 */
function bodiesJoin(flat: FlatCopy, lines: LineCopySegment): boolean {
  // A flat copy cut before its body (or inside `Created:`) has no body to compare.
  if (flat.created === null) return true;
  const joined = squash(lines.body.map((line) => line.text).join(' '));
  const cutInBody = lines.cutOff && lines.engagements === null;
  const written = flat.body ?? flat.bodyPrefix;
  return [flat.shown.text, written].some((text) => {
    const body = squash(text);
    // Cut in its body or footer, the flat copy's text may run past the line copy's body or stop short of it.
    if (flat.body === null) return joined.startsWith(body) || body.startsWith(joined);
    return body === joined || (cutInBody && body.startsWith(joined));
  });
}

/** Runs of spaces as one, none at the ends: the copies may differ in those only. */
function squash(text: string): string {
  return text.replace(/ {2,}/g, ' ').replace(/^ | $/g, '');
}
