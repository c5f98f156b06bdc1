import type { Line } from '../decode/lines.js';
import { type ClassifiedLine, classify } from './classify.js';
import { type Guide, followGuide, newGuide } from './guide.js';
import { samePost } from './same-post.js';
import type { CutFlatAt, FlatAt, LineCopySegment, PostSegment, StrayNote } from './segment.js';
import { type SitePage, sitePageAt, sitePageKind } from './site-page.js';

/**
 * A line copy longer than this (in characters) without its end is taken as cut off: memory stays bounded.
 * Each line counts {@link LINE_WEIGHT} characters more, for what holding it costs beside its text: a copy
 * of millions of one-letter lines would otherwise take gigabytes.
 */
export const MAX_LINE_COPY_CHARS = 16 * 1024 * 1024;
export const LINE_WEIGHT = 64;

/** Notes kept on lines that looked like a post's start: only the first is shown, a hostile file may make millions. */
export const MAX_NOTES = 100;

type HeaderLine = Extract<ClassifiedLine, { kind: 'header' }>;

interface OpenLineCopy {
  readonly flat: FlatAt | null;
  readonly cut: CutFlatAt | null;
  readonly banner: ClassifiedLine | null;
  readonly header: HeaderLine;
  /** The lines after the header; rest[0] is `Created:` when bodyStart is 1. */
  readonly rest: ClassifiedLine[];
  bodyStart: number;
  chars: number;
  guide: Guide | null;
  /** Where the flat copy's guide was lost on a header line (else -1): with `Created:` next, a new post starts there. */
  lostAtHeader: number;
}

type State =
  | { kind: 'idle' }
  | { kind: 'flat'; flat: FlatAt }
  | { kind: 'cutFlat'; cut: CutFlatAt }
  | { kind: 'banner'; flat: FlatAt | null; cut: CutFlatAt | null; banner: ClassifiedLine }
  | { kind: 'header'; header: HeaderLine }
  | { kind: 'lines'; copy: OpenLineCopy };

const IDLE: State = { kind: 'idle' };
const NO_POSTS: readonly PostSegment[] = Object.freeze([]);

/**
 * Finds the posts in a dump, line by line, holding only the post being read. A post is a flat copy,
 * a line copy, or a flat copy followed by its line copy (blank lines allowed between).
 * A line copy starts with a header line (after a banner, after a flat copy, or before a `Created:` line)
 * and ends at a `/post/` line that follows an engagements line (and maybe a topics line). A new flat copy,
 * or a banner followed by a header, before that end means the copy was cut off.
 */
export class PostSplitter {
  private state: State = IDLE;
  /** Lines waiting to be stepped through, from `head` on: an index, so re-reading many lines stays linear. */
  private queue: ClassifiedLine[] = [];
  private head = 0;
  private done: PostSegment[] = [];
  private readonly strays: StrayNote[] = [];
  private page: SitePage | null = null;
  private lines = 0;

  /** Feeds one line; returns the posts it completed. */
  push(line: Line): readonly PostSegment[] {
    this.lines++;
    this.queue.push(classify(line));
    this.drain();
    return this.take();
  }

  /** Ends the input; returns the last posts. */
  end(): readonly PostSegment[] {
    this.drain();
    const state = this.state;
    this.state = IDLE;
    switch (state.kind) {
      case 'flat':
        this.emitFlatOnly(state.flat);
        break;
      case 'cutFlat':
        this.strayCutFlat(state.cut);
        break;
      case 'banner':
        if (state.flat) this.emitFlatOnly(state.flat);
        if (state.cut) this.strayCutFlat(state.cut);
        this.strayBanner(state.banner, null);
        break;
      case 'header':
        this.note(state.header.no, 'a header line with no `Created:` line after it');
        break;
      case 'lines':
        this.closeLineCopy(state.copy, state.copy.rest.length, false);
        break;
    }
    this.drain();
    return this.take();
  }

  /** Between posts: nothing open, nothing waiting. A new splitter from here on reads the rest alike. */
  get idle(): boolean {
    return this.state.kind === 'idle' && this.head >= this.queue.length && this.done.length === 0;
  }

  /** Lines read so far. */
  get lineCount(): number {
    return this.lines;
  }

  /** Notes on lines that looked like the start of a post but were not one. */
  get notes(): readonly StrayNote[] {
    return this.strays;
  }

  /** The first other page of the site (a topic or creator page, a time-series table) seen outside posts. */
  get sitePage(): SitePage | null {
    return this.page;
  }

  private take(): readonly PostSegment[] {
    const done = this.done;
    if (done.length === 0) return NO_POSTS; // most lines complete no post: no array for them
    this.done = [];
    return done;
  }

  private drain(): void {
    while (this.head < this.queue.length) {
      const line = this.queue[this.head++] as ClassifiedLine;
      this.step(line);
    }
    this.queue = [];
    this.head = 0;
  }

  /** Puts lines back in front of the queue, to be read again in the new state. */
  private reread(lines: readonly ClassifiedLine[]): void {
    if (lines.length === 0) return;
    this.queue = [...lines, ...this.queue.slice(this.head)];
    this.head = 0;
  }

