// `npm run bench`: builds a synthetic corpus with the project's generator in a temporary folder, then
// prints every target of the performance budget with its figure, and the state of the machine it ran on.
//
//  1. The floor. Every variant of bench/bare-read.mjs (API, reads in flight, walk, thread-pool size) reads
//     the 10,000-file folder, a few rounds interleaved; the variant with the lowest median is the floor:
//     the fastest honest Node read of the same files, with no parsing.
//  2. The rounds, interleaved (the machine may be shared, so medians, with the spread):
//     - the floor, the Python reference (bench/reference.py) and postdump on the folder → NDJSON;
//     - the same files packed into 10 .tar.gz and 10 .zip (bench/archives.mjs) → NDJSON;
//     - one file of 40,000 posts (110–120 MB) → NDJSON (on two threads, and on one), → a JSON array, → SQLite, → Parquet;
//     - one file of 120 MB without a line break (not a dump: exit 1, memory must stay bounded).
//     Then what a second core is worth on this machine: the big file on one thread, alone and two at once
//     (a shared or virtual machine's two CPUs may do much less than twice the work of one).
//  3. With --scaling: 10× the files and about 9× the big file, interleaved with the small ones again:
//     time linear in input, peak memory flat.
//  4. In this process, each hostile single line (bench/hostile.mjs) at two sizes: linear, about 4×.
// Every measured job is a fresh process (postdump only through bin/postdump.js), output to /dev/null; wall
// time includes start-up; peak memory (VmHWM on Linux) and CPU time are the process's own
// (bench/peak-rss.cjs for node, the same in a few lines of Python for python3).
//
//   node bench/run.mjs [--rounds N] [--floor-rounds N] [--files N] [--posts N] [--scaling]
//                      [--scaling-rounds N] [--keep]
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { packArchives } from './archives.mjs';
import { writeBigFile, writeFolder } from './generate.mjs';
import { HOSTILE } from './hostile.mjs';

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    'floor-rounds': { type: 'string', default: '3' },
    files: { type: 'string', default: '10000' },
    posts: { type: 'string', default: '40000' },
    scaling: { type: 'boolean', default: false },
    'scaling-rounds': { type: 'string', default: '3' },
    keep: { type: 'boolean', default: false },
  },
});
const rounds = Number(opts.rounds);
const files = Number(opts.files);
const posts = Number(opts.posts);
const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '..');
const bin = path.join(root, 'bin/postdump.js');
const preload = path.join(here, 'peak-rss.cjs');
const reference = path.join(here, 'reference.py');
const TARGETS = {
  floorRatio: 1.2, // folder → NDJSON, against the read floor
  pythonSpeedup: 2.5, // folder → NDJSON, against the Python reference
  mbPerSecond: 150, // big file → NDJSON
  peakMiB: 150, // every job but the dataset sinks
  datasetRatio: 2, // big file → SQLite, Parquet against → NDJSON
  datasetPeakMiB: 250,
  archiveRatio: 1.5, // a folder of archives against the plain folder
  linear: 1.25, // scaling: seconds per MB (or per file) of the large input against the small one, at most
  flat: 1.25, // scaling: peak memory of the large input against the small one, at most
};
const SCALE_FILES = 10;
const SCALE_POSTS = 9;

