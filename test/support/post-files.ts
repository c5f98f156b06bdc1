import fc from 'fast-check';
import type { PostRecord } from '../../src/index.js';

/**
 * Dump files built from posts whose records are known, for property tests: each post saved with both
 * copies or one, in guest mode or not, with links and topics or not, apart or back to back, and maybe
 * damaged as scraped folders are (a copy cut short, a lost `Created:` or `/post/` line, a missing count).
 * The builder says where each post stands in the file and what record it must give when whole.
 */

export const BANNER =
  '[GUEST ACCESS MODE: Data is scrambled or limited to provide examples. Make requests using your API key to unlock full data. Check https://lunarcrush.ai/auth for authentication information.]';

export type Damage = 'none' | 'cutLineCopy' | 'cutFlatCopy' | 'lostCreated' | 'lostPostId' | 'missingCount';

export interface PostSpec {
  readonly copies: 'both' | 'flat' | 'line';
  readonly guest: boolean;
  /**
   * A creator of its own, or one shared by every post so marked (same handle, name and followers): then
   * the post's body says which post it is (it opens with a word of its own), as it does in real dumps.
   */
  readonly sharedCreator: boolean;
  readonly network: number;
  readonly paragraphs: readonly (readonly Piece[])[];
  readonly topics: number;
  readonly maskFollowers: boolean;
  readonly maskEngagements: boolean;
  /** What stands between the post before and this one. */
  readonly before: 'none' | 'blank' | 'log';
  readonly damage: Damage;
  /** Where a cut falls, or in which copies a count goes missing, as a fraction. */
  readonly at: number;
}

/** A piece of a body paragraph: a word, or a link (shown as its text, written as markdown in the flat copy). */
type Piece = { readonly word: string } | { readonly link: number };

export interface WrittenPost {
  readonly spec: PostSpec;
  /** 1-based lines of the file: the post's first and last. */
  readonly start: number;
  readonly end: number;
  readonly damaged: boolean;
  /** The record it gives when whole (without source_file, source_line and warnings). */
  readonly record: Omit<PostRecord, 'source_file' | 'source_line' | 'warnings'>;
}

export interface PostFile {
  readonly text: string;
  readonly posts: readonly WrittenPost[];
}

const WORDS = [
  'the',
  'market',
  'token',
  'launch',
  'chart',
  'update',
  'garden',
  'rocket',
  'study',
  'naïve',
  'café',
  '東京',
  'مرحبا',
  '🚀',
  'zero\u200bwidth',
  'A\u00a0B',
  '(DTCs)',
  '$BTC',
  '50%',
  'up',
];
const LINKS: readonly { readonly text: string; readonly target: string }[] = [
  { text: 'the report', target: 'https://example.com/r?x=1' },
  { text: '@helper', target: '/creator/twitter/helper' },
  { text: 'FAQ', target: 'https://docs.example.com/faq_(v2)' },
  { text: '$eth', target: '/topic/$eth' },
  { text: 'coins [old]', target: 'https://example.com/c' },
];
const TOPICS: readonly (readonly [string, string])[] = [
  ['bitcoin', 'bitcoin'],
  ['rate limiting', 'rate-limiting'],
  ['coins [old]', 'coins-old'],
  ['$eth', 'eth'],
];
const NETWORKS = [
  { network: 'x', path: 'twitter', type: 'tweet', link: (h: string, id: string) => `https://x.com/${h}/status/${id}`, linkGivesId: true },
  { network: 'youtube', path: 'youtube', type: 'youtube-video', link: (_h: string, id: string) => `https://www.youtube.com/watch?v=v${id}`, linkGivesId: false },
  { network: 'news', path: 'news', type: 'news', link: (h: string, id: string) => `https://news.example.com/${h}/${id}.html`, linkGivesId: false },
] as const;

const piece: fc.Arbitrary<Piece> = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(...WORDS).map((word) => ({ word })) },
  { weight: 1, arbitrary: fc.nat(LINKS.length - 1).map((link) => ({ link })) },
);

export const postSpec: fc.Arbitrary<PostSpec> = fc.record({
  copies: fc.constantFrom('both', 'both', 'flat', 'line'),
  guest: fc.boolean(),
  sharedCreator: fc.boolean(),
  network: fc.nat(NETWORKS.length - 1),
  paragraphs: fc.array(fc.array(piece, { minLength: 1, maxLength: 6 }), { maxLength: 3 }),
  topics: fc.nat(2),
  maskFollowers: fc.boolean(),
  maskEngagements: fc.boolean(),
  before: fc.constantFrom('none', 'blank', 'log'),
  damage: fc.constantFrom<Damage>('none', 'none', 'none', 'cutLineCopy', 'cutFlatCopy', 'lostCreated', 'lostPostId', 'missingCount'),
  at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
});