  private step(line: ClassifiedLine): void {
    const state = this.state;
    switch (state.kind) {
      case 'idle':
        return this.stepIdle(line);
      case 'flat':
        return this.stepAfterFlat(state.flat, line);
      case 'cutFlat':
        return this.stepAfterCutFlat(state.cut, line);
      case 'banner':
        return this.stepAfterBanner(state.flat, state.cut, state.banner, line);
      case 'header':
        this.state = IDLE;
        if (line.kind === 'created') return this.openLineCopy(null, null, null, state.header, line);
        this.note(state.header.no, 'a header line with no `Created:` line after it');
        return this.reread([line]);
      case 'lines':
        return this.stepLineCopy(state.copy, line);
    }
  }

  private stepIdle(line: ClassifiedLine): void {
    if (line.kind === 'flat') this.state = { kind: 'flat', flat: { no: line.no, copy: line.flat } };
    else if (line.kind === 'cutFlat') this.state = { kind: 'cutFlat', cut: { no: line.no, copy: line.cut } };
    else if (line.kind === 'banner') this.state = { kind: 'banner', flat: null, cut: null, banner: line };
    else if (line.kind === 'header') this.state = { kind: 'header', header: line };
    else if (line.kind === 'text' && this.page === null) this.notePage(line);
  }

  /** A flat copy cut inside its header is only kept as the start of the line copy that follows it. */
  private stepAfterCutFlat(cut: CutFlatAt, line: ClassifiedLine): void {
    if (line.kind === 'blank') return;
    if (line.kind === 'banner') {
      this.state = { kind: 'banner', flat: null, cut, banner: line };
      return;
    }
    this.state = IDLE;
    if (line.kind === 'header') return this.openLineCopy(null, cutOwns(cut, line) ? cut : null, null, line, null);
    this.strayCutFlat(cut);
    this.reread([line]);
  }

  private stepAfterFlat(flat: FlatAt, line: ClassifiedLine): void {
    if (line.kind === 'blank') return;
    if (line.kind === 'banner') {
      this.state = { kind: 'banner', flat, cut: null, banner: line };
      return;
    }
    if (line.kind === 'header') return this.openLineCopy(flat, null, null, line, null);
    this.state = IDLE;
    this.emitFlatOnly(flat);
    this.reread([line]);
  }

  private stepAfterBanner(flat: FlatAt | null, cut: CutFlatAt | null, banner: ClassifiedLine, line: ClassifiedLine): void {
    this.state = IDLE;
    if (line.kind === 'header') return this.openLineCopy(flat, cut && cutOwns(cut, line) ? cut : null, banner, line, null);
    if (flat) this.emitFlatOnly(flat);
    if (cut) this.strayCutFlat(cut);
    this.strayBanner(banner, line);
    this.reread([line]);
  }

  /**
   * Opens the line copy after a header; `flat`, the flat copy just before it, may be of this post. Its body
   * guides the line copy's only when it names the same creator: another creator's can only be the same post
   * when the ids say so (see {@link samePost}), and its body must not keep another post's lines together.
   */
  private openLineCopy(flat: FlatAt | null, cut: CutFlatAt | null, banner: ClassifiedLine | null, header: HeaderLine, created: ClassifiedLine | null): void {
    const body = flat && sameCreator(flat, header) ? flat.copy.body : null;
    const copy: OpenLineCopy = {
      flat,
      cut,
      banner,
      header,
      rest: [],
      bodyStart: created ? 1 : -1,
      chars: 0,
      guide: body === null ? null : newGuide(body),
      lostAtHeader: -1,
    };
    if (created) copy.rest.push(created);
    this.state = { kind: 'lines', copy };
  }

  private stepLineCopy(copy: OpenLineCopy, line: ClassifiedLine): void {
    const k = copy.rest.push(line) - 1;
    copy.chars += line.text.length + LINE_WEIGHT;
    if (copy.bodyStart < 0) {
      // The line after the header: `Created:`, or (when that is missing) already the body.
      copy.bodyStart = line.kind === 'created' ? 1 : 0;
      if (copy.bodyStart === 1) return;
    }
    if (copy.guide) {
      const verdict = followGuide(copy.guide, line);
      if (verdict === 'end') return this.closeLineCopy(copy, k + 1, true);
      if (verdict === 'more') return this.checkSize(copy, k);
      // Lost here: the lines before joined up with the flat copy's body, so they are body, whatever they
      // look like; from this line on, the line copy is read as without a flat copy.
      copy.guide = null;
      copy.lostAtHeader = line.kind === 'header' ? k : -1;
    }
    // The flat copy's body did not go on with a header, and `Created:` follows it: this line copy was cut
    // off, and the next post (saved without its flat copy) starts at that header.
    if (copy.lostAtHeader === k - 1 && line.kind === 'created') return this.closeLineCopy(copy, k - 1, false);
    if (isEnd(copy, k)) return this.closeLineCopy(copy, k + 1, true);
    const start = newPostAt(copy, k);
    if (start !== null) return this.closeLineCopy(copy, start, false);
    this.checkSize(copy, k);
  }