const state = { start: machineState() };
const work = mkdtempSync(path.join(os.tmpdir(), 'postdump-bench-'));
const dirs = { folder: path.join(work, 'folder'), tgz: path.join(work, 'tgz'), zip: path.join(work, 'zip'), folderLarge: path.join(work, 'folder-large') };
const big = path.join(work, 'big.txt');
const huge = path.join(work, 'huge.txt');
const oneLine = path.join(work, 'one-line.txt');
try {
  log(`corpus in ${work}`);
  const folderBytes = writeFolder(dirs.folder, files);
  log(`  ${files} files, ${mb(folderBytes)} MB`);
  await packArchives(dirs.folder, dirs.tgz, dirs.zip);
  log('  the same files packed into 10 .tar.gz and 10 .zip');
  const bigBytes = await writeBigFile(big, posts);
  log(`  one file of ${posts} posts, ${mb(bigBytes)} MB`);
  writeFileSync(oneLine, 'word '.repeat(24_000_000));
  log('  one file of 120 MB without a line break');
  let folderLargeBytes = 0;
  let hugeBytes = 0;
  if (opts.scaling) {
    folderLargeBytes = writeFolder(dirs.folderLarge, files * SCALE_FILES);
    log(`  ${files * SCALE_FILES} files, ${mb(folderLargeBytes)} MB`);
    hugeBytes = await writeBigFile(huge, posts * SCALE_POSTS);
    log(`  one file of ${posts * SCALE_POSTS} posts, ${mb(hugeBytes)} MB`);
  }

  // Once, output kept: each job must succeed and give every record, or its timing means nothing.
  const folderRecords = checkRecords([dirs.folder], files);
  for (const dir of [dirs.tgz, dirs.zip]) checkRecords([dir], files);
  checkRecords([big], posts);
  checkReference(folderRecords);

  // 1. The floor.
  const variants = floorVariants();
  const floorRuns = Object.fromEntries(variants.map((v) => [v.name, []]));
  for (let round = 1; round <= Number(opts['floor-rounds']); round++) {
    for (const v of variants) floorRuns[v.name].push(measure(v.job, { expectStdout: `${files} ${folderBytes}\n` }));
    log(`  floor round ${round}/${opts['floor-rounds']} done`);
  }
  const floorMedian = (name) => median(floorRuns[name].map((r) => r.seconds));
  const ranked = [...variants].sort((a, b) => floorMedian(a.name) - floorMedian(b.name));
  const finalists = ranked.slice(0, 3);
  log(`  the fastest reads: ${finalists.map((v) => `${v.name} ${floorMedian(v.name).toFixed(2)} s`).join('; ')}`);

  // 2. The rounds.
  // The three fastest reads go on in the rounds; the floor is the one of them with the lowest median there.
  const jobs = {
    ...Object.fromEntries(finalists.map((v, i) => [`floor${i}`, v.job])),
    python: { cmd: 'python3', args: [reference, dirs.folder] },
    folder: { args: [bin, dirs.folder] },
    tgz: { args: [bin, dirs.tgz] },
    zip: { args: [bin, dirs.zip] },
    big: { args: [bin, big] },
    bigOneThread: { args: [bin, big], env: { POSTDUMP_PARALLEL: 'off' } },
    bigJson: { args: [bin, '-f', 'json', big] },
    bigSqlite: { args: [bin, '-f', 'sqlite', big, '-o', path.join(work, 'big.db')] },
    bigParquet: { args: [bin, '-f', 'parquet', big, '-o', path.join(work, 'big.parquet')] },
    oneLine: { args: [bin, oneLine], status: 1 }, // not a dump: exit 1 is the right answer
  };
  const runs = Object.fromEntries(Object.keys(jobs).map((name) => [name, []]));
  state.rounds = machineState();
  for (let round = 1; round <= rounds; round++) {
    for (const [name, job] of Object.entries(jobs)) runs[name].push(measure(job));
    log(`  round ${round}/${rounds}: ${Object.entries(runs).map(([name, r]) => `${name} ${r.at(-1).seconds.toFixed(2)} s`).join(', ')}`);
  }
  state.roundsEnd = machineState();
  const floorKey = finalists.map((_, i) => `floor${i}`).reduce((a, b) => (median(runs[b].map((r) => r.seconds)) < median(runs[a].map((r) => r.seconds)) ? b : a));
  const floor = finalists[Number(floorKey.slice(5))];
  Object.defineProperty(runs, 'floor', { value: runs[floorKey], enumerable: false }); // not counted twice in the CPU sums

  // What a second core is worth here: the big file on one thread, alone and two at once.
  const capacity = { alone: [], pair: [] };
  for (let round = 1; round <= rounds; round++) {
    capacity.alone.push((await concurrently(1, bigOneThreadArgs()))[0]);
    capacity.pair.push(Math.max(...(await concurrently(2, bigOneThreadArgs()))));
  }
  const secondCore = (2 * median(capacity.alone)) / median(capacity.pair);
  log(`  a second core: ${secondCore.toFixed(2)}× the work of one`);

  // 3. Scaling.
  const scaling = {};
  if (opts.scaling) {
    const scaleJobs = {
      // One post in one file: start-up and the least work, taken off the times below to compare the work.
      startup: { args: [bin, path.join(dirs.folder, 'post-000001.txt')] },
      folder: { args: [bin, dirs.folder] },
      folderLarge: { args: [bin, dirs.folderLarge] },
      big: { args: [bin, big] },
      huge: { args: [bin, huge] },
    };
    for (const name of Object.keys(scaleJobs)) scaling[name] = [];
    for (let round = 1; round <= Number(opts['scaling-rounds']); round++) {
      for (const [name, job] of Object.entries(scaleJobs)) scaling[name].push(measure(job));
      log(`  scaling round ${round}/${opts['scaling-rounds']}: ${Object.entries(scaling).map(([name, r]) => `${name} ${r.at(-1).seconds.toFixed(2)} s`).join(', ')}`);
    }
    state.scalingEnd = machineState();
  }

  // 4. Hostile lines, in this process, through the package's public entry point.
  const { parseDump } = await import('postdump');
  const hostile = [];
  for (const [name, make] of Object.entries(HOSTILE)) {
    // The best of three: a shared machine adds time, never takes it away.
    const [small, large] = [2e6, 8e6].map((n) => {
      const text = make(n);
      let best = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = process.hrtime.bigint();
        parseDump(text, 'hostile.txt');
        best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
      }
      return best;
    });
    hostile.push({ name, small, large });
  }
  state.end = machineState();

  // The report.
  const med = (name, key = 'seconds', from = runs) => median(from[name].map((r) => r[key]));
  const peakOf = (name, from = runs) => Math.max(...from[name].map((r) => r.maxRssKiB)) / 1024;
  const folderRatio = med('folder') / med('floor');
  const pythonSpeedup = med('python') / med('folder');
  const mbps = bigBytes / 1e6 / med('big');

  console.log('\npostdump benchmark');
  console.log(`machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} CPUs (available parallelism ${os.availableParallelism()}), ${gib(os.totalmem())} GiB; node ${process.version}, ${python3Version()}`);
  printState('before the corpus', state.start);
  printState('before the rounds', state.rounds);
  printState('after the rounds', state.roundsEnd, state.rounds, runs);
  if (state.scalingEnd) printState('after the scaling rounds', state.scalingEnd, state.roundsEnd, scaling);
  printState('at the end', state.end);
  console.log(
    `  a second core: two one-thread runs of the big file at once take ${median(capacity.pair).toFixed(2)} s, one alone ${median(capacity.alone).toFixed(2)} s:` +
      ` the two cores do ${secondCore.toFixed(2)}× the work of one (2× on two free cores); no two-thread job can gain more`,
  );
  const busy = othersBusy(state.rounds, state.roundsEnd, runs);
  if (busy !== null && busy > 0.25) {
    console.log(`  NOTE: other processes kept ${busy.toFixed(2)} cores busy during the rounds: the targets are for an idle machine; these figures are not.`);
  }

  console.log(`\nthe floor: every bare read of the ${files}-file folder (${mb(folderBytes)} MB), medians of ${opts['floor-rounds']} interleaved rounds, fastest first`);
  for (const v of ranked) {
    console.log(`  ${v.name.padEnd(46)} ${spread(floorRuns[v.name], 'seconds', 3, ' s')}  cpu ${spread(floorRuns[v.name], 'cpuMs', 0, ' ms')}  peak ${spread(floorRuns[v.name], 'maxRssKiB', 0, ' MiB', 1 / 1024)}`);
  }

  console.log(`\nmedians of ${rounds} interleaved rounds (min–max in brackets); wall time includes start-up\n`);
  const row = (label, name, extra = '', from = runs) =>
    console.log(
      `${label.padEnd(42)} ${spread(from[name], 'seconds', 2, ' s')}  cpu ${spread(from[name], 'cpuMs', 0, ' ms')}  peak ${spread(from[name], 'maxRssKiB', 0, ' MiB', 1 / 1024)}${extra}`,
    );
  for (const [i, v] of finalists.entries()) if (v !== floor) row(`(also in the rounds: ${v.name})`, `floor${i}`);
  const perRound = (a, b) => spreadOf(runs[a].map((r, i) => r.seconds / runs[b][i].seconds), 2, '×');
  row(`floor: ${floor.name}`, 'floor');
  row(`Python reference, ${files} files`, 'python', `  ${(files / med('python')).toFixed(0)} records/s`);
  row(`postdump ${files} files (${mb(folderBytes)} MB) → NDJSON`, 'folder', `  ${(files / med('folder')).toFixed(0)} records/s; ${folderRatio.toFixed(2)}× the floor (per round ${perRound('folder', 'floor')}); ${pythonSpeedup.toFixed(2)}× speed-up over Python (per round ${spreadOf(runs.python.map((r, i) => r.seconds / runs.folder[i].seconds), 2, '×')})`);
  row('postdump 10 .tar.gz of the same → NDJSON', 'tgz', `  ${(files / med('tgz')).toFixed(0)} records/s; ${(med('tgz') / med('folder')).toFixed(2)}× the plain folder's time`);
  row('postdump 10 .zip of the same → NDJSON', 'zip', `  ${(files / med('zip')).toFixed(0)} records/s; ${(med('zip') / med('folder')).toFixed(2)}× the plain folder's time`);
  row(`postdump ${mb(bigBytes)} MB file → NDJSON`, 'big', `  ${mbps.toFixed(0)} MB/s`);
  row(`  the same on one thread (POSTDUMP_PARALLEL=off)`, 'bigOneThread', `  ${(bigBytes / 1e6 / med('bigOneThread')).toFixed(0)} MB/s; two threads take ${(med('big') / med('bigOneThread')).toFixed(2)}× its time`);
  row(`postdump ${mb(bigBytes)} MB file → JSON`, 'bigJson', `  ${(bigBytes / 1e6 / med('bigJson')).toFixed(0)} MB/s`);
  for (const [label, name] of [['SQLite', 'bigSqlite'], ['Parquet', 'bigParquet']]) {
    row(`postdump ${mb(bigBytes)} MB file → ${label}`, name, `  ${(med(name) / med('big')).toFixed(2)}× NDJSON`);
  }
  row('postdump 120 MB, no line break', 'oneLine');

  // Time net of start-up: (large − start-up) / (small − start-up), against the ratio of the inputs.
  const net = (large, small) => (med(large, 'seconds', scaling) - med('startup', 'seconds', scaling)) / (med(small, 'seconds', scaling) - med('startup', 'seconds', scaling));
  if (opts.scaling) {
    console.log(`\nscaling: medians of ${opts['scaling-rounds']} interleaved rounds; time net of start-up is the time less that of one post in one file\n`);
    row('postdump, one post in one file (start-up)', 'startup', '', scaling);
    row(`postdump ${files} files (${mb(folderBytes)} MB)`, 'folder', '', scaling);
    row(`postdump ${files * SCALE_FILES} files (${mb(folderLargeBytes)} MB)`, 'folderLarge', `  ${(med('folderLarge', 'seconds', scaling) / med('folder', 'seconds', scaling)).toFixed(2)}× the time, ${net('folderLarge', 'folder').toFixed(2)}× net of start-up, for ${(folderLargeBytes / folderBytes).toFixed(2)}× the input`, scaling);
    row(`postdump ${mb(bigBytes)} MB file`, 'big', '', scaling);
    row(`postdump ${mb(hugeBytes)} MB file`, 'huge', `  ${(med('huge', 'seconds', scaling) / med('big', 'seconds', scaling)).toFixed(2)}× the time, ${net('huge', 'big').toFixed(2)}× net of start-up, for ${(hugeBytes / bigBytes).toFixed(2)}× the input`, scaling);
  }

  console.log('\nhostile single lines, parsed in this process (time at 2 M and 8 M characters; linear ≈ 4×):');
  for (const { name, small, large } of hostile) {
    console.log(`  ${name.padEnd(72)} ${small.toFixed(0).padStart(5)} ms → ${large.toFixed(0).padStart(5)} ms  ${(large / small).toFixed(1)}×`);
  }

  console.log('\ntargets (figure, target, verdict):');
  verdict(`${files}-file folder → NDJSON, time against the read floor`, `${folderRatio.toFixed(2)}×`, `≤ ${TARGETS.floorRatio}×`, folderRatio <= TARGETS.floorRatio);
  verdict(`${files}-file folder → NDJSON, speed-up over the Python reference`, `${pythonSpeedup.toFixed(2)}×`, `≥ ${TARGETS.pythonSpeedup}×`, pythonSpeedup >= TARGETS.pythonSpeedup);
  verdict(`${mb(bigBytes)} MB file → NDJSON`, `${mbps.toFixed(0)} MB/s`, `≥ ${TARGETS.mbPerSecond} MB/s`, mbps >= TARGETS.mbPerSecond);
  const plainJobs = ['folder', 'tgz', 'zip', 'big', 'bigOneThread', 'bigJson', 'oneLine'];
  const worst = plainJobs.reduce((a, b) => (peakOf(b) > peakOf(a) ? b : a));
  verdict(`peak memory, every postdump job but SQLite and Parquet (highest: ${worst})`, `${peakOf(worst).toFixed(0)} MiB`, `≤ ${TARGETS.peakMiB} MiB`, peakOf(worst) <= TARGETS.peakMiB);
  for (const [label, name] of [['SQLite', 'bigSqlite'], ['Parquet', 'bigParquet']]) {
    const ratio = med(name) / med('big');
    verdict(`${mb(bigBytes)} MB file → ${label}, time against → NDJSON`, `${ratio.toFixed(2)}×`, `≤ ${TARGETS.datasetRatio}×`, ratio <= TARGETS.datasetRatio);
    verdict(`${mb(bigBytes)} MB file → ${label}, peak memory`, `${peakOf(name).toFixed(0)} MiB`, `≤ ${TARGETS.datasetPeakMiB} MiB`, peakOf(name) <= TARGETS.datasetPeakMiB);
  }
  for (const [label, name] of [['.tar.gz', 'tgz'], ['.zip', 'zip']]) {
    const ratio = med(name) / med('folder');
    verdict(`folder of ${label} → NDJSON, time against the plain folder`, `${ratio.toFixed(2)}×`, `≤ ${TARGETS.archiveRatio}×`, ratio <= TARGETS.archiveRatio);
  }
  if (opts.scaling) {
    for (const [label, small, large, smallSize, largeSize] of [
      [`${files * SCALE_FILES} files against ${files}`, 'folder', 'folderLarge', folderBytes, folderLargeBytes],
      [`${mb(hugeBytes)} MB file against ${mb(bigBytes)} MB`, 'big', 'huge', bigBytes, hugeBytes],
    ]) {
      const perByte = net(large, small) / (largeSize / smallSize);
      const memory = peakOf(large, scaling) / peakOf(small, scaling);
      verdict(`scaling, ${label}: time per MB net of start-up, large against small (linear: 1)`, `${perByte.toFixed(2)}×`, `≤ ${TARGETS.linear}×`, perByte <= TARGETS.linear);
      verdict(`scaling, ${label}: peak memory, large against small (${peakOf(large, scaling).toFixed(0)} MiB, ${peakOf(small, scaling).toFixed(0)} MiB)`, `${memory.toFixed(2)}×`, `≤ ${TARGETS.flat}× and ≤ ${TARGETS.peakMiB} MiB`, memory <= TARGETS.flat && peakOf(large, scaling) <= TARGETS.peakMiB);
    }
  } else {
    console.log('  ----  scaling (10× the files, 9× the big file): not run; npm run bench -- --scaling');
  }
  // 16× would be quadratic; short runs are noisy, so only far past 4× counts.
  const growth = Math.max(...hostile.map((h) => h.large / h.small));
  verdict('hostile lines, worst growth for 4× the text', `${growth.toFixed(1)}×`, '< 8× (linear ≈ 4×)', growth < 8);
} finally {
  if (opts.keep) log(`corpus kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

/** The bare reads the floor is chosen from: each API, N in flight, both walks, three thread-pool sizes. */
function floorVariants() {
  const variants = [];
  const add = (flags, pool) => {
    const name = `${flags.join(' ')}${pool ? `, ${pool} pool threads` : ''}`.replace(/--/g, '');
    variants.push({ name, job: { args: [path.join(here, 'bare-read.mjs'), dirs.folder, ...flags], env: pool ? { UV_THREADPOOL_SIZE: String(pool) } : {} } });
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

/**
 * Runs one job once (node ARGS, or python3 ARGS), stdout to /dev/null: wall seconds, CPU ms and peak RSS
 * (the process's own, which it writes to file descriptor 3 on exit).
 */
function measure({ cmd = 'node', args, env = {}, status = 0 }, { expectStdout } = {}) {
  const [exe, pre] =
    cmd === 'python3'
      ? [
          'python3',
          [
            '-c',
            // The same as bench/peak-rss.cjs, for python3: VmHWM, or maxrss where there is no /proc.
            'import json,os,re,resource,runpy,sys\nsys.argv=sys.argv[1:]\ntry:\n  runpy.run_path(sys.argv[0], run_name="__main__")\nfinally:\n  sys.stdout.flush()\n  u=resource.getrusage(resource.RUSAGE_SELF)\n  try:\n    peak=int(re.search(r"^VmHWM:\\s*(\\d+) kB", open("/proc/self/status").read(), re.M).group(1))\n  except Exception:\n    peak=u.ru_maxrss\n  os.write(3, json.dumps({"maxRssKiB": peak, "cpuMs": (u.ru_utime + u.ru_stime) * 1000}).encode())',
          ],
        ]
      : [process.execPath, ['--require', preload]];
  const start = process.hrtime.bigint();
  const result = spawnSync(exe, [...pre, ...args], {
    cwd: root,
    env: { ...process.env, ...env },
    stdio: ['ignore', expectStdout === undefined ? openSync('/dev/null', 'w') : 'pipe', 'pipe', 'pipe'],
    maxBuffer: 1 << 24,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== status) throw new Error(`${exe} ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  if (expectStdout !== undefined && result.stdout.toString() !== expectStdout) {
    throw new Error(`${args.join(' ')}: printed ${JSON.stringify(result.stdout.toString())}, want ${JSON.stringify(expectStdout)} (files, bytes)`);
  }
  return { seconds, ...JSON.parse(result.output[3].toString()) };
}

function bigOneThreadArgs() {
  return [bin, big];
}

/** Runs `count` copies of node ARGS at once (one postdump thread each), output to /dev/null: each one's wall seconds. */
function concurrently(count, args) {
  return Promise.all(
    Array.from({ length: count }, () => {
      const start = process.hrtime.bigint();
      const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, POSTDUMP_PARALLEL: 'off' }, stdio: 'ignore' });
      return new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - start) / 1e9) : reject(new Error(`node ${args.join(' ')} exited ${code}`))));
      });
    }),
  );
}

