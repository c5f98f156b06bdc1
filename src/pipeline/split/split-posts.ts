import type { Line } from '../decode/lines.js';
import { type ClassifiedLine, classify } from './classify.js';
import { type Guide, followGuide, newGuide, readingOf } from './guide.js';
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

/** Notes kept on lines that were not a post: a hostile file may make millions; past this many, one more says so. */
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
  /** Read with the flat copy's guide from its start. */
  readonly guided: boolean;
  /** The last line (index in rest) the flat copy's guide held as this post's; -1 when none. */
  guidedThrough: number;
}

/** Lines outside any post that look like parts of one (a header, `Created:`, `/post/`): told as one note when the run ends. */
interface LostRun {
  readonly first: number;
  last: number;
  readonly why: string;
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
 * A line copy starts with a header line after a banner or a flat copy, or with a header line followed by
 * its `Created:` line wherever that stands (but inside a body the flat copy vouches for); it ends at a
 * `/post/` line that follows an engagements line (and maybe a topics line). A new post starting before that
 * end means the copy was cut off.
 *
 * Every line that looks like part of a post (a header, a `Created:` line, a `/post/` line) ends up in a post
 * or in a {@link lost} note naming its lines, unless it stands in another page of the site.
 */
export class PostSplitter {
  private state: State = IDLE;
  /** Lines waiting to be stepped through, from `head` on: an index, so re-reading many lines stays linear. */
  private queue: ClassifiedLine[] = [];
  private head = 0;
  private done: PostSegment[] = [];
  private readonly strays: StrayNote[] = [];
  private readonly losses: StrayNote[] = [];
  private lostRun: LostRun | null = null;
  /** Lost runs told so far, and those past {@link MAX_NOTES}, only counted from the first one's line on. */
  private named = 0;
  private unnamed = 0;
  private firstUnnamed = 0;
  private page: SitePage | null = null;
  /** Since the last post, the lines stand in another page of the site: its lines are none of a post's. */
  private inPage = false;
  /** Lines from this one on are not noted (see {@link abandon}). */
  private quietFrom = Infinity;
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
    this.closeOpen();
    this.drain();
    this.endNotes();
    return this.take();
  }

  /**
   * Stops at `bad`, a line that cannot be read as it stands (a byte that is not text in it): the input ends
   * before it, but the post open there is not closed, for its text goes on past this point. `bad`, as well
   * as it can be read, only tells whether that post ended before it: a line copy stops at a new post's
   * start, a flat copy is whole unless a header follows it. A flat copy waiting for its line copy is whole,
   * and gives its post (only the flat copy) unless `bad` may be that line copy's header. Returns those posts,
   * and the line the post left open starts on (null when none is). The lines before are noted as {@link end}
   * notes them; `bad` itself is never a note.
   */
  abandon(bad: Line): { segments: readonly PostSegment[]; open: number | null } {
    this.drain();
    if (this.state.kind === 'flat' || this.state.kind === 'lines') {
      this.quietFrom = bad.no;
      this.queue.push(classify(bad));
      this.drain();
    }
    const state = this.state;
    this.state = IDLE;
    let open: number | null;
    switch (state.kind) {
      case 'idle':
        open = null;
        break;
      case 'flat':
        this.emitFlatOnly(state.flat);
        open = null;
        break;
      case 'cutFlat':
        open = state.cut.no;
        break;
      case 'banner':
        if (state.flat) this.emitFlatOnly(state.flat);
        open = state.cut?.no ?? state.banner.no;
        break;
      case 'header':
        open = state.header.no;
        break;
      case 'lines': {
        // A line copy of another creator is not the flat copy's: that post ended before it.
        const { flat, cut, banner, header } = state.copy;
        if (flat && !sameCreator(flat, header)) this.emitFlatOnly(flat);
        open = (sameCreator(flat, header) ? flat.no : null) ?? cut?.no ?? (banner ?? header).no;
        break;
      }
    }
    this.endNotes();
    return { segments: this.take(), open };
  }

  /** The input ends: the open run of lost lines is told, and how many went untold. */
  private endNotes(): void {
    this.endLostRun();
    if (this.unnamed > 0) {
      this.losses.push({ line: this.firstUnnamed, message: `and ${this.unnamed} more runs of lines like these, not named one by one` });
      this.unnamed = 0;
    }
  }

