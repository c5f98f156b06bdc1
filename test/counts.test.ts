import { describe, expect, it } from 'vitest';
import { isCountToken, parseCount } from '../src/pipeline/copies/counts.js';
import { parseTimestamp } from '../src/pipeline/copies/timestamp.js';

describe('parseCount', () => {
  it.each([
    ['987', 987],
    ['0', 0],
    ['12,345', 12345],
    ['1,234,567', 1234567],
    ['56.7K', 56700],
    ['2.6M', 2600000],
    ['8.2M', 8200000], // 8.2 * 1e6 is 8199999.999999999 in floating point
    ['1.05B', 1050000000],
    ['4.35M', 4350000],
    ['0.1K', 100],
    ['999.9K', 999900],
    ['10B', 10000000000],
    ['4.1k', 4100],
    ['1.5T', 1500000000000],
  ])('%s is %i', (token, value) => {
    expect(parseCount(token)).toEqual({ kind: 'value', value });
  });

  it.each(['X', 'XXX', 'XXXXXXX', '[-]', '[----]', '[-------]'])('%s is scrambled', (token) => {
    expect(parseCount(token)).toEqual({ kind: 'scrambled' });
  });

  it.each([
    ['1.2345K', 'more decimals than the suffix shifts'],
    ['12,34', 'a bad digit group'],
    ['9007199254740993', 'past 2^53'],
    ['1.2.3K', 'two points'],
    ['abc', 'not a number'],
    ['', 'nothing'],
    ['[]', 'brackets without dashes'],
    ['[--', 'an unclosed bracket'],
    ['---', 'dashes without brackets'],
    ['[-X-]', 'a mixed mask'],
    ['$X', 'hidden digits in text'],
    ['1X', 'hidden digits in text'],
  ])('%s is unreadable (%s)', (token) => {
    expect(parseCount(token)).toEqual({ kind: 'unreadable', text: token });
  });

  it.each([
    ['234K', true],
    ['XXX', true],
    ['12,345', true],
    ['1.2.3', false],
    ['many', false],
    ['XxX', false],
    ['[---]', true],
    ['[--]x', false],
  ])('isCountToken(%s) is %s', (token, yes) => {
    expect(isCountToken(token)).toBe(yes);
  });
});

describe('parseTimestamp', () => {
  it.each([
    ['2025-07-22 06:48:36', '2025-07-22T06:48:36Z'],
    ['2024-02-29 23:59:59', '2024-02-29T23:59:59Z'],
    ['2000-01-01 00:00:00', '2000-01-01T00:00:00Z'],
    ['2025-02-29 00:00:00', null], // not a leap year
    ['1900-02-29 00:00:00', null], // a century, not a leap year
    ['2000-02-29 12:00:00', '2000-02-29T12:00:00Z'], // a 400th year, a leap year
    ['0099-01-01 00:00:00', '0099-01-01T00:00:00Z'], // Date.UTC would read 1999
    ['2025-00-10 00:00:00', null],
    ['2025-07-00 00:00:00', null],
    ['2025-13-01 00:00:00', null],
    ['2025-04-31 00:00:00', null],
    ['2025-07-22 24:00:00', null],
    ['2025-07-22 06:60:00', null],
    ['2025-07-22T06:48:36', null],
    ['2025-07-22 06:48', null],
    ['yesterday', null],
  ])('%s → %s', (text, iso) => {
    expect(parseTimestamp(text)).toBe(iso);
  });
});
