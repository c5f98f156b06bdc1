// Hostile dumps: single lines of many megabytes built to trip regular-expression backtracking or
// quadratic string work in the parser (runs of ` @`, `](/creator/`, double spaces, topic links, digits...).
// The tests parse each once at a size where quadratic work would outlast the test timeout; the benchmark
// parses each at two sizes and prints how time grows (linear: 4× the text, about 4× the time).

const FLAT_HEAD = 'Ann [@ann](/creator/twitter/ann) on x 5 followers Created: 2025-01-01 00:00:00 UTC ';

/** name → (approximate length in characters) → dump text. */
export const HOSTILE = {
  'runs of " @" before " followers"': (n) => `${'a @'.repeat(n / 3)} on x 5 followers`,
  'runs of " @h on w" before " followers"': (n) => `${' @a on b'.repeat(n / 8)} followers`,
  'runs of "](/creator/"': (n) => '](/creator/'.repeat(n / 11),
  'runs of creator links': (n) => '[@a](/creator/x/a)'.repeat(n / 18),
  'runs of "[" before a creator link': (n) => `${'['.repeat(n)}](/creator/a/b)`,
  'a flat copy whose body is double spaces': (n) => `${FLAT_HEAD}${'  '.repeat(n / 2)}x  5 engagements [Post Link](u)`,
  'a flat copy with a run of topic links': (n) => `${FLAT_HEAD}b  5 engagements  **Related Topics** ${'[t](/topic/t) '.repeat(n / 14)}[Post Link](u)`,
  'a flat copy with runs of "](/topic/"': (n) => `${FLAT_HEAD}b ${'](/topic/t)'.repeat(n / 11)} [Post Link](u)`,
  'a flat copy ending in a run of ")"': (n) => FLAT_HEAD + ')'.repeat(n),
  'a long name before the creator link': (n) => `${'x'.repeat(n)} [@a](/creator/x/a) on x 5 followers`,
  'a run of digits before " engagements"': (n) => `${'1'.repeat(n)} engagements`,
  'a run of digits after "1." before " engagements"': (n) => `1.${'1'.repeat(n)} engagements`,
  'a run of ",111" before " engagements"': (n) => `1${',111'.repeat(n / 4)}x engagements`,
  'a run of " UTC" after "Created: "': (n) => `Created: ${' UTC'.repeat(n / 4)}x`,
  'a run of X before " followers"': (n) => `a @b on x ${'X'.repeat(n)} followers`,
  'a banner that never closes': (n) => `[GUEST ACCESS MODE${'x'.repeat(n)}`,
  'a run of "a:" after "/post/"': (n) => `/post/${'a:'.repeat(n / 2)}`,
  'a long line copy body that follows its flat copy, then parts from it': (n) => {
    const words = Array.from({ length: n / 6 }, (_, i) => `w${i % 1000}`);
    const flat = `${FLAT_HEAD}${words.join(' ')}  5 engagements [Post Link](u)`;
    return [flat, 'Ann @ann on x 5 followers', 'Created: 2025-01-01 00:00:00 UTC', ...words, 'parted', '5 engagements', '/post/tweet::1'].join('\n');
  },
};
