/** A count as the site shows it (`987`, `12,345`, `56.7K`, `2.6M`, `1.05B`, or `XXX` when scrambled). */
export type Count =
  | { readonly kind: 'value'; readonly value: number }
  | { readonly kind: 'scrambled' }
  | { readonly kind: 'unreadable'; readonly text: string };

const SUFFIX_DIGITS: Readonly<Record<string, number>> = { K: 3, M: 6, B: 9, T: 12 };
const ABBREVIATED = /^(\d+)(?:\.(\d+))?([KMBT])$/i;
const GROUPED = /^\d{1,3}(?:,\d{3})+$/;
const PLAIN = /^\d+$/;
const SCRAMBLED = /^X+$/;

/** Whether a token is shaped like a count, for telling header and footer lines from other text. */
export function isCountToken(token: string): boolean {
  return PLAIN.test(token) || GROUPED.test(token) || ABBREVIATED.test(token) || SCRAMBLED.test(token);
}

/**
 * Reads a count with exact decimal arithmetic: the digits are shifted as text, never multiplied as
 * floats, so `8.2M` is 8200000 and not 8199999.
 */
export function parseCount(token: string): Count {
  if (SCRAMBLED.test(token)) return { kind: 'scrambled' };
  let digits: string | null = null;
  if (PLAIN.test(token)) digits = token;
  else if (GROUPED.test(token)) digits = token.replaceAll(',', '');
  else {
    const m = ABBREVIATED.exec(token);
    if (m) {
      const [, whole = '', fraction = '', suffix = ''] = m;
      const shift = SUFFIX_DIGITS[suffix.toUpperCase()] ?? 0;
      // More decimals than the suffix shifts would make a fractional count: not a count.
      if (fraction.length <= shift) digits = whole + fraction.padEnd(shift, '0');
    }
  }
  if (digits === null) return { kind: 'unreadable', text: token };
  const value = Number(digits);
  return Number.isSafeInteger(value) ? { kind: 'value', value } : { kind: 'unreadable', text: token };
}
