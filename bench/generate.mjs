// The project's synthetic dump generator: posts shaped like the fixtures (both copies, 1–15 paragraphs,
// every network, guest mode or not, scrambled counts in either mask), each with the record it must give. Deterministic
// for a seed, so the benchmark corpus and the tests that use it are the same on every run.
// Plain JavaScript on purpose: `npm run bench` and the tests both use it without a build step.
//
//   node bench/generate.mjs folder DIR COUNT [SEED]   one post per file: DIR/post-00001.txt ...
//   node bench/generate.mjs file PATH COUNT [SEED]    COUNT posts in one file
import { createWriteStream, mkdirSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';

export const BANNER =
  '[GUEST ACCESS MODE: Data is scrambled or limited to provide examples. Make requests using your API key to unlock full data. Check https://lunarcrush.ai/auth for authentication information.]';

/** A small, fast, seedable PRNG (mulberry32): `rng()` in [0, 1). */
export function makeRng(seed = 1) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = (rng, items) => items[Math.floor(rng() * items.length)];
const int = (rng, lo, hi) => lo + Math.floor(rng() * (hi - lo + 1));
const digits = (rng, n) => String(int(rng, 1, 9)) + Array.from({ length: n - 1 }, () => int(rng, 0, 9)).join('');
const code = (rng, n) => Array.from({ length: n }, () => pick(rng, 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz0123456789')).join('');

/** Each network: the header word, the creator path, the post type, how ids and links look. */
const NETWORKS = [
  { network: 'x', path: 'twitter', type: 'tweet', id: (r) => digits(r, 19), link: (h, id) => `https://x.com/${h}/status/${id}` },
  { network: 'youtube', path: 'youtube', type: 'youtube-video', id: (r) => code(r, 11), link: (_h, id) => `https://www.youtube.com/watch?v=${id}` },
  { network: 'reddit', path: 'reddit', type: 'reddit-post', id: (r) => `t3_${code(r, 7).toLowerCase()}`, link: (_h, id) => `https://www.reddit.com/r/all/comments/${id.slice(3)}/` },
  { network: 'tiktok', path: 'tiktok', type: 'tiktok-video', id: (r) => digits(r, 19), link: (h, id) => `https://www.tiktok.com/@${h}/video/${id}` },
  { network: 'instagram', path: 'instagram', type: 'instagram-post', id: (r) => code(r, 11), link: (_h, id) => `https://www.instagram.com/p/${id}/` },
  { network: 'news', path: 'news', type: 'news', id: (r) => digits(r, 12), link: (h, id) => `https://news.example.com/${h}/${id}.html` },
];

const WORDS = (
  'the a of and to in is that for it on with as was at by this be from or have an they which one you were her all ' +
  'she there would their we him been has when who will more no if out so said what up its about into than them can ' +
  'only other new some could time these two may then do first any my now such like our over man me even most made ' +
  'after also did many before must through back years where much your way well down should because each just those ' +
  'people how too little state good very make world still own see men work long get here between both life being under ' +
  'market token launch chart update release shipped bucket latency garden tomato rocket cancer study team researchers'
).split(' ');
const FLAVOUR = ['🚀', '📈', '🍳', 'Tromsø', '東京', 'مرحبا', 'naïve', 'café', '“quoted”', '—', '#crypto', '$BTC', '(DTCs)', 'A\u00a0B', 'zero\u200bwidth'];
const FIRST = ['Maria', 'Robin', 'Chef', 'Garden', 'Nordic', 'Release', 'Ana', 'Kenji', 'Lea', 'Omar', 'Zoë', '李', 'Сергей'];
const LAST = ['Santos', 'Monotti', 'Ko', 'Lab', 'Light', 'Notes', 'Silva', 'Tanaka', 'Müller', 'Haddad', 'Wright', '小龙', 'Иванов'];
const TOPICS = [
  ['bitcoin', 'bitcoin'],
  ['ai', 'ai'],
  ['rate limiting', 'rate-limiting'],
  ['social capital', 'social-capital'],
  ['gardening', 'gardening'],
  ['cooking', 'cooking'],
  ['linux', 'linux'],
  ['$eth', 'eth'],
  ['robin', 'robin'],
];

function sentence(rng) {
  const words = Array.from({ length: int(rng, 4, 22) }, () => (rng() < 0.04 ? pick(rng, FLAVOUR) : pick(rng, WORDS)));
  words[0] = words[0].charAt(0).toUpperCase() + words[0].slice(1);
  return `${words.join(' ')}${pick(rng, ['.', '.', '.', '!', '?', ':'])}`;
}

function paragraph(rng) {
  return Array.from({ length: int(rng, 1, 3) }, () => sentence(rng)).join(' ');
}

/** A count as the site shows it, with its exact value: `987`, `12,345`, `56.7K`, `2.6M`, `1.05B`. */
function count(rng) {
  switch (int(rng, 0, 3)) {
    case 0: {
      const v = int(rng, 0, 999);
      return { text: String(v), value: v };
    }
    case 1: {
      const v = int(rng, 1000, 9_999_999);
      return { text: v.toLocaleString('en-US'), value: v };
    }
    case 2: {
      const whole = int(rng, 1, 999);
      const tenth = int(rng, 0, 9);
      return { text: `${whole}.${tenth}K`, value: whole * 1000 + tenth * 100 };
    }
    default: {
      const whole = int(rng, 1, 99);
      const hundredths = int(rng, 0, 99);
      const suffix = pick(rng, ['M', 'B']);
      const unit = suffix === 'M' ? 1_000_000 : 1_000_000_000;
      return { text: `${whole}.${String(hundredths).padStart(2, '0')}${suffix}`, value: whole * unit + hundredths * (unit / 100) };
    }
  }
}

function timestamp(rng) {
  const pad = (n) => String(n).padStart(2, '0');
  const [y, mo, d, h, mi, s] = [int(rng, 2019, 2026), int(rng, 1, 12), int(rng, 1, 28), int(rng, 0, 23), int(rng, 0, 59), int(rng, 0, 59)];
  return { text: `${y}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`, iso: `${y}-${pad(mo)}-${pad(d)}T${pad(h)}:${pad(mi)}:${pad(s)}Z` };
}

/**
 * One post: its text (flat copy, then line copy) and the record it must give (without `source_file`
 * and `source_line`, which depend on where the post lands). A hidden count is shown as `mask`: `'x'`
 * (`XXXX`) or `'dashes'` (`[----]`); with `reveal`, as a number instead. The same rng gives the same post
 * either way: only how its hidden counts read changes.
 */
export function generatePost(rng, { mask = 'x', reveal = false } = {}) {
  const hidden = (n) => (reveal ? { text: (n * 1234).toLocaleString('en-US'), value: n * 1234 } : { text: mask === 'x' ? 'X'.repeat(n) : `[${'-'.repeat(n)}]`, value: null });
  const net = pick(rng, NETWORKS);
  const guest = rng() < 0.5;
  const handle = `${
    pick(rng, FIRST)
      .toLowerCase()
      .replace(/[^a-z]/g, '') || 'user'
  }_${code(rng, 5).toLowerCase()}`;
  const displayName = `${pick(rng, FIRST)} ${pick(rng, LAST)}`;
  const followers = guest && rng() < 0.3 ? hidden(int(rng, 3, 6)) : count(rng);
  const engagements = guest && rng() < 0.7 ? hidden(int(rng, 3, 8)) : count(rng);
  const created = timestamp(rng);
  const paragraphs = Array.from({ length: int(rng, 1, 15) }, () => paragraph(rng));
  const topics = Array.from({ length: int(rng, 0, 3) }, () => pick(rng, TOPICS));
  const id = net.id(rng);
  const link = net.link(handle, id);

  const banner = guest ? `${BANNER}  ` : '';
  const topicLinks = topics.length > 0 ? `  **Related Topics** ${topics.map(([name, slug]) => `[${name}](/topic/${slug})`).join(' ')}` : '';
  const flat =
    `${banner}${displayName} [@${handle}](/creator/${net.path}/${handle}) on ${net.network} ${followers.text} followers ` +
    `Created: ${created.text} UTC ${paragraphs.join(' ')}  ${engagements.text} engagements${topicLinks} [Post Link](${link})`;
  const lines = [
    ...(guest ? [BANNER] : []),
    `${displayName} @${handle} on ${net.network} ${followers.text} followers`,
    `Created: ${created.text} UTC`,
    ...paragraphs,
    `${engagements.text} engagements`,
    ...(topics.length > 0 ? [`Related Topics ${topics.map(([name]) => name).join(' ')}`] : []),
    `/post/${net.type}::${id}`,
  ];
  const scrambled = [];
  if (followers.value === null) scrambled.push('creator_followers');
  if (engagements.value === null) scrambled.push('engagements');
  return {
    text: `${flat}\n${lines.join('\n')}`,
    record: {
      id: `${net.type}::${id}`,
      post_type: net.type,
      network: net.network,
      post_link: link,
      creator_name: handle,
      creator_display_name: displayName,
      creator_followers: followers.value,
      created_at: created.iso,
      body: paragraphs.join('\n'),
      links: [],
      engagements: engagements.value,
      topics: topics.map(([name]) => name),
      guest_mode: guest,
      scrambled,
      warnings: [],
    },
  };
}

/** Lines in a post's text: the next post in the same file starts that many lines (plus a blank) later. */
export function lineCount(text) {
  let n = 1;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/** Writes `count` files of one post each into `dir`; returns the bytes written. */
export function writeFolder(dir, count, seed = 1) {
  mkdirSync(dir, { recursive: true });
  const rng = makeRng(seed);
  let bytes = 0;
  for (let i = 1; i <= count; i++) {
    const { text } = generatePost(rng);
    writeFileSync(path.join(dir, `post-${String(i).padStart(6, '0')}.txt`), text);
    bytes += Buffer.byteLength(text);
  }
  return bytes;
}

/** Writes one file of `count` posts, a blank line between them; returns the bytes written. */
export async function writeBigFile(file, count, seed = 2) {
  const rng = makeRng(seed);
  const out = createWriteStream(file);
  let bytes = 0;
  for (let i = 0; i < count; i++) {
    const chunk = `${i === 0 ? '' : '\n\n'}${generatePost(rng).text}`;
    bytes += Buffer.byteLength(chunk);
    if (!out.write(chunk)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
  return bytes;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [mode, target, countArg, seedArg] = process.argv.slice(2);
  const count = Number(countArg);
  const seed = seedArg === undefined ? undefined : Number(seedArg);
  if ((mode !== 'folder' && mode !== 'file') || !target || !Number.isInteger(count) || count < 1) {
    process.stderr.write('usage: node bench/generate.mjs folder|file TARGET COUNT [SEED]\n');
    process.exit(2);
  }
  const bytes = mode === 'folder' ? writeFolder(target, count, seed) : await writeBigFile(target, count, seed);
  process.stderr.write(`wrote ${count} posts, ${(bytes / 1e6).toFixed(1)} MB, to ${target}\n`);
}
