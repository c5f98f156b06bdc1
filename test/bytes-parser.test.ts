import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BytesParser, type PostRecord, parseDumpBytes } from '../src/index.js';
import { fixturePairs, ROOT } from './support/fixtures.js';

/** Every fixture, valid or not (UTF-16, binary, Latin-1, empty...): the pipeline must not care how bytes are cut. */
const DUMPS = fixturePairs().map(({ dump }) => ({ dump, bytes: readFileSync(path.join(ROOT, dump)) }));

/** Feeds the bytes to one BytesParser cut at these offsets. */
function parseInChunks(bytes: Uint8Array, source: string, cuts: readonly number[]) {
  const parser = new BytesParser(source);
  const records: PostRecord[] = [];
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    records.push(...parser.push(bytes.subarray(at, cut)));
    at = cut;
  }
  records.push(...parser.push(bytes.subarray(at)));
  records.push(...parser.end());
  return { records, problems: [...parser.problems] };
}

describe('BytesParser: the one bytes → records pipeline', () => {
  it.each(DUMPS)('$dump gives the same records and problems byte by byte as whole', ({ dump, bytes }) => {
    const everyByte = Array.from({ length: bytes.length }, (_, i) => i);
    expect(parseInChunks(bytes, dump, everyByte)).toEqual(parseDumpBytes(bytes, dump));
  });

  it('gives the same records and problems however the bytes are cut', () => {
    fc.assert(
      fc.property(fc.constantFrom(...DUMPS), fc.array(fc.nat(), { maxLength: 12 }), ({ dump, bytes }, offsets) => {
        const cuts = offsets.map((offset) => offset % (bytes.length + 1));
        expect(parseInChunks(bytes, dump, cuts)).toEqual(parseDumpBytes(bytes, dump));
      }),
      { numRuns: 200 },
    );
  });

  it('says nothing more once ended', () => {
    const parser = new BytesParser('x.txt');
    parser.end();
    expect(parser.push(DUMPS[0]!.bytes)).toEqual([]);
    expect(parser.end()).toEqual([]);
  });
});
