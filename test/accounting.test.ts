import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BytesParser, type DumpProblem, type PostRecord, PostRecordSchema, RECORD_KEYS, parseDumpBytes } from '../src/index.js';
import { type PostFile, type WrittenPost, buildFile, postSpec } from './support/post-files.js';

// Every post accounted for (docs/dump-format.md, "Every post is accounted for"), as a property of the parser:
// random files of posts, randomly damaged, checked against what the generator knows it wrote. The CI run is
// quick; POSTDUMP_PROPERTY_RUNS=20000 runs the larger one.
const RUNS = Number(process.env.POSTDUMP_PROPERTY_RUNS ?? 500);

const file = fc.record({
  specs: fc.array(postSpec, { minLength: 1, maxLength: 8 }),
  eol: fc.constantFrom<'\n' | '\r\n'>('\n', '\r\n'),
  /** Where a byte that is not UTF-8 goes, as a fraction of the text; none when null. */
  badByte: fc.option(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { freq: 3 }),
  /** Where the bytes are cut into chunks, as fractions. */
  chunks: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 4 }),
});

/** The record's keys that say which post it is: they must all come from one post, and be that post's. */
const IDENTITY = ['creator_name', 'created_at', 'id'] as const;

/**
 * The file's bytes, with a byte that is not UTF-8 at a character boundary when asked; the number of the
 * line it stands on (null when there is none).
 */
function bytesOf(built: PostFile, badByte: number | null): { bytes: Buffer; badLine: number | null } {
  if (badByte === null) return { bytes: Buffer.from(built.text), badLine: null };
  let at = Math.floor(badByte * built.text.length);
  if (/[\udc00-\udfff]/.test(built.text[at] ?? '')) at--; // not inside a surrogate pair
  const before = built.text.slice(0, at);
  return { bytes: Buffer.concat([Buffer.from(before), Buffer.from([0xff]), Buffer.from(built.text.slice(at))]), badLine: before.split('\n').length };
}

function parseInChunks(bytes: Buffer, cuts: readonly number[]) {
  const parser = new BytesParser('gen.txt');
  const records: PostRecord[] = [];
  let from = 0;
  for (const cut of cuts.map((c) => Math.floor(c * bytes.length)).sort((a, b) => a - b)) {
    records.push(...parser.push(bytes.subarray(from, cut)));
    from = cut;
  }
  records.push(...parser.push(bytes.subarray(from)), ...parser.end());
  return { records, problems: [...parser.problems] };
}