/** Runs postdump once with its output kept; it must exit 0 with `want` records. Returns the records. */
function checkRecords(inputs, want) {
  const out = path.join(work, 'check.ndjson');
  const result = spawnSync(process.execPath, [bin, ...inputs, '-o', out], { cwd: root, encoding: 'utf8' });
  const records = result.status === 0 ? readFileSync(out, 'utf8').split('\n').filter(Boolean) : [];
  if (result.status !== 0 || records.length !== want) throw new Error(`postdump ${inputs.join(' ')}: exit ${result.status}, ${records.length} records, want ${want}\n${result.stderr}`);
  rmSync(out);
  log(`  checked: ${path.basename(inputs[0])} gives all ${records.length} records`);
  return records;
}

/** The Python reference must give the same records as postdump on the folder, field for field. */
function checkReference(postdumpLines) {
  const result = spawnSync('python3', [reference, dirs.folder], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`python3 ${reference}: exit ${result.status}\n${result.stderr}`);
  const mine = result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
  if (mine.length !== postdumpLines.length) throw new Error(`the Python reference gives ${mine.length} records, postdump ${postdumpLines.length}`);
  const fields = Object.keys(mine[0]);
  postdumpLines.forEach((line, i) => {
    const theirs = JSON.parse(line);
    for (const key of fields) {
      if (JSON.stringify(mine[i][key]) !== JSON.stringify(theirs[key])) {
        throw new Error(`the Python reference and postdump differ on record ${i + 1}, ${key}: ${JSON.stringify(mine[i][key])} against ${JSON.stringify(theirs[key])}`);
      }
    }
  });
  log(`  checked: the Python reference gives the same ${mine.length} records as postdump (${fields.join(', ')})`);
}

