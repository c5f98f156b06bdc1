import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, FIXTURES, ROOT } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

// The ```console blocks of docs/datasets.md, run as written: `$ ` lines are commands (postdump on PATH), the
// lines after one up to the next are its exact stdout. Each file's blocks run in order, in one copy of the fixtures.
const FILE = path.join(ROOT, 'docs/datasets.md');

function commands(markdown: string): { command: string; output: string }[] {
  const out: { command: string; output: string }[] = [];
  for (const [, block] of markdown.matchAll(/^```console\n([\s\S]*?)^```$/gm)) {
    for (const line of (block as string).split('\n').slice(0, -1)) {
      if (line.startsWith('$ ')) out.push({ command: line.slice(2), output: '' });
      else if (out.length > 0) (out[out.length - 1] as { output: string }).output += `${line}\n`;
    }
  }
  return out;
}

describe('docs/datasets.md', () => {
  const dir = tempDir();
  cpSync(FIXTURES, path.join(dir, 'fixtures'), { recursive: true });
  const bin = path.join(dir, '.bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'postdump'), `#!/bin/sh\nexec "${process.execPath}" "${BIN}" "$@"\n`, { mode: 0o755 });
  const env = { ...process.env, PATH: `${bin}:${process.env.PATH}`, TZ: 'UTC' };
  const steps = commands(readFileSync(FILE, 'utf8'));

  it('has commands to run', () => {
    expect(steps.length).toBeGreaterThan(10);
  });

  it.each(steps.map((step, index) => [index + 1, step.command, step.output] as const))('%i: $ %s', (_index, command, output) => {
    expect(execFileSync('bash', ['-c', command], { cwd: dir, env, encoding: 'utf8' })).toBe(output);
  });
});
