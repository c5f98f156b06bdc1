import { describe, expect, it } from 'vitest';
import { parseFlatCopy } from '../src/pipeline/copies/flat-copy.js';
import { parseCreatedLine, parseEngagementsLine, parseHeaderLine, parsePostIdLine, parseTopicsLine } from '../src/pipeline/copies/line-copy.js';

const BANNER = '[GUEST ACCESS MODE: Data is scrambled or limited to provide examples.]';

describe('parseFlatCopy', () => {
  it('reads every field of a whole guest-mode flat copy', () => {
    const flat = parseFlatCopy(
      `${BANNER}  Maria Santos [@msantos_dev](/creator/twitter/msantos_dev) on x 18.9K followers Created: 2025-09-14 19:22:07 UTC Shipped it. Write-up soon!  XXXXX engagements  **Related Topics** [rate limiting](/topic/rate-limiting) [api](/topic/api) [Post Link](https://x.com/msantos_dev/status/1967301234567890123)`,
    );
    expect(flat).toEqual({
      guest: true,
      displayName: 'Maria Santos',
      handle: 'msantos_dev',
      shownHandle: 'msantos_dev',
      audience: { network: 'x', followers: { kind: 'value', value: 18900 } },
      created: '2025-09-14 19:22:07',
      body: 'Shipped it. Write-up soon!',
      bodyPrefix: 'Shipped it. Write-up soon!',
      shown: { text: 'Shipped it. Write-up soon!', links: [] },
      engagements: { kind: 'scrambled' },
      topics: ['rate limiting', 'api'],
      postLink: 'https://x.com/msantos_dev/status/1967301234567890123',
      complete: true,
    });
  });

  it.each([
    [
      'no topics: one space before the post link',
      'Nordic Light [@nordiclight](/creator/instagram/nordiclight) on instagram 88.4K followers Created: 2026-04-19 07:03:55 UTC Blue hour.  6,120 engagements [Post Link](https://www.instagram.com/p/DIaBcDeFgHi/)',
      { body: 'Blue hour.', topics: [], postLink: 'https://www.instagram.com/p/DIaBcDeFgHi/', engagements: { kind: 'value', value: 6120 } },
    ],
    [
      'bracket masks on both counts, and bracket runs in the name and body',
      `${BANNER}  Trader [--] Joe [@tj](/creator/twitter/tj) on x [----] followers Created: 2026-02-03 14:05:51 UTC [--] Week: [---] +12%, up $X million  [-------] engagements [Post Link](https://x.com/tj/status/7)`,
      { displayName: 'Trader [--] Joe', audience: { network: 'x', followers: { kind: 'scrambled' } }, body: '[--] Week: [---] +12%, up $X million', engagements: { kind: 'scrambled' } },
    ],
    [
      'U+2028, U+2029 and U+0085 in the name and body, and a body ending in U+2028',
      'A\u2028B [@ab](/creator/twitter/ab) on x 5 followers Created: 2026-01-01 00:00:00 UTC one\u2029two\u0085 three\u2028  [Post Link](https://x.com/ab/status/1)',
      { displayName: 'A\u2028B', body: 'one\u2029two\u0085 three\u2028', complete: true },
    ],
    [
      'an empty body',
      'Q [@q](/creator/twitter/q) on x 1 followers Created: 2026-05-01 12:00:00 UTC   3 engagements [Post Link](https://x.com/q/status/1)',
      { body: '', engagements: { kind: 'value', value: 3 } },
    ],
    [
      'a name with @ and " on "',
      'Live @ Home on Air [@live](/creator/twitter/live) on x 5 followers Created: 2026-01-07 09:00:00 UTC hi  1 engagements [Post Link](https://x.com/live/status/2)',
      { displayName: 'Live @ Home on Air', handle: 'live', body: 'hi' },
    ],
    [
      'a body holding footer look-alikes and links',
      'D [@d](/creator/twitter/d) on x 5 followers Created: 2026-01-07 09:00:00 UTC see [Post Link](https://fake) 12 engagements  **Related Topics** [a](/topic/a)  77 engagements  **Related Topics** [docs](/topic/docs) [Post Link](https://x.com/d/status/3)',
      { body: 'see [Post Link](https://fake) 12 engagements  **Related Topics** [a](/topic/a)', topics: ['docs'], postLink: 'https://x.com/d/status/3' },
    ],
    [
      'a post link with parentheses',
      'W [@w](/creator/news/w) on news 5 followers Created: 2026-01-07 09:00:00 UTC text  1 engagements [Post Link](https://en.wikipedia.org/wiki/Tea_(drink))',
      { postLink: 'https://en.wikipedia.org/wiki/Tea_(drink)' },
    ],
    [
      'cut off in its body',
      'M [@m](/creator/twitter/m) on x 5 followers Created: 2026-01-07 09:00:00 UTC Shipped our new rate lim',
      { complete: false, body: null, bodyPrefix: 'Shipped our new rate lim', engagements: null, postLink: null },
    ],
    ['cut off right after the followers', 'M [@m](/creator/twitter/m) on x 5 followers', { complete: false, created: null, body: null }],
  ])('%s', (_name, line, fields) => {
    expect(parseFlatCopy(line)).toMatchObject(fields);
  });

  it.each([
    ['plain text', 'fetched 0 pages'],
    ['a line-copy header', 'Maria Santos @msantos_dev on x 18.9K followers'],
    ['a creator link inside prose', 'thanks [@bob](/creator/twitter/bob) for the tip'],
    ['a banner alone', BANNER],
  ])('%s is not a flat copy', (_name, line) => {
    expect(parseFlatCopy(line)).toBeNull();
  });
});

