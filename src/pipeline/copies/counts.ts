/**
 * A count as the site shows it: `987`, `12,345`, `56.7K`, `2.6M`, `1.05B`, or hidden in guest mode by
 * either mask the site has used, a run of `X`s (`XXX`) or a bracketed run of dashes (`[----]`).
 */
export type Count = { readonly kind: 'value'; readonly value: number } | { readonly kind: 'scrambled' } | { readonly kind: 'unreadable'; readonly text: string };

const SUFFIX_DIGITS: Readonly<Record<string, number>> = { K: 3, M: 6, B: 9, T: 12 };
// One pass for every shape: a mask (X's or [---]) | 12,345 | 987, 56.7K, 2K (decimals only with a suffix).
const COUNT = /^(?:(X+|\[-+\])|(\d{1,3}(?:,\d{3})+)|(\d+)(?:(?:\.(\d+))?([KMBTkmbt]))?)$/;
const SCRAMBLED: Count = { kind: 'scrambled' };

/** Whether a token is shaped like a count, for telling header and footer lines from other text. */
export function isCountToken(token: string): boolean {
  return COUNT.test(token);
}

/**
 * Reads a count with exact decimal arithmetic: the digits are shifted as text, never multiplied as
 * floats, so `8.2M` is 8200000 and not 8199999.
 */
export function parseCount(token: string): Count {
  const m = COUNT.exec(token);
  if (!m) return { kind: 'unreadable', text: token };
  const [, scrambled, grouped, whole = '', fraction = '', suffix] = m;
  if (scrambled) return SCRAMBLED;
  let digits = grouped ? grouped.replaceAll(',', '') : whole;
  if (suffix) {
    const shift = SUFFIX_DIGITS[suffix.toUpperCase()] ?? 0;
    // More decimals than the suffix shifts would make a fractional count: not a count.
    if (fraction.length > shift) return { kind: 'unreadable', text: token };
    digits = whole + fraction.padEnd(shift, '0');
  }
  const value = Number(digits);
  return Number.isSafeInteger(value) ? { kind: 'value', value } : { kind: 'unreadable', text: token };
}
