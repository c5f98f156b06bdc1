// The bench's report, on stdout: the machine and its state, the floors, every job's medians (with the range),
// this build against the baseline side by side, the scaling rounds, the hostile lines, and every target with
// its figure and verdict. `r` is the run's results (see bench/run.mjs).
import os from 'node:os';
import { spawnSync } from 'node:child_process';
import { median, othersBusy, spread, spreadOf } from './measure.mjs';
import { QUICK_REPEAT, SCALING_JOBS, mb } from './jobs.mjs';
import { evaluate } from './targets.mjs';

export function report(r) {
  const { runs, c } = r;
  const med = (name, key = 'seconds', from = runs) => median(from[name].map((x) => x[key]));
  const all = (...lists) => lists.flatMap((from) => Object.values(from ?? {}).flat());

  console.log('\npostdump benchmark');
  console.log(
    `machine: ${os.cpus()[0]?.model ?? 'unknown CPU'}, ${os.cpus().length} CPUs (available parallelism ${os.availableParallelism()}), ${gib(os.totalmem())} GiB; node ${process.version}, ${python3Version()}`,
  );
  console.log(`this build: ${r.builds.this.root} (${r.builds.this.describe})`);
  if (r.baseline) console.log(`baseline:   ${r.builds.base.root} (${r.builds.base.describe})`);
  console.log(`jobs: ${[...r.chosen].join(', ')}`);
  printState('before the corpus', r.state.start);
  printState('before the rounds', r.state.rounds);
  const roundRuns = all(runs, r.base);
  printState('after the rounds', r.state.roundsEnd, r.state.rounds, roundRuns);
  if (r.state.scalingEnd) printState('after the scaling rounds', r.state.scalingEnd, r.state.scalingStart, all(r.scaling.this, r.scaling.base));
  printState('at the end', r.state.end);
  if (r.capacity) {
    console.log(
      `  a second core: two one-thread runs of the big file at once take ${median(r.capacity.pair).toFixed(2)} s, one alone ${median(r.capacity.alone).toFixed(2)} s:` +
        ` the two cores do ${r.secondCore.toFixed(2)}× the work of one (2× on two free cores); no two-thread job can gain more`,
    );
  }
  const busy = othersBusy(r.state.rounds, r.state.roundsEnd, roundRuns);
  if (busy !== null && busy > 0.25) {
    console.log(`  NOTE: other processes kept ${busy.toFixed(2)} cores busy during the rounds: the targets are for an idle machine; these figures are not.`);
  }

  if (r.floor) {
    console.log(`\nthe fastest-wall floor: every bare read of the ${c.files}-file folder (${mb(c.folderBytes)} MB), medians of ${r.opts.floorRounds} interleaved rounds, fastest first`);
    for (const v of r.floor.ranked) {
      const list = r.floor.runs[v.name];
      console.log(`  ${v.name.padEnd(46)} ${spread(list, 'seconds', 3, ' s')}  cpu ${spread(list, 'cpuMs', 0, ' ms')}  peak ${spread(list, 'maxRssKiB', 0, ' MiB', 1 / 1024)}`);
    }
  }

  const row = (label, list, extra = '') =>
    console.log(`${label.padEnd(48)} ${spread(list, 'seconds', 2, ' s')}  cpu ${spread(list, 'cpuMs', 0, ' ms')}  peak ${spread(list, 'maxRssKiB', 0, ' MiB', 1 / 1024)}${extra}`);
  const perRound = (a, b) =>
    spreadOf(
      runs[a].map((x, i) => x.seconds / runs[b][i].seconds),
      2,
      '×',
    );
  const has = (name) => runs[name]?.length > 0;
  const extras = {
    small: () => (has('start') ? `  ${(med('small') / med('start')).toFixed(2)}× node -e 0 (per round ${perRound('small', 'start')})` : ''),
    python: () => `  ${(c.files / med('python')).toFixed(0)} records/s`,
    folder: () =>
      [
        `  ${(c.files / med('folder')).toFixed(0)} records/s`,
        has('floor') && `${(med('folder') / med('floor')).toFixed(2)}× the fastest-wall floor (per round ${perRound('folder', 'floor')})`,
        has('sync-floor') && `${(med('folder') / med('sync-floor')).toFixed(2)}× the synchronous floor (per round ${perRound('folder', 'sync-floor')})`,
        has('python') && `${(med('python') / med('folder')).toFixed(2)}× the speed of Python (per round ${perRound('python', 'folder')})`,
      ]
        .filter(Boolean)
        .join('; '),
    tgz: () => `  ${(c.files / med('tgz')).toFixed(0)} records/s${has('folder') ? `; ${(med('tgz') / med('folder')).toFixed(2)}× the plain folder's time` : ''}`,
    zip: () => `  ${(c.files / med('zip')).toFixed(0)} records/s${has('folder') ? `; ${(med('zip') / med('folder')).toFixed(2)}× the plain folder's time` : ''}`,
    big: () => `  ${(c.bigBytes / 1e6 / med('big')).toFixed(0)} MB/s, ${(r.records.this.big / med('big')).toFixed(0)} records/s`,
    'big-1t': () =>
      `  ${(c.bigBytes / 1e6 / med('big-1t')).toFixed(0)} MB/s, ${(r.records.this.big / med('big-1t')).toFixed(0)} records/s` +
      (has('big') ? `; speed-up of two threads over one ${(med('big-1t') / med('big')).toFixed(2)}× (per round ${perRound('big-1t', 'big')})` : ''),
    json: () => `  ${(c.bigBytes / 1e6 / med('json')).toFixed(0)} MB/s`,
    sqlite: () => (has('big') ? `  ${(med('sqlite') / med('big')).toFixed(2)}× NDJSON` : ''),
    parquet: () => (has('big') ? `  ${(med('parquet') / med('big')).toFixed(2)}× NDJSON` : ''),
  };

  if (r.jobs.length) {
    const quick = r.jobs.some((job) => job.quick) ? ` (the start-up jobs ${QUICK_REPEAT} times a round)` : '';
    console.log(`\nmedians of ${r.opts.rounds} interleaved rounds${quick} (min–max in brackets); wall time includes start-up\n`);
    for (const job of r.jobs) {
      if (job.name !== 'floor') row(job.label(c), runs[job.name], extras[job.name]?.() ?? '');
      else if (job.key === r.floor.key) {
        row(`fastest-wall floor: ${job.variant}`, runs.floor);
        // The other finalists, which ran in the same rounds.
        for (const other of r.jobs) if (other.name === 'floor' && other !== job) row(`  (also in the rounds: ${other.variant})`, runs[other.key]);
      }
    }
  }

  if (r.baseline) {
    console.log(
      `\nthis build against the baseline, run in pairs (this build, then the baseline, in each of the ${r.opts.rounds} rounds): medians; this / baseline is the median of the pair-wise ratios [min–max]\n`,
    );
    sideBySide(
      r.jobs.filter((j) => j.kind === 'postdump').map((j) => [j.label(c).trim(), j.name]),
      runs,
      r.base,
      r.baseFailed,
    );
  }

  if (r.scaling) {
    const s = r.scaling.this;
    const smed = (name) => median(s[name].map((x) => x.seconds));
    const net = (large, small) => (smed(large) - smed('startup')) / (smed(small) - smed('startup'));
    console.log(`\nscaling: medians of ${r.opts.scalingRounds} interleaved rounds; time net of start-up is the time less that of one post in one file\n`);
    const scalingExtra = {
      folderLarge: () =>
        `  ${(smed('folderLarge') / smed('folder')).toFixed(2)}× the time, ${net('folderLarge', 'folder').toFixed(2)}× net of start-up, for ${(c.folderLargeBytes / c.folderBytes).toFixed(2)}× the input`,
      huge: () => `  ${(smed('huge') / smed('big')).toFixed(2)}× the time, ${net('huge', 'big').toFixed(2)}× net of start-up, for ${(c.hugeBytes / c.bigBytes).toFixed(2)}× the input`,
    };
    for (const job of SCALING_JOBS) row(job.label(c), s[job.name], scalingExtra[job.name]?.() ?? '');
    if (r.baseline) {
      console.log(`\nscaling, this build against the baseline (pairs, as above)\n`);
      sideBySide(
        SCALING_JOBS.map((j) => [j.label(c), j.name]),
        s,
        r.scaling.base,
        r.scaling.baseFailed,
      );
    }
  }

  if (r.hostile) {
    console.log(`\nhostile single lines, parsed in this process (time at 2 M and 8 M characters; linear ≈ 4×)${r.baseline ? "; then the baseline's:" : ':'}`);
    for (const h of r.hostile) {
      const base = h.baseSmall === undefined ? '' : `   baseline ${h.baseSmall.toFixed(0).padStart(5)} ms → ${h.baseLarge.toFixed(0).padStart(5)} ms  ${(h.baseLarge / h.baseSmall).toFixed(1)}×`;
      console.log(`  ${h.name.padEnd(72)} ${h.small.toFixed(0).padStart(5)} ms → ${h.large.toFixed(0).padStart(5)} ms  ${(h.large / h.small).toFixed(1)}×${base}`);
    }
  }

  console.log('\ntargets (figure, target, verdict):');
  for (const t of evaluate(r)) {
    if (t.skipped) console.log(`  ----  ${t.what}: ${t.skipped}`);
    else console.log(`  ${t.ok ? 'met ' : 'MISS'}  ${t.what}: ${t.figure} (target ${t.target})`);
  }
}

