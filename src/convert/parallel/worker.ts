import { parentPort, workerData } from 'node:worker_threads';
import { parsePart } from './parse-part.js';
import type { ToWorker, WorkerSetup } from './protocol.js';
import type { ByteRange } from './ranges.js';

/**
 * A worker thread: parses the parts of one file it is asked for (see {@link parsePart}) and hands the output
 * bytes back, transferred, not copied.
 */
const setup = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error('postdump: the parallel worker must run in a worker thread');
let ranges: readonly ByteRange[] = [];
/** Output buffers written out and handed back by the main thread. */
const spare: ArrayBuffer[] = [];

port.on('message', (message: ToWorker) => {
  if (message.kind === 'ranges') ranges = message.ranges;
  else if (message.kind === 'reuse') spare.push(message.buffer);
  else {
    const done = parsePart(setup, ranges, message.start, spare);
    port.postMessage(done, [done.rest.buffer as ArrayBuffer]);
  }
});
