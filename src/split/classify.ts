import { type FlatCopy, parseFlatCopy } from '../copies/flat-copy.js';
import {
  type LineHeader,
  isBannerLine,
  parseCreatedLine,
  parseEngagementsLine,
  parseHeaderLine,
  parsePostIdLine,
  parseTopicsLine,
} from '../copies/line-copy.js';
import type { Line } from '../input/lines.js';

/** A line with what it looks like; `flat` and `header` carry their parse so it is done once. */
export type ClassifiedLine =
  | (Line & { readonly kind: 'flat'; readonly flat: FlatCopy })
  | (Line & { readonly kind: 'header'; readonly header: LineHeader })
  | (Line & { readonly kind: 'blank' | 'banner' | 'created' | 'engagements' | 'topics' | 'postId' | 'text' });

export type LineKind = ClassifiedLine['kind'];

/** What a line looks like on its own; the splitter decides from context what it is. */
export function classify(line: Line): ClassifiedLine {
  const { text } = line;
  if (text.trim() === '') return { ...line, kind: 'blank' };
  const flat = parseFlatCopy(text);
  if (flat) return { ...line, kind: 'flat', flat };
  if (isBannerLine(text)) return { ...line, kind: 'banner' };
  const header = parseHeaderLine(text);
  if (header) return { ...line, kind: 'header', header };
  if (parseCreatedLine(text) !== null) return { ...line, kind: 'created' };
  if (parseEngagementsLine(text) !== null) return { ...line, kind: 'engagements' };
  if (parseTopicsLine(text) !== null) return { ...line, kind: 'topics' };
  if (parsePostIdLine(text) !== null) return { ...line, kind: 'postId' };
  return { ...line, kind: 'text' };
}
