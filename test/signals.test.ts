import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, readdirSync, readlinkSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { generatePost, makeRng } from '../bench/generate.mjs';
import { exited } from './support/child.js';
import { BIN, ROOT } from './support/fixtures.js';
import { tempDir } from './support/temp.js';

/** `count` generated posts, one after another. */
function posts(count: number): string {
  const rng = makeRng(5);
  return Array.from({ length: count }, () => (generatePost(rng) as { text: string }).text).join('\n\n');
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a signal mid-run', () => {
  it.each([
    ['SIGINT', 130],
    ['SIGTERM', 143],
    ['SIGHUP', 129],
  ] as const)('%s: no partial file, the earlier one untouched, one line said, exit %i', async (signal, code) => {
    const dir = tempDir();
    const out = path.join(dir, 'out.ndjson');
    writeFileSync(out, 'earlier\n');
    const child = spawn(process.execPath, [BIN, '-', '-o', out], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    child.stdin!.write(`${posts(50)}\n\n`); // and stdin stays open: the run is not over
    // Mid-run: the temporary file beside the target has records in it.
    for (;;) {
      const temp = readdirSync(dir).find((name) => name.endsWith('.tmp'));
      if (temp && statSync(path.join(dir, temp)).size > 0) break;
      await pause(20);
    }
    child.kill(signal);
    expect(await exited(child)).toEqual({ code, signal: null });
    expect(stderr).toBe(`postdump: interrupted (${signal})\n`);
    expect(readdirSync(dir)).toEqual(['out.ndjson']);
    expect(readFileSync(out, 'utf8')).toBe('earlier\n');
  });
});

const hasScript = spawnSync('script', ['--version']).status === 0;

describe('Ctrl-C on a terminal', () => {
  // `script` runs postdump on a pseudo-terminal, so the progress bar is drawn, and Ctrl-C (^C typed into
  // the terminal) reaches it as a terminal's does.
  it.runIf(hasScript)('clears the progress bar and says the run was interrupted', async () => {
    const dir = tempDir();
    const feed = path.join(dir, 'feed');
    expect(spawnSync('mkfifo', [feed]).status).toBe(0);
    const command = `cat '${feed}' | '${process.execPath}' '${BIN}' - -o '${path.join(dir, 'out.ndjson')}'`;
    const terminal = spawn('script', ['-qefc', command, '/dev/null'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'inherit'] });
    let screen = '';
    terminal.stdout!.on('data', (chunk) => (screen += String(chunk)));
    const writer = spawn('sh', ['-c', `cat > '${feed}'`], { stdio: ['pipe', 'ignore', 'inherit'] });
    writer.stdin!.write(readFileSync(path.join(ROOT, 'fixtures/samples/s01-x-guest.txt'))); // and stays open
    while (!screen.includes(' inputs, ')) await pause(50); // the bar, after its one-second delay
    terminal.stdin!.write('\x03');
    expect(await exited(terminal)).toEqual({ code: 130, signal: null });
    writer.kill();
    const afterBar = screen.slice(screen.lastIndexOf(' inputs, '));
    // Back to the bar's first column, the screen cleared from there down, then the one line.
    expect(afterBar).toMatch(/\x1b\[1G\x1b\[0Jpostdump: interrupted \(SIGINT\)\r\n$/);
    expect(readdirSync(dir)).toEqual(['feed']);
  });
});

describe('a signal while a named pipe given as an input waits', () => {
  /** Waits until the child holds the pipe open, or one of its threads waits in the pipe's open (Linux's /proc says). */
  async function settle(pid: number, fifo: string): Promise<void> {
    const readAll = (folder: string, read: (entry: string) => string) => {
      try {
        return readdirSync(folder).map((entry) => {
          try {
            return read(path.join(folder, entry));
          } catch {
            return '';
          }
        });
      } catch {
        return [];
      }
    };
    for (let tries = 0; tries < 500; tries++) {
      if (readAll(`/proc/${pid}/fd`, (fd) => readlinkSync(fd)).includes(fifo)) return;
      if (readAll(`/proc/${pid}/task`, (task) => readFileSync(path.join(task, 'wchan'), 'utf8')).some((wchan) => /fifo|partner/.test(wchan))) return;
      await pause(20);
    }
    throw new Error('the run never came to the pipe');
  }

  it.each([
    ['SIGINT', 130, 'no writer yet'],
    ['SIGTERM', 143, 'no writer yet'],
    ['SIGINT', 130, 'a writer that sends nothing'],
    ['SIGTERM', 143, 'a writer that sends nothing'],
  ] as const)('%s ends the run with exit %i (%s)', async (signal, code, writer) => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe.txt');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const silent = writer === 'a writer that sends nothing' ? spawn('bash', ['-c', 'exec sleep 30 > pipe.txt'], { cwd: dir, stdio: 'ignore' }) : null;
    const child = spawn(process.execPath, [BIN, fifo, '-o', path.join(dir, 'out.ndjson')], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
    try {
      await settle(child.pid!, fifo);
      child.kill(signal);
      const ended = await Promise.race([exited(child), pause(5000).then(() => 'still running')]);
      expect(ended).toEqual({ code, signal: null });
      expect(stderr).toBe(`postdump: interrupted (${signal})\n`);
      expect(readdirSync(dir)).toEqual(['pipe.txt']);
    } finally {
      child.kill('SIGKILL');
      silent?.kill('SIGKILL');
    }
  });

  it('a writer that comes later is read as any input', async () => {
    const dir = tempDir();
    const fifo = path.join(dir, 'pipe.txt');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    const child = spawn(process.execPath, [BIN, fifo], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout!.on('data', (chunk) => (stdout += String(chunk)));
    await settle(child.pid!, fifo);
    writeFileSync(fifo, readFileSync(path.join(ROOT, 'fixtures/samples/s04-two-posts.txt')));
    expect(await exited(child)).toEqual({ code: 0, signal: null });
    expect(
      stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).source_file),
    ).toEqual([fifo, fifo]);
  });
});
