// The performance budget, and each target's figure from one run of the bench. Issue 17's targets replace the
// older ones where they differ (issue 11's floor ratio, MB/s and scaling, issue 10's dataset and archive
// budgets stay): all ratios are of jobs measured in the same interleaved rounds.
import { median, spreadOf } from './measure.mjs';
import { mb } from './jobs.mjs';

export const TARGETS = {
  floorRatio: 1.2, // folder → NDJSON, time against the fastest-wall read floor (bench/bare-read.mjs), at most
  syncFloorRatio: 1.6, // folder → NDJSON, time against the synchronous read floor (bench/sync-floor.mjs), at most
  pythonSpeedup: 1.6, // folder → NDJSON, speed-up over the Python reference, at least…
  pythonGoal: 2, // …and the goal beyond it
  startRatio: 1.4, // one small dump, time against `node -e 0`, at most
  mbPerSecond: 150, // big file → NDJSON (two threads)
  baselineSpeedup: 2, // big file on one thread: records per second against the --baseline build's, at least
  threadSpeedup: 1.35, // big file: two threads against one, speed-up, at least
  peakMiB: 150, // peak memory of every postdump job, the dataset sinks and --scaling's included
  datasetRatio: 2, // big file → SQLite, Parquet: time against → NDJSON, at most
  archiveRatio: 1.5, // a folder of archives against the plain folder, at most
  linear: 1.25, // scaling: seconds per MB (or per file) of the large input against the small one, at most
  flat: 1.25, // scaling: peak memory of the large input against the small one, at most
  hostileGrowth: 8, // hostile lines: time for 4× the text, less than (linear ≈ 4×, quadratic 16×)…
  hostileMinMs: 20, // …judged on the lines that take this long at 8 M characters: a shorter one is all noise
};

/**
 * Every target: { what, figure, target, ok } when its jobs ran, { what, skipped } when they did not.
 * `r` is the run's results (see bench/run.mjs).
 */