/** Load, free memory and /proc/stat's CPU counters (Linux), now. */
function machineState() {
  let cpu = null;
  try {
    const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
    const idle = ticks[3] + (ticks[4] ?? 0);
    cpu = { total: ticks.slice(0, 8).reduce((a, b) => a + b, 0), idle };
  } catch {
    // not Linux: no CPU counters
  }
  return { at: Date.now(), load: os.loadavg(), free: os.freemem(), cpu, self: process.cpuUsage() };
}

/** Cores kept busy by other processes between two states: all busy CPU time less the jobs' own and ours. */
function othersBusy(from, to, jobRuns) {
  if (!from?.cpu || !to?.cpu) return null;
  const hz = 100; // USER_HZ on Linux
  const busy = (to.cpu.total - to.cpu.idle - (from.cpu.total - from.cpu.idle)) / hz;
  const jobs = Object.values(jobRuns).flat().reduce((sum, r) => sum + r.cpuMs / 1000, 0);
  const self = (to.self.user + to.self.system - from.self.user - from.self.system) / 1e6;
  return Math.max(0, busy - jobs - self) / ((to.at - from.at) / 1000);
}

function printState(label, now, from, jobRuns) {
  const others = from ? othersBusy(from, now, jobRuns) : null;
  console.log(
    `  ${label.padEnd(25)} load ${now.load.map((l) => l.toFixed(2)).join(' ')}, free memory ${gib(now.free)} GiB` +
      (others === null ? '' : `; other processes kept ${others.toFixed(2)} cores busy over these ${((now.at - from.at) / 1000).toFixed(0)} s`),
  );
}

function python3Version() {
  const result = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return (result.stdout || result.stderr || 'python3: not found').trim();
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function spread(runs, key, digits, unit, scale = 1) {
  return spreadOf(runs.map((r) => r[key] * scale), digits, unit);
}

function spreadOf(values, digits, unit) {
  return `${median(values).toFixed(digits)}${unit} [${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}]`;
}

function verdict(what, figure, target, ok) {
  console.log(`  ${ok ? 'met ' : 'MISS'}  ${what}: ${figure} (target ${target})`);
}

function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}

function gib(bytes) {
  return (bytes / 2 ** 30).toFixed(1);
}

function log(line) {
  process.stderr.write(`${line}\n`);
}
