import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../src/cli/main.js';
import { PROGRESS_DELAY_MS, formatSeconds } from '../src/cli/progress.js';
import { ROOT } from './support/fixtures.js';

const DUMP = readFileSync(path.join(ROOT, 'fixtures/samples/s01-x-guest.txt'), 'utf8');
const BAR = /postdump [=-]{20} \d+% [01]\/1 inputs, \d+ records, [\d.]+ MB, ETA \S+/;

/**
 * Runs `postdump -` with stdin held open while the (fake) clock moves past the bar's delay: a long run,
 * with no real waiting. stderr claims to be a terminal or not.
 */
async function longRun(stdinText: string, stderrIsTTY: boolean, flags: string[] = []) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  const stdin = new PassThrough();
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: stderrIsTTY, columns: 120 });
  const err: Buffer[] = [];
  stdout.resume();
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const running = run(['-', ...flags], { stdin, stdout, stderr });
  stdin.write(stdinText);
  await vi.advanceTimersByTimeAsync(PROGRESS_DELAY_MS);
  await import('cli-progress'); // the bar loads it when it is first drawn: let that load end
  await vi.advanceTimersByTimeAsync(PROGRESS_DELAY_MS);
  stdin.end();
  const code = await running;
  return { code, stderr: Buffer.concat(err).toString('utf8') };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('progress bar', () => {
  it.each([
    ['on a terminal', true, [], true],
    ['never on a pipe', false, [], false],
    ['never with --quiet', true, ['--quiet'], false],
    ['never with -q', true, ['-q'], false],
  ])('%s', async (_name, isTTY, flags, drawn) => {
    const { code, stderr } = await longRun(DUMP, isTTY, flags);
    expect(code).toBe(0);
    expect(BAR.test(stderr)).toBe(drawn);
  });

  it('is not drawn for a short run, even on a terminal', async () => {
    const stderr = Object.assign(new PassThrough(), { isTTY: true, columns: 120 });
    const err: Buffer[] = [];
    stderr.on('data', (chunk: Buffer) => err.push(chunk));
    const stdout = new PassThrough().resume();
    const stdin = new PassThrough();
    stdin.end(DUMP);
    expect(await run(['-'], { stdin, stdout, stderr })).toBe(0);
    expect(Buffer.concat(err).toString('utf8')).toBe('');
  });

  it('lets messages through while it is drawn, none lost', async () => {
    const { code, stderr } = await longRun('no dump here\n', true);
    expect(code).toBe(1);
    expect(BAR.test(stderr)).toBe(true);
    expect(stripVTControlCharacters(stderr)).toContain('postdump: -: not a dump: no post header in 1 line\n');
  });
});

describe('formatSeconds (the time left on the bar)', () => {
  it.each([
    [4.6, '5s'],
    [59.4, '59s'],
    [125, '2m05s'],
    [3780, '1h03m'],
  ])('%s s → %s', (seconds, text) => {
    expect(formatSeconds(seconds)).toBe(text);
  });
});
