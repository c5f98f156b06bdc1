import type { Count } from '../copies/counts.js';
import type { FlatCopy } from '../copies/flat-copy.js';
import { xPostId } from '../copies/post-link-id.js';
import { type LineCopy, readLineCopy } from '../copies/read-line-copy.js';
import { parseTimestamp } from '../copies/timestamp.js';
import type { ScramblableKey } from '../record/keys.js';
import type { PostRecord } from '../record/schema.js';
import type { PostSegment } from '../split/segment.js';

/**
 * One post's two copies → one record. Each value comes from the copy that holds it exactly — links
 * (post link, creator path, topic names, the body's link targets) from the flat copy, line breaks and the
 * id from the line copy — and the other copy is a cross-check: a disagreement, a cut-off copy or a missing
 * field becomes a warning. Without its `/post/` line, an X post's id is read from its post link.
 */
export function reconcile(segment: PostSegment, source: string): PostRecord {
  const flat = segment.flat?.copy ?? null;
  const lines = segment.lineCopy ? readLineCopy(segment.lineCopy) : null;
  const warnings: string[] = [];
  const scrambled: ScramblableKey[] = [];
  const both = flat !== null && lines !== null;
  const cut = segment.cutFlat ?? null;
  const linkId = xPostId(flat?.postLink ?? null);

  if (cut) warnings.push(`flat copy cut off (line ${cut.no}): it ends inside its header, so post_link is unknown`);
  else if (!flat) warnings.push('only the line copy was saved: post_link is unknown');
  if (!lines) warnings.push(linkId ? "only the flat copy was saved: the body's line breaks are unknown" : 'only the flat copy was saved: id and post_type are unknown');
  if (flat && !flat.complete) warnings.push(`flat copy cut off (line ${segment.flat?.no}): it has no [Post Link] at its end`);
  if (lines?.cutOff) warnings.push(`line copy cut off (line ${segment.lineCopy?.header.no}): it has no /post/ line`);

  const agree = <T>(key: string, fromFlat: T | null, fromLines: T | null, same = (a: T, b: T) => a === b): void => {
    if (fromFlat !== null && fromLines !== null && !same(fromFlat, fromLines)) {
      warnings.push(`copies disagree on ${key}: flat copy has ${show(fromFlat)}, line copy has ${show(fromLines)}`);
    }
  };

  const count = (key: ScramblableKey, fromFlat: Count | null, fromLines: Count | null): number | null => {
    agree(key, fromFlat, fromLines, sameCount);
    const known = [fromLines, fromFlat].find((c) => c?.kind === 'value');
    if (known?.kind === 'value') return known.value;
    if (fromFlat?.kind === 'scrambled' || fromLines?.kind === 'scrambled') scrambled.push(key);
    else {
      const unreadable = [fromLines, fromFlat].find((c) => c?.kind === 'unreadable');
      warnings.push(unreadable?.kind === 'unreadable' ? `unreadable ${key}: ${JSON.stringify(unreadable.text)}` : `missing ${key}`);
    }
    return null;
  };

  agree('network', flat?.audience.network ?? null, lines?.audience.network ?? null);
  agree('creator_name', flat?.handle ?? null, lines?.handle ?? null, (a, b) => a.toLowerCase() === b.toLowerCase());
  if (flat && flat.shownHandle !== flat.handle) {
    warnings.push(`flat copy's creator link shows @${flat.shownHandle} but points to ${flat.handle}`);
  }
  agree('creator_display_name', flat?.displayName ?? null, lines?.displayName ?? null);
  if (both && flat.guest !== lines.guest) {
    warnings.push(`copies disagree on guest_mode: the banner is only in the ${flat.guest ? 'flat' : 'line'} copy`);
  }
  const followers = count('creator_followers', flat?.audience.followers ?? null, lines?.audience.followers ?? null);
  if (both && (flat.audience.followers === null) !== (lines.audience.followers === null)) {
    warnings.push(`the ${flat.audience.followers === null ? 'flat' : 'line'} copy's header has no followers count`);
  }

  agree('created_at', flat?.created ?? null, lines?.created ?? null);
  const createdText = lines?.created ?? flat?.created ?? null;
  const createdAt = createdText === null ? null : parseTimestamp(createdText);
  if (createdText === null) warnings.push('missing created_at');
  else if (createdAt === null) warnings.push(`unreadable created_at: ${JSON.stringify(createdText)}`);
  // Read from the flat copy alone, the time is known, but the line copy lost a line: say so.
  if (both && lines.created === null && flat.created !== null && (lines.bodyLines.length > 0 || lines.engagements !== null || lines.id !== null)) {
    warnings.push('the line copy has no `Created:` line');
  }

  const { body, links } = pickBody(flat, lines, warnings);

  const lineId = lines?.id ?? null;
  if (lineId !== null && linkId !== null && lineId !== linkId) {
    warnings.push(`copies disagree on id: the post link names ${linkId}, the /post/ line ${lineId} (kept)`);
  }

  const engagements = count('engagements', flat?.engagements ?? null, lines?.engagements ?? null);

  const topics = pickTopics(flat, lines, warnings);

  return {
    id: lineId ?? linkId,
    post_type: lines?.postType ?? (linkId === null ? null : 'tweet'),
    network: lines?.audience.network ?? flat?.audience.network ?? null,
    post_link: flat?.postLink ?? null,
    creator_name: flat?.handle ?? lines?.handle ?? null,
    creator_display_name: lines?.displayName ?? flat?.displayName ?? null,
    creator_followers: followers,
    created_at: createdAt,
    body,
    links,
    engagements,
    topics,
    guest_mode: (flat?.guest ?? false) || (lines?.guest ?? false) || (cut?.copy.guest ?? false),
    scrambled,
    source_file: source,
    source_line: segment.startLine,
    warnings,
  };
}

