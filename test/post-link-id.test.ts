import { describe, expect, it } from 'vitest';
import { idsContradict, postLinkId } from '../src/pipeline/copies/post-link-id.js';

describe('postLinkId', () => {
  it.each([
    ['https://x.com/robinmonotti/status/1947549321324285992', '1947549321324285992'],
    ['https://twitter.com/a/statuses/42', '42'],
    ['https://www.youtube.com/watch?v=Xk2Lm9Pq0Rs', 'Xk2Lm9Pq0Rs'],
    ['https://www.youtube.com/watch?feature=share&v=cw2026w05', 'cw2026w05'],
    ['https://youtu.be/Xk2Lm9Pq0Rs', 'Xk2Lm9Pq0Rs'],
    ['https://www.tiktok.com/@chef.ko/video/7494000000000000002', '7494000000000000002'],
    ['https://www.reddit.com/r/linux/comments/1hl2k3m/', '1hl2k3m'],
    ['https://www.instagram.com/p/DIaBcDeFgHi/', 'DIaBcDeFgHi'],
    ['https://bsky.app/profile/sky.bsky.social/post/3kabc', '3kabc'],
    ['https://news.example.com/markets/rally-2026', null],
    ['u', null],
  ])('%s carries %s', (link, id) => {
    expect(postLinkId(link)).toBe(id);
  });
});

describe('idsContradict', () => {
  it.each([
    ['the same id', 'https://x.com/a/status/123', 'tweet::123', false],
    ['another id', 'https://x.com/a/status/123', 'tweet::124', true],
    ["Reddit's prefixed id", 'https://www.reddit.com/r/test/comments/1abcde/', 'reddit-post::t3_1abcde', false],
    ['a link without an id', 'https://news.example.com/markets/rally-2026', 'news::88120044', false],
    ['no link', null, 'tweet::1', false],
    ['no /post/ line', 'https://x.com/a/status/123', null, false],
  ])('%s', (_name, link, postId, contradict) => {
    expect(idsContradict(link, postId)).toBe(contradict);
  });
});
