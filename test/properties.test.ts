import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BANNER, generatePost, makeRng } from '../bench/generate.mjs';
import { DumpDecoder, DumpParser, NotTextError, type PostRecord, PostRecordSchema, parseDump } from '../src/index.js';
import { runCli } from './support/cli.js';
import { fixturePairs, ROOT } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

// Modest run counts keep the suite quick; 20,000 runs of each found nothing more when this was written.

/** Every fixture, as bytes, and a few generated posts: the texts that mutations start from. */
const rng = makeRng(11);
const BASES: Buffer[] = [...fixturePairs().map(({ dump }) => readFileSync(path.join(ROOT, dump))), ...Array.from({ length: 4 }, () => Buffer.from((generatePost(rng) as { text: string }).text))];

/** What a dump's lines are made of, to build random texts that look like dumps in part. */
const FRAGMENT = fc.oneof(
  fc.constantFrom(
    BANNER,
    'Ann @ann on x 5 followers',
    'Ann @ann on x XXX followers',
    'Created: 2025-01-01 00:00:00 UTC',
    'Created: 2025-02-30 25:61:61 UTC',
    '12,345 engagements',
    'XXXX engagements',
    '[-------] engagements',
    'Ann @ann on x [----] followers',
    `${BANNER}  Ann [@ann](/creator/twitter/ann) on x 12K`,
    'Ann [@ann](/creator/twitter/ann) on x',
    '# Bitcoin',
    '| --- | --- |',
    'A\u2028B @ann on x 5 followers',
    'Related Topics',
    'Related Topics a b',
    '/post/tweet::1',
    '/post/::',
    'Ann [@ann](/creator/twitter/ann) on x 5 followers Created: 2025-01-01 00:00:00 UTC hi  5 engagements [Post Link](u)',
    'Ann [@ann](/creator/twitter/ann) on x 5 followers Created: 2025-01-01 00:00:00 UTC',
    '**Related Topics** [a](/topic/a) [Post Link](https://x.com)',
    '',
    '   ',
  ),
  fc.string({ maxLength: 40, unit: 'grapheme' }),
  fc.string({ maxLength: 20, unit: 'binary' }),
);
const DUMPISH = fc.tuple(fc.array(FRAGMENT, { maxLength: 30 }), fc.constantFrom('\n', '\r\n')).map(([lines, eol]) => lines.join(eol));

/** A mutation of a dump's bytes, as scraped folders hold them. */
const MUTATION = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), xor: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('shuffle' as const), seed: fc.integer() }),
  fc.record({ kind: fc.constant('nuls' as const), at: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 4 }) }),
  fc.record({ kind: fc.constant('duplicateHalf' as const), first: fc.boolean() }),
);
type Mutation = typeof MUTATION extends fc.Arbitrary<infer T> ? T : never;

function mutate(bytes: Buffer, m: Mutation): Buffer {
  const index = (f: number) => Math.min(bytes.length, Math.floor(f * bytes.length));
  switch (m.kind) {
    case 'truncate':
      return bytes.subarray(0, index(m.at));
    case 'flip': {
      const copy = Buffer.from(bytes);
      const i = Math.min(copy.length - 1, index(m.at));
      if (i >= 0) copy[i] = (copy[i] ?? 0) ^ m.xor;
      return copy;
    }
    case 'shuffle': {
      const lines = bytes.toString('latin1').split('\n');
      const r = makeRng(m.seed);
      for (let i = lines.length - 1; i > 0; i--) {
        const j = Math.floor(r() * (i + 1));
        [lines[i], lines[j]] = [lines[j] as string, lines[i] as string];
      }
      return Buffer.from(lines.join('\n'), 'latin1');
    }
    case 'nuls': {
      const cuts = m.at.map(index).sort((a, b) => a - b);
      const parts: Buffer[] = [];
      let from = 0;
      for (const cut of cuts) {
        parts.push(bytes.subarray(from, cut), Buffer.from([0]));
        from = cut;
      }
      parts.push(bytes.subarray(from));
      return Buffer.concat(parts);
    }
    case 'duplicateHalf': {
      const half = bytes.length >> 1;
      return m.first ? Buffer.concat([bytes.subarray(0, half), bytes]) : Buffer.concat([bytes, bytes.subarray(half)]);
    }
  }
}

/** Decodes and parses bytes as the CLI does: either NotTextError, or records and problems. */
function parseBytes(bytes: Buffer) {
  const decoder = new DumpDecoder();
  let text: string;
  try {
    text = decoder.push(bytes) + decoder.end();
  } catch (error) {
    if (error instanceof NotTextError) return null;
    throw error;
  }
  const parser = new DumpParser('mutated.txt');
  const records = [...parser.push(text), ...parser.end()];
  return { records, problems: parser.problems };
}

/** No throw (parseDump never throws by contract), no internal error, every record valid, never silent. */
function expectSound(result: { records: readonly unknown[]; problems: readonly { bug?: Error }[] }) {
  expect(result.problems.filter((p) => p.bug)).toEqual([]);
  for (const record of result.records) expect(PostRecordSchema.safeParse(record).success).toBe(true);
  expect(result.records.length + result.problems.length).toBeGreaterThan(0);
}

