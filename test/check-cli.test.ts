import { spawnSync } from 'node:child_process';
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { PassThrough, Readable, Writable } from 'node:stream';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../src/cli/main.js';
import { runCli } from './support/cli.js';
import { BIN, FIXTURES, ROOT, fixturePairs } from './support/fixtures.js';
import { tempDir } from './support/temp.js';
import { findAll, loadXml } from './support/xml.js';

const lastLine = (text: string) => text.trimEnd().split('\n').at(-1);

describe('postdump check fixtures/ (the built CLI, as CI runs it)', () => {
  it('passes every fixture', () => {
    const result = spawnSync(process.execPath, [BIN, 'check', 'fixtures/'], { cwd: ROOT, encoding: 'utf8' });
    const pairs = fixturePairs();
    expect(result.stderr).toBe('');
    expect(result.stdout.split('\n').filter((line) => line.startsWith('ok   '))).toEqual(pairs.map((p) => `ok   ${p.dump}`));
    expect(lastLine(result.stdout)).toBe(`${pairs.length} passed, 0 failed`);
    expect(result.status).toBe(0);
  });
});

describe('postdump check, on a folder of copied fixtures', () => {
  let dir: string;
  const at = (name: string) => path.join(dir, name);
  const GUEST = 's01-x-guest';
  const KEYED = 's02-youtube-with-key';
  const NOT_A_DUMP = 's06-not-a-dump';
  const editJson = (name: string, edit: (text: string) => string) => writeFileSync(at(`${name}.json`), edit(readFileSync(at(`${name}.json`), 'utf8')));

  beforeEach(() => {
    dir = tempDir('postdump-check-');
    for (const name of [`samples/${GUEST}`, `samples/${KEYED}`, `invalid/${NOT_A_DUMP}`]) {
      for (const ext of ['.txt', '.json']) copyFileSync(path.join(FIXTURES, name + ext), at(path.basename(name) + ext));
    }
  });

  it('passes them as they are', async () => {
    const { code, stdout } = await runCli(['check', dir]);
    expect(stdout.split('\n').slice(0, 3)).toEqual([`ok   ${at(`${GUEST}.txt`)}`, `ok   ${at(`${KEYED}.txt`)}`, `ok   ${at(`${NOT_A_DUMP}.txt`)}`]);
    expect(lastLine(stdout)).toBe('3 passed, 0 failed');
    expect(code).toBe(0);
  });

  it('fails an expectation with no dump beside it, unless --ignore skips its dump', async () => {
    const { rmSync } = await import('node:fs');
    rmSync(at(`${KEYED}.txt`));
    const { code, stdout } = await runCli(['check', dir]);
    expect(stdout).toContain(`FAIL ${at(`${KEYED}.json`)}\n  ${at(`${KEYED}.json`)}: an expectation with no dump beside it (${KEYED}.txt): restore the dump, or delete it\n`);
    expect([code, lastLine(stdout)]).toEqual([1, '2 passed, 1 failed']);
    copyFileSync(path.join(FIXTURES, `samples/${KEYED}.txt`), at(`${KEYED}.txt`));
    const ignored = await runCli(['check', '--ignore', `${KEYED}.txt`, dir]);
    expect([ignored.code, lastLine(ignored.stdout)]).toEqual([0, '2 passed, 0 failed']);
  });

  it('lists a dump that fails only on warnings in the --update hint', async () => {
    copyFileSync(path.join(FIXTURES, 'samples/s03-line-copy-only.txt'), at('warned.txt'));
    const { stdout } = await runCli(['check', dir]);
    expect(stdout).toContain(`(if the new records are right: postdump check --update ${at('warned.txt')})`);
  });

  it('fails on a wrong expected value, naming the file, the record and the key', async () => {
    editJson(KEYED, (text) => text.replace('"engagements": 15200', '"engagements": 15300'));
    const { code, stdout } = await runCli(['check', dir]);
    expect(stdout).toContain([`FAIL ${at(`${KEYED}.txt`)}`, `  ${at(`${KEYED}.txt`)}:1: records[0].engagements`, '    expected: 15300', '    actual:   15200'].join('\n'));
    expect(lastLine(stdout)).toBe('2 passed, 1 failed');
    expect(code).toBe(1);
  });

  it('fails when a dump that must fail gives a record', async () => {
    writeFileSync(at(`${GUEST}.json`), '[]\n');
    const { code, stdout } = await runCli(['check', at(`${GUEST}.txt`)]);
    expect(stdout).toContain(`${at(`${GUEST}.txt`)}: expected to fail with no record, but it gave 1 record`);
    expect(code).toBe(1);
  });

  it('writes a JUnit report: one testcase per dump, one failure per failing dump', async () => {
    editJson(KEYED, (text) => text.replace('"gardening"', '"gardenin"').replace('"engagements": 15200', '"engagements": 1'));
    writeFileSync(at(`${NOT_A_DUMP}.json`), '[{}]');
    const { code } = await runCli(['check', dir, '--junit', at('report.xml')]);
    const testcases = findAll(loadXml(readFileSync(at('report.xml'), 'utf8')), 'testcase');
    expect(testcases.map((c) => [c.attributes.name, c.children.map((child) => child.name)])).toEqual([
      [at(`${GUEST}.txt`), []],
      [at(`${KEYED}.txt`), ['failure']],
      [at(`${NOT_A_DUMP}.txt`), ['failure']],
    ]);
    expect(testcases[1]?.children[0]?.text).toContain('records[0].topics\n  expected: ["gardenin","tomatoes"]');
    expect(code).toBe(1);
  });

  it('checks a dump without NAME.json for health: a record with a warning fails', async () => {
    copyFileSync(path.join(FIXTURES, 'samples/s03-line-copy-only.txt'), at('line-only.txt'));
    const { code, stdout } = await runCli(['check', at('line-only.txt')]);
    expect(stdout).toContain(`${at('line-only.txt')}:1: records[0] has a warning (no NAME.json beside it, so none is allowed): only the line copy was saved`);
    expect(code).toBe(1);
  });

  it('--update writes what the failing dumps give now, keeps a note, and then check passes', async () => {
    editJson(KEYED, () => '{"note": "keep me", "records": [{"engagements": 1}]}');
    copyFileSync(path.join(FIXTURES, 'samples/s03-line-copy-only.txt'), at('line-only.txt'));
    const updated = await runCli(['check', '--update', dir]);
    expect(updated.stdout.split('\n')).toEqual([
      `created ${at('line-only.json')}`,
      `updated ${at(`${KEYED}.json`)}`,
      '2 changed, 0 unchanged, 2 passed and kept (--update --all rewrites them too)',
      '',
    ]);
    expect(updated.code).toBe(0);
    const keyed = JSON.parse(readFileSync(at(`${KEYED}.json`), 'utf8')) as { note: string; records: Record<string, unknown>[] };
    expect(keyed.note).toBe('keep me');
    expect(keyed.records.map((r) => [r.engagements, r.source_line, 'source_file' in r])).toEqual([[15200, 1, false]]);

    const checked = await runCli(['check', dir]);
    expect(lastLine(checked.stdout)).toBe('4 passed, 0 failed');
    expect(checked.code).toBe(0);
    expect((await runCli(['check', '--update', dir])).stdout).toBe('0 changed, 0 unchanged, 4 passed and kept (--update --all rewrites them too)\n');
  });

  it('--update leaves a passing partial expectation as it is; --update --all makes it whole', async () => {
    const partial = readFileSync(at(`${GUEST}.json`), 'utf8');
    expect((await runCli(['check', '--update', dir])).stdout).toBe('0 changed, 0 unchanged, 3 passed and kept (--update --all rewrites them too)\n');
    expect(readFileSync(at(`${GUEST}.json`), 'utf8')).toBe(partial);
    const all = await runCli(['check', '--update', '--all', dir]);
    // The samples list some keys; --all writes them all.
    expect(all.stdout.split('\n')).toEqual([`updated ${at(`${GUEST}.json`)}`, `updated ${at(`${KEYED}.json`)}`, '2 changed, 1 unchanged', '']);
    expect(Object.keys((JSON.parse(readFileSync(at(`${GUEST}.json`), 'utf8')) as object[])[0] ?? {})).toHaveLength(16);
    expect(all.code).toBe(0);
  });

  it('--all without --update is a usage error', async () => {
    const { code, stdout, stderr } = await runCli(['check', '--all', dir]);
    expect([code, stdout, stderr]).toEqual([2, '', 'postdump: --all goes with --update: postdump check --update --all\n(run postdump check --help for usage)\n']);
  });

  it('--update leaves a NAME.json it cannot read untouched', async () => {
    writeFileSync(at(`${GUEST}.json`), '{"note": "mine", ');
    const { code, stdout, stderr } = await runCli(['check', '--update', at(`${GUEST}.txt`)]);
    expect(stderr).toContain(`postdump: ${at(`${GUEST}.json`)}: not valid JSON:`);
    expect(lastLine(stdout)).toBe('0 changed, 0 unchanged, 1 failed');
    expect(readFileSync(at(`${GUEST}.json`), 'utf8')).toBe('{"note": "mine", ');
    expect(code).toBe(1);
  });

  it.each([
    ['a path that is not there', 'missing', 'missing: no such file or directory'],
    ['an expectations file instead of its dump', `${GUEST}.json`, 'an expectations file, not a dump: name the dump beside it instead'],
  ])('fails on %s', async (_, name, message) => {
    const { code, stdout } = await runCli(['check', at(name)]);
    expect(stdout).toContain(message);
    expect(lastLine(stdout)).toBe('0 passed, 1 failed');
    expect(code).toBe(1);
  });
});

