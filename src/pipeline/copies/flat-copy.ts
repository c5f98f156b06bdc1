import { type Count, parseCount } from './counts.js';
import { type Audience, BANNER_START, audience, displayNameOrNull } from './header.js';
import { type ShownText, openingBracket, reduceCutLinks, reduceLinks } from './links.js';
import { WORD_CHAR as W } from './word.js';

/** What the one-line flat copy says, field by field; null where the copy was cut off before it. */
export interface FlatCopy {
  readonly guest: boolean;
  readonly displayName: string | null;
  /** The handle from the creator link's path, `/creator/<network>/<handle>`. */
  readonly handle: string;
  /** The handle shown as the link's text, `[@<handle>]`; it should equal {@link handle}. */
  readonly shownHandle: string;
  readonly audience: Audience;
  /** The text between `Created: ` and ` UTC`. */
  readonly created: string | null;
  /** The body as written, links in markdown; null when the copy is cut off before its end (then {@link bodyPrefix} holds what is left). */
  readonly body: string | null;
  readonly bodyPrefix: string;
  /** {@link body}, or else {@link bodyPrefix}, as the page shows it: each link reduced to its text, the targets apart. */
  readonly shown: ShownText;
  readonly engagements: Count | null;
  readonly topics: readonly string[];
  readonly postLink: string | null;
  /** The line ends with `[Post Link](...)`, as a whole flat copy does. */
  readonly complete: boolean;
}

const CREATOR_LINK = '](/creator/';
const POST_LINK = '[Post Link](';
const TOPIC_LINK = '](/topic/';
const TOPICS_MARKER = '**Related Topics**';
// Anchored at the start of a short slice: the header after the creator link is short. The count may be missing.
// The `s` flag and WORD_CHAR: U+2028, U+2029 and U+0085 are characters of the line, never its end.
const AFTER_LINK = new RegExp(`^ on (${W}+)(?: (${W}+))? followers(?: Created: (.{1,64}?) UTC)?`, 's');
const AFTER_LINK_SPAN = 200;

/**
 * A flat copy cut off inside its header, before ` followers`: all it tells is that a flat copy was there,
 * in guest mode or not, and (when its creator link is whole) whose.
 */
export interface CutFlatCopy {
  readonly cut: true;
  readonly guest: boolean;
  readonly handle: string | null;
  /** The display name before the creator link, when the link is whole (null for none). */
  readonly displayName?: string | null;
}

// What may follow the creator link of a flat copy cut before ` followers`: ` on <network> <count>`, cut anywhere.
const CUT_AFTER_LINK = new RegExp(`^(?: o?| on(?: ${W}*(?: ${W}*)?)?)?(?: f?o?l?l?o?w?e?r?)?$`, 's');

/**
 * Parses a flat copy: `[banner]  <name> [@<handle>](/creator/<net>/<handle>) on <network> <count>
 * followers Created: <ts> UTC <body>  <count> engagements  **Related Topics** [t](/topic/t) [Post Link](<url>)`.
 * Returns null when the line is not a flat copy. The tail is read from the right, so a body may hold any
 * text, header and footer look-alikes included. Linear in the line's length: string searches, no backtracking.
 */
export function parseFlatCopy(text: string): FlatCopy | null {
  const read = readFlatLine(text);
  return read === null || 'cut' in read ? null : read;
}

/**
 * {@link parseFlatCopy}, and a flat copy cut off inside its header: a line that opens with the banner and
 * goes on (or stops inside it), or a creator link followed by a cut ` on <network> <count>`. A banner line
 * alone is neither.
 */
