import type { FlatCopy } from '../copies/flat-copy.js';
import type { ClassifiedLine } from './classify.js';

/**
 * Which reading of the flat body the line copy's body joined up with: `shown`, each link reduced to its
 * text (as the page shows it, and the line copy with it); `written`, the markdown as it stands (a post whose
 * text holds markdown that the page shows as it is).
 */
export type BodyReading = 'shown' | 'written';

interface Track {
  readonly reading: BodyReading;
  readonly body: string;
  pos: number;
  started: boolean;
  phase: 'body' | 'engagements' | 'topicsOrId' | 'id';
}

/**
 * While a flat copy's body is known, the line copy's body lines must join (with spaces) to it: so a body
 * line that looks like a header, a footer or a new post is still body. It is followed as the page shows it
 * and, when that differs, as written; the guide holds while either reading fits. When both part, it is dropped.
 */
export interface Guide {
  tracks: Track[];
}

/** A guide at the start of a line copy's body, or null when the flat copy's body is not whole. */
export function newGuide(flat: FlatCopy): Guide | null {
  if (flat.body === null) return null;
  const tracks: Track[] = [{ reading: 'shown', body: flat.shown.text, pos: 0, started: false, phase: 'body' }];
  if (flat.shown.text !== flat.body) tracks.push({ reading: 'written', body: flat.body, pos: 0, started: false, phase: 'body' });
  return { tracks };
}

/**
 * Steps the guide over one line: 'more' while a reading fits, 'end' at the `/post/` line (the first reading
 * still standing is the one that joined up), 'lost' when none fits; 'lostAfterFooter' when none fits after a
 * reading matched the whole body and the engagements line (the copy lost its last lines there).
 */
export function followGuide(guide: Guide, line: ClassifiedLine): 'more' | 'end' | 'lost' | 'lostAfterFooter' {
  const alive: Track[] = [];
  const inFooter = guide.tracks.some((track) => track.phase === 'topicsOrId' || track.phase === 'id');
  for (const track of guide.tracks) {
    const verdict = step(track, line);
    if (verdict === 'end') {
      guide.tracks = [track];
      return 'end';
    }
    if (verdict === 'more') alive.push(track);
  }
  guide.tracks = alive;
  if (alive.length > 0) return 'more';
  return inFooter ? 'lostAfterFooter' : 'lost';
}

/** The reading that joined up, once {@link followGuide} said 'end'. */
export function readingOf(guide: Guide): BodyReading {
  return guide.tracks[0]?.reading ?? 'shown';
}

function step(track: Track, line: ClassifiedLine): 'more' | 'end' | 'lost' {
  if (track.phase === 'body') {
    // A blank body line is only an extra space in the flat body: it fits anywhere in the body. One that
    // holds a blank of Unicode's (U+00A0, U+3000) is that text in the flat body too, when it is next there.
    if (line.kind === 'blank') {
      if (line.text !== '') matchBodyLine(track, line.text);
      return 'more';
    }
    if (matchBodyLine(track, line.text)) return 'more';
    if (!onlySpacesLeft(track)) return 'lost';
    track.phase = 'engagements';
  }
  switch (track.phase) {
    case 'engagements':
      if (line.kind !== 'engagements') return 'lost';
      track.phase = 'topicsOrId';
      return 'more';
    case 'topicsOrId':
      if (line.kind === 'postId') return 'end';
      if (line.kind !== 'topics') return 'lost';
      track.phase = 'id';
      return 'more';
    default:
      return line.kind === 'postId' ? 'end' : 'lost';
  }
}

/**
 * The flat body is the body lines joined by spaces: does this line continue it? Between the lines, the
 * flat body may also hold the tabs that ended a line (a line copy's lines lose their trailing blanks).
 */
function matchBodyLine(track: Track, text: string): boolean {
  const { body } = track;
  let start = track.pos;
  if (track.started && !isGap(body.charCodeAt(start))) return false;
  while (isGap(body.charCodeAt(start))) start++;
  let lead = 0;
  while (isGap(text.charCodeAt(lead))) lead++;
  const piece = lead === 0 ? text : text.slice(lead);
  const end = start + piece.length;
  // A slice compared whole: V8's startsWith at an offset compares char by char, ten times slower.
  if (body.slice(start, end) !== piece) return false;
  if (end < body.length && !isGap(body.charCodeAt(end))) return false;
  track.pos = end;
  track.started = true;
  return true;
}

function onlySpacesLeft(track: Track): boolean {
  for (let i = track.pos; i < track.body.length; i++) if (!isGap(track.body.charCodeAt(i))) return false;
  return true;
}

/** A space, a tab or a CR: what may stand between two body lines in the flat body. */
function isGap(code: number): boolean {
  return code === 32 || code === 9 || code === 13;
}
