// How the bench measures: one job is one fresh process (node or python3), its output to /dev/null; its wall
// time (start-up included) as the bench sees it, and its own CPU time and peak memory (VmHWM on Linux), which
// it writes to file descriptor 3 on exit (bench/peak-rss.cjs for node, the same in a few lines of Python for
// python3). Also: medians and spreads, and the state of the machine (load, free memory, busy cores).
import { spawn, spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const here = path.dirname(new URL(import.meta.url).pathname);
const preload = path.join(here, 'peak-rss.cjs');

// The same as bench/peak-rss.cjs, for python3: VmHWM, or maxrss where there is no /proc.
const PYTHON_PEAK = [
  'import json,os,re,resource,runpy,sys',
  'sys.argv=sys.argv[1:]',
  'try:',
  '  runpy.run_path(sys.argv[0], run_name="__main__")',
  'finally:',
  '  sys.stdout.flush()',
  '  u=resource.getrusage(resource.RUSAGE_SELF)',
  '  try:',
  '    peak=int(re.search(r"^VmHWM:\\s*(\\d+) kB", open("/proc/self/status").read(), re.M).group(1))',
  '  except Exception:',
  '    peak=u.ru_maxrss',
  '  os.write(3, json.dumps({"maxRssKiB": peak, "cpuMs": (u.ru_utime + u.ru_stime) * 1000}).encode())',
].join('\n');

/**
 * Runs a job once: `node ARGS` (or `python3 ARGS`) in `cwd`, with `env` added, stdout to /dev/null unless
 * `expect` (a string or a RegExp) is to be checked against it. It must exit with `status` (default 0).
 * Returns { seconds, cpuMs, maxRssKiB }.
 * @param {{ cmd?: string, args: string[], env?: object, status?: number, expect?: string | RegExp, cwd?: string }} job
 */
export function measure({ cmd = 'node', args, env = {}, status = 0, expect, cwd }) {
  const [exe, pre] = cmd === 'python3' ? ['python3', ['-c', PYTHON_PEAK]] : [process.execPath, ['--require', preload]];
  const devNull = expect === undefined ? openSync('/dev/null', 'w') : 'pipe';
  const start = process.hrtime.bigint();
  const result = spawnSync(exe, [...pre, ...args], {
    cwd,
    env: { ...process.env, ...env },
    stdio: ['ignore', devNull, 'pipe', 'pipe'],
    maxBuffer: 1 << 24,
  });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (typeof devNull === 'number') closeSync(devNull);
  if (result.status !== status) throw new Error(`${exe} ${args.join(' ')} exited ${result.status}, want ${status}: ${String(result.stderr).trim().slice(-2000)}`);
  if (expect !== undefined) {
    const out = result.stdout.toString();
    if (typeof expect === 'string' ? out !== expect : !expect.test(out)) throw new Error(`${args.join(' ')}: printed ${JSON.stringify(out)}, want ${expect}`);
  }
  return { seconds, ...JSON.parse(String(result.output[3])) };
}

/** Runs `count` copies of `node ARGS` at once, output to /dev/null: each one's wall seconds. */
export function concurrently(count, { args, env = {}, cwd }) {
  return Promise.all(
    Array.from({ length: count }, () => {
      const start = process.hrtime.bigint();
      const child = spawn(process.execPath, args, { cwd, env: { ...process.env, ...env }, stdio: 'ignore' });
      return new Promise((resolve, reject) => {
        child.on('error', reject);
        child.on('exit', (code) => (code === 0 ? resolve(Number(process.hrtime.bigint() - start) / 1e9) : reject(new Error(`node ${args.join(' ')} exited ${code}`))));
      });
    }),
  );
}

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** `median [min–max]` of one key of some runs, scaled, to `digits` decimals. */
export function spread(runs, key, digits, unit, scale = 1) {
  return spreadOf(
    runs.map((r) => r[key] * scale),
    digits,
    unit,
  );
}

export function spreadOf(values, digits, unit) {
  return `${median(values).toFixed(digits)}${unit} [${Math.min(...values).toFixed(digits)}–${Math.max(...values).toFixed(digits)}]`;
}

/** Load, free memory and /proc/stat's CPU counters (Linux), now. */
export function machineState() {
  /** @type {{ total: number, idle: number } | null} */
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

/**
 * Cores kept busy by other processes between two states: all busy CPU time less that of the jobs measured in
 * between (`runs`: every run, of every job and build) and the bench's own.
 */
export function othersBusy(from, to, runs) {
  if (!from?.cpu || !to?.cpu) return null;
  const hz = 100; // USER_HZ on Linux
  const busy = (to.cpu.total - to.cpu.idle - (from.cpu.total - from.cpu.idle)) / hz;
  const jobs = runs.reduce((sum, r) => sum + r.cpuMs / 1000, 0);
  const self = (to.self.user + to.self.system - from.self.user - from.self.system) / 1e6;
  return Math.max(0, busy - jobs - self) / ((to.at - from.at) / 1000);
}