/** What a damage can do to a post with these copies: none at all when the copy it strikes is not there. */
function applies(damage: Damage, copies: PostSpec['copies']): boolean {
  if (damage === 'cutFlatCopy') return copies !== 'line';
  if (damage === 'cutLineCopy' || damage === 'lostCreated' || damage === 'lostPostId') return copies !== 'flat';
  return true;
}

/**
 * The contract starts a post at a flat copy, a banner and header, or a header followed by its `Created:`
 * line. After a line copy that lost its end (cut short, or its `/post/` line), a post that starts in none of
 * those ways cannot be told from more of that line copy's body: so none is generated there.
 */
function startsOnItsOwn(spec: PostSpec): boolean {
  if (spec.copies === 'flat') return spec.damage !== 'cutFlatCopy';
  if (spec.copies === 'both' || spec.guest) return true;
  return spec.damage !== 'lostCreated' && spec.damage !== 'cutLineCopy';
}

const endsOpen = (spec: PostSpec) => spec.copies !== 'flat' && (spec.damage === 'cutLineCopy' || spec.damage === 'lostPostId');
const sameCreator = (a: PostSpec, b: PostSpec) => a.sharedCreator && b.sharedCreator && a.network === b.network;

/**
 * The damages the contract can tell apart, given the post before. Besides {@link startsOnItsOwn}: a flat
 * copy alone followed by the same creator's line copy (same name, same followers) is told apart from that
 * line copy by the times and bodies only, so the line copy keeps its `Created:` line and body; and a flat copy
 * cut inside its header before it would be taken for its own.
 */
function tellable(specs: readonly PostSpec[]): PostSpec[] {
  const fixed = specs.map((spec) => (applies(spec.damage, spec.copies) ? spec : { ...spec, damage: 'none' as const }));
  for (let i = 1; i < fixed.length; i++) {
    const [previous, spec] = [fixed[i - 1] as PostSpec, fixed[i] as PostSpec];
    if (endsOpen(previous) && !startsOnItsOwn(spec)) fixed[i] = { ...spec, damage: 'none' };
    if (sameCreator(previous, spec) && previous.copies === 'flat' && spec.copies === 'line') {
      if (spec.damage === 'lostCreated' || spec.damage === 'cutLineCopy') fixed[i] = { ...spec, damage: 'none' };
      if (previous.damage === 'cutFlatCopy') fixed[i - 1] = { ...previous, damage: 'none' };
    }
  }
  return fixed;
}

/** Builds the file: the posts in order, each with where it stands and the record it gives when whole. */
export function buildFile(specs: readonly PostSpec[], eol: '\n' | '\r\n'): PostFile {
  const lines: string[] = [];
  const posts: WrittenPost[] = [];
  tellable(specs).forEach((spec, i) => {
    if (i > 0 && spec.before === 'blank') lines.push('');
    if (i > 0 && spec.before === 'log') lines.push(`2026-04-19T07:00:0${i % 10}Z scraper: saved page ${i}`);
    const { copyLines, record } = renderPost(spec, i);
    const start = lines.length + 1;
    lines.push(...copyLines);
    posts.push({ spec, start, end: lines.length, damaged: spec.damage !== 'none', record });
  });
  return { text: lines.join(eol) + (lines.length > 0 ? eol : ''), posts };
}

