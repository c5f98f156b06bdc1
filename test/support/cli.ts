import { PassThrough, Readable } from 'node:stream';
import { run } from '../../src/cli/main.js';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Which streams claim to be terminals, and the environment (none by default: no NO_COLOR, FORCE_COLOR). */
export interface CliSetting {
  readonly stdoutIsTTY?: boolean;
  readonly stderrIsTTY?: boolean;
  readonly env?: NodeJS.ProcessEnv;
}

/** Runs the CLI in this process (much faster than a child process), with this text on stdin. */
export async function runCli(args: readonly string[], stdinText: string | Uint8Array = '', setting: CliSetting = {}): Promise<CliResult> {
  const stdout = Object.assign(new PassThrough(), { isTTY: setting.stdoutIsTTY });
  const stderr = Object.assign(new PassThrough(), { isTTY: setting.stderrIsTTY });
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  stdout.on('data', (chunk: Buffer) => out.push(chunk));
  stderr.on('data', (chunk: Buffer) => err.push(chunk));
  const code = await run(args, { stdin: Readable.from([Buffer.from(stdinText)]), stdout, stderr, env: setting.env ?? {} });
  return { code, stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8') };
}
