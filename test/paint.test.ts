import { describe, expect, it } from 'vitest';
import { palette } from '../src/cli/paint.js';

const ESC = '\u001b';

describe('palette', () => {
  const on = palette(true);
  it.each([
    ['red', on.red('a'), `${ESC}[31ma${ESC}[39m`],
    ['yellow', on.yellow('a'), `${ESC}[33ma${ESC}[39m`],
    ['green', on.green('a'), `${ESC}[32ma${ESC}[39m`],
    ['dim', on.dim('a'), `${ESC}[2ma${ESC}[22m`],
    ['bold red', on.boldRed('a'), `${ESC}[31m${ESC}[1ma${ESC}[22m${ESC}[39m`],
    ['each line styled on its own', on.red('a\nb'), `${ESC}[31ma${ESC}[39m\n${ESC}[31mb${ESC}[39m`],
    ['a CRLF kept whole, the style closed before it', on.dim('x\r\ny'), `${ESC}[2mx${ESC}[22m\r\n${ESC}[2my${ESC}[22m`],
    ['nothing around empty text', on.red(''), ''],
  ])('%s', (_name, painted, expected) => {
    expect(painted).toBe(expected);
  });

  it('leaves text as it is without colour', () => {
    const off = palette(false);
    expect([off.red('a\nb'), off.yellow('a'), off.green('a'), off.dim('a'), off.boldRed('a')]).toEqual(['a\nb', 'a', 'a', 'a', 'a']);
  });
});