function renderPost(spec: PostSpec, i: number) {
  const net = NETWORKS[spec.network] as (typeof NETWORKS)[number];
  const handle = spec.sharedCreator ? `shared_${net.network}` : `user${i}_${net.network}`;
  const displayName = spec.sharedCreator ? 'Shared Name' : `User ${i}`;
  const digits = String(1900000000000000000n + BigInt(i) * 7919n);
  const link = net.link(handle, digits);
  const followers = spec.guest && spec.maskFollowers ? { text: '[----]', value: null } : spec.sharedCreator ? { text: '9.9K', value: 9900 } : { text: `${i + 1}.5K`, value: (i + 1) * 1000 + 500 };
  const engagements = spec.guest && spec.maskEngagements ? { text: 'XXXXX', value: null } : { text: `${(i + 3) * 1001}`.replace(/\B(?=(\d{3})+$)/g, ','), value: (i + 3) * 1001 };
  const created = `2026-01-${String((i % 28) + 1).padStart(2, '0')} ${String(i % 24).padStart(2, '0')}:0${i % 10}:00`;
  const topics = TOPICS.slice(i % TOPICS.length)
    .concat(TOPICS)
    .slice(0, spec.topics);
  const paragraphs = spec.sharedCreator ? [[{ word: `post${i}` }, ...(spec.paragraphs[0] ?? [])], ...spec.paragraphs.slice(1)] : spec.paragraphs;
  const shown = paragraphs.map((p) => p.map((part) => ('word' in part ? part.word : (LINKS[part.link] as (typeof LINKS)[number]).text)).join(' '));
  const written = paragraphs.map((p) => p.map((part) => ('word' in part ? part.word : `[${LINKS[part.link]?.text}](${LINKS[part.link]?.target})`)).join(' '));
  const targets = paragraphs.flatMap((p) => p.flatMap((part) => ('link' in part ? [(LINKS[part.link] as (typeof LINKS)[number]).target] : [])));

  const noCount = spec.damage === 'missingCount';
  // A missing count goes from the flat copy, the line copy, or both (the one left, if any, tells it).
  const countGoneFrom = { flat: noCount && (spec.copies !== 'both' || spec.at < 2 / 3), line: noCount && (spec.copies !== 'both' || spec.at >= 1 / 3) };
  const banner = spec.guest ? `${BANNER}  ` : '';
  const topicLinks = topics.length > 0 ? `  **Related Topics** ${topics.map(([name, slug]) => `[${name}](/topic/${slug})`).join(' ')}` : '';
  const creatorLink = `[@${handle}](/creator/${net.path}/${handle})`;
  let flat =
    `${banner}${displayName} ${creatorLink} on ${net.network}${countGoneFrom.flat ? '' : ` ${followers.text}`} followers ` +
    `Created: ${created} UTC ${written.join(' ')}  ${engagements.text} engagements${topicLinks} [Post Link](${link})`;
  let lineCopy = [
    ...(spec.guest ? [BANNER] : []),
    `${displayName} @${handle} on ${net.network}${countGoneFrom.line ? '' : ` ${followers.text}`} followers`,
    `Created: ${created} UTC`,
    ...shown,
    `${engagements.text} engagements`,
    ...(topics.length > 0 ? [`Related Topics ${topics.map(([name]) => name).join(' ')}`] : []),
    `/post/${net.type}::${digits}`,
  ];
  const header = spec.guest ? 1 : 0;
  switch (spec.damage) {
    case 'cutFlatCopy': {
      // Somewhere after the creator link: what is left is always a flat copy, whole or cut.
      const from = flat.indexOf(creatorLink) + creatorLink.length;
      let at = from + Math.floor(spec.at * (flat.length - 1 - from));
      if (/[\udc00-\udfff]/.test(flat[at] ?? '')) at--; // a cut is between characters (a cut byte is a bad byte: another test)
      flat = flat.slice(0, at);
      break;
    }
    case 'cutLineCopy':
      // At least the header stays (and the banner before it).
      lineCopy = lineCopy.slice(0, header + 1 + Math.floor(spec.at * (lineCopy.length - header - 1)));
      break;
    case 'lostCreated':
      lineCopy = lineCopy.filter((_, n) => n !== header + 1);
      break;
    case 'lostPostId':
      lineCopy = lineCopy.slice(0, -1);
      break;
  }
  const copyLines = [...(spec.copies !== 'line' ? [flat] : []), ...(spec.copies !== 'flat' ? lineCopy : [])];
  const hasLines = spec.copies !== 'flat';
  const hasFlat = spec.copies !== 'line';
  const idFromLink = hasFlat && net.linkGivesId;
  const scrambled: PostRecord['scrambled'] = [];
  if (followers.value === null) scrambled.push('creator_followers');
  if (engagements.value === null) scrambled.push('engagements');
  const record: WrittenPost['record'] = {
    id: hasLines || idFromLink ? `${net.type}::${digits}` : null,
    post_type: hasLines || idFromLink ? net.type : null,
    network: net.network,
    post_link: hasFlat ? link : null,
    creator_name: handle,
    creator_display_name: displayName,
    creator_followers: followers.value,
    created_at: `${created.replace(' ', 'T')}Z`,
    body: hasLines ? shown.join('\n') : shown.join(' '),
    links: hasFlat ? targets : null,
    engagements: engagements.value,
    topics: hasFlat
      ? topics.map(([name]) => name)
      : topics
          .map(([name]) => name)
          .join(' ')
          .split(' ')
          .filter(Boolean),
    guest_mode: spec.guest,
    scrambled,
  };
  return { copyLines, record };
}