  private checkSize(copy: OpenLineCopy, k: number): void {
    if (copy.chars > MAX_LINE_COPY_CHARS) this.closeLineCopy(copy, k + 1, false);
  }

  /** Emits the line copy made of rest[0, until); the lines after it are read again. */
  private closeLineCopy(copy: OpenLineCopy, until: number, complete: boolean): void {
    this.state = IDLE;
    const lines = copy.rest.slice(0, until);
    const bodyStart = Math.max(copy.bodyStart, 0);
    let end = lines.length;
    let postId: ClassifiedLine | null = null;
    let topics: ClassifiedLine | null = null;
    let engagements: ClassifiedLine | null = null;
    if (complete) {
      postId = lines[--end] ?? null;
    } else {
      while (end > bodyStart && lines[end - 1]?.kind === 'blank') end--;
    }
    if (end - 2 >= bodyStart && lines[end - 1]?.kind === 'topics' && lines[end - 2]?.kind === 'engagements') topics = lines[--end] ?? null;
    if (end - 1 >= bodyStart && lines[end - 1]?.kind === 'engagements') engagements = lines[--end] ?? null;
    const lineCopy: LineCopySegment = {
      banner: copy.banner,
      header: copy.header,
      created: bodyStart === 1 ? (lines[0] ?? null) : null,
      body: lines.slice(bodyStart, end),
      engagements,
      topics,
      postId,
      cutOff: !complete,
      // The guide lasts to the end only when every body line matched the flat body.
      bodyMatchesFlat: complete && copy.guide !== null,
    };
    const { flat, cut } = copy;
    const own = (copy.banner ?? copy.header).no;
    if (flat && samePost(flat.copy, lineCopy, sameCreator(flat, copy.header))) this.done.push({ startLine: flat.no, flat, lineCopy });
    else {
      // A flat copy of another post than this line copy (or no flat copy): two posts, in file order.
      if (flat) this.emitFlatOnly(flat);
      this.done.push({ startLine: cut?.no ?? own, flat: null, lineCopy, cutFlat: cut });
    }
    this.reread(copy.rest.slice(until));
  }

  private emitFlatOnly(flat: FlatAt): void {
    this.done.push({ startLine: flat.no, flat, lineCopy: null });
  }

  private strayCutFlat(cut: CutFlatAt): void {
    this.note(cut.no, 'a flat copy cut off inside its header, with no line copy after it');
  }

  /** A banner not followed by a header: the start of another page of the site, or a stray line. */
  private strayBanner(banner: ClassifiedLine, next: ClassifiedLine | null): void {
    if (next !== null && next.kind === 'text' && this.page === null && this.notePage(next, banner.no)) return;
    this.note(banner.no, 'no header line after the banner');
  }

  /** Remembers the first line outside posts that opens another page of the site; true when this one does. */
  private notePage(line: ClassifiedLine, from?: number): boolean {
    this.page = sitePageAt(line, from);
    return this.page !== null;
  }

  private note(line: number, message: string): void {
    if (this.strays.length < MAX_NOTES) this.strays.push({ line, message });
  }
}

/** A flat copy cut in its header goes with a line copy of its creator, or of anyone when the cut hid the creator. */
function cutOwns(cut: CutFlatAt, header: HeaderLine): boolean {
  return cut.copy.handle === null || cut.copy.handle.toLowerCase() === header.header.handle.toLowerCase();
}

/** A flat copy and a line copy name the same creator: its body then guides the line copy's (see {@link samePost} for when they pair). */
function sameCreator(flat: FlatAt, header: HeaderLine): boolean {
  const handle = header.header.handle.toLowerCase();
  return handle === flat.copy.handle.toLowerCase() || handle === flat.copy.shownHandle.toLowerCase();
}

/** rest[k] is a `/post/` line right after the footer: the line copy's end. */
function isEnd(copy: OpenLineCopy, k: number): boolean {
  const { rest, bodyStart } = copy;
  if (rest[k]?.kind !== 'postId') return false;
  if (k - 1 >= bodyStart && rest[k - 1]?.kind === 'engagements') return true;
  return k - 2 >= bodyStart && rest[k - 1]?.kind === 'topics' && rest[k - 2]?.kind === 'engagements';
}

/**
 * Where a new post (or another page of the site) starts if rest[k] begins one: a flat copy, a banner followed
 * by a header (with the flat copy cut off inside its header, when one stands before them), or a banner
 * followed by a page's heading.
 */
function newPostAt(copy: OpenLineCopy, k: number): number | null {
  const { rest, bodyStart } = copy;
  const line = rest[k];
  if (line?.kind === 'flat') return k;
  if (line?.kind === 'text' && k - 1 >= bodyStart && rest[k - 1]?.kind === 'banner' && sitePageKind(line.text) !== null) return k - 1;
  if (line?.kind !== 'header' || k - 1 < bodyStart) return null;
  let start = k - 1;
  if (rest[start]?.kind === 'banner') {
    if (start - 1 >= bodyStart && rest[start - 1]?.kind === 'cutFlat') start--;
    return start;
  }
  return rest[start]?.kind === 'cutFlat' ? start : null;
}
