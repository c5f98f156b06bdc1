// The bench's jobs: what each one runs, on which part of the corpus, and which other jobs its targets are
// measured against (so that `--only folder` also runs the floors and the Python reference it is compared with).
//
// A job is `reference` (the same program whatever the build: Node alone, the read floors, the Python script),
// or `postdump` (bin/postdump.js of a build: run for this build and, with --baseline, for the baseline too).
// `command(corpus, build)` gives what measure() runs: { cmd, args, env, status, expect, cwd }.
import { statSync } from 'node:fs';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '..');

/** The small dump: one fixture file, one post. */
export const SMALL_DUMP = path.join(root, 'fixtures/seed/000_b92caf215c590286.txt');

/**
 * The start-up jobs (`quick`) take a fifth of a second, where a busy neighbour weighs most: each round runs
 * them this many times, in turn (start, small, start, small, ...), before the other jobs.
 */
export const QUICK_REPEAT = 3;

/** Each job of the rounds, in the order a round runs them. */
export const JOBS = [
  {
    name: 'start',
    kind: 'reference',
    quick: true,
    label: () => 'node -e 0 (Node starting, nothing else)',
    command: () => ({ args: ['-e', '0'], cwd: root }),
  },
  {
    // What no run on one dump can skip: Node, commander given postdump's options, the file read and one record written.
    name: 'small-floor',
    kind: 'reference',
    quick: true,
    label: () => 'floor of one small dump (bench/small-floor.mjs)',
    command: () => ({ args: [path.join(here, 'small-floor.mjs'), SMALL_DUMP], cwd: root }),
  },
  {
    name: 'small',
    kind: 'postdump',
    quick: true,
    needs: ['start', 'small-floor'],
    label: () => `postdump one small dump (${(statSync(SMALL_DUMP).size / 1e3).toFixed(1)} kB, one post)`,
    command: (_, build) => ({ args: [build.bin, SMALL_DUMP], cwd: build.root }),
  },
  {
    // The fastest of bench/bare-read.mjs's variants, chosen on each run (its finalists go in the rounds).
    name: 'floor',
    kind: 'reference',
    corpus: ['folder'],
  },
  {
    name: 'sync-floor',
    kind: 'reference',
    corpus: ['folder'],
    label: () => 'synchronous read floor (bench/sync-floor.mjs)',
    command: (c) => ({ args: [path.join(here, 'sync-floor.mjs'), c.folder], expect: new RegExp(`^${c.files} ${c.folderBytes} \\d+\\n$`), cwd: root }),
  },
  {
    name: 'python',
    kind: 'reference',
    corpus: ['folder'],
    label: (c) => `Python reference, ${c.files} files`,
    command: (c) => ({ cmd: 'python3', args: [path.join(here, 'reference.py'), c.folder], cwd: root }),
  },
  {
    name: 'folder',
    kind: 'postdump',
    corpus: ['folder'],
    needs: ['floor', 'sync-floor', 'python'],
    label: (c) => `postdump ${c.files} files (${mb(c.folderBytes)} MB) → NDJSON`,
    command: (c, build) => ({ args: [build.bin, c.folder], cwd: build.root }),
  },
  {
    name: 'tgz',
    kind: 'postdump',
    corpus: ['folder', 'archives'],
    needs: ['folder'],
    label: () => 'postdump 10 .tar.gz of the same → NDJSON',
    command: (c, build) => ({ args: [build.bin, c.tgz], cwd: build.root }),
  },
  {
    name: 'zip',
    kind: 'postdump',
    corpus: ['folder', 'archives'],
    needs: ['folder'],
    label: () => 'postdump 10 .zip of the same → NDJSON',
    command: (c, build) => ({ args: [build.bin, c.zip], cwd: build.root }),
  },
  {
    name: 'big',
    kind: 'postdump',
    corpus: ['big'],
    needs: ['big-1t'],
    label: (c) => `postdump ${mb(c.bigBytes)} MB file → NDJSON (two threads)`,
    command: (c, build) => ({ args: [build.bin, c.big], cwd: build.root }),
  },
  {
    // What no conversion of the big file to NDJSON on one thread can skip (read, decode, lines, records as JSON).
    name: 'big-floor',
    kind: 'reference',
    corpus: ['big'],
    label: () => 'floor of the big file → NDJSON (bench/big-floor.mjs)',
    command: (c) => ({ args: [path.join(here, 'big-floor.mjs'), c.big], cwd: root }),
  },
  {
    name: 'big-1t',
    kind: 'postdump',
    corpus: ['big'],
    needs: ['big', 'big-floor'],
    label: () => '  the same on one thread (POSTDUMP_PARALLEL=off)',
    command: (c, build) => ({ args: [build.bin, c.big], env: { POSTDUMP_PARALLEL: 'off' }, cwd: build.root }),
  },
  {
    name: 'json',
    kind: 'postdump',
    corpus: ['big'],
    label: (c) => `postdump ${mb(c.bigBytes)} MB file → JSON`,
    command: (c, build) => ({ args: [build.bin, '-f', 'json', c.big], cwd: build.root }),
  },
  {
    name: 'sqlite',
    kind: 'postdump',
    corpus: ['big'],
    needs: ['big'],
    label: (c) => `postdump ${mb(c.bigBytes)} MB file → SQLite`,
    command: (c, build) => ({ args: [build.bin, '-f', 'sqlite', c.big, '-o', path.join(c.work, `big-${build.id}.db`)], cwd: build.root }),
  },
  {
    name: 'parquet',
    kind: 'postdump',
    corpus: ['big'],
    needs: ['big'],
    label: (c) => `postdump ${mb(c.bigBytes)} MB file → Parquet`,
    command: (c, build) => ({ args: [build.bin, '-f', 'parquet', c.big, '-o', path.join(c.work, `big-${build.id}.parquet`)], cwd: build.root }),
  },
  {
    name: 'one-line',
    kind: 'postdump',
    corpus: ['oneLine'],
    label: () => 'postdump 120 MB, no line break',
    // Not a dump: exit 1 is the right answer, in bounded memory.
    command: (c, build) => ({ args: [build.bin, c.oneLine], status: 1, cwd: build.root }),
  },
];

