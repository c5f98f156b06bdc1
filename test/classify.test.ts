import { describe, expect, it } from 'vitest';
import { classify } from '../src/pipeline/split/classify.js';

const FLAT = 'Ann [@ann](/creator/twitter/ann) on x 5 followers Created: 2025-01-01 00:00:00 UTC hi  5 engagements [Post Link](u)';

// classify tests the header and engagements look-alikes only on lines ending in `s`: the lines below pin
// that the shortcut changes no answer, above all for the other kinds that may also end in `s`.
describe('classify', () => {
  it.each([
    ['', 'blank'],
    ['\u00a0\u3000', 'blank'],
    ['\u200b', 'text'],
    [FLAT, 'flat'],
    ['[GUEST ACCESS MODE: Data is scrambled]', 'banner'],
    ['Ann @ann on x 5 followers', 'header'],
    ['Related Topics a @b on x 5 followers', 'header'],
    ['Ann @ann on x many followers', 'text'],
    ['Created: 2025-01-01 00:00:00 UTC', 'created'],
    ['12,345 engagements', 'engagements'],
    ['XXXXX engagements', 'engagements'],
    ['lots of engagements', 'text'],
    ['Related Topics', 'topics'],
    ['Related Topics cats dogs', 'topics'],
    ['/post/tweet::1947549321324285992', 'postId'],
    ['/post/instagram-post::DIaBcDeFgHis', 'postId'],
    ['just some words', 'text'],
    ['words that end in s', 'text'],
  ])('%j is %s', (text, kind) => {
    expect(classify({ no: 1, text }).kind).toBe(kind);
  });
});
