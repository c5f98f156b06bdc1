import { type CutFlatCopy, type FlatCopy, readFlatLine } from '../copies/flat-copy.js';
import {
  type LineHeader,
  isBannerLine,
  parseCreatedLine,
  parseEngagementsLine,
  parseHeaderLine,
  parsePostIdLine,
  parseTopicsLine,
} from '../copies/line-copy.js';
import { type Line, isBlankText } from '../decode/lines.js';

/** A line with what it looks like; `flat`, `cutFlat` and `header` carry their parse so it is done once. */
export type ClassifiedLine =
  | (Line & { readonly kind: 'flat'; readonly flat: FlatCopy })
  | (Line & { readonly kind: 'cutFlat'; readonly cut: CutFlatCopy })
  | (Line & { readonly kind: 'header'; readonly header: LineHeader })
  | (Line & { readonly kind: 'blank' | 'banner' | 'created' | 'engagements' | 'topics' | 'postId' | 'text' });

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
    if (parseEngagementsLine(text) !== null) return { no, text, kind: 'engagements' };
  }
  if (parseCreatedLine(text) !== null) return { no, text, kind: 'created' };
  if (parseTopicsLine(text) !== null) return { no, text, kind: 'topics' };
  if (parsePostIdLine(text) !== null) return { no, text, kind: 'postId' };
  return { no, text, kind: 'text' };
}

/** See {@link isBlankText}; most lines fail on the first character. */
function isBlank(text: string): boolean {
  const first = text.charCodeAt(0);
  if (first > 0x20 && first < 0x7f) return false;
  return isBlankText(text);
}
