import type { ClassifiedLine } from './classify.js';

/**
 * While a flat copy's body is known, the line copy's body lines must join (with spaces) to it: so a body
 * line that looks like a header, a footer or a new post is still body. When they part, the guide is dropped.
 */
export interface Guide {
  readonly body: string;
  pos: number;
  started: boolean;
  phase: 'body' | 'engagements' | 'topicsOrId' | 'id';
}

/** A guide at the start of a line copy's body. */
export function newGuide(body: string): Guide {
  return { body, pos: 0, started: false, phase: 'body' };
}

/** Steps the guide over one line: 'more' while it fits, 'end' at the `/post/` line, 'lost' when it does not fit. */
export function followGuide(guide: Guide, line: ClassifiedLine): 'more' | 'end' | 'lost' {
  if (guide.phase === 'body') {
    // A blank body line is only an extra space in the flat body: it fits anywhere in the body. One that
    // holds a blank of Unicode's (U+00A0, U+3000) is that text in the flat body too, when it is next there.
    if (line.kind === 'blank') {
      if (line.text !== '') matchBodyLine(guide, line.text);
      return 'more';
    }
    if (matchBodyLine(guide, line.text)) return 'more';
    if (!onlySpacesLeft(guide)) return 'lost';
    guide.phase = 'engagements';
  }
  switch (guide.phase) {
    case 'engagements':
      if (line.kind !== 'engagements') return 'lost';
      guide.phase = 'topicsOrId';
      return 'more';
    case 'topicsOrId':
      if (line.kind === 'postId') return 'end';
      if (line.kind !== 'topics') return 'lost';
      guide.phase = 'id';
      return 'more';
    default:
      return line.kind === 'postId' ? 'end' : 'lost';
  }
}

/**
 * The flat body is the body lines joined by spaces: does this line continue it? Between the lines, the
 * flat body may also hold the tabs that ended a line (a line copy's lines lose their trailing blanks).
 */
function matchBodyLine(guide: Guide, text: string): boolean {
  const { body } = guide;
  let start = guide.pos;
  if (guide.started && !isGap(body.charCodeAt(start))) return false;
  while (isGap(body.charCodeAt(start))) start++;
  let lead = 0;
  while (isGap(text.charCodeAt(lead))) lead++;
  const piece = lead === 0 ? text : text.slice(lead);
  const end = start + piece.length;
  // A slice compared whole: V8's startsWith at an offset compares char by char, ten times slower.
  if (body.slice(start, end) !== piece) return false;
  if (end < body.length && !isGap(body.charCodeAt(end))) return false;
  guide.pos = end;
  guide.started = true;
  return true;
}

function onlySpacesLeft(guide: Guide): boolean {
  for (let i = guide.pos; i < guide.body.length; i++) if (!isGap(guide.body.charCodeAt(i))) return false;
  return true;
}

/** A space, a tab or a CR: what may stand between two body lines in the flat body. */
function isGap(code: number): boolean {
  return code === 32 || code === 9 || code === 13;
}