export function readFlatLine(text: string): FlatCopy | CutFlatCopy | null {
  let start = 0;
  const guest = text.startsWith(BANNER_START);
  if (guest) {
    const close = text.indexOf(']');
    if (close < 0) return CUT_GUEST; // inside the banner
    start = skipSpaces(text, close + 1);
    if (start === text.length) return null;
  }
  // Without its creator link whole, a line is a flat copy only when the banner opens it: cut, and whose unknown.
  const unknown = guest ? CUT_GUEST : null;
  const link = text.indexOf(CREATOR_LINK, start);
  if (link < 0) return unknown;
  const at = text.lastIndexOf('[@', link);
  if (at < start) return unknown;
  const close = text.indexOf(')', link);
  if (close < 0) return unknown;
  const path = text.slice(link + CREATOR_LINK.length, close);
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) return unknown;
  const after = text.slice(close + 1, close + 1 + AFTER_LINK_SPAN);
  const m = AFTER_LINK.exec(after);
  if (!m) {
    const displayName = displayNameOrNull(text.slice(start, at).replace(/ $/, ''));
    return CUT_AFTER_LINK.test(after) ? { cut: true, guest, handle: path.slice(slash + 1), displayName } : null;
  }
  const [matched, network = '', followers, created = null] = m;
  const rest = text.slice(close + 1 + matched.length);
  const tail = parseTail(rest);
  const bodyPrefix = tail ? tail.body : rest.replace(/^ /, '');
  return {
    guest,
    displayName: displayNameOrNull(text.slice(start, at).replace(/ $/, '')),
    handle: path.slice(slash + 1),
    shownHandle: text.slice(at + 2, link),
    audience: audience(network, followers),
    created,
    body: tail?.body ?? null,
    bodyPrefix,
    shown: tail ? reduceLinks(bodyPrefix) : reduceCutLinks(bodyPrefix),
    engagements: tail?.engagements ?? null,
    topics: tail?.topics ?? [],
    postLink: tail?.postLink || null, // `[Post Link]()` links nowhere
    complete: tail !== null,
  };
}

interface Tail {
  body: string;
  engagements: Count | null;
  topics: string[];
  postLink: string;
}

/** Reads ` <body>  <count> engagements  **Related Topics** [..](..)  [Post Link](url)` from the right. */
function parseTail(rest: string): Tail | null {
  if (!rest.endsWith(')')) return null;
  const linkAt = rest.lastIndexOf(POST_LINK);
  if (linkAt < 0) return null;
  const postLink = rest.slice(linkAt + POST_LINK.length, -1);
  let head = trimEndSpaces(rest.slice(0, linkAt));
  const topics: string[] = [];
  while (head.endsWith(')')) {
    const slug = head.lastIndexOf(TOPIC_LINK);
    // A name may hold brackets of its own: `[coins [old]](/topic/coins-old)`.
    const open = slug < 0 ? -1 : openingBracket(head, slug);
    if (open < 0 || head.slice(slug, -1).includes(' ')) break;
    // Read from the right: reversed below (unshift would be quadratic). A link without a name names no topic.
    if (slug > open + 1) topics.push(head.slice(open + 1, slug));
    head = trimEndSpaces(head.slice(0, open));
  }
  topics.reverse();
  if (head.endsWith(TOPICS_MARKER)) head = trimEndSpaces(head.slice(0, -TOPICS_MARKER.length));
  let engagements: Count | null = null;
  if (head.endsWith(' engagements')) {
    const countEnd = head.length - ' engagements'.length;
    const space = head.lastIndexOf(' ', countEnd - 1);
    engagements = parseCount(head.slice(space + 1, countEnd));
    head = head.slice(0, space + 1);
  }
  // What is left is ` <body>  `: one space after `UTC`, two before the engagements.
  return { body: trimSeparators(head), engagements, topics, postLink };
}

function trimSeparators(head: string): string {
  let from = head.startsWith(' ') ? 1 : 0;
  let to = head.length;
  for (let n = 0; n < 2 && to > from && head.charCodeAt(to - 1) === 32; n++) to--;
  if (to < from) from = to;
  return head.slice(from, to);
}

/** Spaces only: the copy's separators. A body may end in any other blank, U+2028 included. */
function trimEndSpaces(text: string): string {
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 32) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** A guest flat copy cut before its creator link is whole: nothing else is known of it. */
const CUT_GUEST: CutFlatCopy = Object.freeze({ cut: true, guest: true, handle: null });

function skipSpaces(text: string, from: number): number {
  while (text.charCodeAt(from) === 32) from++;
  return from;
}
