// `npm run bench:append`: the budget of issue 18 (`--append`, `watch`), in interleaved rounds (medians,
// with the spread):
// - a first --append of the 10,000-file folder against a plain -f sqlite of it: at most 1.3×;
// - 1,000 new dumps appended to a database of --base files (100,000) against the same 1,000 into a new
//   database: at most 1.5× (the old inputs cost a stat each, never a read);
// - watch: a burst of 10,000 dumps written by another process, loaded in full, against a one-off --append of
//   the same files: at most 2× (the --settle second included);
// - watch's peak memory across --watched files (50,000): under 150 MiB.
//
//   node bench/append.mjs [--rounds N] [--files N] [--base N] [--watched N] [--only watch] [--bin FILE] [--keep]
//
// --only watch: the watch jobs only (and the one-off --append they are compared with). --bin: another
// build's bin/postdump.js (a checkout of an earlier commit), to compare builds round by round.
import { spawn, spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeFolder } from './generate.mjs';
import { measure, median, spreadOf } from './measure.mjs';

const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '..');

const TARGETS = { firstAppend: 1.3, appendToBig: 1.5, watchBurst: 2, watchMiB: 150 };

const { values: opts } = parseArgs({
  options: {
    only: { type: 'string' },
    bin: { type: 'string', default: path.join(root, 'bin/postdump.js') },
    rounds: { type: 'string', default: '3' },
    files: { type: 'string', default: '10000' },
    base: { type: 'string', default: '100000' },
    watched: { type: 'string', default: '50000' },
    keep: { type: 'boolean', default: false },
  },
});
const rounds = Number(opts.rounds);
const bin = path.resolve(opts.bin);
if (opts.only !== undefined && opts.only !== 'watch') throw new Error(`--only watch, not ${opts.only}`);
const all = opts.only === undefined;
const work = mkdtempSync(path.join(os.tmpdir(), 'postdump-bench-append-'));
const log = (text) => process.stderr.write(`${text}\n`);
const rmDb = (db) => ['', '-wal', '-shm'].forEach((suffix) => rmSync(db + suffix, { force: true }));
const sqliteCount = (db, sql) => {
  const result = spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
  return result.status === 0 ? Number(result.stdout.trim()) : -1;
};
const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Clock ticks per second, the unit of /proc/PID/stat's times. */
const TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout) || 100;

try {
  log(`corpus in ${work}`);
  const folder = path.join(work, 'folder');
  writeFolder(folder, Number(opts.files), 1);
  const tree = path.join(work, 'tree');
  const fresh = path.join(tree, 'new');
  const base = path.join(work, 'base.db');
  if (all) {
    writeFolder(path.join(tree, 'old'), Number(opts.base), 2);
    log(`loading ${opts.base} files into the base database`);
    measure({ args: [bin, '-q', '-f', 'sqlite', '--append', tree, '-o', base], cwd: root });
    writeFolder(fresh, 1000, 3);
  }

  /** @type {Record<string, any[]>} */
  const runs = { plain: [], first: [], big: [], small: [], watch: [], once: [] };
  const db = path.join(work, 'out.db');
  for (let round = 0; round < rounds; round++) {
    log(`round ${round + 1} of ${rounds}`);
    if (all) {
      rmDb(db);
      runs.plain.push(measure({ args: [bin, '-q', '-f', 'sqlite', folder, '-o', db], cwd: root }));
      rmDb(db);
      runs.first.push(measure({ args: [bin, '-q', '-f', 'sqlite', '--append', folder, '-o', db], cwd: root }));
      rmDb(db);
      copyFileSync(base, db);
      runs.big.push(measure({ args: [bin, '-q', '-f', 'sqlite', '--append', tree, '-o', db], cwd: root }));
      rmDb(db);
      runs.small.push(measure({ args: [bin, '-q', '-f', 'sqlite', '--append', fresh, '-o', db], cwd: root }));
    }
    rmDb(db);
    runs.watch.push(await watchBurst(Number(opts.files), db));
    rmDb(db);
    runs.once.push(measure({ args: [bin, '-q', '-f', 'sqlite', '--append', path.join(work, 'burst'), '-o', db], cwd: root }));
  }
  const watchedMiB = await watchMemory(Number(opts.watched));

  const med = (name) => median(runs[name].map((r) => r.seconds));
  const perRoundOf = (ratios) => spreadOf(ratios, 2, '×');
  const perRound = (a, b) => perRoundOf(runs[a].map((r, i) => r.seconds / runs[b][i].seconds));
  const rows = [
    ...(all
      ? [
          [
            `first --append of ${opts.files} files against plain -f sqlite`,
            med('first') / med('plain'),
            perRound('first', 'plain'),
            `${med('first').toFixed(2)} s against ${med('plain').toFixed(2)} s`,
            TARGETS.firstAppend,
          ],
          [
            `1,000 new dumps into a database of ${opts.base} against into a new one`,
            med('big') / med('small'),
            perRound('big', 'small'),
            `${med('big').toFixed(2)} s against ${med('small').toFixed(2)} s`,
            TARGETS.appendToBig,
          ],
        ]
      : []),
    [
      `watch: a burst of ${opts.files} files loaded against a one-off --append`,
      med('watch') / med('once'),
      perRound('watch', 'once'),
      `${med('watch').toFixed(2)} s against ${med('once').toFixed(2)} s`,
      TARGETS.watchBurst,
    ],
  ];
  console.log('| target | figure (median) | per round | times | budget | ok |\n|---|---|---|---|---|---|');
  for (const [what, ratio, spread, times, target] of rows) console.log(`| ${what} | ${Number(ratio).toFixed(2)}× | ${spread} | ${times} | ≤ ${target}× | ${ratio <= target ? 'yes' : 'NO'} |`);
  const after = median(runs.watch.map((r) => r.afterBurst));
  console.log(
    `| watch: the same, timed from the burst's last file written | ${(after / med('once')).toFixed(2)}× | ${perRoundOf(runs.watch.map((r, i) => r.afterBurst / runs.once[i].seconds))} | ${after.toFixed(2)} s against ${med('once').toFixed(2)} s | (report) | |`,
  );
  const cpu = median(runs.watch.map((r) => r.cpu));
  const onceCpu = median(runs.once.map((r) => r.cpuMs / 1000));
  console.log(
    `| watch: its CPU time for the burst against the one-off's | ${(cpu / onceCpu).toFixed(2)}× | ${perRoundOf(runs.watch.map((r, i) => (r.cpu * 1000) / runs.once[i].cpuMs))} | ${cpu.toFixed(2)} s against ${onceCpu.toFixed(2)} s | (report) | |`,
  );
  const writing = median(runs.watch.map((r) => r.seconds - r.afterBurst));
  console.log(
    `| the burst's writing (by this process, while watch runs) | ${writing.toFixed(2)} s | ${spreadOf(
      runs.watch.map((r) => r.seconds - r.afterBurst),
      2,
      ' s',
    )} | | | |`,
  );
  console.log(`| watch: peak memory across ${opts.watched} files | ${watchedMiB.toFixed(0)} MiB | | | < ${TARGETS.watchMiB} MiB | ${watchedMiB < TARGETS.watchMiB ? 'yes' : 'NO'} |`);
} finally {
  if (!opts.keep) rmSync(work, { recursive: true, force: true });
}

