import { type CutFlatCopy, type FlatCopy, readFlatLine } from '../copies/flat-copy.js';
import { BANNER_START } from '../copies/header.js';
import { type LineHeader, type PostIdLine, parseCreatedLine, parseEngagementsLine, parseHeaderLine, parsePostIdLine, parseTopicsLine } from '../copies/line-copy.js';
import { type Line, isBlankText } from '../decode/lines.js';
import type { Count } from '../copies/counts.js';

/** A line with what it looks like; each kind found by parsing carries its parse, so every line is parsed once. */
export type ClassifiedLine =
  | (Line & { readonly kind: 'flat'; readonly flat: FlatCopy })
  | (Line & { readonly kind: 'cutFlat'; readonly cut: CutFlatCopy })
  | (Line & { readonly kind: 'header'; readonly header: LineHeader })
  | (Line & { readonly kind: 'created'; readonly created: string })
  | (Line & { readonly kind: 'engagements'; readonly engagements: Count })
  | (Line & { readonly kind: 'topics'; readonly topics: string })
  | (Line & { readonly kind: 'postId'; readonly postId: PostIdLine })
  | (Line & { readonly kind: 'blank' | 'banner' | 'text' });

export type LineKind = ClassifiedLine['kind'];

const LOWER_S = 0x73;
const OPEN_BRACKET = 0x5b;
const UPPER_C = 0x43;
const UPPER_R = 0x52;
const SLASH = 0x2f;
const CREATOR_LINK = '](/creator/';

/**
 * What a line looks like on its own; the splitter decides from context what it is. Runs on every line, so
 * each test runs only on the lines that can pass it, told apart by a character or a native search: a flat
 * copy holds a creator link (or opens with the banner), `Created:`, `Related Topics` and `/post/` lines by
 * their first letter, headers and engagements lines end in `s`. Most lines are body text, and fail them all.
 */
export function classify(line: Line): ClassifiedLine {
  const { no, text } = line;
  const first = text.charCodeAt(0);
  if ((text.length === 0 || first <= 0x20 || first >= 0x7f) && isBlankText(text)) return { no, text, kind: 'blank' };
  if (first === OPEN_BRACKET ? text.startsWith(BANNER_START) || text.includes(CREATOR_LINK) : text.includes(CREATOR_LINK)) {
    const flat = readFlatLine(text);
    if (flat) return 'cut' in flat ? { no, text, kind: 'cutFlat', cut: flat } : { no, text, kind: 'flat', flat };
    if (text.startsWith(BANNER_START)) return { no, text, kind: 'banner' };
  }
  if (text.charCodeAt(text.length - 1) === LOWER_S) {
    const header = parseHeaderLine(text);
    if (header) return { no, text, kind: 'header', header };
    const engagements = parseEngagementsLine(text);
    if (engagements !== null) return { no, text, kind: 'engagements', engagements };
  }
  if (first === UPPER_C) {
    const created = parseCreatedLine(text);
    if (created !== null) return { no, text, kind: 'created', created };
  } else if (first === UPPER_R) {
    const topics = parseTopicsLine(text);
    if (topics !== null) return { no, text, kind: 'topics', topics };
  } else if (first === SLASH) {
    const postId = parsePostIdLine(text);
    if (postId !== null) return { no, text, kind: 'postId', postId };
  }
  return { no, text, kind: 'text' };
}
