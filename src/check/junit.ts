/** One checked dump, as a JUnit test case. */
export interface JunitCase {
  /** The dump's path as given. */
  readonly name: string;
  /** Seconds spent on it; left out when unknown. */
  readonly seconds?: number;
  /** Why it failed: the diff text; absent when it passed. `error` marks a bug in postdump, not a mismatch. */
  readonly failure?: { readonly message: string; readonly text: string; readonly error?: boolean };
}

/**
 * JUnit XML, the report most CI systems display: one `<testsuite>` with one `<testcase>` per dump, and a
 * `<failure>` (or, for a bug in postdump, an `<error>`) holding the diff. Pure: the caller writes the text.
 */
export function junitXml(suite: string, cases: readonly JunitCase[]): string {
  const failures = cases.filter((c) => c.failure && !c.failure.error).length;
  const errors = cases.filter((c) => c.failure?.error).length;
  const seconds = cases.reduce((sum, c) => sum + (c.seconds ?? 0), 0);
  const counts = `tests="${cases.length}" failures="${failures}" errors="${errors}" time="${formatSeconds(seconds)}"`;
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${attr(suite)}" ${counts}>`,
    `  <testsuite name="${attr(suite)}" ${counts} skipped="0">`,
    ...cases.map(testcase),
    '  </testsuite>',
    '</testsuites>',
  ];
  return `${lines.join('\n')}\n`;
}

function testcase(c: JunitCase): string {
  const folder = c.name.includes('/') ? c.name.slice(0, c.name.lastIndexOf('/')) : '.';
  const time = c.seconds === undefined ? '' : ` time="${formatSeconds(c.seconds)}"`;
  const open = `    <testcase name="${attr(c.name)}" classname="${attr(folder)}" file="${attr(c.name)}"${time}`;
  if (!c.failure) return `${open}/>`;
  const element = c.failure.error ? 'error' : 'failure';
  const type = c.failure.error ? 'internal-error' : 'mismatch';
  return `${open}>\n      <${element} message="${attr(c.failure.message)}" type="${type}">${text(c.failure.text)}</${element}>\n    </testcase>`;
}

function formatSeconds(seconds: number): string {
  return seconds.toFixed(3);
}

// Characters XML 1.0 cannot hold at all, even escaped (control characters, lone surrogates, U+FFFE/U+FFFF).
const NOT_XML = /[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu;

/**
 * Element text: markup escaped, CR as a reference (parsers would turn CRLF into LF), and characters XML
 * cannot hold written as `\uXXXX`, so nothing is lost silently.
 */
function text(value: string): string {
  return value.replace(NOT_XML, codeOf).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#13;');
}

/** Attribute values: as text, plus quotes, and line breaks and tabs as references so parsers keep them. */
function attr(value: string): string {
  return text(value).replace(/"/g, '&quot;').replace(/\n/g, '&#10;').replace(/\t/g, '&#9;');
}

function codeOf(c: string): string {
  return `\\u${(c.codePointAt(0) ?? 0).toString(16).padStart(4, '0')}`;
}
