import type { FlatCopy } from '../copies/flat-copy.js';
import { createdOf, postIdOf } from '../copies/read-line-copy.js';
import { linkNamesPost } from '../copies/post-link-id.js';
import type { LineCopySegment } from './segment.js';

/**
 * Whether a flat copy and the line copy after it are copies of one post. When the post link and the
 * `/post/` line both carry the post's id, the ids decide: the same id is the same post, whatever else the
 * copies disagree on, the creator too (each disagreement is then a warning). Otherwise copies of one
 * creator are one post unless their `Created:` times differ or their bodies do not join up.
 */
export function samePost(flat: FlatCopy, lines: LineCopySegment, sameCreator: boolean): boolean {
  const sameId = linkNamesPost(flat.postLink, postIdOf(lines.postId)?.id ?? null);
  if (sameId !== null || !sameCreator) return sameId === true;
  const created = createdOf(lines.created);
  if (flat.created !== null && created !== null && flat.created !== created) return false;
  return lines.bodyMatchesFlat || bodiesJoin(flat, lines);
}

/** The line copy's body lines, joined by spaces, are the flat body; or one copy is cut off and its text starts the other's. */
function bodiesJoin(flat: FlatCopy, lines: LineCopySegment): boolean {
  // A flat copy cut before its body (or inside `Created:`) has no body to compare.
  if (flat.created === null) return true;
  const joined = squash(lines.body.map((line) => line.text).join(' '));
  const cutInBody = lines.cutOff && lines.engagements === null;
  if (flat.body !== null) {
    const body = squash(flat.body);
    return body === joined || (cutInBody && body.startsWith(joined));
  }
  // Cut in its body or footer, the flat copy's text may run past the line copy's body or stop short of it.
  const prefix = squash(flat.bodyPrefix);
  return joined.startsWith(prefix) || prefix.startsWith(joined);
}

/** Runs of spaces as one, none at the ends: the copies may differ in those only. */
function squash(text: string): string {
  return text.replace(/ {2,}/g, ' ').replace(/^ | $/g, '');
}