/** Checks what the parser gave against what was written; returns what is wrong, empty when all is well. */
function account(posts: readonly WrittenPost[], records: readonly PostRecord[], problems: readonly DumpProblem[], badLine: number | null): string[] {
  const wrong: string[] = [];
  const postAt = (line: number) => posts.find((post) => post.start <= line && line <= post.end);
  const recordsOf = new Map<WrittenPost, PostRecord[]>();
  let lastLine = 0;
  for (const record of records) {
    // Every record is the contract's, its keys in their order: the parser builds them so, and no run checks them again.
    const checked = PostRecordSchema.safeParse(record);
    if (!checked.success) wrong.push(`record at line ${record.source_line} breaks the schema: ${checked.error.message}`);
    if (Object.keys(record).join() !== RECORD_KEYS.join()) wrong.push(`record at line ${record.source_line} has its keys out of order`);
    if (record.source_line <= lastLine) wrong.push(`records out of file order at line ${record.source_line}`);
    lastLine = record.source_line;
    const post = postAt(record.source_line);
    if (!post) {
      wrong.push(`a record at line ${record.source_line}, where no post stands`);
      continue;
    }
    recordsOf.set(post, [...(recordsOf.get(post) ?? []), record]);
    if (badLine !== null && record.source_line >= badLine) wrong.push(`a record at line ${record.source_line}, from the bad byte's line ${badLine} on`);
    // Whatever the damage, a record's creator, timestamp and id are its own post's, or none.
    for (const key of IDENTITY) {
      if (record[key] !== null && record[key] !== post.record[key]) wrong.push(`record at line ${record.source_line}: ${key} ${record[key]} is not its post's (${post.record[key]})`);
    }
  }
  // A message names a post's lines when it is placed on one of them, or says which line the post starts on
  // (the bad byte's message names the post it leaves open: `nor the post from line 12`).
  const told = (post: WrittenPost) =>
    problems.some((problem) => (problem.line !== null && post.start <= problem.line && problem.line <= post.end) || new RegExp(`from line ${post.start}\\b`).test(problem.message));
  for (const post of posts) {
    const found = recordsOf.get(post) ?? [];
    if (found.length > 1) wrong.push(`post at line ${post.start} gave ${found.length} records`);
    const [record] = found;
    const cutByBadByte = badLine !== null && post.end >= badLine;
    if (cutByBadByte) {
      // It did not end before the bad byte: no record, but for a whole flat copy read before it (said so in a warning).
      if (record && (record.source_line >= badLine || record.warnings.length === 0)) wrong.push(`post at line ${post.start}, cut by the bad byte, gave a whole record`);
      continue;
    }
    // A flat copy alone just before the bad byte's post (blank lines between at most) cannot be told from that
    // post's first copy: both are open when the bad byte comes.
    const next = posts[posts.indexOf(post) + 1];
    const beforeBadPost = badLine !== null && post.spec.copies === 'flat' && next !== undefined && next.end >= badLine && next.spec.before !== 'log';
    if (!post.damaged) {
      if (!record) {
        if (!beforeBadPost) wrong.push(`whole post at line ${post.start} gave no record`);
        continue;
      }
      const { source_file: _file, source_line, warnings, ...fields } = record;
      if (source_line !== post.start) wrong.push(`whole post at line ${post.start}: its record says line ${source_line}`);
      if (JSON.stringify(fields) !== JSON.stringify(post.record)) wrong.push(`whole post at line ${post.start}: ${JSON.stringify(fields)} is not ${JSON.stringify(post.record)}`);
      const oneCopy = post.spec.copies !== 'both';
      if (oneCopy ? warnings.length === 0 : warnings.length > 0) wrong.push(`whole post at line ${post.start}: warnings ${JSON.stringify(warnings)}`);
      if (told(post)) wrong.push(`whole post at line ${post.start} is named in a problem`);
    } else if (record) {
      if (record.warnings.length === 0) wrong.push(`damaged post at line ${post.start} (${post.spec.damage}) gave a record without a warning`);
    } else if (!told(post)) {
      wrong.push(`damaged post at line ${post.start} (${post.spec.damage}) gave no record and no message naming its lines`);
    }
  }
  for (const problem of problems) {
    if (problem.bug) wrong.push(`internal error: ${problem.message}`);
    const about = problem.line === null ? undefined : postAt(problem.line);
    const ok = problem.line !== null && (problem.line === badLine || (about?.damaged && (badLine === null || problem.line < badLine)));
    if (!ok) wrong.push(`a problem not about a damaged post or the bad byte: line ${problem.line}: ${problem.message}`);
  }
  if (badLine !== null && !problems.some((problem) => problem.line === badLine && problem.message.startsWith('not UTF-8 text'))) {
    wrong.push(`no problem names the bad byte's line ${badLine}`);
  }
  return wrong;
}

describe('every post accounted for', () => {
  it(`random files of posts, randomly damaged: each whole post gives its own record, each damaged one a record with a warning or a message naming its lines (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(file, ({ specs, eol, badByte, chunks }) => {
        const built = buildFile(specs, eol);
        const { bytes, badLine } = bytesOf(built, badByte);
        const { records, problems } = parseDumpBytes(bytes, 'gen.txt');
        expect(account(built.posts, records, problems, badLine)).toEqual([]);
        // However the bytes arrive.
        expect(parseInChunks(bytes, chunks)).toEqual({ records, problems });
      }),
      { numRuns: RUNS },
    );
  });

  it.each([
    ['a line copy without its /post/ line, then a line copy without a flat copy', [{ copies: 'line', damage: 'lostPostId' }, { copies: 'line' }]],
    ['a header without its count between whole posts', [{ copies: 'line' }, { copies: 'line', damage: 'missingCount' }, { copies: 'line' }]],
    ['a line copy without its Created: line between whole posts', [{ copies: 'line' }, { copies: 'line', damage: 'lostCreated' }, { copies: 'both' }]],
    ['a flat copy cut in its header, alone, between whole posts', [{ copies: 'both' }, { copies: 'flat', damage: 'cutFlatCopy', at: 0 }, { copies: 'line' }]],
  ] as const)('%s', (_name, posts) => {
    const specs = posts.map((given) => ({
      ...fc.sample(postSpec, { numRuns: 1, seed: 7 })[0]!,
      guest: false,
      sharedCreator: false,
      before: 'none' as const,
      damage: 'none' as const,
      at: 0.5,
      ...given,
    }));
    const built = buildFile(specs, '\n');
    const { records, problems } = parseDumpBytes(Buffer.from(built.text), 'gen.txt');
    expect(account(built.posts, records, problems, null)).toEqual([]);
  });
});
