import { describe, expect, it } from 'vitest';
import { reduceCutLinks, reduceLinks } from '../src/pipeline/copies/links.js';

describe('reduceLinks: the flat body as the page shows it', () => {
  it.each<[string, string, string[]]>([
    ['no link', 'plain text', ['plain text']],
    ['a link', 'Read [the report](https://example.com/r?x=1) now', ['Read the report now', 'https://example.com/r?x=1']],
    ['a mention and a cashtag', 'thanks [@helper](/creator/twitter/helper) [$eth](/topic/$eth)', ['thanks @helper $eth', '/creator/twitter/helper', '/topic/$eth']],
    ['a target with parentheses', 'see [FAQ](https://docs.example.com/faq_(v2)).', ['see FAQ.', 'https://docs.example.com/faq_(v2)']],
    ['a link inside parentheses', 'the data ([chart](https://l2beat.com/summary_(all))).', ['the data (chart).', 'https://l2beat.com/summary_(all)']],
    ['brackets in the text', '[coins [old]](/topic/coins-old)', ['coins [old]', '/topic/coins-old']],
    ['masks and the banner are text', '[-------] engagements [GUEST ACCESS MODE: x] and [--] Week', ['[-------] engagements [GUEST ACCESS MODE: x] and [--] Week']],
    ['a space in a target: no link', '[a](b c)', ['[a](b c)']],
    ['an empty target: no link', '[a]() x', ['[a]() x']],
    ['an empty text is a link', '[](https://x.y)', ['', 'https://x.y']],
    ['lone and unbalanced brackets', '[[[[]]]](((( [a](b', ['[[[[]]]](((( [a](b']],
  ])('%s', (_name, text, [shown, ...links]) => {
    expect(reduceLinks(text)).toEqual({ text: shown, links });
  });
});

describe('reduceCutLinks: a flat body cut part-way', () => {
  it.each([
    ['cut in a link text', 'see [the rep', 'see the rep'],
    ['cut in a link text holding brackets', '[coins [ol', 'coins [ol'],
    ['cut in a target', 'see [a](b) [the report](https://exa', 'see a the report'],
    ['cut in a target, brackets in the text', '[coins [old]](https://exa', 'coins [old]'],
    ['not cut in a link', 'a [b] c', 'a [b] c'],
  ])('%s', (_name, text, shown) => {
    expect(reduceCutLinks(text).text).toBe(shown);
  });
});
