import { availableParallelism } from 'node:os';
import type { Input } from '../sources/inputs.js';
import { readableWhole } from './units.js';

/** How a run is spread over threads: how many (this one counted), and how its work is cut into units. */
export interface ThreadPlan {
  readonly threads: number;
  /** Files from this size up are cut into parts (when there are threads to spare). */
  readonly minBytes: number;
  /** A big file's parts are about this big. */
  readonly rangeBytes: number;
  /** Small files per unit, at most. */
  readonly batchFiles: number;
}

const DEFAULTS = { minBytes: 32 << 20, rangeBytes: 2 << 20, minFiles: 15_000, batchFiles: 64 };

/**
 * The one place that decides how many threads a run uses. Two when the machine has two cores and the run has
 * work for both that pays for the second thread's start (its modules, its compiling the hot code again): a
 * big file, or enough small files. One when the records must come back to this thread as records (datasets,
 * `--unique`): passing them between threads costs about what parsing them does. `POSTDUMP_PARALLEL=off`
 * keeps every run on one thread; `=MIN_BYTES:RANGE_BYTES:MIN_FILES:BATCH_FILES` (any field left out keeps its
 * default) changes the thresholds, for tests and measurements.
 */
export function planThreads(inputs: readonly Input[], recordsBack: boolean, env: NodeJS.ProcessEnv = process.env): ThreadPlan {
  const given = env.POSTDUMP_PARALLEL;
  const [minBytes, rangeBytes, minFiles, batchFiles] = (given ?? '').split(':').map((field) => (field === '' ? Number.NaN : Number(field)));
  const set = (value: number | undefined, fallback: number, least: number) => (value !== undefined && Number.isFinite(value) && value >= least ? value : fallback);
  const plan = {
    minBytes: set(minBytes, DEFAULTS.minBytes, 0),
    rangeBytes: set(rangeBytes, DEFAULTS.rangeBytes, 1),
    batchFiles: set(batchFiles, DEFAULTS.batchFiles, 1),
  };
  const spare = given !== 'off' && !recordsBack && availableParallelism() >= 2;
  if (!spare) return { threads: 1, ...plan };
  let files = 0;
  let big = false;
  for (const input of inputs) {
    if (input.size !== undefined && input.size >= plan.minBytes) big = true;
    else if (readableWhole(input)) files++;
  }
  return { threads: big || files >= set(minFiles, DEFAULTS.minFiles, 0) ? 2 : 1, ...plan };
}
