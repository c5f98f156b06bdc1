import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { BIN } from './fixtures.js';

export interface PtySpec {
  /** Which streams are terminals; the others are pipes. */
  readonly tty: readonly ('stdout' | 'stderr')[];
  /** Set over a clean environment (no NO_COLOR, FORCE_COLOR or CI; TERM=xterm). */
  readonly env?: Record<string, string>;
  /** Text for stdin, each piece after waiting so many seconds; then stdin is closed. */
  readonly stdin?: readonly [number, string][];
}

/**
 * Runs the built CLI with stdout and/or stderr on real pseudo-terminals (python3's pty module), as a
 * person at a terminal would. A terminal's output is read as written, its CRLF line ends made LF.
 */
export function runOnTerminal(args: readonly string[], spec: PtySpec, cwd?: string): { code: number; stdout: string; stderr: string } {
  const helper = path.join(import.meta.dirname, 'pty-run.py');
  const result = spawnSync('python3', [helper, JSON.stringify(spec), process.execPath, BIN, ...args], { encoding: 'utf8', cwd });
  if (result.status !== 0) throw new Error(`pty-run.py failed: ${result.stderr}`);
  const { code, stdout, stderr } = JSON.parse(result.stdout) as { code: number; stdout: string; stderr: string };
  const lf = (text: string, name: 'stdout' | 'stderr') => (spec.tty.includes(name) ? text.replaceAll('\r\n', '\n') : text);
  return { code, stdout: lf(stdout, 'stdout'), stderr: lf(stderr, 'stderr') };
}
