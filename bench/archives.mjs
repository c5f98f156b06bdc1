// `npm run bench:archives`: the archive budget. The 10,000 one-post files of `npm run bench`, packed into
// 10 .tar.gz files and, apart, into 10 .zip files (1,000 dumps each), converted to NDJSON beside the plain
// folder: records per second of each, several rounds interleaved (medians, with the spread), and peak
// memory. Target: a folder of archives within 1.5× the plain folder's time.
//
//   node bench/archives.mjs [--rounds N] [--files N] [--keep]
// `npm run bench` runs the same jobs in its own rounds (packArchives, below); this script runs them alone.
import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import tar from 'tar-stream';
import yazl from 'yazl';
import { writeFolder } from './generate.mjs';

const ARCHIVES = 10;
const TARGET_RATIO = 1.5;
const here = path.dirname(new URL(import.meta.url).pathname);
const root = path.resolve(here, '..');
const bin = path.join(root, 'bin/postdump.js');
const preload = path.join(here, 'peak-rss.cjs');

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values: opts } = parseArgs({
    options: {
      rounds: { type: 'string', default: '3' },
      files: { type: 'string', default: '10000' },
      keep: { type: 'boolean', default: false },
    },
  });
  const rounds = Number(opts.rounds);
  const files = Number(opts.files);
  const work = mkdtempSync(path.join(os.tmpdir(), 'postdump-bench-archives-'));
  try {
    const folders = { plain: path.join(work, 'plain'), tgz: path.join(work, 'tgz'), zip: path.join(work, 'zip') };
    log(`corpus in ${work}`);
    writeFolder(folders.plain, files);
    await packArchives(folders.plain, folders.tgz, folders.zip);
    log(`  ${files} files, packed into ${ARCHIVES} .tar.gz and ${ARCHIVES} .zip`);
    for (const folder of Object.values(folders)) checkRecords(folder, files);

    /** @type {Record<string, { seconds: number, maxRssKiB: number }[]>} */
    const runs = Object.fromEntries(Object.keys(folders).map((name) => [name, []]));
    for (let round = 1; round <= rounds; round++) {
      for (const [name, folder] of Object.entries(folders)) runs[name].push(measure([bin, folder]));
      log(
        `  round ${round}/${rounds}: ${Object.entries(runs)
          .map(([name, r]) => `${name} ${r[r.length - 1].seconds.toFixed(2)} s`)
          .join(', ')}`,
      );
    }

    console.log(
      `\npostdump archives benchmark — node ${process.version}, ${os.cpus().length} CPUs, load ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')}`,
    );
    console.log(`medians of ${rounds} interleaved rounds (min–max in brackets); wall time includes node's start-up\n`);
    const med = (name) => median(runs[name].map((r) => r.seconds));
    for (const [name, label] of [
      ['plain', `folder of ${files} .txt`],
      ['tgz', `${ARCHIVES} .tar.gz`],
      ['zip', `${ARCHIVES} .zip`],
    ]) {
      const seconds = runs[name].map((r) => r.seconds);
      const peak = runs[name].map((r) => r.maxRssKiB / 1024);
      console.log(
        `${label.padEnd(24)} ${spreadOf(seconds, 2, ' s')}  ${(files / med(name)).toFixed(0).padStart(6)} records/s  peak ${spreadOf(peak, 0, ' MiB')}  ${(med(name) / med('plain')).toFixed(2)}× plain`,
      );
    }
    console.log('\ntargets:');
    for (const name of ['tgz', 'zip']) {
      const ratio = med(name) / med('plain');
      console.log(`  ${ratio <= TARGET_RATIO ? 'met ' : 'MISS'}  ${name} within ${TARGET_RATIO}× the plain folder: ${ratio.toFixed(2)}×`);
    }
  } finally {
    if (opts.keep) log(`corpus kept in ${work}`);
    else rmSync(work, { recursive: true, force: true });
  }
}

/** Packs the *.txt files of `plain` into ARCHIVES .tar.gz files in `tgz` and, apart, ARCHIVES .zip files in `zip`. */
export async function packArchives(plain, tgz, zip) {
  const names = readdirSync(plain).sort();
  mkdirSync(tgz, { recursive: true });
  mkdirSync(zip, { recursive: true });
  const per = Math.ceil(names.length / ARCHIVES);
  for (let i = 0; i < ARCHIVES; i++) {
    const members = names.slice(i * per, (i + 1) * per).map((name) => [name, readFileSync(path.join(plain, name))]);
    await writeTgz(path.join(tgz, `part-${i}.tar.gz`), members);
    await writeZip(path.join(zip, `part-${i}.zip`), members);
  }
}

async function writeTgz(file, members) {
  const pack = tar.pack();
  const chunks = [];
  pack.on('data', (chunk) => chunks.push(chunk));
  const ended = once(pack, 'end');
  for (const [name, bytes] of members) pack.entry({ name }, bytes);
  pack.finalize();
  await ended;
  writeFileSync(file, gzipSync(Buffer.concat(chunks)));
}

async function writeZip(file, members) {
  const zip = new yazl.ZipFile();
  for (const [name, bytes] of members) zip.addBuffer(bytes, name);
  zip.end();
  const out = createWriteStream(file);
  zip.outputStream.pipe(out);
  await once(out, 'close');
}

/** Runs `node ARGS` once, stdout to /dev/null: wall seconds and peak RSS (from the preload). */
function measure(args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, ['--require', preload, ...args], { cwd: root, stdio: ['ignore', openSync('/dev/null', 'w'), 'pipe', 'pipe'] });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return { seconds, ...JSON.parse(String(result.output[3])) };
}

function checkRecords(folder, want) {
  const result = spawnSync(process.execPath, [bin, folder], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 30 });
  const records = result.stdout.split('\n').filter(Boolean).length;
  if (result.status !== 0 || records !== want) throw new Error(`postdump ${folder}: exit ${result.status}, ${records} records, want ${want}\n${result.stderr}`);
  log(`  checked: ${path.basename(folder)} gives all ${records} records`);
}

function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function spreadOf(values, digits, unit) {
  return `${median(values).toFixed(digits)}${unit} [${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}]`;
}

function log(line) {
  process.stderr.write(`${line}\n`);
}