  /** Between posts: nothing open, nothing waiting. A new splitter from here on reads the rest alike. */
  get idle(): boolean {
    return this.state.kind === 'idle' && this.head >= this.queue.length && this.done.length === 0 && this.lostRun === null;
  }

  /** Lines read so far. */
  get lineCount(): number {
    return this.lines;
  }

  /** Notes on lines that looked like the start of a post but were not one (see {@link lost} for parts of posts). */
  get notes(): readonly StrayNote[] {
    return this.strays;
  }

  /**
   * Parts of posts that give no record (a header with no `Created:` after it, a `Created:` or `/post/` line
   * outside any post, a flat copy cut inside its header, a banner with nothing after it), each naming its
   * lines, in file order. Taken by the caller: each is returned once.
   */
  takeLost(): StrayNote[] {
    return this.losses.length === 0 ? NO_NOTES : this.losses.splice(0);
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
    this.queue.length = 0;
    this.head = 0;
  }

  /** Puts lines back in front of the queue, to be read again in the new state. */
  private reread(lines: readonly ClassifiedLine[]): void {
    if (lines.length === 0) return;
    this.queue = [...lines, ...this.queue.slice(this.head)];
    this.head = 0;
  }

  /** The input ends: what is open is closed as it stands. */
  private closeOpen(): void {
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
        this.lose(state.header.no, 'a header line with no `Created:` line after it', true);
        break;
      case 'lines':
        this.closeLineCopy(state.copy, state.copy.rest.length, false);
        break;
    }
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
        this.lose(state.header.no, 'a header line with no `Created:` line after it', true);
        return this.reread([line]);
      case 'lines':
        return this.stepLineCopy(state.copy, line);
    }
  }

  private stepIdle(line: ClassifiedLine): void {
    switch (line.kind) {
      case 'flat':
        this.startPost();
        this.state = { kind: 'flat', flat: { no: line.no, copy: line.flat } };
        return;
      case 'cutFlat':
        this.startPost();
        this.state = { kind: 'cutFlat', cut: { no: line.no, copy: line.cut } };
        return;
      case 'banner':
        this.state = { kind: 'banner', flat: null, cut: null, banner: line };
        return;
      case 'header':
        this.state = { kind: 'header', header: line };
        return;
      case 'created':
        return this.lose(line.no, 'a `Created:` line with no header line before it');
      case 'postId':
        return this.lose(line.no, 'a `/post/` line outside any post');
      case 'text':
        if (!this.inPage) this.notePage(line);
        return;
      default:
        if (this.lostRun && line.kind !== 'blank') this.lostRun.last = line.no;
    }
  }

  /** A flat copy cut inside its header is only kept as the start of the line copy that follows it. */
  private stepAfterCutFlat(cut: CutFlatAt, line: ClassifiedLine): void {
    if (line.kind === 'blank') return;
    if (line.kind === 'banner') {
      this.state = { kind: 'banner', flat: null, cut, banner: line };
      return;
    }
    this.state = IDLE;
    if (line.kind === 'header' && cutOwns(cut, line)) return this.openLineCopy(null, cut, null, line, null);
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
    if (line.kind === 'blank') return;
    this.state = IDLE;
    if (line.kind === 'header') {
      const owned = cut && cutOwns(cut, line) ? cut : null;
      if (cut && !owned) this.strayCutFlat(cut);
      return this.openLineCopy(flat, owned, banner, line, null);
    }
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
    this.startPost();
    const guide = sameCreator(flat, header) ? newGuide(flat.copy) : null;
    const copy: OpenLineCopy = { flat, cut, banner, header, rest: [], bodyStart: created ? 1 : -1, chars: 0, guide, guided: guide !== null, guidedThrough: -1 };
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
      if (verdict === 'more') {
        copy.guidedThrough = k;
        return this.checkSize(copy, k);
      }
      // Past the whole body and its engagements line, the copy lost its end: this line is the next one's.
      if (verdict === 'lostAfterFooter') return this.closeLineCopy(copy, k, false);
      // Lost here: the lines before joined up with the flat copy's body, so they are body, whatever they
      // look like; from this line on, the line copy is read as without a flat copy.
      copy.guide = null;
    }
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
      bodyMatch: complete && copy.guide !== null ? readingOf(copy.guide) : null,
      guided: copy.guided ? Math.max(0, Math.min(end, copy.guidedThrough + 1) - bodyStart) : null,
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
    this.lose(cut.no, 'a flat copy cut off inside its header, with no line copy after it', true);
  }

  /** A banner not followed by a header: the start of another page of the site, or what is left of a post. */
  private strayBanner(banner: ClassifiedLine, next: ClassifiedLine | null): void {
    if (next !== null && next.kind === 'text' && this.notePage(next, banner.no)) return;
    this.lose(banner.no, 'no header line after the banner', true);
    this.note(banner.no, 'no header line after the banner');
  }

  /** A post starts: the lines after it are no longer another page's, and a run of lost lines ends. */
  private startPost(): void {
    this.inPage = false;
    this.endLostRun();
  }

  /** Notes a line outside posts that opens another page of the site; true when this one does. */
  private notePage(line: ClassifiedLine, from?: number): boolean {
    const page = sitePageAt(line, from);
    if (page === null) return false;
    this.page ??= page;
    this.inPage = true;
    this.endLostRun();
    return true;
  }

  /**
   * A line that looks like part of a post gives none: it lengthens the open run of lost lines, or starts one;
   * a line that would start a post (`starts`: a header, a banner, a flat copy) always starts one.
   */
  private lose(line: number, why: string, starts = false): void {
    if (this.inPage || line >= this.quietFrom) return;
    if (starts) this.endLostRun();
    if (this.lostRun) this.lostRun.last = line;
    else this.lostRun = { first: line, last: line, why };
  }

  private endLostRun(): void {
    const run = this.lostRun;
    if (!run) return;
    this.lostRun = null;
    if (this.named >= MAX_NOTES) {
      if (this.unnamed++ === 0) this.firstUnnamed = run.first;
      return;
    }
    this.named++;
    const lines = run.last > run.first ? `lines ${run.first}–${run.last} give no record` : 'it gives no record';
    this.losses.push({ line: run.first, message: `${run.why}; ${lines}` });
  }

  private note(line: number, message: string): void {
    if (this.strays.length < MAX_NOTES) this.strays.push({ line, message });
  }
}

