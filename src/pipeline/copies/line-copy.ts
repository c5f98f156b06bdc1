import { type Count, isCountToken, parseCount } from './counts.js';
import { type Audience, audience, displayNameOrNull } from './header.js';
import { WORD_CHAR as W, WORD_CHAR_NO_COLON } from './word.js';

/** Line-copy header: `<display name> @<handle> on <network> <count> followers`; the count may be missing. */
export interface LineHeader {
  readonly displayName: string | null;
  readonly handle: string;
  readonly audience: Audience;
}

// Greedy name: the last ` @handle on <word> <count> followers` wins, so names may hold `@` and ` on `.
// The `s` flag and WORD_CHAR: U+2028, U+2029 and U+0085 are characters of a line, never its end.
const HEADER = new RegExp(`^(?:(.*) )?@(${W}+) on (${W}+)(?: (${W}+))? followers$`, 's');
const CREATED = /^Created: (.*) UTC$/s;
const ENGAGEMENTS = new RegExp(`^(${W}+) engagements$`);
const TOPICS = /^Related Topics(?: (.*))?$/s;
const POST_ID = new RegExp(`^/post/(${WORD_CHAR_NO_COLON}+)::(${W}+)$`);

export function parseHeaderLine(text: string): LineHeader | null {
  if (!text.endsWith(' followers')) return null; // cheap guard before the regex
  const m = HEADER.exec(text);
  if (!m || (m[4] !== undefined && !isCountToken(m[4]))) return null;
  const [, name = '', handle = '', network = '', followers] = m;
  return { displayName: displayNameOrNull(name), handle, audience: audience(network, followers) };
}

/** `Created: <timestamp> UTC` → the timestamp text, unchecked. */
export function parseCreatedLine(text: string): string | null {
  return text.startsWith('Created: ') ? (CREATED.exec(text)?.[1] ?? null) : null;
}

/** `<count> engagements` → the count. */
export function parseEngagementsLine(text: string): Count | null {
  if (!text.endsWith(' engagements')) return null;
  const token = ENGAGEMENTS.exec(text)?.[1];
  return token !== undefined && isCountToken(token) ? parseCount(token) : null;
}

/** `Related Topics <names joined by spaces>` → the names' text ('' when the line lists none). */
export function parseTopicsLine(text: string): string | null {
  if (!text.startsWith('Related Topics')) return null;
  const m = TOPICS.exec(text);
  return m ? (m[1] ?? '') : null;
}

/** A `/post/` line's parts. */
export interface PostIdLine {
  readonly postType: string;
  readonly id: string;
}

/** `/post/<type>::<id>` → its parts. */
export function parsePostIdLine(text: string): PostIdLine | null {
  if (!text.startsWith('/post/')) return null;
  const m = POST_ID.exec(text);
  return m ? { postType: m[1] ?? '', id: `${m[1]}::${m[2]}` } : null;
}
