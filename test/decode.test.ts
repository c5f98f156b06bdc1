import { describe, expect, it } from 'vitest';
import { DumpDecoder, NotTextError, decodeDump } from '../src/input/decode.js';

const bytes = (...parts: (string | number[])[]) =>
  Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

describe('decodeDump', () => {
  it.each([
    ['plain text', bytes('abc'), 'abc'],
    ['a BOM is dropped', bytes([0xef, 0xbb, 0xbf], 'abc'), 'abc'],
    ['multi-byte characters', bytes('Tromsø 🌸 日本'), 'Tromsø 🌸 日本'],
  ])('%s', (_name, input, text) => {
    expect(decodeDump(input)).toBe(text);
  });

  it.each([
    ['a NUL near the start', bytes('ab', [0], 'cd'), 'binary file (NUL byte at offset 2)'],
    ['Latin-1 é at offset 3', bytes('caf', [0xe9], ' au lait'), 'not UTF-8 text (an invalid byte at offset 3)'],
    ['a lone continuation byte at offset 0', bytes([0x80], 'abc'), 'not UTF-8 text (an invalid byte at offset 0)'],
    ['a character cut at the end', bytes('ab', [0xe6, 0x97]), 'not UTF-8 text (it ends inside a character)'],
    ['a character cut by ASCII', bytes('ab', [0xe6, 0x97], 'x'), 'not UTF-8 text (an invalid byte at offset 2)'],
    ['one continuation byte too many', bytes('a', [0xc3, 0xa9, 0xa9]), 'not UTF-8 text (an invalid byte at offset 3)'],
    ['an overlong lead byte', bytes('ab', [0xc0, 0x80]), 'not UTF-8 text (an invalid byte at offset 2)'],
  ])('refuses %s', (_name, input, message) => {
    expect(() => decodeDump(input)).toThrow(new NotTextError(message));
  });

  it('names the offset of a bad byte in a later chunk, counted from the start of the input', () => {
    const decoder = new DumpDecoder();
    decoder.push(bytes('x'.repeat(100_000)));
    expect(() => decoder.push(bytes('abcdefg', [0xff]))).toThrow('not UTF-8 text (an invalid byte at offset 100007)');
  });

  it('decodes a character split across chunks', () => {
    const decoder = new DumpDecoder();
    const snow = Buffer.from('☃', 'utf8');
    expect(decoder.push(snow.subarray(0, 1)) + decoder.push(snow.subarray(1)) + decoder.end()).toBe('☃');
  });

  it('lets a NUL past the first 8,000 bytes through (only the start is sniffed)', () => {
    expect(decodeDump(bytes('a'.repeat(8000), [0]))).toHaveLength(8001);
  });
});
