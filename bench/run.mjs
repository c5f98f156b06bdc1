// `npm run bench`: builds a synthetic corpus with the project's generator in a temporary folder, then
// times, several rounds interleaved (the machine may be shared, so medians, with the spread):
//   - a folder of 10,000 one-post files → NDJSON, beside a bare Node read of the same files (no parsing),
//     one file after the other as the issue defines it, and 16 at a time for comparison;
//   - one file of 40,000 posts (100+ MB) → NDJSON and → a JSON array: MB/s and peak memory;
//   - the same file → an SQLite database and → a Parquet file (-o): time against NDJSON, peak memory;
//   - one file of 120 MB without a line break: peak memory stays bounded.
// Every process is a fresh `node`, output to /dev/null; peak memory is the process's own maxRSS.
// Then, in this process, each hostile single line (bench/hostile.mjs) is parsed at two sizes: linear
// parsing takes about 4× the time for 4× the text.
//
//   node bench/run.mjs [--rounds N] [--files N] [--posts N] [--keep]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { writeBigFile, writeFolder } from './generate.mjs';
import { HOSTILE } from './hostile.mjs';

const { values: opts } = parseArgs({
  options: {
    rounds: { type: 'string', default: '5' },
    files: { type: 'string', default: '10000' },
    posts: { type: 'string', default: '40000' },
    keep: { type: 'boolean', default: false },
  },
});
const rounds = Number(opts.rounds);
const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '..');
const bin = path.join(root, 'bin/postdump.js');
const preload = path.join(here, 'peak-rss.cjs');
const TARGETS = { folderRatio: 1.3, mbPerSecond: 100, peakMiB: 200, datasetRatio: 2, datasetPeakMiB: 250 };

