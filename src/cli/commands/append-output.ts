import type { AppendDatabase, AppendSink, InputIdentity, InputToLoad } from '../../sinks/dataset/sqlite-append.js';
import type { Output } from '../../sinks/open-output.js';
import type { Input } from '../../sources/inputs.js';
import { statOrNull } from '../../sources/stat-or-null.js';

export type { AppendDatabase, AppendSink };

/**
 * `-f sqlite --append -o FILE`: opens the database (made when absent; a foreign one refused: OutputRefused),
 * looks at every input (a stat) and keeps only those not loaded before with this size and modification
 * time, without opening the others. Inputs that cannot be looked at stay: their reading says why. With
 * `open`, a database its caller keeps open across loads (watch), that one is loaded into and left open.
 */
export async function appendOutput(file: string, inputs: readonly Input[], open?: AppendDatabase): Promise<{ output: Output; sink: AppendSink; inputs: Input[]; skipped: number }> {
  let database: AppendDatabase;
  if (open) {
    open.refresh();
    database = open;
  } else database = await (await import('../../sinks/dataset/sqlite-append.js')).openAppendDatabase(file);
  const done = () => {
    if (!open) database.close();
  };
  const identities = identify(inputs);
  const toLoad: Input[] = [];
  const loading: InputToLoad[] = [];
  inputs.forEach((input, index) => {
    const identity = identities[index] ?? null;
    if (identity && database.unchanged(identity)) return;
    toLoad.push(input);
    loading.push({ name: input.name, known: identity });
  });
  const sink = database.sink(loading);
  const output: Output = {
    text: null,
    formatted: null,
    atomic: false,
    records: {
      write: (record) => sink.write(record),
      close: async () => {
        try {
          await sink.close();
        } finally {
          done();
        }
      },
      abort: async () => {
        try {
          await sink.abort();
        } finally {
          done();
        }
      },
    },
  };
  return { output, sink, inputs: toLoad, skipped: inputs.length - toLoad.length };
}

/** Each input's name, size and modification time in whole milliseconds (null: it cannot be looked at). */
function identify(inputs: readonly Input[]): (InputIdentity | null)[] {
  return inputs.map(({ name, path }) => {
    const stats = path === null ? null : statOrNull(path);
    return stats && { name, size: stats.size, mtimeMs: Math.floor(stats.mtimeMs) };
  });
}
