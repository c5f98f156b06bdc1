import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { BIN } from './fixtures.js';

export async function exited(child: ChildProcess): Promise<{ code: number | null; signal: string | null }> {
  if (child.exitCode !== null || child.signalCode !== null) return { code: child.exitCode, signal: child.signalCode };
  const [code, signal] = (await once(child, 'exit')) as [number | null, string | null];
  return { code, signal };
}

/** Reads the child's stdout up to its first line, then closes the pipe, as `| head -1` does. */
export async function firstLineThenClose(child: ChildProcess): Promise<string> {
  let text = '';
  for await (const chunk of child.stdout!) {
    text += String(chunk);
    if (text.includes('\n')) break; // leaving the loop destroys the stream: the pipe's reader is gone
  }
  return text.slice(0, text.indexOf('\n'));
}

/** `postdump ARGS | head -1`: the first line, how postdump ended, and what it said on stderr. */
export async function headOne(args: readonly string[], env: NodeJS.ProcessEnv = process.env) {
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'], env });
  let stderr = '';
  child.stderr!.on('data', (chunk) => (stderr += String(chunk)));
  const first = await firstLineThenClose(child);
  return { first, exit: await exited(child), stderr };
}

// Root reads anything, whatever its mode: as root the CLI runs as `nobody` so that mode 000 bites.
const AS_ROOT = process.getuid?.() === 0;
/** How to spawn the CLI so that a file of mode 000 cannot be read (see {@link canRunAs}). */
export const runAs = AS_ROOT ? { uid: 65534, gid: 65534 } : {};
let runsAs: boolean | undefined;
/** Whether the CLI runs that way here (as root, `nobody` must be able to read the build); asked once. */
export function canRunAs(): boolean {
  runsAs ??= spawnSync(process.execPath, [BIN, '--version'], runAs).status === 0;
  return runsAs;
}