/** The parts of the run that are not rounds of jobs, and may be named in --only too. */
export const EXTRAS = [
  { name: 'second-core', corpus: ['big'], about: 'the big file on one thread, alone and two at once: what a second core is worth here' },
  { name: 'hostile', corpus: [], about: 'hostile single lines, parsed in the bench process at two sizes' },
  { name: 'scaling', corpus: ['folder', 'big', 'large'], about: '10× the files and about 9× the big file (the same as --scaling)' },
];

/** The jobs of --scaling, in the order of a scaling round: all postdump. */
export const SCALING_JOBS = [
  // One post in one file: start-up and the least work, taken off the times below to compare the work.
  { name: 'startup', label: () => 'postdump, one post in one file (start-up)', command: (c, build) => ({ args: [build.bin, path.join(c.folder, 'post-000001.txt')], cwd: build.root }) },
  { name: 'folder', label: (c) => `postdump ${c.files} files (${mb(c.folderBytes)} MB)`, command: (c, build) => ({ args: [build.bin, c.folder], cwd: build.root }) },
  { name: 'folderLarge', label: (c) => `postdump ${c.filesLarge} files (${mb(c.folderLargeBytes)} MB)`, command: (c, build) => ({ args: [build.bin, c.folderLarge], cwd: build.root }) },
  { name: 'big', label: (c) => `postdump ${mb(c.bigBytes)} MB file`, command: (c, build) => ({ args: [build.bin, c.big], cwd: build.root }) },
  { name: 'huge', label: (c) => `postdump ${mb(c.hugeBytes)} MB file`, command: (c, build) => ({ args: [build.bin, c.huge], cwd: build.root }) },
];

export const NAMES = [...JOBS, ...EXTRAS].map((j) => j.name);

/**
 * What to run: every job and extra (scaling only with --scaling), or those of `only` (comma-separated
 * names) with the jobs their targets are measured against. Returns the set of names; throws on an unknown one.
 */
export function select(only, scaling) {
  if (only === undefined) return new Set(NAMES.filter((name) => name !== 'scaling' || scaling));
  const chosen = new Set();
  const add = (name) => {
    if (chosen.has(name)) return;
    const job = JOBS.find((j) => j.name === name) ?? EXTRAS.find((j) => j.name === name);
    if (!job) throw new Error(`--only: no job named ${JSON.stringify(name)}; the jobs: ${NAMES.join(', ')}`);
    chosen.add(name);
    for (const need of job.needs ?? []) add(need);
  };
  for (const name of only
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean))
    add(name);
  if (scaling) add('scaling');
  return chosen;
}

/** The parts of the corpus the chosen jobs read: folder, archives, big, oneLine, large. */
export function corpusFor(chosen) {
  return new Set([...JOBS, ...EXTRAS].filter((j) => chosen.has(j.name)).flatMap((j) => j.corpus ?? []));
}

/** The bare reads the fastest-wall floor is chosen from: each API, N in flight, both walks, three thread-pool sizes. */
export function floorVariants(folder) {
  const variants = [];
  const add = (flags, pool) => {
    const name = `${flags.join(' ')}${pool ? `, ${pool} pool threads` : ''}`.replace(/--/g, '');
    variants.push({ name, job: { args: [path.join(here, 'bare-read.mjs'), folder, ...flags], env: pool ? { UV_THREADPOOL_SIZE: String(pool) } : {}, cwd: root } });
  };
  add(['--api', 'sync'], 0);
  add(['--api', 'sync', '--walk', 'manual'], 0);
  for (const api of ['callback', 'promise', 'fd']) {
    for (const n of [16, 32, 64, 128]) for (const pool of [1, 4]) add(['--api', api, '--parallel', String(n)], pool);
    add(['--api', api, '--parallel', '64'], 2);
    add(['--api', api, '--parallel', '64', '--walk', 'manual'], 1);
  }
  return variants;
}

export function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}
