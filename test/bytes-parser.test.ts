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

  it.each(DUMPS)('$dump gives the same records and problems handed whole to end() (a small file read whole)', ({ dump, bytes }) => {
    const whole = new BytesParser(dump);
    const records = whole.end(Buffer.from(bytes));
    expect({ records, problems: [...whole.problems] }).toEqual(parseDumpBytes(bytes, dump));
    // Its last bytes only, after the rest was pushed; and past the size decoded at once (pushed in pieces).
    const cut = bytes.length >> 1;
    const last = new BytesParser(dump);
    const lastRecords = [...last.push(bytes.subarray(0, cut)), ...last.end(bytes.subarray(cut))];
    expect({ records: lastRecords, problems: [...last.problems] }).toEqual(parseDumpBytes(bytes, dump));
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
