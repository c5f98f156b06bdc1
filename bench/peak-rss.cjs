// Preloaded into each measured process (node --require): on exit, writes the process's own peak memory
// and CPU time to file descriptor 3, which the benchmark reads. Works wherever Node runs, no /usr/bin/time
// needed. CommonJS, so that preloading it does not start the ES module loader (and libuv's thread pool)
// before postdump's own shim has sized the pool.
// Peak memory is VmHWM from /proc/self/status where there is one (Linux): getrusage's maxRSS survives
// exec, so a child forked from the benchmark reports at least the benchmark's own resident size at the
// fork, however little the child uses. Elsewhere, maxRSS.
const { readFileSync, writeSync } = require('node:fs');

process.on('exit', () => {
  const usage = process.resourceUsage();
  let maxRssKiB = usage.maxRSS;
  try {
    maxRssKiB = Number(/** @type {RegExpExecArray} */ (/^VmHWM:\s*(\d+) kB/m.exec(readFileSync('/proc/self/status', 'utf8')))[1]);
  } catch {
    // no /proc: maxRSS it is
  }
  try {
    writeSync(3, JSON.stringify({ maxRssKiB, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
  } catch {
    // not run by the benchmark
  }
});
