import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { parseShard, shardRange } from '../src/sources/shard.js';
import { writeZip } from './support/archives.js';
import { runCli } from './support/cli.js';
import { duckdb, parquetRecords } from './support/datasets.js';
import { BIN, FIXTURES, ROOT } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

const DUMP = readFileSync(path.join(FIXTURES, 'samples/s01-x-guest.txt'), 'utf8');
const TWO = readFileSync(path.join(FIXTURES, 'samples/s04-two-posts.txt'), 'utf8');

/** fixtures/ (good and failing dumps) plus a few generated files and an archive, in a temporary folder. */
async function corpus(): Promise<string> {
  const dir = tempDir('postdump-shard-');
  cpSync(FIXTURES, path.join(dir, 'fixtures'), { recursive: true });
  mkdirSync(path.join(dir, 'more/deep'), { recursive: true });
  for (let i = 0; i < 6; i++) writeFileSync(path.join(dir, `more/gen-${i}.txt`), i % 2 ? DUMP : TWO);
  writeFileSync(path.join(dir, 'more/deep/é-accent.txt'), DUMP);
  writeFileSync(path.join(dir, 'more/Zed.txt'), TWO);
  await writeZip(path.join(dir, 'more/pack.zip'), [
    ['a.txt', DUMP],
    ['b/c.txt', TWO],
  ]);
  return dir;
}

/** Lines of stderr that name a problem (no summary line). */
function problems(stderr: string): string[] {
  return stderr.split('\n').filter((line) => line !== '' && !/^postdump: [\d,]+ records?\b/.test(line));
}

const sorted = (lines: readonly string[]) => [...lines].sort();

