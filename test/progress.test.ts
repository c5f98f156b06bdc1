import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { stripVTControlCharacters } from 'node:util';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { run } from '../src/cli/main.js';
import { PROGRESS_DELAY_MS, formatSeconds } from '../src/cli/progress.js';
import { ROOT } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

const realSetTimeout = globalThis.setTimeout;
const DUMP = readFileSync(path.join(ROOT, 'fixtures/samples/s01-x-guest.txt'), 'utf8');
const BAR = /postdump [=-]{20} \d+% [01]\/1 inputs, \d+ records, [\d.]+ MB, ETA \S+/;

/**
 * Runs `postdump -` with stdin held open while the (fake) clock moves past the bar's delay: a long run,
 * with no real waiting. stderr claims to be a terminal or not.
 */
async function longRun(stdinText: string, stderrIsTTY: boolean, flags: string[] = [], stdoutIsTTY = false) {
  vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] });
  const stdin = new PassThrough();
  const stdout = Object.assign(new PassThrough(), { isTTY: stdoutIsTTY });
  const stderr = Object.assign(new PassThrough(), { isTTY: stderrIsTTY, columns: 120 });
  const err: Buffer[] = [];
  stdout.resume();
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const running = run(['-', ...flags], { stdin, stdout, stderr, env: {} });
  stdin.write(stdinText);
  // Reading stdin and opening a -o file are real I/O, so the bar's timer may start late on a busy
  // machine: move the clock on, giving the I/O some real time, until the bar shows or surely would have.
  for (let i = 0; i < 30 && !BAR.test(Buffer.concat(err).toString('utf8')); i++) {
    await vi.advanceTimersByTimeAsync(PROGRESS_DELAY_MS);
    await import('cli-progress'); // the bar loads it when it is first drawn: let that load end
    await new Promise((resolve) => realSetTimeout(resolve, 20));
  }
  stdin.end();
  const code = await running;
  return { code, stderr: Buffer.concat(err).toString('utf8') };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('progress bar', () => {
  it.each([
    ['on a terminal, records piped', true, [], false, true],
    ['never on a pipe', false, [], false, false],
    ['never with --quiet', true, ['--quiet'], false, false],
    ['never with -q', true, ['-q'], false, false],
    ['never among records on the terminal', true, [], true, false],
    ['with -o, the terminal holding no record', true, ['-o', path.join(tempDir(), 'out.ndjson')], true, true],
  ])('%s', async (_name, stderrIsTTY, flags, stdoutIsTTY, drawn) => {
    const { code, stderr } = await longRun(DUMP, stderrIsTTY, flags, stdoutIsTTY);
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
    expect(await run(['-'], { stdin, stdout, stderr, env: {} })).toBe(0);
    expect(stripVTControlCharacters(Buffer.concat(err).toString('utf8'))).toMatch(/^postdump: 1 record from 1 input, in (\d+ ms|[\dm.]+s)\n$/);
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