describe('properties', () => {
  it('random text: parsed without error, every record valid, an input with no record says why', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 300, unit: 'grapheme' }), DUMPISH), (text) => {
        expectSound(parseDump(text, 'random.txt'));
      }),
      { numRuns: 300 },
    );
  });

  it('mutated fixtures (cut, flipped bytes, shuffled lines, NULs, a half twice): refused as not text, or parsed soundly', () => {
    fc.assert(
      fc.property(fc.constantFrom(...BASES), MUTATION, (bytes, m) => {
        const result = parseBytes(mutate(bytes, m));
        if (result) expectSound(result);
      }),
      { numRuns: 300 },
    );
  });

  it('generated posts, back to back or apart, LF or CRLF: each gives exactly its record, on its line', () => {
    const POSTS = fc.array(fc.integer({ min: 1, max: 2 ** 31 - 1 }), { minLength: 1, maxLength: 5 });
    fc.assert(
      fc.property(POSTS, fc.constantFrom('\n', '\n\n', '\n\n\n'), fc.constantFrom('\n', '\r\n'), (seeds, gap, eol) => {
        const posts = seeds.map((seed) => generatePost(makeRng(seed)) as { text: string; record: Record<string, unknown> });
        const want = [];
        let line = 1;
        for (const post of posts) {
          want.push({ ...post.record, source_file: 'gen.txt', source_line: line });
          line += post.text.split('\n').length + gap.length - 1;
        }
        const text = posts
          .map((p) => p.text)
          .join(gap)
          .replaceAll('\n', eol);
        const { records, problems } = parseDump(text, 'gen.txt');
        expect(problems).toEqual([]);
        expect(records).toEqual(want);
      }),
      { numRuns: 300 },
    );
  });

  it('a post rendered with X masks, bracket masks or real numbers gives the same record, but for the counts and scrambled', () => {
    const COUNTS = ['creator_followers', 'engagements', 'scrambled'];
    const rest = (record: Record<string, unknown>) => Object.fromEntries(Object.entries(record).filter(([key]) => !COUNTS.includes(key)));
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const [xs, dashes, real] = [{ mask: 'x' }, { mask: 'dashes' }, { reveal: true }].map((how) => {
          const post = generatePost(makeRng(seed), how) as { text: string; record: Record<string, unknown> };
          const { records, problems } = parseDump(post.text, 'gen.txt');
          expect(problems).toEqual([]);
          expect(records).toEqual([{ ...post.record, source_file: 'gen.txt', source_line: 1 }]);
          return records[0] as unknown as Record<string, unknown>;
        }) as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
        expect(dashes).toEqual(xs);
        expect(rest(real)).toEqual(rest(xs));
        expect(real.scrambled).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('any text without LF or CR in a display name and body lines survives unchanged, in either copy or both', () => {
    // Characters that trip regular expressions and trimming, among any others.
    const NASTY = ['\u2028', '\u2029', '\u0085', '\u00a0', '\u200b', '\ufeff', '\u200f', '\t', ' ', '@', ' on ', '[--]', 'XX', ' followers', ' engagements', ']', '('];
    const TEXT = fc
      .array(fc.oneof(fc.constantFrom(...NASTY), fc.string({ maxLength: 6, unit: 'grapheme' })), { minLength: 1, maxLength: 8 })
      .map((parts) => parts.join('').replace(/[\r\n]/g, ''))
      // A line's trailing spaces and tabs are padding, not text; a name is not blank and has no padding.
      .filter((text) => !/[ \t]$/.test(text));
    const NAME = TEXT.filter((text) => text.trim() !== '' && text === text.trim());
    const LINE = TEXT;
    fc.assert(
      fc.property(NAME, fc.array(LINE, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.constantFrom('both', 'flat', 'lines'), (name, body, guest, copies) => {
        const banner = guest ? `${BANNER}  ` : '';
        const flat = `${banner}${name} [@ann](/creator/twitter/ann) on x 5 followers Created: 2026-01-01 00:00:00 UTC ${body.join(' ')}  7 engagements [Post Link](https://x.com/ann/status/1)`;
        const lines = [...(guest ? [BANNER] : []), `${name} @ann on x 5 followers`, 'Created: 2026-01-01 00:00:00 UTC', ...body, '7 engagements', '/post/tweet::1'];
        const text = ['saved by the scraper', ...(copies === 'lines' ? [] : [flat]), ...(copies === 'flat' ? [] : lines)].join('\n');
        const { records, problems } = parseDump(text, 'unicode.txt');
        expect(problems).toEqual([]);
        expect(records).toHaveLength(1);
        const record = records[0] as PostRecord;
        expect(record.creator_display_name).toBe(name);
        expect(record.body).toBe(copies === 'flat' ? body.join(' ') : body.join('\n'));
        expect(record.warnings.filter((w) => w.startsWith('copies disagree'))).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('a CLI run over a folder of mutated dumps: each file gives records or is named in an error', async () => {
    const dir = tempDir('postdump-mutated-');
    const samples = fc.sample(fc.tuple(fc.constantFrom(...BASES), MUTATION), { numRuns: 40, seed: 42 });
    const names = samples.map(([bytes, m], i) => {
      const name = path.join(dir, `m${String(i).padStart(2, '0')}-${m.kind}.txt`);
      writeFileSync(name, mutate(bytes, m));
      return name;
    });
    const { code, stdout, stderr } = await runCli([dir]);
    expect(code).not.toBe(3);
    expect(stderr).not.toContain('internal error');
    const gave = new Set(
      stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { source_file: string }).source_file),
    );
    const silent = names.filter((name) => !gave.has(name) && !stderr.includes(`postdump: ${name}:`));
    expect(silent).toEqual([]);
  });
});
