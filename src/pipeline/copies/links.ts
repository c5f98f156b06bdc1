/** A flat copy's text with each markdown link reduced to its text, as the page shows it, and the links' targets. */
export interface ShownText {
  readonly text: string;
  readonly links: readonly string[];
}

const NO_LINKS: readonly string[] = Object.freeze([]);
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const OPEN_PAREN = 0x28;
const CLOSE_PAREN = 0x29;

/**
 * `Read [the report](https://example.com/r?x=1) now` → `Read the report now`, with the target kept. A link is
 * `[text](target)` as markdown writes it: brackets inside the text and parentheses inside the target must
 * balance (`[coins [old]](/topic/coins-old)`, `https://docs.example.com/faq_(v2)`), and a target is not
 * empty and holds no blank. Anything else in brackets (`[------]` masks, the guest banner) is text.
 * Linear in the text's length, whatever it holds: the pairs are matched once, with stacks.
 */
export function reduceLinks(text: string): ShownText {
  if (!text.includes('](')) return { text, links: NO_LINKS };
  const closer = matchPairs(text);
  const links: string[] = [];
  let out = '';
  let copied = 0;
  for (let at = text.indexOf('['); at >= 0; at = text.indexOf('[', at + 1)) {
    const textEnd = closer[at] as number;
    if (textEnd < 0 || text.charCodeAt(textEnd + 1) !== OPEN_PAREN) continue;
    const targetEnd = closer[textEnd + 1] as number;
    if (targetEnd <= textEnd + 2) continue;
    out += text.slice(copied, at) + text.slice(at + 1, textEnd);
    links.push(text.slice(textEnd + 2, targetEnd));
    copied = targetEnd + 1;
    at = targetEnd;
  }
  return links.length === 0 ? { text, links: NO_LINKS } : { text: out + text.slice(copied), links };
}

/**
 * {@link reduceLinks} for text cut off part-way (a flat copy that stops in its body): a link cut at its end
 * shows the text it has, `see [the rep` as `see the rep`, `see [the report](https://exa` as `see the
 * report`; its target, not whole, is none of the links.
 */
export function reduceCutLinks(text: string): ShownText {
  const whole = reduceLinks(text);
  const shown = whole.text;
  if (!shown.includes('[')) return whole;
  const closer = matchPairs(shown);
  for (let at = shown.indexOf('['); at >= 0; at = shown.indexOf('[', at + 1)) {
    const textEnd = closer[at] as number;
    // Cut inside the link's text: the rest is that text.
    if (textEnd < 0) return { text: shown.slice(0, at) + shown.slice(at + 1), links: whole.links };
    // Cut inside its target: the text is whole, the target is not.
    if (shown.charCodeAt(textEnd + 1) === OPEN_PAREN && closer[textEnd + 1] === -1 && !/\s/.test(shown.slice(textEnd + 2))) {
      return { text: shown.slice(0, at) + shown.slice(at + 1, textEnd), links: whole.links };
    }
  }
  return whole;
}

/**
 * For each `[` and `(`, the index of the bracket that closes it (-1 when none does). Brackets pair across
 * the whole text; parentheses only within a run without blanks, as a link target has none.
 */
function matchPairs(text: string): Int32Array {
  const closer = new Int32Array(text.length).fill(-1);
  const brackets: number[] = [];
  const parens: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === OPEN_BRACKET) brackets.push(i);
    else if (code === CLOSE_BRACKET) {
      const open = brackets.pop();
      if (open !== undefined) closer[open] = i;
    } else if (code === OPEN_PAREN) parens.push(i);
    else if (code === CLOSE_PAREN) {
      const open = parens.pop();
      if (open !== undefined) closer[open] = i;
    } else if (code <= 0x20) parens.length = 0;
  }
  return closer;
}

/**
 * Where the `[` that opens the bracketed text ending just before `end` (the index of its `]`) stands, nested
 * pairs skipped (`[coins [old]]`); searched back no further than `from`. -1 when the brackets do not balance.
 */
export function openingBracket(text: string, end: number, from = 0): number {
  let depth = 0;
  for (let i = end; i >= from; i--) {
    const code = text.charCodeAt(i);
    if (code === CLOSE_BRACKET) depth++;
    else if (code === OPEN_BRACKET && --depth === 0) return i;
  }
  return -1;
}
