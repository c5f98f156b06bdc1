import type { PostRecord } from '../pipeline/record/schema.js';

/**
 * `--unique`: keeps the first record of each post id and counts the others. Records without an id always
 * pass. It holds one string per distinct id, nothing else.
 */
export class FirstOfEachId {
  readonly #seen = new Set<string>();
  #dropped = 0;

  /** Whether this record is the first with its id (or has none); counts it as dropped when not. */
  keep(record: PostRecord): boolean {
    const { id } = record;
    if (id === null) return true;
    if (this.#seen.has(id)) {
      this.#dropped++;
      return false;
    }
    this.#seen.add(ownCopy(id));
    return true;
  }

  get dropped(): number {
    return this.#dropped;
  }
}

/**
 * The id as a string of its own: V8 may keep a slice of a string as a view of the whole line or chunk it
 * came from, which would keep that text alive as long as the id is remembered.
 */
function ownCopy(id: string): string {
  return JSON.parse(JSON.stringify(id)) as string;
}
