// The benchmark's baselines: what reading a folder costs with no parsing at all.
//   node bench/bare-read.mjs DIR               list the folder, then fs/promises readFile each file in
//                                              name order, one after the other (the baseline)
//   node bench/bare-read.mjs DIR --parallel N  the same files, N at a time, with callback readFile
//                                              (how postdump itself reads a folder of small files)
import { readFile as readFileCallback } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

const [dir, flag, count] = process.argv.slice(2);
const names = (await readdir(dir)).sort().map((name) => path.join(dir, name));
let bytes = 0;
if (flag === '--parallel') {
  const read = (file) => new Promise((resolve, reject) => readFileCallback(file, (error, data) => (error ? reject(error) : resolve(data))));
  let next = 0;
  const worker = async () => {
    while (next < names.length) {
      const data = await read(names[next++]);
      bytes += data.length;
    }
  };
  await Promise.all(Array.from({ length: Number(count) }, worker));
} else {
  for (const name of names) bytes += (await readFile(name)).length;
}
process.stdout.write(`${bytes}\n`);