const work = mkdtempSync(path.join(os.tmpdir(), 'postdump-bench-'));
const folder = path.join(work, 'folder');
const big = path.join(work, 'big.txt');
const oneLine = path.join(work, 'one-line.txt');
try {
  log(`corpus in ${work}`);
  const folderBytes = writeFolder(folder, Number(opts.files));
  log(`  ${opts.files} files, ${mb(folderBytes)} MB`);
  const bigBytes = await writeBigFile(big, Number(opts.posts));
  log(`  one file of ${opts.posts} posts, ${mb(bigBytes)} MB`);
  writeFileSync(oneLine, 'word '.repeat(24_000_000));
  log('  one file of 120 MB without a line break');

  // Once, output kept: each job must succeed and give every record, or its timing means nothing.
  checkRecords([folder], Number(opts.files));
  checkRecords([big], Number(opts.posts));

  const jobs = {
    bare: ['bench/bare-read.mjs', folder],
    bare16: ['bench/bare-read.mjs', folder, '--parallel', '16'],
    folder: [bin, folder],
    big: [bin, big],
    bigJson: [bin, '-f', 'json', big],
    bigSqlite: [bin, '-f', 'sqlite', big, '-o', path.join(work, 'big.db')],
    bigParquet: [bin, '-f', 'parquet', big, '-o', path.join(work, 'big.parquet')],
    oneLine: [bin, oneLine],
  };
  const failing = new Set(['oneLine']); // not a dump: exit 1 is the right answer
  const runs = Object.fromEntries(Object.keys(jobs).map((name) => [name, []]));
  for (let round = 1; round <= rounds; round++) {
    for (const [name, args] of Object.entries(jobs)) runs[name].push(measure(args, failing.has(name) ? 1 : 0));
    log(`  round ${round}/${rounds}: ${Object.entries(runs).map(([name, r]) => `${name} ${r.at(-1).seconds.toFixed(2)} s`).join(', ')}`);
  }

  const med = (name, key) => median(runs[name].map((r) => r[key]));
  const ratios = runs.folder.map((r, i) => r.seconds / runs.bare[i].seconds);
  const peak = Math.max(...[...runs.folder, ...runs.big, ...runs.bigJson, ...runs.oneLine].map((r) => r.maxRssKiB)) / 1024;
  const mbps = bigBytes / 1e6 / med('big', 'seconds');
  const mbpsJson = bigBytes / 1e6 / med('bigJson', 'seconds');
  const folderRatio = med('folder', 'seconds') / med('bare', 'seconds');

  console.log(`\npostdump benchmark — node ${process.version}, ${os.cpus().length} CPUs, load ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`medians of ${rounds} interleaved rounds (min–max in brackets); wall time includes node's start-up\n`);
  const row = (label, name, extra = '') =>
    console.log(
      `${label.padEnd(34)} ${spread(runs[name], 'seconds', 2, ' s')}  cpu ${spread(runs[name], 'cpuMs', 0, ' ms')}  peak ${spread(runs[name], 'maxRssKiB', 0, ' MiB', 1 / 1024)}${extra}`,
    );
  row(`bare read, ${opts.files} files`, 'bare');
  row('bare read, 16 at a time', 'bare16');
  row(`postdump folder → NDJSON`, 'folder', `  ${folderRatio.toFixed(2)}× bare (per-round ratios ${spreadOf(ratios, 2, '×')}), ${(med('folder', 'seconds') / med('bare16', 'seconds')).toFixed(2)}× bare 16 at a time`);
  row(`postdump ${mb(bigBytes)} MB file → NDJSON`, 'big', `  ${mbps.toFixed(0)} MB/s`);
  row(`postdump ${mb(bigBytes)} MB file → JSON`, 'bigJson', `  ${mbpsJson.toFixed(0)} MB/s`);
  for (const [label, name] of [['SQLite', 'bigSqlite'], ['Parquet', 'bigParquet']]) {
    row(`postdump ${mb(bigBytes)} MB file → ${label}`, name, `  ${(med(name, 'seconds') / med('big', 'seconds')).toFixed(2)}× NDJSON`);
  }
  row('postdump 120 MB, no line break', 'oneLine');
  console.log('\nhostile single lines, parsed in this process (time at 2 M and 8 M characters; linear ≈ 4×):');
  const { parseDump } = await import('../dist/index.js');
  let worst = 0;
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
    worst = Math.max(worst, large / small);
    console.log(`  ${name.padEnd(72)} ${small.toFixed(0).padStart(5)} ms → ${large.toFixed(0).padStart(5)} ms  ${(large / small).toFixed(1)}×`);
  }
  console.log('\ntargets:');
  verdict(`folder within ${TARGETS.folderRatio}× the bare read`, folderRatio <= TARGETS.folderRatio, `${folderRatio.toFixed(2)}×`);
  verdict(`big file at ≥ ${TARGETS.mbPerSecond} MB/s (NDJSON)`, mbps >= TARGETS.mbPerSecond, `${mbps.toFixed(0)} MB/s`);
  verdict(`peak memory ≤ ${TARGETS.peakMiB} MiB`, peak <= TARGETS.peakMiB, `${peak.toFixed(0)} MiB`);
  for (const [label, name] of [['SQLite', 'bigSqlite'], ['Parquet', 'bigParquet']]) {
    const ratio = med(name, 'seconds') / med('big', 'seconds');
    const datasetPeak = Math.max(...runs[name].map((r) => r.maxRssKiB)) / 1024;
    verdict(`big file → ${label} within ${TARGETS.datasetRatio}× NDJSON`, ratio <= TARGETS.datasetRatio, `${ratio.toFixed(2)}×`);
    verdict(`big file → ${label}: peak memory ≤ ${TARGETS.datasetPeakMiB} MiB`, datasetPeak <= TARGETS.datasetPeakMiB, `${datasetPeak.toFixed(0)} MiB`);
  }
  // 16× would be quadratic; short runs are noisy, so only far past 4× counts.
  verdict('hostile lines parse in linear time (worst growth < 8× for 4× the text)', worst < 8, `${worst.toFixed(1)}×`);
} finally {
  if (opts.keep) log(`corpus kept in ${work}`);
  else rmSync(work, { recursive: true, force: true });
}

/** Runs `node ARGS` once, stdout to /dev/null: wall seconds, CPU ms and peak RSS (from the preload). */
function measure(args, wantStatus = 0) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', preload, ...args], {
    cwd: root,
    stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe', 'pipe'],
    maxBuffer: 1 << 24,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== wantStatus) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { seconds, ...JSON.parse(result.output[3].toString()) };
}

function checkRecords(inputs, want) {
  const out = path.join(work, 'check.ndjson');
  const result = spawnSync(process.execPath, [bin, ...inputs, '-o', out], { cwd: root, encoding: 'utf8' });
  const records = readFileSync(out, 'utf8').split('\n').filter(Boolean).length;
  if (result.status !== 0 || records !== want) throw new Error(`postdump ${inputs.join(' ')}: exit ${result.status}, ${records} records, want ${want}\n${result.stderr}`);
  rmSync(out);
  log(`  checked: ${path.basename(inputs[0])} gives all ${records} records`);
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

function verdict(what, ok, got) {
  console.log(`  ${ok ? 'met ' : 'MISS'}  ${what}: ${got}`);
}

function mb(bytes) {
  return (bytes / 1e6).toFixed(1);
}

function log(line) {
  process.stderr.write(`${line}\n`);
}