/** Rows of [label, name]: this build's medians, the baseline's, and the median of the pair-wise ratios. */
function sideBySide(rows, mine, theirs, failed = {}) {
  const med = (list, key) => median(list.map((x) => x[key]));
  const peak = (list) => (Math.max(...list.map((x) => x.maxRssKiB)) / 1024).toFixed(0);
  console.log(`${'job'.padEnd(48)} ${'this build'.padStart(10)} ${'baseline'.padStart(10)}  this / baseline: time             cpu     peak memory`);
  for (const [label, name] of rows) {
    if (!mine[name]?.length) continue;
    if (failed[name] || !theirs[name]?.length) {
      console.log(`${label.padEnd(48)} ${`${med(mine[name], 'seconds').toFixed(2)} s`.padStart(10)} ${'—'.padStart(10)}  the baseline failed: ${failed[name] ?? 'not run'}`);
      continue;
    }
    const ratios = (key) => mine[name].map((x, i) => x[key] / theirs[name][i][key]);
    console.log(
      `${label.padEnd(48)} ${`${med(mine[name], 'seconds').toFixed(2)} s`.padStart(10)} ${`${med(theirs[name], 'seconds').toFixed(2)} s`.padStart(10)}  ` +
        `${spreadOf(ratios('seconds'), 2, '×').padEnd(24)} ${`${median(ratios('cpuMs')).toFixed(2)}×`.padStart(6)}   ${peak(mine[name])} / ${peak(theirs[name])} MiB`,
    );
  }
}

function printState(label, now, from, runs) {
  const others = from ? othersBusy(from, now, runs) : null;
  console.log(
    `  ${label.padEnd(25)} load ${now.load.map((l) => l.toFixed(2)).join(' ')}, free memory ${gib(now.free)} GiB` +
      (others === null ? '' : `; other processes kept ${others.toFixed(2)} cores busy over these ${((now.at - from.at) / 1000).toFixed(0)} s`),
  );
}

function python3Version() {
  const result = spawnSync('python3', ['--version'], { encoding: 'utf8' });
  return (result.stdout || result.stderr || 'python3: not found').trim();
}

function gib(bytes) {
  return (bytes / 2 ** 30).toFixed(1);
}
