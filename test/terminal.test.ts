import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { FIXTURES } from './support/fixtures.js';
import { runOnTerminal } from './support/pty.js';

// These run the built CLI on real pseudo-terminals: the rules hang on what isatty() says.
const ESC = '\u001b';
const MISSING = 'missing.txt';
const RED_ERROR = `${ESC}[31mpostdump: missing.txt: no such file or directory${ESC}[39m\n`;
const PLAIN_ERROR = 'postdump: missing.txt: no such file or directory\n';
const GUEST = path.join(FIXTURES, 'samples/s01-x-guest.txt');
const DUMP = readFileSync(GUEST, 'utf8');
const BAR = /postdump [=-]{20} \d+% [01]\/1 inputs/;

describe('colour on a real terminal', () => {
  it.each<[string, ('stdout' | 'stderr')[], Record<string, string>, string[], string]>([
    ['stderr a terminal: coloured', ['stderr'], {}, [], RED_ERROR],
    ['NO_COLOR=1: plain', ['stderr'], { NO_COLOR: '1' }, [], PLAIN_ERROR],
    ['TERM=dumb: plain', ['stderr'], { TERM: 'dumb' }, [], PLAIN_ERROR],
    ['FORCE_COLOR=0: plain', ['stderr'], { FORCE_COLOR: '0' }, [], PLAIN_ERROR],
    ['NO_COLOR empty is not set: coloured', ['stderr'], { NO_COLOR: '' }, [], RED_ERROR],
    ['--color never: plain', ['stderr'], { FORCE_COLOR: '1' }, ['--color', 'never'], PLAIN_ERROR],
    ['stderr a pipe: plain', ['stdout'], {}, [], PLAIN_ERROR],
    ['FORCE_COLOR=1 into a pipe, for CI logs: coloured', [], { FORCE_COLOR: '1' }, [], RED_ERROR],
    ['--color always into a pipe: coloured', [], { NO_COLOR: '1' }, ['--color', 'always'], RED_ERROR],
  ])('%s', (_name, tty, env, flags, firstLine) => {
    const { code, stderr } = runOnTerminal([...flags, MISSING], { tty, env });
    expect(code).toBe(1);
    expect(`${stderr.split('\n')[0]}\n`).toBe(firstLine);
  });

  it('never colours records on stdout, even when forced', () => {
    const { code, stdout } = runOnTerminal(['--color', 'always', '--fields', 'id,creator_name', GUEST], { tty: ['stdout', 'stderr'], env: { FORCE_COLOR: '3' } });
    expect([code, stdout]).toEqual([0, '{"id":"tweet::1967301234567890123","creator_name":"msantos_dev"}\n']);
  });

  it.each<[string, ('stdout' | 'stderr')[], Record<string, string>, string]>([
    ['stdout a terminal: the check report is coloured', ['stdout'], {}, `${ESC}[32mok  ${ESC}[39m ${GUEST}\n1 passed, 0 failed\n`],
    ['NO_COLOR: plain', ['stdout'], { NO_COLOR: '1' }, `ok   ${GUEST}\n1 passed, 0 failed\n`],
    ['stdout a pipe, stderr a terminal: plain', ['stderr'], {}, `ok   ${GUEST}\n1 passed, 0 failed\n`],
  ])('%s', (_name, tty, env, report) => {
    const { code, stdout } = runOnTerminal(['check', GUEST], { tty, env });
    expect([code, stdout]).toEqual([0, report]);
  });
});

describe('the progress bar and the summary line on a real terminal', () => {
  // Part of the dump now, the rest after 4 s: a run long enough for the bar.
  const slowly: [number, string][] = [
    [0, DUMP.slice(0, 200)],
    [4, DUMP.slice(200)],
  ];

  it('draws the bar when stderr is a terminal and stdout is not; ends with the summary line', () => {
    const { code, stdout, stderr } = runOnTerminal(['-', '--fields', 'id'], { tty: ['stderr'], stdin: slowly });
    expect([code, stdout]).toEqual([0, '{"id":"tweet::1967301234567890123"}\n']);
    expect(stderr).toMatch(BAR);
    expect(stderr).toMatch(/postdump: 1 record from 1 input, in [\dm.]+s\u001b\[22m\n$/);
  });

  it('draws no bar among records on the terminal', () => {
    const { code, stdout, stderr } = runOnTerminal(['-', '--fields', 'id'], { tty: ['stdout', 'stderr'], stdin: slowly });
    expect([code, stdout]).toEqual([0, '{"id":"tweet::1967301234567890123"}\n']);
    expect(stderr).not.toMatch(BAR);
    expect(stderr).toMatch(/^\u001b\[2mpostdump: 1 record from 1 input, in [\dm.]+s\u001b\[22m\n$/);
  });

  it('says nothing on success when stderr is a pipe', () => {
    const { code, stderr } = runOnTerminal([GUEST], { tty: ['stdout'] });
    expect([code, stderr]).toEqual([0, '']);
  });
});
