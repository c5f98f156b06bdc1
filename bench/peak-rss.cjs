// Preloaded into each measured process (node --require): on exit, writes the process's own peak memory
// and CPU time to file descriptor 3, which the benchmark reads. Works wherever Node runs, no /usr/bin/time
// needed. CommonJS, so that preloading it does not start the ES module loader (and libuv's thread pool)
// before postdump's own shim has sized the pool.
const { writeSync } = require('node:fs');

process.on('exit', () => {
  const usage = process.resourceUsage();
  try {
    writeSync(3, JSON.stringify({ maxRssKiB: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
  } catch {
    // not run by the benchmark
  }
});
