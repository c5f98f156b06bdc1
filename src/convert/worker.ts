import { parentPort, workerData } from 'node:worker_threads';
import { FORMATS } from '../sinks/text/formats.js';
import type { FromWorker, ToWorker, WorkSetup } from './pool.js';
import type { ByteRange } from './ranges.js';
import { runUnit } from './run-unit.js';
import { UnitOutput } from './unit-output.js';

/**
 * A worker thread of the pool: does each unit it is given, whole (read, parse, format, encode), and hands back
 * the bytes (transferred, not copied) and the tallies.
 */
const setup = workerData as WorkSetup;
const port = parentPort;
if (!port) throw new Error('postdump: the pool worker must run in a worker thread');
const formatter = setup.format === null ? null : FORMATS[setup.format](setup.formatOptions);
/** Output buffers written out and handed back, to fill again. */
const spare: ArrayBuffer[] = [];
let ranges: { key: number; ranges: readonly ByteRange[] } | null = null;

port.on('message', (message: ToWorker) => {
  if (message.kind === 'reuse') spare.push(message.buffer);
  else if (message.kind === 'ranges') ranges = { key: message.key, ranges: message.ranges };
  else {
    const { unit } = message;
    const out = new UnitOutput(formatter, setup.strict, spare);
    const end = unit.kind === 'files' ? runUnit(unit, out) : runUnit({ ...unit, ranges: (ranges as { ranges: readonly ByteRange[] }).ranges }, out);
    const done = { ...out.take(), tallies: out.tallies, end };
    const reply: FromWorker = { id: message.id, done };
    port.postMessage(reply, done.bytes && done.bytes.byteLength > 0 ? [done.bytes.buffer as ArrayBuffer] : []);
  }
});