describe('postdump check | head', () => {
  it('stops its report quietly when the reader goes, and still checks every dump', async () => {
    const dir = tempDir('postdump-check-');
    const gone = new Writable({
      write: (_chunk, _encoding, callback) => callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })),
    });
    const stderr = new PassThrough();
    const code = await run(['check', FIXTURES, '--junit', path.join(dir, 'report.xml')], { stdin: Readable.from([]), stdout: gone, stderr });
    expect(code).toBe(0);
    expect(stderr.read()).toBeNull();
    expect(findAll(loadXml(readFileSync(path.join(dir, 'report.xml'), 'utf8')), 'testcase')).toHaveLength(fixturePairs().length);
  });
});

describe('postdump check, bad usage', () => {
  it.each([
    [['check', '-'], 'postdump: check reads dump files with NAME.json beside them, not stdin'],
    [['check', '--update', '--junit', 'r.xml'], "postdump: option '--junit <file>' cannot be used with option '--update'"],
    [['check', '--xyzzy'], "postdump: unknown option '--xyzzy'\n(run postdump check --help for usage)"],
  ])('%j exits 2', async (argv, message) => {
    const { code, stdout, stderr } = await runCli(argv);
    expect(stderr).toContain(message);
    expect(stdout).toBe('');
    expect(code).toBe(2);
  });
});

describe('the root command next to check', () => {
  it('still converts the paths it is given', async () => {
    const { code, stdout } = await runCli([path.join(FIXTURES, 'samples/s01-x-guest.txt')]);
    expect(JSON.parse(stdout)).toMatchObject({ id: 'tweet::1967301234567890123' });
    expect(code).toBe(0);
  });
});
