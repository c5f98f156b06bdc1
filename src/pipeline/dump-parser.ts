import { BINARY_SNIFF_LENGTH } from './decode/decode.js';
import { type Line, LineSplitter, isBlankText } from './decode/lines.js';
import { reconcile } from './reconcile/reconcile.js';
import type { PostRecord } from './record/schema.js';
import { type PostSegment, lastLineOf } from './split/segment.js';
import { PostSplitter } from './split/split-posts.js';

/**
 * Why an input, or part of it, gave no record. `line` is 1-based when the problem has a place.
 * `bug` is set when postdump itself failed (a thrown error): then it is the error, stack and all.
 */
export interface DumpProblem {
  readonly source: string;
  readonly line: number | null;
  readonly message: string;
  readonly bug?: Error;
}

export interface DumpResult {
  readonly records: PostRecord[];
  readonly problems: DumpProblem[];
}

/** For text that is one part of a file: see {@link DumpParser}. */
export interface DumpPartOptions {
  /** The number of the part's first line in the whole file. */
  readonly firstLine: number;
  /** The offset of the part's first byte in the whole file (for the bytes, see BytesParser). */
  readonly firstByte?: number;
}

/**
 * For text decoded from bytes by a DumpDecoder (see BytesParser): the decoder dropped the byte order mark,
 * and with `binarySniffed` it looked for binary content in the bytes, so neither is done again here.
 */
export interface DecodedTextOptions {
  readonly decoded: { readonly binarySniffed: boolean };
}

/**
 * Parses one dump that arrives in pieces: text in, records out, as soon as each post is whole.
 * Pure (no I/O) and never throws: whatever the text, the result is records and problems. An input that
 * gives no record at all always ends with a problem saying why.
 */
export class DumpParser {
  private readonly lines: LineSplitter;
  private readonly splitter = new PostSplitter();
  private readonly found: DumpProblem[] = [];
  private sniffed = '';
  private sniffing = true;
  private stopped = false;
  private recordCount = 0;
  private sawText = false;
  private gaveUp = false;

  private readonly part: boolean;

  /**
   * With `part`, the text is a part of a file that starts at a line (not the file's start): its lines are
   * numbered from `part.firstLine`, and there is no binary sniffing, no byte order mark to drop, and no
   * problem when the part gives no record (whether the whole file gave none is for the caller to tell).
   * With `decoded`, the text is a whole file that a DumpDecoder decoded (see {@link DecodedTextOptions}).
   */
  constructor(
    readonly source: string,
    options?: DumpPartOptions | DecodedTextOptions,
  ) {
    const part = options && 'firstLine' in options ? options : undefined;
    const decoded = options && 'decoded' in options ? options.decoded : undefined;
    this.part = part !== undefined;
    // A byte order mark opens only a file, and a decoder has dropped it already.
    this.lines = new LineSplitter(part ? { firstLine: part.firstLine, midFile: true } : { midFile: decoded !== undefined });
    if (part || decoded?.binarySniffed) this.sniffing = false;
  }

  /**
   * True when everything pushed so far ends between posts (no post open, no part of a line held back): a new
   * part-parser started here gives the same records for the rest as this one would.
   */
  get atPostBoundary(): boolean {
    return !this.sniffing && !this.stopped && this.lines.atLineStart && this.splitter.idle;
  }

  /** True once the parser gave up on this input (binary, or an internal error): nothing more comes. */
  get halted(): boolean {
    return this.gaveUp;
  }

  /** Feeds the next piece of text; returns the records it completed. */
  push(text: string): PostRecord[] {
    if (this.stopped || text.length === 0) return [];
    if (this.sniffing) {
      // Hold the first characters back until it is clear the input is not binary.
      this.sniffed += text;
      if (this.sniffed.length < BINARY_SNIFF_LENGTH) return [];
      return this.afterSniff();
    }
    return this.feed(text, false);
  }

  /** Ends the input; returns the last records. Then {@link problems} is final. */
  end(): PostRecord[] {
    if (this.stopped) return [];
    const records = this.sniffing ? this.afterSniff(true) : this.feed('', true);
    if (!this.stopped && !this.part && this.recordCount === 0 && this.found.length === 0) this.noPost();
    this.stopped = true;
    return records;
  }

