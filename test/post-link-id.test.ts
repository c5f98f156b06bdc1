import { describe, expect, it } from 'vitest';
import { linkNamesPost, postLinkId } from '../src/pipeline/copies/post-link-id.js';

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
    ['https://m.youtube.com/shorts/Xk2Lm9Pq0Rs', 'Xk2Lm9Pq0Rs'],
    ['https://old.reddit.com/r/linux/comments/1hl2k3m/title/', '1hl2k3m'],
    ['https://www.instagram.com/nordiclight/reel/DIaBcDeFgHi/', 'DIaBcDeFgHi'],
    ['https://news.example.com/markets/rally-2026', null],
    // Other sites' links with the same shapes name no post by them.
    ['https://news.example.com/markets?id=7&v=2', null],
    ['https://www.foxbusiness.com/video/6367001234112', null],
    ['https://example.com/status/2026', null],
    ['https://blog.example.com/x.com/a/status/123', null],
    ['https://example.com/?u=https://x.com/a/status/123', null],
    ['https://notyoutube.com/watch?v=abc', null],
    ['https://www.reddit.com.evil.example/r/a/comments/1abc/', null],
    ['u', null],
  ])('%s carries %s', (link, id) => {
    expect(postLinkId(link)).toBe(id);
  });
});

describe('linkNamesPost', () => {
  it.each([
    ['the same id', 'https://x.com/a/status/123', 'tweet::123', true],
    ['another id', 'https://x.com/a/status/123', 'tweet::124', false],
    ["Reddit's prefixed id", 'https://www.reddit.com/r/test/comments/1abcde/', 'reddit-post::t3_1abcde', true],
    ['the same short code', 'https://www.instagram.com/p/DIaBcDeFgHi/', 'instagram-post::DIaBcDeFgHi', true],
    ["a short code against a number: can't tell", 'https://www.instagram.com/p/DAbc123xyz/', 'instagram-post::3456789012345678901', null],
    ["a link without an id: can't tell", 'https://news.example.com/markets/rally-2026', 'news::88120044', null],
    ["a news link with ?v=: can't tell", 'https://news.example.com/markets?id=7&v=2', 'news::88120045', null],
    ["no link: can't tell", null, 'tweet::1', null],
    ["no /post/ line: can't tell", 'https://x.com/a/status/123', null, null],
  ])('%s', (_name, link, postId, same) => {
    expect(linkNamesPost(link, postId)).toBe(same);
  });
});
