import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PLAIN, palette } from '../src/cli/paint.js';
import { BIN, FIXTURES } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

const ESC = '\u001b';

describe('palette', async () => {
  // chalk at level 1: the same codes as the basic 16 colours postdump has always written.
  const on = await palette(true);
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

  it('leaves text as it is without colour', async () => {
    const off = await palette(false);
    expect(off).toBe(PLAIN);
    expect([off.red('a\nb'), off.yellow('a'), off.green('a'), off.dim('a'), off.boldRed('a')]).toEqual(['a\nb', 'a', 'a', 'a', 'a']);
  });
});

describe('chalk is loaded only when a message is coloured (start-up)', () => {
  const GUEST = path.join(FIXTURES, 'samples/s01-x-guest.txt');
  const LOG_LOADS = path.join(import.meta.dirname, 'support/log-loads.mjs');
  // The built CLI, with stdout and stderr pipes and no NO_COLOR, FORCE_COLOR or TERM but what a row sets.
  it.each<[string, boolean, string[], Record<string, string>]>([
    ['a run that succeeds', false, [GUEST], {}],
    ['an error, into a pipe', false, ['missing.txt'], {}],
    ['an error, FORCE_COLOR=0', false, ['missing.txt'], { FORCE_COLOR: '0' }],
    ['an error, --color never', false, ['--color', 'never', 'missing.txt'], { FORCE_COLOR: '1' }],
    ['postdump check, into a pipe', false, ['check', GUEST], {}],
    ['an error, FORCE_COLOR=1', true, ['missing.txt'], { FORCE_COLOR: '1' }],
    ['an error, --color always', true, ['--color', 'always', 'missing.txt'], {}],
    ['postdump check --color always', true, ['check', '--color', 'always', GUEST], {}],
  ])('%s: chalk loaded %s', (_name, loaded, args, env) => {
    const log = path.join(tempDir(), 'loads.txt');
    const result = spawnSync(process.execPath, ['--import', LOG_LOADS, BIN, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH, LOG_LOADS: log, ...env } });
    expect(result.status, result.stderr).toBe(args.includes('missing.txt') ? 1 : 0);
    const loads = readFileSync(log, 'utf8').split('\n');
    // The log works: the CLI itself is in it.
    expect(loads.some((url) => url.endsWith('/dist/bundle/main.js'))).toBe(true);
    expect(loads.some((url) => url.includes('/node_modules/chalk/'))).toBe(loaded);
  });
});