export function evaluate(r) {
  const { runs, c } = r;
  const out = [];
  const have = (...names) => names.every((name) => runs[name]?.length);
  const med = (name, key = 'seconds', from = runs) => median(from[name].map((x) => x[key]));
  const perRound = (a, b, from = runs) => from[a].map((x, i) => x.seconds / from[b][i].seconds);
  const target = (what, names, compute, skipped = 'not run') => out.push(have(...names) ? { what, ...compute() } : { what, skipped });

  const folder = `${c.files}-file folder → NDJSON`;
  const bigFile = c.bigBytes ? `${mb(c.bigBytes)} MB file` : `the big file (${r.opts.posts} posts)`;
  target(`${folder}, time against the fastest-wall read floor (${r.floor?.name ?? 'bare-read'})`, ['folder', 'floor'], () => {
    const ratio = med('folder') / med('floor');
    return { figure: `${ratio.toFixed(2)}× (per round ${spreadOf(perRound('folder', 'floor'), 2, '×')})`, target: `≤ ${TARGETS.floorRatio}×`, ok: ratio <= TARGETS.floorRatio };
  });
  target(`${folder}, time against the synchronous read floor`, ['folder', 'sync-floor'], () => {
    const ratio = med('folder') / med('sync-floor');
    return { figure: `${ratio.toFixed(2)}× (per round ${spreadOf(perRound('folder', 'sync-floor'), 2, '×')})`, target: `≤ ${TARGETS.syncFloorRatio}×`, ok: ratio <= TARGETS.syncFloorRatio };
  });
  target(`${folder}, speed-up over the Python reference`, ['folder', 'python'], () => {
    const speedup = med('python') / med('folder');
    const goal = speedup >= TARGETS.pythonGoal ? 'the goal met too' : 'the goal not yet';
    return {
      figure: `${speedup.toFixed(2)}× (per round ${spreadOf(perRound('python', 'folder'), 2, '×')})`,
      target: `≥ ${TARGETS.pythonSpeedup}×; goal ${TARGETS.pythonGoal}×: ${goal}`,
      ok: speedup >= TARGETS.pythonSpeedup,
    };
  });
  target('one small dump, time against `node -e 0`', ['small', 'start'], () => {
    const ratio = med('small') / med('start');
    return {
      figure: `${ratio.toFixed(2)}× (${med('small').toFixed(3)} s against ${med('start').toFixed(3)} s; per round ${spreadOf(perRound('small', 'start'), 2, '×')})`,
      target: `≤ ${TARGETS.startRatio}×`,
      ok: ratio <= TARGETS.startRatio,
    };
  });
  // Where a target above is missed, how close it is to the work no build can skip.
  target('one small dump, time against its floor (bench/small-floor.mjs)', ['small', 'small-floor'], () => {
    const ratio = med('small') / med('small-floor');
    const floor = med('small-floor') / med('start');
    return { figure: `${ratio.toFixed(2)}× (the floor is ${floor.toFixed(2)}× node -e 0)`, target: 'report', ok: true };
  });
  target(`${bigFile} → NDJSON on one thread, time against its floor (bench/big-floor.mjs)`, ['big-1t', 'big-floor'], () => {
    const ratio = med('big-1t') / med('big-floor');
    return { figure: `${ratio.toFixed(2)}× (per round ${spreadOf(perRound('big-1t', 'big-floor'), 2, '×')})`, target: 'report', ok: true };
  });
  target(`${bigFile} → NDJSON, two threads`, ['big'], () => {
    const mbps = c.bigBytes / 1e6 / med('big');
    return { figure: `${mbps.toFixed(0)} MB/s`, target: `≥ ${TARGETS.mbPerSecond} MB/s`, ok: mbps >= TARGETS.mbPerSecond };
  });
  if (r.baseline && r.base['big-1t']?.length) {
    target(`${bigFile} → NDJSON on one thread, records per second against the baseline's`, ['big-1t'], () => {
      const ratios = r.base['big-1t'].map((b, i) => r.records.this.big / runs['big-1t'][i].seconds / (r.records.base.big / b.seconds));
      const ratio = median(ratios);
      const rate = (records, from) => (records / med('big-1t', 'seconds', from)).toFixed(0);
      return {
        figure: `${ratio.toFixed(2)}× (${rate(r.records.this.big, runs)} against ${rate(r.records.base.big, r.base)} records/s; median of pair-wise ratios, ${spreadOf(ratios, 2, '×')})`,
        target: `≥ ${TARGETS.baselineSpeedup}×`,
        ok: ratio >= TARGETS.baselineSpeedup,
      };
    });
  } else {
    out.push({
      what: `${bigFile} → NDJSON on one thread, records per second against a baseline's`,
      skipped: r.baseline ? 'the baseline did not run it' : 'no baseline: npm run bench -- --baseline DIR',
    });
  }
  target(`${bigFile} → NDJSON, two threads against one: speed-up`, ['big', 'big-1t'], () => {
    const speedup = med('big-1t') / med('big');
    const ceiling = r.secondCore ? `; a second core does ${r.secondCore.toFixed(2)}× the work of one here` : '';
    return { figure: `${speedup.toFixed(2)}× (per round ${spreadOf(perRound('big-1t', 'big'), 2, '×')}${ceiling})`, target: `≥ ${TARGETS.threadSpeedup}×`, ok: speedup >= TARGETS.threadSpeedup };
  });

  // Peak memory: every postdump job of this build, the rounds' and the scaling rounds'.
  const peaks = [
    ...r.postdumpJobs.filter((name) => runs[name]?.length).map((name) => [name, runs[name]]),
    ...Object.entries(r.scaling?.this ?? {}).map(([name, list]) => [`scaling ${name}`, list]),
  ].map(([name, list]) => [name, Math.max(...list.map((x) => x.maxRssKiB)) / 1024]);
  if (peaks.length) {
    const [worst, peak] = peaks.reduce((a, b) => (b[1] > a[1] ? b : a));
    const over = peaks.filter(([, p]) => p > TARGETS.peakMiB).map(([name]) => name);
    out.push({
      what: `peak memory, every postdump job (${peaks.length}${r.scaling ? ', scaling included' : ''}; highest: ${worst}${over.length > 1 ? `; over: ${over.join(', ')}` : ''})`,
      figure: `${peak.toFixed(1)} MiB`,
      target: `≤ ${TARGETS.peakMiB} MiB`,
      ok: peak <= TARGETS.peakMiB,
    });
  }

  for (const [label, name] of [
    ['SQLite', 'sqlite'],
    ['Parquet', 'parquet'],
  ]) {
    target(`${bigFile} → ${label}, time against → NDJSON`, [name, 'big'], () => {
      const ratio = med(name) / med('big');
      return { figure: `${ratio.toFixed(2)}×`, target: `≤ ${TARGETS.datasetRatio}×`, ok: ratio <= TARGETS.datasetRatio };
    });
  }
  for (const [label, name] of [
    ['.tar.gz', 'tgz'],
    ['.zip', 'zip'],
  ]) {
    target(`folder of ${label} → NDJSON, time against the plain folder`, [name, 'folder'], () => {
      const ratio = med(name) / med('folder');
      return { figure: `${ratio.toFixed(2)}×`, target: `≤ ${TARGETS.archiveRatio}×`, ok: ratio <= TARGETS.archiveRatio };
    });
  }

  if (r.scaling) {
    const s = r.scaling.this;
    const smed = (name) => median(s[name].map((x) => x.seconds));
    const peak = (name) => Math.max(...s[name].map((x) => x.maxRssKiB)) / 1024;
    for (const [label, small, large, smallSize, largeSize] of [
      [`${c.filesLarge} files against ${c.files}`, 'folder', 'folderLarge', c.folderBytes, c.folderLargeBytes],
      [`${mb(c.hugeBytes)} MB file against ${mb(c.bigBytes)} MB`, 'big', 'huge', c.bigBytes, c.hugeBytes],
    ]) {
      const net = (smed(large) - smed('startup')) / (smed(small) - smed('startup'));
      const perByte = net / (largeSize / smallSize);
      const memory = peak(large) / peak(small);
      out.push({
        what: `scaling, ${label}: time per MB net of start-up, large against small (linear: 1)`,
        figure: `${perByte.toFixed(2)}×`,
        target: `≤ ${TARGETS.linear}×`,
        ok: perByte <= TARGETS.linear,
      });
      out.push({
        what: `scaling, ${label}: peak memory, large against small (${peak(large).toFixed(0)} MiB, ${peak(small).toFixed(0)} MiB)`,
        figure: `${memory.toFixed(2)}×`,
        target: `≤ ${TARGETS.flat}× and ≤ ${TARGETS.peakMiB} MiB`,
        ok: memory <= TARGETS.flat && peak(large) <= TARGETS.peakMiB,
      });
    }
  } else {
    out.push({ what: 'scaling (10× the files, 9× the big file)', skipped: 'not run; npm run bench -- --scaling' });
  }

  if (r.hostile) {
    // Quadratic work on 8 M characters takes minutes; a line parsed in a few milliseconds grows by whatever a
    // collection or a busy neighbour adds to it (1 ms → 7 ms), so it is not judged.
    const timed = r.hostile.filter((h) => h.large >= TARGETS.hostileMinMs);
    const growth = Math.max(0, ...timed.map((h) => h.large / h.small));
    out.push({
      what: `hostile lines, worst growth for 4× the text (the ${timed.length} of ${r.hostile.length} that take ${TARGETS.hostileMinMs} ms or more at 8 M characters)`,
      figure: `${growth.toFixed(1)}×`,
      target: `< ${TARGETS.hostileGrowth}× (linear ≈ 4×)`,
      ok: growth < TARGETS.hostileGrowth,
    });
  } else {
    out.push({ what: 'hostile lines', skipped: 'not run' });
  }
  return out;
}
