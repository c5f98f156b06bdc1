// The floor of `postdump big.txt` on one thread: what no conversion of a big dump to NDJSON can skip. The file
// is read in pieces, decoded, split into lines; for each post (its lines up to its `/post/` line) a record of
// the contract's 17 keys is built from its lines and written as JSON text, encoded into one buffer written out
// when full. No checks, no second copy read, no reconciling: a measure of the work itself, not a parser.
//   node bench/big-floor.mjs FILE > /dev/null
import { closeSync, openSync, readSync, writeSync } from 'node:fs';

const fd = openSync(process.argv[2], 'r');
const piece = Buffer.allocUnsafe(1 << 16);
const out = Buffer.allocUnsafe(1 << 20);
const decoder = new TextDecoder('utf-8', { fatal: true });
let used = 0;
let partial = '';
let lines = [];
let no = 0;
let records = 0;
const write = (text) => {
  if (used + text.length * 3 > out.length) {
    writeSync(1, out, 0, used);
    used = 0;
  }
  used += out.write(text, used);
};
const post = () => {
  const body = lines.slice(3, -3);
  const record = {
    id: lines.at(-1).slice(6),
    post_type: 'tweet',
    network: 'x',
    post_link: null,
    creator_name: lines[1],
    creator_display_name: null,
    creator_followers: null,
    created_at: lines[2],
    body: body.join('\n'),
    links: [],
    engagements: null,
    topics: [],
    guest_mode: false,
    scrambled: [],
    source_file: process.argv[2],
    source_line: no - lines.length + 1,
    warnings: [],
  };
  write(`${JSON.stringify(record)}\n`);
  records++;
  lines = [];
};
for (let got = readSync(fd, piece, 0, piece.length, null); got > 0; got = readSync(fd, piece, 0, piece.length, null)) {
  const text = partial + decoder.decode(piece.subarray(0, got), { stream: true });
  let from = 0;
  for (let nl = text.indexOf('\n'); nl >= 0; nl = text.indexOf('\n', from)) {
    const line = text.slice(from, nl);
    no++;
    if (line !== '') lines.push(line);
    if (line.startsWith('/post/')) post();
    from = nl + 1;
  }
  partial = text.slice(from);
}
closeSync(fd);
writeSync(1, out, 0, used);
process.stderr.write(`${records} records\n`);