describe('--shard I/N', () => {
  it.each([
    ['0/3', 'I must be between 1 and N (3)'],
    ['4/3', 'I must be between 1 and N (3)'],
    ['1/0', 'N must be at least 1'],
    ['x', 'expected I/N'],
    ['1/', 'expected I/N'],
    ['/3', 'expected I/N'],
    ['1.5/3', 'expected I/N'],
    ['-1/3', 'expected I/N'],
    ['1/3/5', 'expected I/N'],
    [' 1/3', 'expected I/N'],
    ['99999999999999999999/99999999999999999999', 'below 2^53'],
  ])('--shard %s is a usage error (exit 2) naming the problem', async (given, problem) => {
    expect(parseShard(given)).toContain(problem);
    const { code, stdout, stderr } = await runCli([`--shard=${given}`, path.join(FIXTURES, 'samples')]);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr.split('\n')[0]).toBe(`postdump: ${parseShard(given) as string}`);
    expect(stderr).toContain(problem);
  });

  it('takes the value as the next argument too, and refuses it after a subcommand', async () => {
    expect((await runCli(['--shard', '-1/3', path.join(FIXTURES, 'samples')])).code).toBe(2);
    expect((await runCli(['--shard', '1/1', path.join(FIXTURES, 'samples/s01-x-guest.txt')])).code).toBe(0);
    expect((await runCli(['check', '--shard', '1/2'])).code).toBe(2);
  });

  it('splits any list into N contiguous ranges that cover it once, sizes differing by at most one', () => {
    for (let total = 0; total <= 40; total++) {
      for (let count = 1; count <= 12; count++) {
        const ranges = Array.from({ length: count }, (_, i) => shardRange(total, { index: i + 1, count }));
        expect(ranges[0]?.start).toBe(0);
        expect(ranges.at(-1)?.end).toBe(total);
        for (let i = 1; i < count; i++) expect(ranges[i]?.start).toBe(ranges[i - 1]?.end);
        const sizes = ranges.map((r) => r.end - r.start);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
    expect(shardRange(10, { index: 1, count: 3 })).toEqual({ start: 0, end: 4 });
    expect(shardRange(10, { index: 3, count: 3 })).toEqual({ start: 7, end: 10 });
    expect(shardRange(1, { index: 1, count: 2 })).toEqual({ start: 0, end: 1 });
    expect(shardRange(2 ** 40, { index: 2 ** 20, count: 2 ** 20 }).end).toBe(2 ** 40);
  });

  it('N runs give the whole run: records concatenate to it, each input and each failure in exactly one shard', async () => {
    const dir = await corpus();
    const missing = path.join(dir, 'missing.txt');
    const args = [path.join(dir, 'fixtures'), path.join(dir, 'more'), missing];
    const whole = await runCli(args);
    expect(whole.code).toBe(1); // fixtures/invalid fails, and missing.txt
    const wholeRecords = whole.stdout.split('\n').filter(Boolean);
    const wholeProblems = problems(whole.stderr);
    expect(wholeRecords.length).toBeGreaterThan(60);
    expect(wholeProblems.some((line) => line.includes('missing.txt: no such file'))).toBe(true);
    expect(wholeProblems.some((line) => line.includes('pack.zip!/b/c.txt') || line.includes('fixtures/invalid/'))).toBe(true);

    for (const count of [1, 2, 3, 5, 7, 80]) {
      const runs = [];
      for (let index = 1; index <= count; index++) runs.push(await runCli([...args, '--shard', `${index}/${count}`]));
      // Contiguous ranges of the sorted inputs: shard 1's output, then shard 2's, ... is the whole output.
      expect(runs.map((r) => r.stdout).join('')).toBe(whole.stdout);
      expect(sorted(runs.flatMap((r) => problems(r.stderr)))).toEqual(sorted(wholeProblems));
      // Each input (by source_file, an archive by its path) in one shard only.
      const inputsOf = runs.map(
        (r) =>
          new Set(
            r.stdout
              .split('\n')
              .filter(Boolean)
              .map((line) => (JSON.parse(line) as { source_file: string }).source_file.split('!/')[0] ?? ''),
          ),
      );
      const owner = new Map<string, number>();
      inputsOf.forEach((inputs, i) => {
        for (const input of inputs) {
          expect(owner.get(input), `${input} in two shards of ${count}`).toBeUndefined();
          owner.set(input, i);
        }
      });
      expect(owner.size).toBe(new Set(wholeRecords.map((line) => (JSON.parse(line) as { source_file: string }).source_file.split('!/')[0])).size);
      // A shard exits 1 only when one of its own inputs failed; one with nothing (N > inputs) exits 0.
      runs.forEach((r) => expect(r.code).toBe(problems(r.stderr).length > 0 ? 1 : 0));
      if (count === 80) expect(runs.filter((r) => r.stdout === '' && r.stderr === '').length).toBeGreaterThan(0);
    }
  }, 60_000);

  it('balances by count: the archive is one input, stdin one input', async () => {
    const dir = tempDir('postdump-shard-');
    for (const name of ['a.txt', 'b.txt', 'c.txt']) writeFileSync(path.join(dir, name), DUMP);
    await writeZip(path.join(dir, 'd.zip'), [
      ['1.txt', DUMP],
      ['2.txt', DUMP],
      ['3.txt', DUMP],
    ]);
    const sources = async (shard: string, stdin = '') =>
      (await runCli([dir, '-', '--shard', shard], stdin)).stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => path.basename((JSON.parse(line) as { source_file: string }).source_file));
    // Sorted: -, a.txt, b.txt, c.txt, d.zip: 5 inputs in 2 shards of 2 and 3.
    expect(await sources('1/2', DUMP)).toEqual(['-', 'a.txt', 'b.txt']);
    expect(await sources('2/2', DUMP)).toEqual(['c.txt', '1.txt', '2.txt', '3.txt']);
  });

  it.each([
    ['ndjson', ''],
    ['json', '[]\n'],
    ['csv', null],
  ])('a shard with no input writes an empty but valid -o file (%s), replacing an older one, exit 0', async (format, expected) => {
    const dir = tempDir('postdump-shard-');
    const out = path.join(dir, `part.${format}`);
    writeFileSync(out, 'an older part\n');
    const { code, stderr } = await runCli([path.join(FIXTURES, 'samples/s01-x-guest.txt'), '--shard', '2/2', '-f', format, '-o', out]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    const text = readFileSync(out, 'utf8');
    if (expected !== null) expect(text).toBe(expected);
    else expect(text).toMatch(/^id,post_type,.*warnings\r\n$/);
  });

  it('a shard whose only entry is a path that names nothing has failed: exit 1, an older -o file left as it was', async () => {
    const dir = tempDir('postdump-shard-');
    const out = path.join(dir, 'part.ndjson');
    writeFileSync(out, 'an older part\n');
    // Both inputs in one folder, so their order does not depend on where the repository is checked out.
    const sample = path.join(dir, 'z-sample.txt');
    writeFileSync(sample, readFileSync(path.join(FIXTURES, 'samples/s01-x-guest.txt')));
    const args = [path.join(dir, 'missing.txt'), sample, '-o', out];
    const { code, stderr } = await runCli([...args, '--shard', '1/2']); // missing.txt sorts before z-sample.txt
    expect(code).toBe(1);
    expect(stderr).toContain('missing.txt: no such file or directory');
    expect(readFileSync(out, 'utf8')).toBe('an older part\n');
    expect((await runCli([...args, '--shard', '2/2'])).code).toBe(0);
    expect(readFileSync(out, 'utf8')).toContain('"source_line":1');
  });

  it('Parquet parts of N shards read as one dataset with read_parquet(dir/*.parquet), empty parts included', async () => {
    const dir = await corpus();
    const out = path.join(dir, 'out');
    mkdirSync(out);
    const args = [path.join(dir, 'fixtures/samples'), path.join(dir, 'fixtures/seed'), path.join(dir, 'more')];
    const wholeFile = path.join(dir, 'whole.parquet');
    await runCli([...args, '-f', 'parquet', '-o', wholeFile]);
    const count = 40; // more shards than inputs: some parts are empty
    for (let index = 1; index <= count; index++) {
      const { code } = await runCli([...args, '--shard', `${index}/${count}`, '-f', 'parquet', '-o', path.join(out, `part-${index - 1}.parquet`)]);
      expect(code).toBe(0);
    }
    expect(readdirSync(out)).toHaveLength(count);
    const [{ rows }] = (await duckdb(`SELECT count(*) AS rows FROM read_parquet('${out}/*.parquet')`)) as [{ rows: bigint }];
    const whole = await parquetRecords(wholeFile);
    expect(Number(rows)).toBe(whole.length);
    const parts = await parquetRecords(`${out}/*.parquet`);
    const key = (r: Record<string, unknown>) => JSON.stringify(r);
    expect(parts.map(key).sort()).toEqual(whole.map(key).sort());
    // Ordered by the file's name, the parts give the whole in order.
    const ordered = await duckdb(
      `SELECT source_file, source_line FROM read_parquet('${out}/*.parquet', filename = true) ORDER BY CAST(regexp_extract(filename, 'part-(\\d+)', 1) AS INTEGER), file_row_number`.replace(
        'filename = true',
        'filename = true, file_row_number = true',
      ),
    );
    expect(ordered.map((r) => `${r.source_file as string}:${r.source_line as number}`)).toEqual(whole.map((r) => `${r.source_file as string}:${r.source_line as number}`));
  }, 60_000);
});

describe('--files-from LIST', () => {
  async function listed(args: string[], stdin = '') {
    const { code, stdout, stderr } = await runCli(args, stdin);
    return {
      code,
      sources: stdout
        .split('\n')
        .filter(Boolean)
        .map((line) => (JSON.parse(line) as { source_file: string }).source_file),
      stderr,
    };
  }

  it('reads paths one a line (CRLF too, empty lines skipped), relative to the current folder; folders and archives as arguments are', async () => {
    const dir = tempDir('postdump-files-from-');
    mkdirSync(path.join(dir, 'sub'));
    writeFileSync(path.join(dir, 'b.txt'), DUMP);
    writeFileSync(path.join(dir, 'sub/a.txt'), DUMP);
    writeFileSync(path.join(dir, ' spaced .txt'), DUMP);
    await writeZip(path.join(dir, 'c.zip'), [['m.txt', DUMP]]);
    const list = path.join(dir, 'list.txt');
    writeFileSync(list, [path.join(dir, 'b.txt'), '', path.join(dir, 'sub'), path.join(dir, 'c.zip'), path.join(dir, ' spaced .txt'), ''].join('\r\n'));
    expect(await listed(['--files-from', list])).toEqual({
      code: 0,
      sources: [path.join(dir, ' spaced .txt'), path.join(dir, 'b.txt'), `${path.join(dir, 'c.zip')}!/m.txt`, path.join(dir, 'sub/a.txt')],
      stderr: '',
    });
    // Relative paths are relative to the current folder, not to the list's.
    const relative = path.relative(process.cwd(), path.join(dir, 'b.txt'));
    writeFileSync(list, `${relative}\n`);
    expect((await listed(['--files-from', list])).sources).toEqual([relative]);
  });

  it('is not glob-expanded, and - in it is a file named -', async () => {
    const dir = tempDir('postdump-files-from-');
    writeFileSync(path.join(dir, 'b.txt'), DUMP);
    const list = path.join(dir, 'list.txt');
    writeFileSync(list, `${path.join(dir, '*.txt')}\n-\n`);
    const { code, sources, stderr } = await listed(['--files-from', list], DUMP);
    expect({ code, sources }).toEqual({ code: 1, sources: [] });
    expect(sorted(problems(stderr))).toEqual([`postdump: -: no such file or directory`, `postdump: ${path.join(dir, '*.txt')}: no such file or directory`]);
  });

  it('--files-from - reads the list from stdin; with --null, NUL-separated names (newlines in them kept)', async () => {
    const dir = tempDir('postdump-files-from-');
    writeFileSync(path.join(dir, 'a\nb.txt'), DUMP);
    writeFileSync(path.join(dir, 'c.txt'), DUMP);
    const names = [path.join(dir, 'a\nb.txt'), path.join(dir, 'c.txt')];
    expect(await listed(['--files-from', '-', '--null'], `${names.join('\0')}\0`)).toEqual({ code: 0, sources: names, stderr: '' });
    expect((await listed(['--files-from', '-'], `${names[1]}\n`)).sources).toEqual([names[1]]);
    // Arguments and the list together, sorted as one; stdin is not read as a dump when the list comes from elsewhere.
    const list = path.join(dir, 'list');
    writeFileSync(list, `${names[1]}\n`);
    expect((await listed([names[0] as string, '--files-from', list], DUMP)).sources).toEqual(names);
    // An empty list is no input: exit 0, nothing written.
    expect(await listed(['--files-from', '-'], '\n\n')).toEqual({ code: 0, sources: [], stderr: '' });
  });

  it('with find -print0, for real', () => {
    const found = execFileSync('sh', ['-c', `find "${path.join(FIXTURES, 'samples')}" -name '*.txt' -print0 | node "${BIN}" --files-from - --null -f csv --fields source_file`], { encoding: 'utf8' });
    const whole = execFileSync('node', [BIN, path.join(FIXTURES, 'samples'), '-f', 'csv', '--fields', 'source_file'], { encoding: 'utf8' });
    expect(found).toBe(whole);
  });

  it('goes with --shard: the listed paths and the arguments are one sorted list', async () => {
    const dir = tempDir('postdump-files-from-');
    const names = ['a', 'b', 'c', 'd', 'e'].map((n) => path.join(dir, `${n}.txt`));
    for (const name of names) writeFileSync(name, DUMP);
    const list = path.join(dir, 'list');
    writeFileSync(list, `${names[4]}\n${names[0]}\n${names[2]}\n`);
    const shards = [];
    for (const shard of ['1/2', '2/2']) shards.push((await listed([names[3] as string, names[1] as string, '--files-from', list, '--shard', shard])).sources);
    expect(shards).toEqual([names.slice(0, 3), names.slice(3)]);
  });

  it.each([
    [['--null', 'x.txt'], '--null goes with --files-from'],
    [['--files-from', '-', '-'], '--files-from - reads the list from stdin, so - cannot also be an input'],
    [['--files-from', '-', '--files-from', '-'], '--files-from - is given twice'],
    [['--files-from', '/nonexistent/list'], '--files-from /nonexistent/list: no such file or directory'],
    [['--files-from', '-'], '--files-from - (stdin): holds NUL bytes: for a list from find -print0, add --null'],
    [['--files-from', '-', '--null'], '--files-from - (stdin): not UTF-8 text'],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const stdin = args.includes('--null') ? Buffer.from([0x61, 0xff, 0]) : 'a.txt\0b.txt\0';
    const { code, stdout, stderr } = await runCli(args, stdin);
    expect({ code, stdout }).toEqual({ code: 2, stdout: '' });
    expect(stderr.split('\n')[0]).toMatch(new RegExp(`^postdump: ${message.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  });
});

describe('Beyond one machine: docs/kubernetes-job.yaml', () => {
  const manifestText = readFileSync(path.join(ROOT, 'docs/kubernetes-job.yaml'), 'utf8');
  const manifest = parseYaml(manifestText) as {
    kind: string;
    apiVersion: string;
    spec: {
      completionMode: string;
      completions: number;
      parallelism: number;
      template: { spec: { restartPolicy: string; containers: { command: string[]; args: string[]; workingDir: string }[] } };
    };
  };
  const container = manifest.spec.template.spec.containers[0];
  const script = container?.args[0] ?? '';

  it('is a valid Indexed Job whose pods each run one shard of N = completions = parallelism', () => {
    expect(manifest.apiVersion).toBe('batch/v1');
    expect(manifest.kind).toBe('Job');
    expect(manifest.spec.completionMode).toBe('Indexed');
    expect(manifest.spec.template.spec.restartPolicy).toBe('Never');
    const n = manifest.spec.completions;
    expect(manifest.spec.parallelism).toBe(n);
    expect(container?.command).toEqual(['sh', '-c']); // $((...)) is shell arithmetic
    expect(container?.args).toHaveLength(1);
    expect(script).toContain(`--shard "$((JOB_COMPLETION_INDEX + 1))/${n}"`);
    expect(script).toContain('-f parquet -o "out/part-$JOB_COMPLETION_INDEX.parquet"');
    // Kubernetes expands $(VAR) and $$ in args before the shell sees them: the script must hold neither.
    expect(script).not.toMatch(/\$\$|\$\([A-Za-z_][A-Za-z0-9_]*\)/);
  });

  it('is quoted whole in docs/beyond-one-machine.md', () => {
    expect(readFileSync(path.join(ROOT, 'docs/beyond-one-machine.md'), 'utf8')).toContain(manifestText);
  });

  it('its command, run by sh for each JOB_COMPLETION_INDEX, writes parts whose union is the whole run', async () => {
    const n = manifest.spec.completions;
    const work = tempDir('postdump-k8s-');
    cpSync(path.join(FIXTURES, 'samples'), path.join(work, 'dumps/samples'), { recursive: true });
    cpSync(path.join(FIXTURES, 'seed'), path.join(work, 'dumps/seed'), { recursive: true });
    const bin = path.join(work, 'bin');
    mkdirSync(bin);
    writeFileSync(path.join(bin, 'postdump'), `#!/bin/sh\nexec node "${BIN}" "$@"\n`);
    chmodSync(path.join(bin, 'postdump'), 0o755);
    for (let index = 0; index < n; index++) {
      execFileSync(container?.command[0] ?? 'sh', [...(container?.command.slice(1) ?? []), script], {
        cwd: work, // the container's workingDir (/data), here a local folder
        env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, JOB_COMPLETION_INDEX: String(index) },
      });
    }
    expect(readdirSync(path.join(work, 'out')).sort()).toEqual(Array.from({ length: n }, (_, i) => `part-${i}.parquet`));
    execFileSync('node', [BIN, '-f', 'parquet', '-o', 'whole.parquet', 'dumps/'], { cwd: work });
    const key = (r: Record<string, unknown>) => JSON.stringify(r);
    const parts = await parquetRecords(path.join(work, 'out/*.parquet'));
    const whole = await parquetRecords(path.join(work, 'whole.parquet'));
    expect(whole.length).toBeGreaterThan(5);
    expect(parts.map(key).sort()).toEqual(whole.map(key).sort());
  }, 60_000);
});
