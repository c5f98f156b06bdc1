// `npm run bench`: builds a synthetic corpus with the project's generator in a temporary folder, then
// prints every target of the performance budget (bench/targets.mjs) with its figure, and the state of the
// machine it ran on.
//
//   node bench/run.mjs [--rounds N] [--floor-rounds N] [--files N] [--posts N] [--only NAMES]
//                      [--baseline DIR] [--scaling] [--scaling-rounds N] [--keep]
//
//   --rounds N          interleaved rounds of the jobs (default 5): medians, with the range
//   --floor-rounds N    rounds of every bare-read variant, to choose the fastest-wall floor (default 3)
//   --files N           one-post files in the folder (default 10000; the archives hold the same)
//   --posts N           posts in the big file (default 40000, about 110 MB)
//   --only NAMES        only these jobs (comma-separated), with those their targets are measured against:
//                         start (node -e 0), small (one fixture dump), floor (the fastest-wall floor),
//                         sync-floor, python, folder, tgz, zip, big, big-1t, json, sqlite, parquet,
//                         one-line, second-core, hostile, scaling
//                       e.g. --only folder,small (the folder, the floors, Python, the small dump, node -e 0);
//                       with --floor-rounds 1 --rounds 3, about a minute
//   --baseline DIR      also run every postdump job with DIR's build (another checkout of the project, built:
//                       DIR/bin/postdump.js and DIR/dist), in pairs: this build, then the baseline; the report
//                       puts them side by side (this / baseline: the median of the pair-wise ratios)
//   --scaling           add 10× the files and about 9× the big file (npm run bench:scaling)
//   --scaling-rounds N  rounds of the scaling jobs (default 3)
//   --keep              keep the corpus (its folder is printed)
//
// What runs, in order:
//  1. The fastest-wall floor. Every variant of bench/bare-read.mjs (API, reads in flight, walk, thread-pool
//     size) reads the folder, a few rounds interleaved; the three fastest go on into the rounds, and the one
//     of them with the lowest median there is the floor: the fastest honest Node read of the same files.
//  2. The rounds, interleaved (the machine may be shared, so medians, with the spread): `node -e 0` and
//     postdump on one small dump; the two floors (the fastest-wall one, and bench/sync-floor.mjs: one file
//     after the other, read synchronously and decoded), the Python reference (bench/reference.py) and
//     postdump on the folder → NDJSON; the same files in 10 .tar.gz and 10 .zip; the big file → NDJSON on
//     two threads and on one, → JSON, → SQLite, → Parquet; 120 MB without a line break (not a dump: exit 1,
//     in bounded memory). With --baseline, each postdump job runs twice in a row: this build, the baseline.
//  3. What a second core is worth on this machine: the big file on one thread, alone and two at once.
//  4. With --scaling: 10× the files and about 9× the big file, interleaved with the small ones again.
//  5. In this process, each hostile single line (bench/hostile.mjs) at two sizes: linear, about 4×.
// Every measured job is a fresh process (postdump only through bin/postdump.js), Node's start-up included,
// output to /dev/null (bench/measure.mjs). Each postdump job is first run once with its output kept, and must
// give every record. The jobs are in bench/jobs.mjs, the targets in bench/targets.mjs, the report in
// bench/report.mjs.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { packArchives } from './archives.mjs';
import { writeBigFile, writeFolder } from './generate.mjs';
import { HOSTILE } from './hostile.mjs';
import { JOBS, QUICK_REPEAT, SCALING_JOBS, SMALL_DUMP, corpusFor, floorVariants, mb, select } from './jobs.mjs';
import { concurrently, machineState, measure, median } from './measure.mjs';
import { report } from './report.mjs';

const SCALE_FILES = 10;
const SCALE_POSTS = 9;

const here = path.dirname(new URL(import.meta.url).pathname);
const { args, opts, chosen, builds } = options();
const corpus = corpusFor(chosen);
const baseline = builds.base !== undefined;
if (baseline && builds.base.root === builds.this.root) log(`NOTE: --baseline ${builds.base.root} is this build: each job will run twice`);