const NO_NOTES: StrayNote[] = [];

/**
 * A flat copy cut in its header goes with a line copy of its creator, shown under the same name, or of
 * anyone when the cut hid the creator.
 */
function cutOwns(cut: CutFlatAt, header: HeaderLine): boolean {
  const { handle, displayName } = cut.copy;
  if (handle === null) return true;
  return handle.toLowerCase() === header.header.handle.toLowerCase() && (displayName === undefined || displayName === header.header.displayName);
}

/** A flat copy and a line copy name the same creator: its body then guides the line copy's (see {@link samePost} for when they pair). */
function sameCreator(flat: FlatAt | null, header: HeaderLine): flat is FlatAt {
  if (flat === null) return false;
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
 * Where a new post (or another page of the site) starts if rest[k] begins one, in a line copy read without
 * its flat copy's guide: a flat copy; a banner followed by a header (with the flat copy cut off inside its
 * header, when one stands before them); a header followed by its `Created:` line (a header the guide held as
 * body stays body); or a banner followed by a page's heading.
 */
function newPostAt(copy: OpenLineCopy, k: number): number | null {
  const { rest, bodyStart } = copy;
  const line = rest[k];
  if (line?.kind === 'flat') return k;
  if (line?.kind === 'text' && k - 1 >= bodyStart && rest[k - 1]?.kind === 'banner' && sitePageKind(line.text) !== null) return k - 1;
  // (A banner or a cut flat copy before that header made the post start there already.)
  if (line?.kind === 'created') return k - 1 > copy.guidedThrough && k - 1 >= bodyStart && rest[k - 1]?.kind === 'header' ? k - 1 : null;
  if (line?.kind !== 'header' || k - 1 < bodyStart) return null;
  let start = k - 1;
  if (rest[start]?.kind === 'banner') {
    if (start - 1 >= bodyStart && rest[start - 1]?.kind === 'cutFlat') start--;
    return start;
  }
  return rest[start]?.kind === 'cutFlat' ? start : null;
}
