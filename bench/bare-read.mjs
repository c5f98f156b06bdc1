// The benchmark's floor: what reading a folder's dumps costs with no parsing at all. It lists every *.txt
// file under DIR (recursively, as postdump searches a folder) and reads every byte of each, then prints
// `FILES BYTES` so that the bench can check nothing was skipped. Nothing is decoded, split or written.
//
// Why this is the floor: postdump must at least list the same folder and read the same bytes, in a fresh
// Node process, before it parses anything; any Node program that does that work is a read postdump cannot
// beat without skipping input. The bench does not guess which way of reading is fastest on the machine at
// hand: it runs every variant below (the API, the number of reads in flight, the walk, and, from the
// environment, the size of libuv's thread pool), takes the one with the lowest median as the floor, and
// compares postdump with it.
//
//   node bench/bare-read.mjs DIR [--api callback|promise|fd|sync] [--parallel N] [--walk recursive|manual]
//     --api callback  fs.readFile (callback), N files in flight (default)
//     --api promise   fs/promises readFile, N files in flight
//     --api fd        fs.open, fs.fstat, fs.read into a buffer kept per slot and reused, fs.close: N in flight
//     --api sync      fs.readFileSync, one file after the other, on the main thread (no thread pool)
//     --parallel N    files in flight (default 64; ignored by sync)
//     --walk recursive  one readdir({ recursive: true }) (default); manual: readdir each folder in turn
//   N in flight: N loops each take the next file name and read it. The thread pool (UV_THREADPOOL_SIZE,
//   libuv's default 4) runs the reads; the bench sets it per variant.
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values: opts, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    api: { type: 'string', default: 'callback' },
    parallel: { type: 'string', default: '64' },
    walk: { type: 'string', default: 'recursive' },
  },
});
const [dir] = positionals;
const inFlight = Number(opts.parallel);
if (!dir || !['callback', 'promise', 'fd', 'sync'].includes(opts.api) || !['recursive', 'manual'].includes(opts.walk) || !(inFlight >= 1)) {
  process.stderr.write('usage: node bench/bare-read.mjs DIR [--api callback|promise|fd|sync] [--parallel N] [--walk recursive|manual]\n');
  process.exit(2);
}

const isDump = (entry) => entry.isFile() && entry.name.endsWith('.txt');

/** Every *.txt file under `root`. */
async function list(root) {
  if (opts.api === 'sync') {
    if (opts.walk === 'recursive')
      return fs
        .readdirSync(root, { recursive: true, withFileTypes: true })
        .filter(isDump)
        .map((e) => path.join(e.parentPath ?? e.path, e.name));
    const out = [];
    const walk = (folder) => {
      for (const entry of fs.readdirSync(folder, { withFileTypes: true })) {
        if (entry.isDirectory()) walk(path.join(folder, entry.name));
        else if (isDump(entry)) out.push(path.join(folder, entry.name));
      }
    };
    walk(root);
    return out;
  }
  if (opts.walk === 'recursive') return (await fsp.readdir(root, { recursive: true, withFileTypes: true })).filter(isDump).map((e) => path.join(e.parentPath ?? e.path, e.name));
  const out = [];
  const walk = async (folder) => {
    for (const entry of await fsp.readdir(folder, { withFileTypes: true })) {
      if (entry.isDirectory()) await walk(path.join(folder, entry.name));
      else if (isDump(entry)) out.push(path.join(folder, entry.name));
    }
  };
  await walk(root);
  return out;
}

const files = await list(dir);
let bytes = 0;

if (opts.api === 'sync') {
  for (const file of files) bytes += fs.readFileSync(file).length;
} else {
  const readers = {
    callback: () => (file) => new Promise((resolve, reject) => fs.readFile(file, (error, data) => (error ? reject(error) : resolve(data.length)))),
    promise: () => async (file) => (await fsp.readFile(file)).length,
    fd: () => {
      // One buffer per slot, grown when a file is larger, reused for every file the slot reads.
      let buffer = Buffer.allocUnsafe(64 * 1024);
      return (file) =>
        new Promise((resolve, reject) => {
          fs.open(file, 'r', (error, fd) => {
            if (error) return reject(error);
            const fail = (e) => fs.close(fd, () => reject(e));
            fs.fstat(fd, (error, stat) => {
              if (error) return fail(error);
              if (stat.size + 1 > buffer.length) buffer = Buffer.allocUnsafe(stat.size + 1);
              let got = 0;
              // Read until end of file (a read of 0 bytes), as readFile does: the size is only a hint.
              const step = () =>
                fs.read(fd, buffer, got, buffer.length - got, -1, (error, n) => {
                  if (error) return fail(error);
                  if (n === 0) return fs.close(fd, (error) => (error ? reject(error) : resolve(got)));
                  got += n;
                  if (got === buffer.length) {
                    const grown = Buffer.allocUnsafe(buffer.length * 2);
                    buffer.copy(grown);
                    buffer = grown;
                  }
                  step();
                });
              step();
            });
          });
        });
    },
  };
  let next = 0;
  const loop = async () => {
    const read = readers[opts.api]();
    while (next < files.length) {
      const n = await read(files[next++]); // not `bytes += await …`: that would add to a stale total
      bytes += n;
    }
  };
  await Promise.all(Array.from({ length: Math.min(inFlight, files.length) }, loop));
}
process.stdout.write(`${files.length} ${bytes}\n`);
