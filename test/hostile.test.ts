import { once } from 'node:events';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it, onTestFinished } from 'vitest';
import { HOSTILE } from '../bench/hostile.mjs';
import { parseDump } from '../src/index.js';
import { LineSplitter, MAX_LINE_CHARS } from '../src/pipeline/decode/lines.js';
import { LINE_WEIGHT, MAX_LINE_COPY_CHARS, MAX_NOTES, PostSplitter } from '../src/pipeline/split/split-posts.js';

interface Parsed {
  records: { topics: number; distinctTopics: string[]; warnings: string[] }[];
  problems: { message: string; bug: boolean }[];
}

/**
 * 12 million characters: linear parsing takes a fraction of a second; quadratic work (a backtracking
 * regular expression, an `unshift` per topic) takes minutes. The parse runs in a worker, so the test
 * timeout can end it: no timing is asserted, a test fails only by not finishing.
 */
const SIZE = 12_000_000;

async function parseInWorker(name: string, size: number): Promise<Parsed> {
  const worker = new Worker(path.join(import.meta.dirname, 'support/hostile-worker.mjs'), { workerData: { name, size } });
  onTestFinished(() => void worker.terminate());
  const [parsed] = (await once(worker, 'message')) as [Parsed];
  return parsed;
}

describe('hostile single lines of many megabytes', () => {
  it.each(Object.keys(HOSTILE as object))('%s: parsed to its end, no internal error', async (name) => {
    // The many-line case costs more per character; a quarter is still far past quadratic reach.
    const { records, problems } = await parseInWorker(name, name.includes('line copy') ? SIZE / 4 : SIZE);
    expect(problems.filter((p) => p.bug)).toEqual([]);
    expect(records.length + problems.length).toBeGreaterThan(0);
  });

  it('a flat copy with 850,000 topic links keeps them all', async () => {
    const { records } = await parseInWorker('a flat copy with a run of topic links', SIZE);
    expect(records).toEqual([{ topics: Math.floor(SIZE / 14), distinctTopics: ['t'], warnings: expect.any(Array) }]);
  });
});

describe('a line longer than MAX_LINE_CHARS', () => {
  it('is cut there, the rest dropped up to its end, and the next line still read', () => {
    const splitter = new LineSplitter();
    const piece = 'x'.repeat(1 << 20);
    const got = [];
    for (let i = 0; i < MAX_LINE_CHARS / piece.length + 3; i++) got.push(...splitter.push(piece));
    got.push(...splitter.push('\nnext\n'), ...splitter.end());
    expect(got.map((line) => [line.no, line.text.length])).toEqual([
      [1, MAX_LINE_CHARS],
      [2, 4],
    ]);
  });

  it('makes an overlong flat copy a cut-off copy: a record with a warning, not a crash', () => {
    const flat = `Ann [@ann](/creator/twitter/ann) on x 5 followers Created: 2025-01-01 00:00:00 UTC ${'word '.repeat(MAX_LINE_CHARS / 4)}  5 engagements [Post Link](https://x.com/a/status/1)`;
    const { records } = parseDump(flat, 'long.txt');
    expect(records).toHaveLength(1);
    expect(records[0]?.post_link).toBeNull();
    expect(records[0]?.warnings).toEqual(['only the flat copy was saved: id and post_type are unknown', 'flat copy cut off (line 1): it has no [Post Link] at its end', 'missing engagements']);
  });
});

describe('what the splitter holds stays bounded', () => {
  it('a line copy of many short lines is taken as cut off: each line costs more than its characters', () => {
    const lines = ['Ann @ann on x 5 followers', 'Created: 2025-01-01 00:00:00 UTC'];
    const bodyLines = Math.ceil(MAX_LINE_COPY_CHARS / (1 + LINE_WEIGHT)) + 10;
    for (let i = 0; i < bodyLines; i++) lines.push('w');
    lines.push('5 engagements', '/post/tweet::1');
    const { records } = parseDump(lines.join('\n'), 'short-lines.txt');
    expect(records[0]?.warnings).toContain('line copy cut off (line 1): it has no /post/ line');
    expect(records[0]?.body.length).toBeLessThan(bodyLines * 2);
  });

  it('names the lines after a would-be post up to its last part as one run', () => {
    const splitter = new PostSplitter();
    ['Ann @ann on x 5 followers', 'text', '5 engagements', '/post/tweet::1', 'log line'].forEach((text, i) => splitter.push({ no: i + 1, text }));
    splitter.end();
    expect(splitter.takeLost()).toEqual([{ line: 1, message: 'a header line with no `Created:` line after it; lines 1–4 give no record' }]);
  });

  it(`names the first ${MAX_NOTES} would-be posts, and counts the others, however many the text holds`, () => {
    const splitter = new PostSplitter();
    for (let no = 1; no <= 10 * MAX_NOTES; no++) splitter.push({ no, text: 'Ann @ann on x 5 followers' });
    splitter.end();
    const lost = splitter.takeLost();
    expect(lost).toHaveLength(MAX_NOTES + 1);
    expect(lost[0]).toEqual({ line: 1, message: 'a header line with no `Created:` line after it; it gives no record' });
    expect(lost.at(-1)).toEqual({ line: MAX_NOTES + 1, message: `and ${9 * MAX_NOTES} more runs of lines like these, not named one by one` });
  });

  it(`names the first ${MAX_NOTES} runs of lost lines, and counts the others, however many the text holds`, () => {
    const splitter = new PostSplitter();
    const lost: unknown[] = [];
    let no = 0;
    for (let i = 0; i < 10 * MAX_NOTES; i++) {
      for (const text of ['/post/tweet::1', 'A a [@a](/creator/twitter/a) on x 5 followers Created: 2026-01-01 00:00:00 UTC hi  7 engagements [Post Link](https://x.com/a/status/9)']) {
        splitter.push({ no: ++no, text });
      }
      lost.push(...splitter.takeLost());
    }
    splitter.end();
    lost.push(...splitter.takeLost());
    expect(lost).toHaveLength(MAX_NOTES + 1);
    expect(lost[0]).toEqual({ line: 1, message: 'a `/post/` line outside any post; it gives no record' });
    expect(lost.at(-1)).toEqual({ line: 2 * MAX_NOTES + 1, message: `and ${9 * MAX_NOTES} more runs of lines like these, not named one by one` });
  });
});