const state = { start: machineState() };
const work = mkdtempSync(path.join(os.tmpdir(), 'postdump-bench-'));
const c = {
  work,
  files: opts.files,
  filesLarge: opts.files * SCALE_FILES,
  folder: path.join(work, 'folder'),
  tgz: path.join(work, 'tgz'),
  zip: path.join(work, 'zip'),
  folderLarge: path.join(work, 'folder-large'),
  big: path.join(work, 'big.txt'),
  huge: path.join(work, 'huge.txt'),
  oneLine: path.join(work, 'one-line.txt'),
};
const r = { opts, chosen, builds, baseline, c, state, runs: {}, base: {}, baseFailed: {}, records: { this: {}, base: {} } };
try {
  // The corpus: only what the chosen jobs read.
  log(`corpus in ${work}; jobs: ${[...chosen].join(', ')}`);
  if (corpus.has('folder')) {
    c.folderBytes = writeFolder(c.folder, c.files);
    log(`  ${c.files} files, ${mb(c.folderBytes)} MB`);
  }
  if (corpus.has('archives')) {
    await packArchives(c.folder, c.tgz, c.zip);
    log('  the same files packed into 10 .tar.gz and 10 .zip');
  }
  if (corpus.has('big') || corpus.has('large')) {
    c.bigBytes = await writeBigFile(c.big, opts.posts);
    log(`  one file of ${opts.posts} posts, ${mb(c.bigBytes)} MB`);
  }
  if (corpus.has('oneLine')) {
    writeFileSync(c.oneLine, 'word '.repeat(24_000_000));
    log('  one file of 120 MB without a line break');
  }
  if (corpus.has('large')) {
    c.folderLargeBytes = writeFolder(c.folderLarge, c.filesLarge);
    log(`  ${c.filesLarge} files, ${mb(c.folderLargeBytes)} MB`);
    c.hugeBytes = await writeBigFile(c.huge, opts.posts * SCALE_POSTS);
    log(`  one file of ${opts.posts * SCALE_POSTS} posts, ${mb(c.hugeBytes)} MB`);
  }

  // Once, output kept: each job must succeed and give every record, or its timing means nothing. A baseline
  // that gives other records is only noted: its records per second are its own.
  for (const b of Object.values(builds)) {
    const check = (inputs, want) => checkRecords(b, inputs, want, { strict: b.id === 'this' });
    if (chosen.has('small')) check([SMALL_DUMP], JSON.parse(readFileSync(SMALL_DUMP.replace(/\.txt$/, '.json'), 'utf8')).length);
    if (corpus.has('folder')) r.records[b.id].folder = check([c.folder], c.files);
    if (corpus.has('archives')) for (const dir of [c.tgz, c.zip]) check([dir], c.files);
    if (corpus.has('big') || corpus.has('large')) r.records[b.id].big = check([c.big], opts.posts);
  }
  if (chosen.has('python')) checkReference(r.records.this.folderLines);

  // 1. The fastest-wall floor.
  if (chosen.has('floor')) {
    const variants = floorVariants(c.folder);
    const floorRuns = Object.fromEntries(variants.map((v) => [v.name, []]));
    for (let round = 1; round <= opts.floorRounds; round++) {
      for (const v of variants) floorRuns[v.name].push(measure({ ...v.job, expect: `${c.files} ${c.folderBytes}\n` }));
      log(`  floor round ${round}/${opts.floorRounds} done`);
    }
    const floorMedian = (name) => median(floorRuns[name].map((x) => x.seconds));
    const ranked = [...variants].sort((a, b) => floorMedian(a.name) - floorMedian(b.name));
    r.floor = { runs: floorRuns, ranked, finalists: ranked.slice(0, 3) };
    log(`  the fastest reads: ${r.floor.finalists.map((v) => `${v.name} ${floorMedian(v.name).toFixed(2)} s`).join('; ')}`);
  }

  // 2. The rounds. The floor's three finalists run in them as floor0, floor1, floor2.
  r.jobs = JOBS.filter((job) => chosen.has(job.name)).flatMap((job) =>
    job.name === 'floor'
      ? r.floor.finalists.map((v, i) => ({ ...job, key: `floor${i}`, variant: v.name, command: () => ({ ...v.job, expect: `${c.files} ${c.folderBytes}\n` }) }))
      : [{ ...job, key: job.name }],
  );
  r.postdumpJobs = r.jobs.filter((job) => job.kind === 'postdump').map((job) => job.name);
  for (const job of r.jobs) r.runs[job.key] = [];
  for (const name of r.postdumpJobs) if (baseline) r.base[name] = [];
  const quick = r.jobs.filter((job) => job.quick);
  const sequence = [...Array.from({ length: QUICK_REPEAT }, () => quick).flat(), ...r.jobs.filter((job) => !job.quick)];
  state.rounds = machineState();
  for (let n = 1; n <= opts.rounds; n++) {
    const line = [];
    for (const job of sequence) {
      const mine = measure(job.command(c, builds.this));
      r.runs[job.key].push(mine);
      const theirs = job.kind === 'postdump' && baseline ? measureBaseline(job, r.base, r.baseFailed) : null;
      line.push(`${job.key} ${mine.seconds.toFixed(2)}${theirs ? `|${theirs.seconds.toFixed(2)}` : ''} s`);
    }
    log(`  round ${n}/${opts.rounds}${baseline ? ' (this build|baseline)' : ''}: ${line.join(', ')}`);
  }
  state.roundsEnd = machineState();
  if (r.floor) {
    const keys = r.floor.finalists.map((_, i) => `floor${i}`);
    const key = keys.reduce((a, b) => (median(r.runs[b].map((x) => x.seconds)) < median(r.runs[a].map((x) => x.seconds)) ? b : a));
    Object.assign(r.floor, { key, name: r.floor.finalists[Number(key.slice(5))].name });
    Object.defineProperty(r.runs, 'floor', { value: r.runs[key], enumerable: false }); // not counted twice in the CPU sums
  }

  // 3. What a second core is worth here: the big file on one thread, alone and two at once.
  if (chosen.has('second-core')) {
    const job = { args: [builds.this.bin, c.big], env: { POSTDUMP_PARALLEL: 'off' }, cwd: builds.this.root };
    r.capacity = { alone: [], pair: [] };
    for (let round = 1; round <= opts.rounds; round++) {
      r.capacity.alone.push((await concurrently(1, job))[0]);
      r.capacity.pair.push(Math.max(...(await concurrently(2, job))));
    }
    r.secondCore = (2 * median(r.capacity.alone)) / median(r.capacity.pair);
    log(`  a second core: ${r.secondCore.toFixed(2)}× the work of one`);
  }

  // 4. Scaling.
  if (chosen.has('scaling')) {
    r.scaling = { this: {}, base: {}, baseFailed: {} };
    for (const job of SCALING_JOBS) {
      r.scaling.this[job.name] = [];
      if (baseline) r.scaling.base[job.name] = [];
    }
    state.scalingStart = machineState();
    for (let round = 1; round <= opts.scalingRounds; round++) {
      const line = [];
      for (const job of SCALING_JOBS) {
        const mine = measure(job.command(c, builds.this));
        r.scaling.this[job.name].push(mine);
        const theirs = baseline ? measureBaseline(job, r.scaling.base, r.scaling.baseFailed) : null;
        line.push(`${job.name} ${mine.seconds.toFixed(2)}${theirs ? `|${theirs.seconds.toFixed(2)}` : ''} s`);
      }
      log(`  scaling round ${round}/${opts.scalingRounds}: ${line.join(', ')}`);
    }
    state.scalingEnd = machineState();
  }

  // 5. Hostile lines, in this process, through each build's public entry point.
  if (chosen.has('hostile')) {
    const parsers = { this: (await import(pathToFileURL(path.join(builds.this.root, 'dist/index.js')).href)).parseDump };
    if (baseline) parsers.base = (await import(pathToFileURL(path.join(builds.base.root, 'dist/index.js')).href)).parseDump;
    r.hostile = [];
    for (const [name, make] of Object.entries(HOSTILE)) {
      const h = { name };
      for (const [key, n] of /** @type {[string, number][]} */ ([
        ['small', 2e6],
        ['large', 8e6],
      ])) {
        const text = make(n);
        for (const [id, parseDump] of Object.entries(parsers)) {
          // The best of three: a shared machine adds time, never takes it away.
          let best = Infinity;
          for (let i = 0; i < 3; i++) {
            const start = process.hrtime.bigint();
            parseDump(text, 'hostile.txt');
            best = Math.min(best, Number(process.hrtime.bigint() - start) / 1e6);
          }
          h[id === 'this' ? key : `base${key[0].toUpperCase()}${key.slice(1)}`] = best;
        }
      }
      r.hostile.push(h);
    }
  }
  state.end = machineState();

  report(r);
} finally {
  if (args.keep) log(`corpus kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

/** The command line: a mistake in it is a usage error (exit 2), before any work. */
function options() {
  try {
    const { values: args } = parseArgs({
      options: {
        rounds: { type: 'string', default: '5' },
        'floor-rounds': { type: 'string', default: '3' },
        files: { type: 'string', default: '10000' },
        posts: { type: 'string', default: '40000' },
        only: { type: 'string' },
        baseline: { type: 'string' },
        scaling: { type: 'boolean', default: false },
        'scaling-rounds': { type: 'string', default: '3' },
        keep: { type: 'boolean', default: false },
      },
    });
    const count = (name) => {
      const n = Number(args[name]);
      if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: a whole number of at least 1, not ${JSON.stringify(args[name])}`);
      return n;
    };
    const opts = { rounds: count('rounds'), floorRounds: count('floor-rounds'), files: count('files'), posts: count('posts'), scalingRounds: count('scaling-rounds') };
    const builds = { this: build('this', path.resolve(here, '..')) };
    if (args.baseline !== undefined) builds.base = build('base', path.resolve(args.baseline));
    return { args, opts, chosen: select(args.only, args.scaling), builds };
  } catch (error) {
    process.stderr.write(
      `bench/run.mjs: ${error instanceof Error ? error.message : String(error)}\nusage: node bench/run.mjs [--rounds N] [--floor-rounds N] [--files N] [--posts N] [--only NAMES] [--baseline DIR] [--scaling] [--scaling-rounds N] [--keep]\n`,
    );
    process.exit(2);
  }
}

