import { describe, expect, it } from 'vitest';
import { escapeTsv, toCell } from '../src/sinks/text/cells.js';
import { escapeFormula } from '../src/sinks/text/formula.js';

describe('escapeFormula', () => {
  it.each([
    ['=HYPERLINK("http://x.example")', `'=HYPERLINK("http://x.example")`],
    ['+1 to this', "'+1 to this"],
    ['-2', "'-2"],
    ['- a list item', "'- a list item"],
    ['@everyone', "'@everyone"],
    ['\tindented', "'\tindented"],
    ['\rreturn', "'\rreturn"],
    ['\uFF1D1+1', "'\uFF1D1+1"],
    ['\uFF20handle', "'\uFF20handle"],
    ['plain text', 'plain text'],
    ['a=b, c+d', 'a=b, c+d'],
    [' =leading space', ' =leading space'],
    ["'=already quoted", "'=already quoted"],
    ['', ''],
  ])('%j → %j', (text, escaped) => {
    expect(escapeFormula(text)).toBe(escaped);
  });
});

describe('toCell', () => {
  it.each([
    { value: null, escape: true, cell: '' },
    { value: true, escape: true, cell: 'true' },
    { value: false, escape: true, cell: 'false' },
    { value: 0, escape: true, cell: '0' },
    { value: 234000, escape: true, cell: '234000' },
    { value: 1050000000, escape: true, cell: '1050000000' },
    { value: Number.MAX_SAFE_INTEGER, escape: true, cell: '9007199254740991' },
    { value: '', escape: true, cell: '' },
    { value: 'line one\nline two, "quoted"', escape: true, cell: 'line one\nline two, "quoted"' },
    { value: '=1+1', escape: true, cell: "'=1+1" },
    { value: '=1+1', escape: false, cell: '=1+1' },
    { value: '-', escape: true, cell: "'-" },
    { value: [], escape: true, cell: '' },
    { value: ['robin'], escape: true, cell: 'robin' },
    { value: ['creator_followers', 'engagements'], escape: true, cell: 'creator_followers|engagements' },
    { value: ['=cmd', 'b'], escape: true, cell: "'=cmd|b" },
    { value: ['=cmd', 'b'], escape: false, cell: '=cmd|b' },
  ])('$value (escape formulas: $escape) → $cell', ({ value, escape: escapeFormulas, cell }) => {
    expect(toCell(value, escapeFormulas)).toBe(cell);
  });
});

describe('escapeTsv', () => {
  it.each([
    ['plain', 'plain'],
    ['a\tb', 'a\\tb'],
    ['one\ntwo', 'one\\ntwo'],
    ['one\r\ntwo', 'one\\r\\ntwo'],
    ['C:\\path', 'C:\\\\path'],
    ['literal \\n stays two characters', 'literal \\\\n stays two characters'],
    ['"quotes" and, commas', '"quotes" and, commas'],
  ])('%j → %j', (cell, escaped) => {
    expect(escapeTsv(cell)).toBe(escaped);
  });
});
