/** Another page of the same site, saved beside the posts: what it is, and the line it starts on. */
export interface SitePage {
  readonly line: number;
  readonly kind: 'topic page' | 'creator page' | 'time-series table' | 'error page';
}

const HASH = 0x23;
const BAR = 0x7c;
// `| --- | :---: |`: the line under a markdown table's header.
const TABLE_RULE = /^\|(?: *:?-+:? *\|)+$/;
// A CSV header that opens with the time column.
const CSV_TIME_HEADER = /^(?:time|date|datetime|timestamp)(?:,[^,]*)+$/i;
const HEADING = /^#{1,6} /;
// A creator page is headed by the creator's handle; a topic page by the topic's name.
const HANDLE = /@[\p{L}\p{N}_]/u;
const TIME_SERIES = /time[ -]?series/i;
// What the site (or the server in front of it) says when it has no page to give: `# 404`, `404: This page
// could not be found.`, `Page not found`, `500 Internal Server Error`. A status alone, or with words of an error.
const ERROR_PAGE =
  /^(?:#{1,6} +)?(?:[45]\d\d(?:[ :|.-]+(?:this page|page|not found|error|internal|bad gateway|service|forbidden|unauthori[sz]ed|gone|too many)\b.*)?|(?:this )?page (?:could not be|was not|not) found\b.*|not found|internal server error)$/i;

/**
 * The site page a line outside any post opens, if any: a heading starts its page, a table's rule line the
 * header line above it. `from` is the line the page starts on when something before the heading opened it.
 */
export function sitePageAt(line: { no: number; text: string }, from = line.no): SitePage | null {
  const kind = sitePageKind(line.text);
  if (kind === null) return null;
  const table = line.text.charCodeAt(0) === BAR;
  return { line: table ? Math.max(from - 1, 1) : from, kind };
}

/**
 * What kind of site page a line outside any post opens, or null for any other line (a log line, a note).
 * A topic or creator page opens with a markdown heading, a time-series table with its header or rule line.
 */
export function sitePageKind(text: string): SitePage['kind'] | null {
  const first = text.charCodeAt(0);
  if (ERROR_PAGE.test(text)) return 'error page';
  if (first === HASH) {
    if (!HEADING.test(text)) return null;
    if (TIME_SERIES.test(text)) return 'time-series table';
    return HANDLE.test(text) ? 'creator page' : 'topic page';
  }
  if (first === BAR) return TABLE_RULE.test(text) ? 'time-series table' : null;
  return CSV_TIME_HEADER.test(text) ? 'time-series table' : null;
}
