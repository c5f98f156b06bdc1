import { describe, expect, it } from 'vitest';
import { DumpDecoder, NotTextError, decodeDump } from '../src/pipeline/decode/decode.js';

const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p))));

const LATIN1_HINT = '; if it is Latin-1, convert it: iconv -f latin1 -t UTF-8 FILE > FILE.utf8.txt';

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
    ['Latin-1 é at offset 3', bytes('caf', [0xe9], ' au lait'), `not UTF-8 text (an invalid byte at offset 3)${LATIN1_HINT}`],
    ['a lone continuation byte at offset 0', bytes([0x80], 'abc'), `not UTF-8 text (an invalid byte at offset 0)${LATIN1_HINT}`],
    ['a character cut at the end', bytes('ab', [0xe6, 0x97]), `not UTF-8 text (it ends inside a character)${LATIN1_HINT}`],
    ['a character cut by ASCII', bytes('ab', [0xe6, 0x97], 'x'), `not UTF-8 text (an invalid byte at offset 2)${LATIN1_HINT}`],
    ['one continuation byte too many', bytes('a', [0xc3, 0xa9, 0xa9]), `not UTF-8 text (an invalid byte at offset 3)${LATIN1_HINT}`],
    ['an overlong lead byte', bytes('ab', [0xc0, 0x80]), `not UTF-8 text (an invalid byte at offset 2)${LATIN1_HINT}`],
    ['a lone 0xFF (not a byte order mark)', bytes([0xff]), `not UTF-8 text (an invalid byte at offset 0)${LATIN1_HINT}`],
    [
      'UTF-16LE without a byte order mark',
      Buffer.from('Ann @ann on x 5 followers', 'utf16le'),
      `UTF-16 text without a byte order mark (a NUL at every other byte); convert it: iconv -f UTF-16LE -t UTF-8 FILE > FILE.utf8.txt`,
    ],
    [
      'UTF-16BE without a byte order mark',
      Buffer.from('Ann @ann', 'utf16le').swap16(),
      `UTF-16 text without a byte order mark (a NUL at every other byte); convert it: iconv -f UTF-16BE -t UTF-8 FILE > FILE.utf8.txt`,
    ],
    [
      'UTF-16LE with an odd trailing byte',
      bytes([0xff, 0xfe, 0x41, 0, 0x42]),
      'not UTF-16LE text, though it opens with a UTF-16LE byte order mark (it ends inside a character: an odd number of bytes, or a lone surrogate)',
    ],
    [
      'UTF-16BE ending in half a surrogate pair',
      bytes([0xfe, 0xff, 0, 0x41, 0xd8, 0x3d]),
      'not UTF-16BE text, though it opens with a UTF-16BE byte order mark (it ends inside a character: an odd number of bytes, or a lone surrogate)',
    ],
    [
      'UTF-16LE with a lone low surrogate',
      bytes([0xff, 0xfe, 0x41, 0, 0x00, 0xdc, 0x41, 0]),
      'not UTF-16LE text, though it opens with a UTF-16LE byte order mark (a lone surrogate in the bytes from offset 0)',
    ],
  ])('refuses %s', (_name, input, message) => {
    expect(() => decodeDump(input)).toThrow(NotTextError);
    expect(() => decodeDump(input)).toThrow(message);
  });

  it.each([
    ['a plain name', 'notes/old.txt', 'iconv -f latin1 -t UTF-8 notes/old.txt > notes/old.utf8.txt'],
    ['a name with a space and a quote', "it's here.txt", "iconv -f latin1 -t UTF-8 'it'\\''s here.txt' > 'it'\\''s here.utf8.txt'"],
    ['a name without .txt', 'dump', 'iconv -f latin1 -t UTF-8 dump > dump.utf8.txt'],
    ['stdin', '-', 'iconv -f latin1 -t UTF-8 FILE > FILE.utf8.txt'],
  ])('names the input in the iconv hint: %s', (_name, name, command) => {
    expect(() => decodeDump(bytes([0xe9]), name)).toThrow(`convert it: ${command}`);
  });

  const TEXT = 'Ann 🌸 @ann on x [----] followers\nCreated: 2026-01-01 00:00:00 UTC\n日本\u2028x\n';
  const utf16 = (order: 'le' | 'be') => {
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(TEXT, 'utf16le')]);
    return order === 'le' ? le : Buffer.from(le).swap16();
  };

  it.each(['le', 'be'] as const)('decodes UTF-16%s with a byte order mark, the mark dropped', (order) => {
    expect(decodeDump(utf16(order))).toBe(TEXT);
  });

  it.each(['le', 'be'] as const)('decodes UTF-16%s cut into chunks at every byte: inside the mark, a code unit, a surrogate pair', (order) => {
    const input = utf16(order);
    for (let size = 1; size <= 5; size++) {
      const decoder = new DumpDecoder();
      let text = '';
      for (let at = 0; at < input.length; at += size) text += decoder.push(input.subarray(at, at + size));
      expect(text + decoder.end()).toBe(TEXT);
    }
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

  it.each([1, 2, 3, 5, 4096])('decodes UTF-8 cut into chunks of %i bytes, inside characters and past the sniffed start', (size) => {
    const text = `${'x'.repeat(7990)}${TEXT.repeat(20)}\uFEFF🌸`;
    const input = bytes(text);
    const decoder = new DumpDecoder();
    let out = '';
    for (let at = 0; at < input.length; at += size) out += decoder.push(input.subarray(at, at + size));
    expect(out + decoder.end()).toBe(text);
  });

  it.each([
    ['the file opens with two marks: only the first is dropped', [bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], 'a')], '\uFEFFa'],
    ['a U+FEFF that opens a later chunk is text', [bytes('x'.repeat(9000)), bytes([0xef, 0xbb, 0xbf, 0xef, 0xbb, 0xbf], 'a')], `${'x'.repeat(9000)}\uFEFF\uFEFFa`],
    ['a U+FEFF split across chunks is text', [bytes('x'.repeat(9000), [0xef]), bytes([0xbb, 0xbf], 'a')], `${'x'.repeat(9000)}\uFEFFa`],
  ])('keeps U+FEFF as text but for the byte order mark: %s', (_name, chunks, text) => {
    const decoder = new DumpDecoder();
    expect(chunks.map((chunk) => decoder.push(chunk)).join('') + decoder.end()).toBe(text);
  });

  it('keeps a U+FEFF that opens a part of a file (no byte order mark there)', () => {
    const decoder = new DumpDecoder('FILE', { midFile: true });
    expect(decoder.push(bytes([0xef, 0xbb, 0xbf], 'a')) + decoder.end()).toBe('\uFEFFa');
  });

  it('lets a NUL past the first 8,000 bytes through (only the start is sniffed)', () => {
    expect(decodeDump(bytes('a'.repeat(8000), [0]))).toHaveLength(8001);
  });
});
