import { parentPort, workerData } from 'node:worker_threads';
import { FORMATS } from '../../sinks/text/formats.js';
import { parseBatch } from './batch.js';
import { parsePart } from './parse-part.js';
import type { ToWorker, WorkerSetup } from './protocol.js';
import type { ByteRange } from './ranges.js';

/**
 * A worker thread: parses the parts of one file it is asked for (see {@link parsePart}), or reads and parses
 * batches of small files (see {@link parseBatch}), and hands the output bytes back, transferred, not copied.
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
  else if (message.kind === 'batch') {
    const formatter = message.records ? null : FORMATS[setup.format](setup.formatOptions);
    const done = parseBatch(message.id, message.files, formatter, setup.strict, spare);
    port.postMessage(done, done.bytes.length > 0 ? [done.bytes.buffer as ArrayBuffer] : []);
  }
  else {
    const done = parsePart(setup, ranges, message.start, spare);
    port.postMessage(done, [done.rest.buffer as ArrayBuffer]);
  }
});