  /**
   * Ends the input at the line being read, because what follows cannot be read (a byte that is not text).
   * `badLine` is the rest of that line, as well as it can be read: it tells whether the post open before it
   * ended there (the line starts another post, say). The posts that ended before the line give their records
   * (the last ones are returned); the post still open goes on past it, so it gives none: `open` is the line
   * it starts on (null when none was open). Then {@link problems} is final.
   */
  abandon(badLine = ''): { records: PostRecord[]; open: number | null } {
    if (this.stopped) return { records: [], open: null };
    const records = this.sniffing ? this.afterSniff() : [];
    if (this.stopped) return { records, open: null };
    this.stopped = true;
    const cutAt = this.lines.nextLineNo;
    let open: number | null = null;
    try {
      // A post that the bad line is part of (or starts) gives no record: its text is not all there.
      const keep = (segments: readonly PostSegment[]) => {
        for (const segment of segments) {
          if (lastLineOf(segment) < cutAt) this.collect([segment], records);
          else if (open === null || segment.startLine < open) open = segment.startLine;
        }
      };
      const lines = this.lines.push(`${badLine}\n`);
      for (const line of lines.slice(0, -1)) keep(this.splitter.push(line));
      const rest = this.splitter.abandon(lines.at(-1) as Line);
      keep(rest.segments);
      if (rest.open !== null && (open === null || rest.open < open)) open = rest.open;
      this.takeLost();
    } catch (error) {
      this.problem(null, 'internal error while splitting posts', error);
    }
    return { records, open };
  }

  /** The number of the line being read: the next line to end. */
  get lineNo(): number {
    return this.lines.nextLineNo;
  }

  /** Problems so far; final after {@link end}. */
  get problems(): readonly DumpProblem[] {
    return this.found;
  }

  private afterSniff(ending = false): PostRecord[] {
    this.sniffing = false;
    const text = this.sniffed;
    this.sniffed = '';
    const nul = text.slice(0, BINARY_SNIFF_LENGTH).indexOf('\0');
    if (nul >= 0) {
      this.problem(null, `binary content (a NUL character at offset ${nul})`);
      this.stopped = this.gaveUp = true;
      return [];
    }
    return this.feed(text, ending);
  }

  private feed(text: string, ending: boolean): PostRecord[] {
    const records: PostRecord[] = [];
    try {
      const lines = this.lines.push(text);
      if (ending) lines.push(...this.lines.end());
      for (const line of lines) {
        if (!this.sawText && !isBlankText(line.text)) this.sawText = true;
        this.collect(this.splitter.push(line), records);
      }
      if (ending) this.collect(this.splitter.end(), records);
      this.takeLost();
    } catch (error) {
      // A bug in the splitter: its state can no longer be trusted, so this input stops here.
      this.problem(null, 'internal error while splitting posts', error);
      this.stopped = this.gaveUp = true;
    }
    return records;
  }

  /** Parts of posts that gave no record are problems, each naming its lines, whatever else the input gives. */
  private takeLost(): void {
    for (const lost of this.splitter.takeLost()) this.problem(lost.line, lost.message);
  }

  private collect(segments: readonly PostSegment[], into: PostRecord[]): void {
    for (const segment of segments) {
      try {
        into.push(reconcile(segment, this.source));
        this.recordCount++;
      } catch (error) {
        this.problem(segment.startLine, 'internal error while reading this post', error);
      }
    }
  }

  private noPost(): void {
    const lineCount = this.splitter.lineCount;
    if (lineCount === 0) return this.problem(null, 'empty file');
    if (!this.sawText) return this.problem(null, `no text, only ${lineCount} blank line${lineCount === 1 ? '' : 's'}`);
    const page = this.splitter.sitePage;
    if (page?.kind === 'error page') return this.problem(page.line, 'not a post: an error page of the site (it says the page could not be given)');
    if (page) return this.problem(page.line, `a ${page.kind}, not a post`);
    const note = this.splitter.notes[0];
    if (note) return this.problem(note.line, note.message);
    this.problem(null, `not a dump: no post header in ${lineCount} line${lineCount === 1 ? '' : 's'}`);
  }

  private problem(line: number | null, message: string, error?: unknown): void {
    const bug = error === undefined ? undefined : error instanceof Error ? error : new Error(String(error));
    this.found.push({ source: this.source, line, message: bug ? `${message}: ${bug.message}` : message, ...(bug && { bug }) });
  }
}