/** Seconds from the first file of a burst written (by this process) until watch has loaded them all. */
async function watchBurst(files, db) {
  const burst = path.join(work, 'burst');
  rmSync(burst, { recursive: true, force: true });
  writeFolder(burst, 0);
  const child = spawn(process.execPath, [bin, 'watch', burst, '-f', 'sqlite', '-o', db], { stdio: 'ignore' });
  while (sqliteCount(db, "SELECT count(*) FROM sqlite_master WHERE name = 'inputs'") !== 1) await pause(20);
  await pause(300);
  const cpuBefore = cpuSeconds(child.pid);
  const start = process.hrtime.bigint();
  writeFolder(burst, files, 4);
  const written = process.hrtime.bigint();
  while (sqliteCount(db, 'SELECT count(*) FROM inputs') !== files) await pause(20);
  const end = process.hrtime.bigint();
  const cpu = cpuSeconds(child.pid) - cpuBefore;
  const seconds = Number(end - start) / 1e9;
  const afterBurst = Number(end - written) / 1e9;
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  return { seconds, afterBurst, cpu };
}

/** A process's CPU time so far (user and system, /proc/PID/stat), in seconds; NaN where there is no /proc. */
function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return Number.NaN;
  }
}

/** watch's peak resident memory (MiB) once it has loaded `files` files, written in bursts of 10,000. */
async function watchMemory(files) {
  const folder = path.join(work, 'watched');
  const db = path.join(work, 'watched.db');
  rmDb(db);
  writeFolder(folder, 0);
  const child = spawn(process.execPath, [bin, 'watch', folder, '-f', 'sqlite', '-o', db], { stdio: 'ignore' });
  while (sqliteCount(db, "SELECT count(*) FROM sqlite_master WHERE name = 'inputs'") !== 1) await pause(20);
  for (let done = 0; done < files; done += 10_000) {
    writeFolder(path.join(folder, `part-${done}`), Math.min(10_000, files - done), 10 + done);
    while (sqliteCount(db, 'SELECT count(*) FROM inputs') !== done + Math.min(10_000, files - done)) await pause(50);
  }
  const status = existsSync(`/proc/${child.pid}/status`) ? readFileSync(`/proc/${child.pid}/status`, 'utf8') : '';
  const kib = Number(/^VmHWM:\s*(\d+) kB/m.exec(status)?.[1] ?? Number.NaN);
  child.kill('SIGTERM');
  await new Promise((resolve) => child.on('exit', resolve));
  return kib / 1024;
}
