// Preloaded into each measured process (node --import): on exit, writes the process's own peak memory
// and CPU time to file descriptor 3, which the benchmark reads. Works wherever Node runs, no /usr/bin/time needed.
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  try {
    writeSync(3, JSON.stringify({ maxRssKiB: usage.maxRSS, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000 }));
  } catch {
    // not run by the benchmark
  }
});