/**
 * The body as the page shows it, and its links' targets. Line breaks live in the line copy, links in the
 * flat copy; a line copy cut off inside its body yields to a whole flat copy. The bodies agree when the flat
 * body with each link reduced to its text is the line copy's lines joined by spaces (its links are then the
 * body's), or when the flat body as written is (the markdown is the post's text, shown as it is: no link).
 */
function pickBody(flat: FlatCopy | null, lines: LineCopy | null, warnings: string[]): { body: string; links: string[] | null } {
  if (!lines) return flat ? { body: flat.shown.text, links: [...flat.shown.links] } : { body: '', links: null };
  // A flat copy cut off before its body holds no link to tell: they are as unknown as with no flat copy.
  if (!flat || (flat.body === null && flat.bodyPrefix === '')) return { body: lines.body, links: null };
  const links = [...flat.shown.links];
  if (lines.bodyMatch === 'shown' || flat.body === null) return { body: lines.body, links };
  if (lines.bodyMatch === 'written') return { body: lines.body, links: [] };
  const joined = lines.bodyLines.join(' ');
  if (sameText(flat.shown.text, joined)) return { body: lines.body, links };
  if (sameText(flat.body, joined)) return { body: lines.body, links: [] };
  if (lines.cutInBody) return { body: mendCutBody(flat.shown.text, lines.bodyLines), links };
  warnings.push("copies disagree on body: the line copy's lines joined by spaces differ from the flat copy's body");
  return { body: lines.body, links };
}

/**
 * A line copy cut off inside its body: the flat copy has the whole text, the line copy the line breaks
 * up to the cut. Keep both: the whole lines that the flat body starts with, then the rest of the flat
 * body. The last line read may itself be cut, so it is not trusted as whole.
 */
function mendCutBody(flatBody: string, lines: readonly string[]): string {
  const whole = lines.slice(0, -1);
  let pos = 0;
  for (const line of whole) {
    if (!flatBody.startsWith(line, pos) || flatBody.charCodeAt(pos + line.length) !== 32) return flatBody;
    pos += line.length + 1;
  }
  return whole.length === 0 ? flatBody : `${whole.join('\n')}\n${flatBody.slice(pos)}`;
}

/** Topic names are exact only in the flat copy's links; the line copy joins them with spaces. */
function pickTopics(flat: FlatCopy | null, lines: LineCopy | null, warnings: string[]): string[] {
  const fromLines = lines?.topicsText?.split(' ').filter((name) => name !== '') ?? [];
  if (!flat?.complete) {
    if (fromLines.length > 1) warnings.push('topics come from the line copy alone, split at spaces: multi-word topics cannot be told apart');
    return fromLines;
  }
  const topics = [...flat.topics];
  if (lines && !lines.cutOff && topics.join(' ') !== (lines.topicsText ?? '')) {
    warnings.push(`copies disagree on topics: flat copy has ${show(topics)}, line copy has ${show(lines.topicsText ?? '')}`);
  }
  return topics;
}

/** A count hidden in one copy does not disagree with the other copy: hiding it is normal in guest mode. */
function sameCount(a: Count, b: Count): boolean {
  if (a.kind === 'scrambled' || b.kind === 'scrambled') return true;
  if (a.kind === 'value' && b.kind === 'value') return a.value === b.value;
  return a.kind === b.kind;
}

/** Copies may differ in runs of spaces only (trailing blanks were dropped from the line copy). */
function sameText(a: string, b: string): boolean {
  return a === b || a.replace(/ +/g, ' ').trim() === b.replace(/ +/g, ' ').trim();
}

function show(value: unknown): string {
  if (typeof value === 'object' && value !== null && 'kind' in value) {
    const c = value as Count;
    return c.kind === 'value' ? String(c.value) : c.kind === 'scrambled' ? 'a scrambled count' : JSON.stringify(c.text);
  }
  return JSON.stringify(value);
}
