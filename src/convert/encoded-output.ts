/**
 * Output text encoded as it comes into one growing buffer of its own (not from Node's shared pool: its
 * memory is handed over to the main thread). Each record's string dies young: holding them all, then
 * joining, costs the garbage collector more than the parsing.
 */
export class EncodedOutput {
  private buffer: Buffer;
  private used = 0;

  /** `spare`: buffers the main thread handed back, used again before a new one is made. */
  constructor(capacity: number, spare: ArrayBuffer[] = []) {
    const reused = spare.pop();
    this.buffer = reused ? Buffer.from(reused) : Buffer.allocUnsafeSlow(Math.max(Math.ceil(capacity), 1 << 12));
  }

  write(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8.
    if (text.length * 3 > this.buffer.length - this.used) {
      const grown = Buffer.allocUnsafeSlow(Math.max(this.buffer.length * 2, this.used + text.length * 3));
      this.buffer.copy(grown, 0, 0, this.used);
      this.buffer = grown;
    }
    this.used += this.buffer.write(text, this.used);
  }

  get size(): number {
    return this.used;
  }

  bytes(): Uint8Array {
    return new Uint8Array(this.buffer.buffer, this.buffer.byteOffset, this.used);
  }
}