describe('line-copy lines', () => {
  it.each([
    ['Robin Monotti @robinmonotti on x 234K followers', 'Robin Monotti', 'robinmonotti', 'x', { kind: 'value', value: 234000 }],
    ['Live @ Home on Air @live on x 4,020 followers', 'Live @ Home on Air', 'live', 'x', { kind: 'value', value: 4020 }],
    ['me@example.com on x @mailguy on x XXX followers', 'me@example.com on x', 'mailguy', 'x', { kind: 'scrambled' }],
    ['山田 太郎 🌸 @yamada_taro on x 56.7K followers', '山田 太郎 🌸', 'yamada_taro', 'x', { kind: 'value', value: 56700 }],
    ['Zoë\u00a0Ünal @zoe on instagram 987 followers', 'Zoë\u00a0Ünal', 'zoe', 'instagram', { kind: 'value', value: 987 }],
    ['@nameless on youtube 1.3M followers', null, 'nameless', 'youtube', { kind: 'value', value: 1300000 }],
    ['Robin Monotti @robinmonotti on x [----] followers', 'Robin Monotti', 'robinmonotti', 'x', { kind: 'scrambled' }],
    ['Trader [--] Joe @tj on x [-] followers', 'Trader [--] Joe', 'tj', 'x', { kind: 'scrambled' }],
    ['Up XX% Club @xx on x XX followers', 'Up XX% Club', 'xx', 'x', { kind: 'scrambled' }],
    ['Line\u2028Sep\u2029Name\u0085 @ls on x 5 followers', 'Line\u2028Sep\u2029Name\u0085', 'ls', 'x', { kind: 'value', value: 5 }],
    ['Sep @h\u2028i on x 5 followers', 'Sep', 'h\u2028i', 'x', { kind: 'value', value: 5 }],
    ['\u2028 @h on x 5 followers', '\u2028', 'h', 'x', { kind: 'value', value: 5 }],
    ['\u00a0 @h on x 5 followers', '\u00a0', 'h', 'x', { kind: 'value', value: 5 }],
    ['\u3000 @h on x 5 followers', '\u3000', 'h', 'x', { kind: 'value', value: 5 }],
    ['\t @h on x 5 followers', null, 'h', 'x', { kind: 'value', value: 5 }],
  ])('header %j', (line, displayName, handle, network, followers) => {
    expect(parseHeaderLine(line)).toEqual({ displayName, handle, audience: { network, followers } });
  });

  it.each(['Robin Monotti on x 234K followers', 'a @b on x many followers', 'a @b on x 5 followers today', ''])('%j is no header', (line) => {
    expect(parseHeaderLine(line)).toBeNull();
  });

  it.each([
    ['Created: 2025-07-22 06:48:36 UTC', '2025-07-22 06:48:36'],
    ['Created: 2020-05-05 00:00:00 UTC is now shown in local time', null],
    ['Created 2025-07-22 06:48:36 UTC', null],
    ['Created: 2025\u2028 UTC', '2025\u2028'],
  ])('created %j', (line, text) => {
    expect(parseCreatedLine(line)).toBe(text);
  });

  it.each([
    ['XXXXXXX engagements', { kind: 'scrambled' }],
    ['15.2K engagements', { kind: 'value', value: 15200 }],
    ['lots of engagements', null],
    ['12 engagements today', null],
    ['[-------] engagements', { kind: 'scrambled' }],
    ['[--] Week: [---] engagements', null],
    ['[--]] engagements', null],
  ])('engagements %j', (line, count) => {
    expect(parseEngagementsLine(line)).toEqual(count);
  });

  it.each([
    ['Related Topics rate limiting api', 'rate limiting api'],
    ['Related Topics', ''],
    ['Related Topics a\u2028b c', 'a\u2028b c'],
    ['Related Topicsx', null],
    ['Unrelated Topics a', null],
  ])('topics %j', (line, text) => {
    expect(parseTopicsLine(line)).toBe(text);
  });

  it.each([
    ['/post/tweet::1947549321324285992', { postType: 'tweet', id: 'tweet::1947549321324285992' }],
    ['/post/youtube-video::Xk2Lm9Pq0Rs', { postType: 'youtube-video', id: 'youtube-video::Xk2Lm9Pq0Rs' }],
    ['/post/tweet', null],
    ['/post/tweet::12 34', null],
    ['see /post/tweet::1', null],
  ])('post id %j', (line, parts) => {
    expect(parsePostIdLine(line)).toEqual(parts);
  });
});
