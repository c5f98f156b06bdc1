import type { Input, InputError } from './inputs.js';

/** `--shard I/N`: this run is part `index` (1-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * Reads `--shard I/N`: two whole numbers in plain digits, 1 ≤ I ≤ N. Returns the shard, or the usage
 * message naming the problem (`--shard 4/3: I must be between 1 and N (3)`).
 */
export function parseShard(text: string): Shard | string {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const given = `--shard ${text}`;
  if (!match) return `${given}: expected I/N, two whole numbers with 1 ≤ I ≤ N (--shard 2/8 is the 2nd of 8 parts)`;
  const index = Number(match[1]);
  const count = Number(match[2]);
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count)) return `${given}: I and N must be below 2^53`;
  if (count < 1) return `${given}: N must be at least 1`;
  if (index < 1 || index > count) return `${given}: I must be between 1 and N (${count})`;
  return { index, count };
}

/**
 * The positions of shard `index` of `count` in a list of `total`, a contiguous range: each shard takes
 * ⌊total/N⌋ entries and the first `total mod N` shards one more (as numpy's array_split does). The N ranges
 * cover the list once, in order, and their sizes differ by at most one.
 */
export function shardRange(total: number, { index, count }: Shard): { start: number; end: number } {
  const size = Math.floor(total / count);
  const extra = total % count;
  const at = (i: number) => i * size + Math.min(i, extra);
  return { start: at(index - 1), end: at(index) };
}

/**
 * This shard's part of a run: the inputs and the arguments that named nothing readable are one list,
 * sorted by name as inputs are (by UTF-16 code unit, never by locale: the same on every machine), and the
 * shard takes its contiguous range of it. So every input, and every error, is in exactly one shard, and
 * shard 1's output, then shard 2's, ..., is the unsharded output.
 */
export function takeShard(inputs: readonly Input[], errors: readonly InputError[], shard: Shard): { inputs: Input[]; errors: InputError[] } {
  const entries: ({ readonly input: Input } | { readonly error: InputError })[] = [...inputs.map((input) => ({ input })), ...errors.map((error) => ({ error }))];
  const name = (entry: (typeof entries)[number]) => ('input' in entry ? entry.input.name : entry.error.name);
  // Stable: inputs keep their order (already sorted), an error goes after an input of the same name.
  entries.sort((a, b) => compareNames(name(a), name(b)));
  const { start, end } = shardRange(entries.length, shard);
  const mine = entries.slice(start, end);
  return {
    inputs: mine.flatMap((entry) => ('input' in entry ? [entry.input] : [])),
    errors: mine.flatMap((entry) => ('error' in entry ? [entry.error] : [])),
  };
}

/** The order inputs are sorted in (see resolveInputs). */
function compareNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
