import { readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { generatePost, makeRng } from '../bench/generate.mjs';
import { WARNING_KINDS, parseDump, parseDumpBytes, warningKind } from '../src/index.js';
import { FIXTURES } from './support/fixtures.js';

const BANNER = '[GUEST ACCESS MODE: Data is scrambled.]';

interface Post {
  guest?: boolean;
  name?: string;
  handle?: string;
  network?: string;
  followers?: string;
  created?: string;
  body?: string[];
  engagements?: string;
  topics?: [string, string][];
}

const base: Required<Post> = {
  guest: false,
  name: 'Ann Lee',
  handle: 'ann',
  network: 'x',
  followers: '1.5K',
  created: '2026-01-02 03:04:05',
  body: ['first line', 'second line'],
  engagements: '42',
  topics: [['open source', 'open-source']],
};

function flatCopy(p: Post): string {
  const q = { ...base, ...p };
  const topics = q.topics.length ? `  **Related Topics** ${q.topics.map(([n, s]) => `[${n}](/topic/${s})`).join(' ')} ` : ' ';
  return `${q.guest ? `${BANNER}  ` : ''}${q.name} [@${q.handle}](/creator/twitter/${q.handle}) on ${q.network} ${q.followers} followers Created: ${q.created} UTC ${q.body.join(' ')}  ${q.engagements} engagements${topics}[Post Link](https://x.com/${q.handle}/status/77)`;
}

function lineCopy(p: Post): string[] {
  const q = { ...base, ...p };
  return [
    ...(q.guest ? [BANNER] : []),
    `${q.name} @${q.handle} on ${q.network} ${q.followers} followers`,
    `Created: ${q.created} UTC`,
    ...q.body,
    `${q.engagements} engagements`,
    ...(q.topics.length ? [`Related Topics ${q.topics.map(([n]) => n).join(' ')}`] : []),
    '/post/tweet::77',
  ];
}

const reconcile = (flat: Post, lines: Post) => parseDump([flatCopy(flat), ...lineCopy(lines)].join('\n')).records[0];

describe('reconcile', () => {
  it('takes links from the flat copy and line breaks from the line copy', () => {
    expect(reconcile({}, {})).toMatchObject({
      id: 'tweet::77',
      post_link: 'https://x.com/ann/status/77',
      body: 'first line\nsecond line',
      topics: ['open source'],
      creator_followers: 1500,
      warnings: [],
    });
  });

  it.each<[string, Post, Post, Record<string, unknown>, string[]]>([
    ['followers', { followers: '1.6K' }, {}, { creator_followers: 1500 }, ['copies disagree on creator_followers: flat copy has 1600, line copy has 1500']],
    ['network', { network: 'twitter' }, {}, { network: 'x' }, ['copies disagree on network: flat copy has "twitter", line copy has "x"']],
    ['display name', { name: 'Ann L.' }, {}, { creator_display_name: 'Ann Lee' }, ['copies disagree on creator_display_name: flat copy has "Ann L.", line copy has "Ann Lee"']],
    [
      'created_at',
      { created: '2026-01-02 03:04:06' },
      {},
      { created_at: '2026-01-02T03:04:05Z' },
      ['copies disagree on created_at: flat copy has "2026-01-02 03:04:06", line copy has "2026-01-02 03:04:05"'],
    ],
    ['engagements', { engagements: '43' }, {}, { engagements: 42 }, ['copies disagree on engagements: flat copy has 43, line copy has 42']],
    [
      'topics',
      {
        topics: [
          ['open source', 'open-source'],
          ['git', 'git'],
        ],
      },
      {},
      { topics: ['open source', 'git'] },
      ['copies disagree on topics: flat copy has ["open source","git"], line copy has "open source"'],
    ],
    ['guest mode', { guest: true }, {}, { guest_mode: true }, ['copies disagree on guest_mode: the banner is only in the flat copy']],
    ['body', { body: ['first line', 'third line'] }, {}, { body: 'first line\nsecond line' }, ["copies disagree on body: the line copy's lines joined by spaces differ from the flat copy's body"]],
  ])('copies disagreeing on %s: the line copy wins, with a warning', (_name, flat, lines, fields, warnings) => {
    expect(reconcile(flat, lines)).toMatchObject({ ...fields, warnings });
  });

  it.each<[string, Post, Record<string, unknown>, string[]]>([
    ['scrambled followers', { followers: 'XXX', guest: true }, { creator_followers: null, scrambled: ['creator_followers'] }, []],
    ['both counts scrambled', { followers: 'XXX', engagements: 'XXXX', guest: true }, { creator_followers: null, engagements: null, scrambled: ['creator_followers', 'engagements'] }, []],
    ['an unreadable count', { engagements: '1.2345K' }, { engagements: null, scrambled: [] }, ['unreadable engagements: "1.2345K"']],
    ['an impossible timestamp', { created: '2026-02-30 00:00:00' }, { created_at: null }, ['unreadable created_at: "2026-02-30 00:00:00"']],
    ['no topics', { topics: [] }, { topics: [] }, []],
    ['an empty body', { body: [] }, { body: '' }, []],
    ['bracket-masked followers', { followers: '[----]', guest: true }, { creator_followers: null, scrambled: ['creator_followers'] }, []],
    ['both counts bracket-masked', { followers: '[---]', engagements: '[-------]', guest: true }, { creator_followers: null, engagements: null, scrambled: ['creator_followers', 'engagements'] }, []],
  ])('%s', (_name, post, fields, warnings) => {
    expect(reconcile(post, post)).toMatchObject({ ...fields, warnings });
  });

  it.each<[string, Post, Post, Record<string, unknown>]>([
    ['engagements hidden by Xs in the flat copy', { engagements: 'XX' }, {}, { engagements: 42, scrambled: [] }],
    ['engagements hidden by dashes in the line copy', {}, { engagements: '[--]' }, { engagements: 42, scrambled: [] }],
    ['followers hidden by dashes in the flat copy', { followers: '[-]' }, {}, { creator_followers: 1500, scrambled: [] }],
    ['followers hidden by Xs in the line copy', {}, { followers: 'XXXX' }, { creator_followers: 1500, scrambled: [] }],
    ['engagements hidden by a different mask in each copy', { engagements: 'XXX' }, { engagements: '[---]' }, { engagements: null, scrambled: ['engagements'] }],
  ])('%s: the shown value, no warning', (_name, flat, lines, fields) => {
    expect(reconcile(flat, lines)).toMatchObject({ ...fields, warnings: [] });
  });

  it('warns when a flat copy’s link text and path name different handles', () => {
    const flat = flatCopy({}).replace('[@ann]', '[@anne]');
    expect(parseDump([flat, ...lineCopy({})].join('\n')).records[0]?.warnings).toEqual(["flat copy's creator link shows @anne but points to ann"]);
  });
});

describe('warning kinds', () => {
  /** Every warning the fixtures, generated posts and the rare cases below give. */
  function allWarnings(): string[] {
    const fixtures = fg.sync('**/*.txt', { cwd: FIXTURES }).map((file) => parseDumpBytes(readFileSync(path.join(FIXTURES, file)), file));
    const rng = makeRng(19);
    const generated = Array.from({ length: 2000 }, () => parseDump((generatePost(rng, { mask: 'x' }) as { text: string }).text));
    const rare = [
      [flatCopy({ engagements: '1.2345K' }), ...lineCopy({ engagements: '1.2345K' })],
      [flatCopy({ created: '2026-02-30 00:00:00' }), ...lineCopy({ created: '2026-02-30 00:00:00' })],
      [flatCopy({}).replace('[@ann]', '[@anne]'), ...lineCopy({})],
      [flatCopy({ guest: true }), ...lineCopy({})],
      [flatCopy({}), ...lineCopy({}).filter((line) => !line.startsWith('Created:'))],
      [flatCopy({}).replace(' 1.5K followers', ''), ...lineCopy({})],
      [flatCopy({}), ...lineCopy({}).map((line) => line.replace(' 1.5K followers', ''))],
      [flatCopy({}).replace('status/77', 'status/78'), ...lineCopy({})],
    ].map((lines) => parseDump(lines.join('\n')));
    return [...fixtures, ...generated, ...rare].flatMap((result) => result.records.flatMap((record) => record.warnings));
  }

  it('gives every warning exactly one kind, and each kind occurs', () => {
    const warnings = allWarnings();
    const kindsOf = (message: string) => WARNING_KINDS.filter(({ prefixes }) => prefixes.some((prefix) => message.startsWith(prefix))).map(({ kind }) => kind);
    expect(warnings.filter((message) => kindsOf(message).length !== 1)).toEqual([]);
    expect(new Set(warnings.map(warningKind))).toEqual(new Set(WARNING_KINDS.map(({ kind }) => kind)));
  });
});
