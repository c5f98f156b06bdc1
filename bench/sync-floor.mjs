// The benchmark's synchronous read floor: the plainest loop that does the reading postdump must do on a
// folder, and the decoding too, with nothing parsed. It walks DIR (readdirSync, folder by folder), sorts the
// *.txt files by path, then reads each one whole with openSync / readSync / closeSync into one buffer that is
// kept (and doubled when a file does not fit) from file to file, and decodes the bytes read to a string.
// It prints `FILES BYTES CHARACTERS`, so that the bench can check that nothing was skipped.
//
// Beside bench/bare-read.mjs (the fastest of many ways to read the same bytes, none decoded), this is the
// floor of a one-thread, one-file-at-a-time converter: postdump on a folder cannot be faster than this loop
// without reading less. The bench runs it, like every job, as its own `node` process, start-up included.
//
//   node bench/sync-floor.mjs DIR
import { closeSync, openSync, readSync, readdirSync } from 'node:fs';
import path from 'node:path';

const [dir] = process.argv.slice(2);
if (!dir) {
  process.stderr.write('usage: node bench/sync-floor.mjs DIR\n');
  process.exit(2);
}

const paths = [];
const walk = (folder) => {
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (entry.isFile() && entry.name.endsWith('.txt')) paths.push(full);
  }
};
walk(dir);
paths.sort();

let buffer = Buffer.allocUnsafe(1 << 20);
let bytes = 0;
let characters = 0;
for (const file of paths) {
  const fd = openSync(file, 'r');
  let length = 0;
  for (;;) {
    const n = readSync(fd, buffer, length, buffer.length - length, null);
    if (n === 0) break;
    length += n;
    if (length === buffer.length) {
      const grown = Buffer.allocUnsafe(buffer.length * 2);
      buffer.copy(grown, 0, 0, length);
      buffer = grown;
    }
  }
  closeSync(fd);
  bytes += length;
  characters += buffer.toString('utf8', 0, length).length;
}
process.stdout.write(`${paths.length} ${bytes} ${characters}\n`);