/**
 * The baseline's run of a postdump job, kept in `into[job.name]`; null when it failed (then, or before).
 * A baseline that cannot run a job (an older build without that format, say) loses that job only.
 */
function measureBaseline(job, into, failed) {
  if (failed[job.name]) return null;
  try {
    const theirs = measure(job.command(c, builds.base));
    into[job.name].push(theirs);
    return theirs;
  } catch (error) {
    failed[job.name] = String(error instanceof Error ? error.message : error)
      .split('\n')[0]
      .slice(0, 300);
    delete into[job.name];
    log(`  the baseline failed ${job.name}: ${failed[job.name]}`);
    return null;
  }
}

/** A build of the project: its root, bin/postdump.js, and a line about it (commit, uncommitted changes). */
function build(id, root) {
  const bin = path.join(root, 'bin/postdump.js');
  if (!existsSync(bin) || !existsSync(path.join(root, 'dist/index.js'))) {
    throw new Error(`${root}: not a built checkout of postdump (no bin/postdump.js or dist/index.js; npm ci && npm run build there)`);
  }
  let describe = 'not a git checkout';
  try {
    const git = (...a) => execFileSync('git', ['-C', root, ...a], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    describe = git('log', '-1', '--format=%h %cs %s').slice(0, 100);
    if (git('status', '--porcelain', '--untracked-files=no')) describe += '; with uncommitted changes';
  } catch {
    // not git, or no git: the path says which build it is
  }
  return { id, root, bin, describe };
}

/**
 * Runs a build's postdump once with its output kept: it must exit 0 with `want` records (or, not `strict`,
 * is only noted when it does not). Returns the number of records, and keeps the lines of this build's folder.
 */
function checkRecords(b, inputs, want, { strict }) {
  const out = path.join(work, 'check.ndjson');
  const result = spawnSync(process.execPath, [b.bin, ...inputs, '-o', out], { cwd: b.root, encoding: 'utf8' });
  const lines = result.status === 0 ? readFileSync(out, 'utf8').split('\n').filter(Boolean) : [];
  rmSync(out, { force: true });
  const who = b.id === 'this' ? 'postdump' : 'the baseline';
  if (result.status !== 0 || lines.length !== want) {
    const message = `${who} ${inputs.join(' ')}: exit ${result.status}, ${lines.length} records, want ${want}\n${result.stderr}`;
    if (strict) throw new Error(message);
    log(`  NOTE: ${message.trim()}`);
  } else {
    log(`  checked: ${who} gives all ${lines.length} records of ${path.basename(inputs[0])}`);
  }
  if (b.id === 'this' && inputs[0] === c.folder) r.records.this.folderLines = lines;
  return lines.length;
}

/** The Python reference must give the same records as postdump on the folder, field for field. */
function checkReference(postdumpLines) {
  const reference = path.join(here, 'reference.py');
  const result = spawnSync('python3', [reference, c.folder], { encoding: 'utf8', maxBuffer: 1 << 30 });
  if (result.status !== 0) throw new Error(`python3 ${reference}: exit ${result.status}\n${result.stderr}`);
  const mine = result.stdout
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
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

function log(line) {
  process.stderr.write(`${line}\n`);
}
