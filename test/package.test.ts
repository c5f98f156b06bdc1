import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

const VERSION = (JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

/** Runs a command; its stdout. A failure throws with the command's stderr in the message. */
function sh(file: string, args: readonly string[], cwd: string): string {
  return execFileSync(file, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

describe('the npm package', () => {
  it('ships the licence, and no source maps (the sources are not shipped)', () => {
    const [pack] = JSON.parse(sh('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], ROOT)) as [{ files: { path: string }[] }];
    const files = pack.files.map((file) => file.path);
    expect(files).toContain('LICENSE');
    expect(files).toContain('dist/index.js');
    expect(files.filter((file) => file.endsWith('.map') || file.startsWith('src/'))).toEqual([]);
  });

  // A fresh `npm install git+file://…` of this working tree (committed into a scratch repository, so
  // uncommitted changes are tested too), then the package used from a CommonJS project.
  it('installs from a git URL (built by its prepare script) and works with require, import and its binary', () => {
    const repo = tempDir('postdump-repo-');
    const tracked = sh('git', ['ls-files', '--cached', '--others', '--exclude-standard', '-z'], ROOT).split('\0').filter(Boolean);
    for (const file of tracked) {
      if (!existsSync(path.join(ROOT, file))) continue; // deleted, not yet committed
      mkdirSync(path.dirname(path.join(repo, file)), { recursive: true });
      copyFileSync(path.join(ROOT, file), path.join(repo, file));
    }
    sh('git', ['init', '-q'], repo);
    sh('git', ['add', '-A'], repo);
    sh('git', ['-c', 'user.name=test', '-c', 'user.email=test@example.invalid', 'commit', '-qm', 'snapshot'], repo);

    const project = tempDir('postdump-user-');
    writeFileSync(path.join(project, 'package.json'), JSON.stringify({ name: 'user', version: '1.0.0', private: true }));
    // Optional dependencies left out: better-sqlite3 would be compiled twice (for the build, then for the
    // install), which is not what this test is about.
    execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', `git+file://${repo}`], {
      cwd: project,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, npm_config_omit: 'optional' },
    });

    const sample = path.join(ROOT, 'fixtures/samples/s01-x-guest.txt');
    const cjs = `const { parseDumpFile } = require('postdump'); parseDumpFile(${JSON.stringify(sample)}).then((r) => console.log(r.records.length, r.records[0].id))`;
    const esm = `const { parseDumpFile } = await import('postdump'); const r = await parseDumpFile(${JSON.stringify(sample)}); console.log(r.records.length, r.records[0].id)`;
    const expected = `1 ${JSON.parse(readFileSync(sample.replace(/\.txt$/, '.json'), 'utf8'))[0].id}\n`;
    expect(sh(process.execPath, ['-e', cjs], project)).toBe(expected);
    expect(sh(process.execPath, ['--input-type=module', '-e', esm], project)).toBe(expected);
    expect(sh(path.join(project, 'node_modules/.bin/postdump'), ['--version'], project)).toBe(`${VERSION}\n`);
  }, 600_000);
});

describe('the library', () => {
  const librarySection = (): string => readFileSync(path.join(ROOT, 'docs/library.md'), 'utf8');

  it('documents every export of src/index.ts, values and types', async () => {
    const values = Object.keys(await import('../src/index.js'));
    const types = [...readFileSync(path.join(ROOT, 'src/index.ts'), 'utf8').matchAll(/\btype (\w+)/g)].map((m) => m[1] as string);
    const section = librarySection();
    expect([...values, ...types].filter((name) => !new RegExp(`\\b${name}\\b`).test(section))).toEqual([]);
  });

  it("says in the schema that source_file names an archive's member as ARCHIVE!/MEMBER", async () => {
    const { recordJsonSchema } = await import('../src/index.js');
    const schema = recordJsonSchema() as { properties: { source_file: { description: string } } };
    expect(schema.properties.source_file.description).toContain('ARCHIVE!/MEMBER');
    expect(readFileSync(path.join(ROOT, 'schema/record.schema.json'), 'utf8')).toContain('ARCHIVE!/MEMBER');
  });
});
