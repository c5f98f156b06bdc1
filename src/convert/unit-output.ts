import type { PostRecord } from '../pipeline/record/schema.js';
import type { RecordFormatter } from '../sinks/text/format.js';
import { EncodedOutput } from './encoded-output.js';
import { type Tally, countKinds } from './tally.js';

/**
 * Where a unit of work puts its records: formatted and encoded as UTF-8 into a buffer of its own (text
 * formats), or kept as they are (for the thread that writes a dataset, or drops duplicates). Each record is
 * counted in its input's {@link Tally} here, and only here.
 */
export class UnitOutput {
  private encoded: EncodedOutput | null = null;
  private kept: PostRecord[] = [];
  readonly tallies: Tally[] = [];

  /** `formatter` null: records are kept as they are. `spare`: output buffers written out, to fill again. */
  constructor(
    private readonly formatter: RecordFormatter | null,
    private readonly strict: boolean,
    private readonly spare: ArrayBuffer[] = [],
  ) {}

  /** An input's records, as its parser gives them. */
  add(tally: Tally, records: readonly PostRecord[]): void {
    const { formatter } = this;
    for (const record of records) {
      tally.records++;
      if (record.warnings.length > 0) {
        tally.warned++;
        countKinds(tally.kinds, record.warnings);
        if (this.strict) for (const message of record.warnings) tally.warnings.push({ line: record.source_line, message });
      }
      if (formatter) {
        this.encoded ??= new EncodedOutput(1 << 16, this.spare);
        this.encoded.write(formatter.record(record));
      } else this.kept.push(record);
    }
  }

  /** Bytes held (text formats), to know when to hand them on. */
  get size(): number {
    return this.encoded?.size ?? 0;
  }

  /** What was made since the last call: the encoded text (text formats), or the records. */
  take(): { bytes: Uint8Array | null; records: PostRecord[] | null } {
    if (!this.formatter) {
      const records = this.kept;
      this.kept = [];
      return { bytes: null, records };
    }
    const bytes = this.encoded?.bytes() ?? new Uint8Array(0);
    this.encoded = null;
    return { bytes, records: null };
  }
}
