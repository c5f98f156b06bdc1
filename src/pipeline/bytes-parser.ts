import { DumpDecoder, NotTextError } from './decode/decode.js';
import { type DumpPartOptions, type DumpProblem, DumpParser } from './dump-parser.js';
import type { PostRecord } from './record/schema.js';

/** Text is decoded this much at a time: V8 and ICU are much slower on pieces from 128 KiB to 512 KiB. */
export const DECODE_BYTES = 1 << 16;

/** Bytes in pieces of {@link DECODE_BYTES}: whoever hands records on does so after each. */
export function* decodePieces(bytes: Uint8Array): Generator<Uint8Array> {
  for (let at = 0; at < bytes.length; at += DECODE_BYTES) yield bytes.subarray(at, at + DECODE_BYTES);
}

/**
 * The one bytes → records pipeline: a {@link DumpDecoder} (byte order marks, UTF-8 or UTF-16, binary sniff,
 * text in another encoding) feeding a {@link DumpParser} (lines, posts, reconcile, validate). Bytes arrive in
 * any chunks; records come out as soon as each post is whole. Input that is not text ends the input with a
 * problem (the records found before it kept), never records parsed from garbage. Never throws for bad input.
 * Used by the CLI (one input at a time), each part of the two-thread path, and parseDumpBytes.
 */
export class BytesParser {
  private readonly decoder: DumpDecoder;
  private parser: DumpParser | null = null;
  private refused: DumpProblem | null = null;
  private ended = false;

  /** With `part`, the bytes are a part of a UTF-8 file starting at a line (see {@link DumpParser}). */
  constructor(
    readonly source: string,
    private readonly part?: DumpPartOptions,
  ) {
    this.decoder = new DumpDecoder(source, { midFile: part !== undefined });
  }

  /** Feeds the next chunk of bytes; returns the records it completed. */
  push(bytes: Uint8Array): PostRecord[] {
    const records: PostRecord[] = [];
    if (this.refused || this.ended) return records;
    try {
      for (const piece of decodePieces(bytes)) {
        const text = this.decoder.push(piece);
        if (text !== '') for (const record of this.text().push(text)) records.push(record);
      }
    } catch (error) {
      this.refuse(error);
    }
    return records;
  }

  /**
   * Ends the input; returns the last records. Then {@link problems} is final. `last`, the input's last bytes,
   * is pushed first: a small file read whole is decoded without a copy.
   */
  end(last?: Uint8Array): PostRecord[] {
    if (last && last.length > DECODE_BYTES) return [...this.push(last), ...this.end()];
    if (this.refused || this.ended) return [];
    this.ended = true;
    let text: string;
    try {
      text = this.decoder.end(last);
    } catch (error) {
      this.refuse(error);
      return [];
    }
    const parser = this.text();
    return [...parser.push(text), ...parser.end()];
  }

  /** Why the input, or part of it, gave no record; final after {@link end}. */
  get problems(): readonly DumpProblem[] {
    const found = this.parser?.problems ?? [];
    return this.refused ? [...found, this.refused] : found;
  }

  /** See {@link DumpParser.atPostBoundary}. */
  get atPostBoundary(): boolean {
    return this.refused === null && (this.parser?.atPostBoundary ?? false);
  }

  /** True once the bytes were refused as not text (binary, another encoding): nothing more is read. */
  get notText(): boolean {
    return this.refused !== null;
  }

  /** True once this input stopped early: not text, binary, or an internal error. */
  get halted(): boolean {
    return this.refused !== null || (this.parser?.halted ?? false);
  }

  /** The parser, made once the decoder knows the encoding (so whether it sniffed the bytes for binary). */
  private text(): DumpParser {
    this.parser ??= this.part
      ? new DumpParser(this.source, this.part)
      : new DumpParser(this.source, { decoded: { binarySniffed: this.decoder.sniffsBinary } });
    return this.parser;
  }

  private refuse(error: unknown): void {
    if (!(error instanceof NotTextError)) throw error;
    this.refused = { source: this.source, line: null, message: error.message };
  }
}
