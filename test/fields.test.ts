import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { parseFieldList } from '../src/sinks/text/fields.js';
import { runCli } from './support/cli.js';
import { ROOT } from './support/fixtures.js';

const TWO_POSTS = path.join(ROOT, 'fixtures/samples/s04-two-posts.txt');
const ALL_KEYS =
  'id, post_type, network, post_link, creator_name, creator_display_name, creator_followers, created_at, body, links, engagements, topics, guest_mode, scrambled, source_file, source_line, warnings';

describe('parseFieldList', () => {
  it.each([
    ['id', ['id']],
    ['engagements,id', ['engagements', 'id']],
    [' body , topics ', ['body', 'topics']],
    ['id,', ['id']],
  ])('%j → %j', (text, fields) => {
    expect(parseFieldList(text)).toEqual(fields);
  });

  it.each([
    ['bogus', `unknown field "bogus"; valid fields: ${ALL_KEYS}`],
    ['id,ID', `unknown field "ID": did you mean id?; valid fields: ${ALL_KEYS}`],
    ['id,followers', `unknown field "followers"; valid fields: ${ALL_KEYS}`],
    ['id,engagement', `unknown field "engagement": did you mean engagements?; valid fields: ${ALL_KEYS}`],
    ['Created_At', `unknown field "Created_At": did you mean created_at?; valid fields: ${ALL_KEYS}`],
    ['creator_follower', `unknown field "creator_follower": did you mean creator_followers?; valid fields: ${ALL_KEYS}`],
    ['sorce_lines', `unknown field "sorce_lines": did you mean source_line?; valid fields: ${ALL_KEYS}`],
    ['ids', `unknown field "ids"; valid fields: ${ALL_KEYS}`],
    ['id,body,id', 'field "id" is named twice'],
    ['', `no field named; valid fields: ${ALL_KEYS}`],
    [' , ', `no field named; valid fields: ${ALL_KEYS}`],
  ])('%j is refused: %s', (text, message) => {
    expect(() => parseFieldList(text)).toThrow(message);
  });
});

describe('--fields', () => {
  it.each(['ndjson', 'json'])('selects and orders the keys of %s records', async (format) => {
    const { code, stdout } = await runCli(['-f', format, '--fields', 'engagements,id', TWO_POSTS]);
    expect(code).toBe(0);
    const records =
      format === 'json'
        ? (JSON.parse(stdout) as object[])
        : stdout
            .trimEnd()
            .split('\n')
            .map((line) => JSON.parse(line) as object);
    expect(records.map((r) => Object.entries(r))).toEqual([
      [
        ['engagements', null],
        ['id', 'tiktok-video::7494000000000000002'],
      ],
      [
        ['engagements', 6120],
        ['id', 'instagram-post::DIaBcDeFgHi'],
      ],
    ]);
  });

  it.each([
    ['csv', ','],
    ['tsv', '\t'],
  ])('selects and orders the columns of %s', async (format, delimiter) => {
    const { code, stdout } = await runCli(['-f', format, '--fields', 'engagements,id,topics', TWO_POSTS]);
    expect(code).toBe(0);
    expect(parse(stdout, { delimiter })).toEqual([
      ['engagements', 'id', 'topics'],
      ['', 'tiktok-video::7494000000000000002', 'cooking'],
      ['6120', 'instagram-post::DIaBcDeFgHi', ''],
    ]);
  });

  it('refuses an unknown key with exit 2, naming it and the valid keys, and writes nothing', async () => {
    const { code, stdout, stderr } = await runCli(['-f', 'csv', '--fields', 'id,followers', TWO_POSTS]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toContain(`postdump: option '--fields <keys>' argument 'id,followers' is invalid. unknown field "followers"; valid fields: ${ALL_KEYS}\n`);
  });
});
