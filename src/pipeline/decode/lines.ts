/** One line of a dump: its 1-based number and its text without line ending or trailing blanks. */
export interface Line {
  readonly no: number;
  readonly text: string;
}

/**
 * A line is kept up to this many characters; the rest of it, up to its end, is dropped. So a file
 * without line breaks (a minified page, a gigabyte of junk) costs bounded memory, not all of it.
 * A real copy is far shorter; one cut here reads as cut off, with the warning that goes with it.
 */
export const MAX_LINE_CHARS = 16 * 1024 * 1024;

/** Splits text arriving in chunks into lines: LF or CRLF endings, a leading BOM dropped, overlong lines cut. */
export class LineSplitter {
  private partial = '';
  private next: number;
  private started: boolean;

  /**
   * `firstLine` numbers the first line (for text that starts part-way into a file); `midFile` keeps a
   * leading U+FEFF, which only opens a file as its byte order mark.
   */
  constructor({ firstLine = 1, midFile = false }: { firstLine?: number; midFile?: boolean } = {}) {
    this.next = firstLine;
    this.started = midFile;
  }

  /** The number the next line will have. */
  get nextLineNo(): number {
    return this.next;
  }

  /** True when no part of a line is held back: everything pushed so far ended with a line break. */
  get atLineStart(): boolean {
    return this.partial === '';
  }

  push(chunk: string): Line[] {
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const lines: Line[] = [];
    let from = 0;
    for (let nl = chunk.indexOf('\n'); nl >= 0; nl = chunk.indexOf('\n', from)) {
      const piece = chunk.slice(from, nl);
      lines.push(this.line(this.partial ? this.partial + piece : piece));
      this.partial = '';
      from = nl + 1;
    }
    if (from < chunk.length && this.partial.length < MAX_LINE_CHARS) {
      this.partial += chunk.slice(from, from + MAX_LINE_CHARS - this.partial.length);
    }
    return lines;
  }

  end(): Line[] {
    if (this.partial === '') return [];
    const last = this.line(this.partial);
    this.partial = '';
    return [last];
  }

  private line(raw: string): Line {
    return { no: this.next++, text: trimTrailingBlanks(raw.length > MAX_LINE_CHARS ? raw.slice(0, MAX_LINE_CHARS) : raw) };
  }
}

const LINE_SEPARATORS = /[\u2028\u2029]/;

/**
 * Empty or only whitespace, as `trim` sees it, except that U+2028 and U+2029 are content: only LF and
 * CRLF end a line, so a line holding them is not blank.
 */
export function isBlankText(text: string): boolean {
  return text.trim() === '' && !LINE_SEPARATORS.test(text);
}

/**
 * Drops trailing spaces, tabs and CRs. Only ASCII blanks: non-breaking and zero-width spaces are
 * content (names, bodies), not padding. A loop, not a regex, so a long run of blanks stays linear.
 */
export function trimTrailingBlanks(text: string): string {
  let end = text.length;
  for (let c = text.charCodeAt(end - 1); c === 32 || c === 9 || c === 13; c = text.charCodeAt(end - 1)) end--;
  return end === text.length ? text : text.slice(0, end);
}
