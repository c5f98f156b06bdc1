// The benchmark's baseline: what reading a folder costs with no parsing at all.
// Lists the folder, then reads each file in name order with fs/promises readFile, one after the other.
//   node bench/bare-read.mjs DIR
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const dir = process.argv[2];
let bytes = 0;
for (const name of (await readdir(dir)).sort()) bytes += (await readFile(path.join(dir, name))).length;
process.stdout.write(`${bytes}\n`);
