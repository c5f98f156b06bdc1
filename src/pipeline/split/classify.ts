import { type CutFlatCopy, type FlatCopy, readFlatLine } from '../copies/flat-copy.js';
import {
  type LineHeader,
  type PostIdLine,
  isBannerLine,
  parseCreatedLine,
  parseEngagementsLine,
  parseHeaderLine,
  parsePostIdLine,
  parseTopicsLine,
} from '../copies/line-copy.js';
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

/**
 * What a line looks like on its own; the splitter decides from context what it is. Runs on every line,
 * so the header and engagements tests (the costly ones) run only on lines that end in `s`, and the objects are built field by field rather than spread.
 */
export function classify(line: Line): ClassifiedLine {
  const { no, text } = line;
  if (isBlank(text)) return { no, text, kind: 'blank' };
  const flat = readFlatLine(text);
  if (flat) return 'cut' in flat ? { no, text, kind: 'cutFlat', cut: flat } : { no, text, kind: 'flat', flat };
  if (isBannerLine(text)) return { no, text, kind: 'banner' };
  if (text.charCodeAt(text.length - 1) === LOWER_S) {
    const header = parseHeaderLine(text);
    if (header) return { no, text, kind: 'header', header };
    const engagements = parseEngagementsLine(text);
    if (engagements !== null) return { no, text, kind: 'engagements', engagements };
  }
  const created = parseCreatedLine(text);
  if (created !== null) return { no, text, kind: 'created', created };
  const topics = parseTopicsLine(text);
  if (topics !== null) return { no, text, kind: 'topics', topics };
  const postId = parsePostIdLine(text);
  if (postId !== null) return { no, text, kind: 'postId', postId };
  return { no, text, kind: 'text' };
}

/** See {@link isBlankText}; most lines fail on the first character. */
function isBlank(text: string): boolean {
  const first = text.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false;
  return isBlankText(text);
}
