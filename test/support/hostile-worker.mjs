// Parses one hostile dump in a worker thread, so a test waiting on it can time out (a synchronous parse
// in the test's own thread would block its timeout until it ended). Uses the build: `npm test` makes it first.
import { parentPort, workerData } from 'node:worker_threads';
import { HOSTILE } from '../../bench/hostile.mjs';
import { parseDump } from '../../dist/index.js';

const { name, size } = workerData;
const { records, problems } = parseDump(HOSTILE[name](size), 'hostile.txt');
parentPort?.postMessage({
  records: records.map((r) => ({ topics: r.topics.length, distinctTopics: [...new Set(r.topics)], warnings: r.warnings })),
  problems: problems.map((p) => ({ message: p.message, bug: p.bug !== undefined })),
});
