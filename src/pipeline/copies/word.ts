/**
 * The whitespace that separates the words of a header or footer line: what `\s` matches, less U+2028 and
 * U+2029. Only LF and CRLF end a line, so those two are characters of a name or handle like any other.
 */
const SEPARATORS = '\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u202f\\u205f\\u3000\\ufeff';

/** A regular-expression class for one character of a word (a handle, a network, a count token). */
export const WORD_CHAR = `[^${SEPARATORS}]`;

/** {@link WORD_CHAR} that is not also a colon, for `<type>` in `/post/<type>::<id>`. */
export const WORD_CHAR_NO_COLON = `[^:${SEPARATORS}]`;
