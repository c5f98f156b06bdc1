import { once } from 'node:events';
import { type Stats, constants, createWriteStream, fstatSync, readdirSync } from 'node:fs';
import { readFile, readlink, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Writable } from 'node:stream';
import { SinkError } from '../record-sink.js';

/**
 * What `-o` names, as far as writing it goes:
 * - `file`: a regular file, or nothing yet (links followed to `path`): replaced whole at the end;
 * - `descriptor`: one of this process's open descriptors that is a regular file (`-o /dev/stdout` while
 *   stdout is redirected to a file, `/dev/fd/3`): written at its offset, as the shell writes `>&1`, so a
 *   file opened with `>>` is appended to, never replaced;
 * - `standard`: this process's stdout or stderr when it is a socket (as a parent written in Node gives
 *   it): written as stdout is without `-o`, for a socket cannot be opened again by its name;
 * - `in-place`: a character device (`/dev/null`), a named pipe, a socket, or a file another process holds
 *   open (`/proc/PID/fd/N`): opened and written where it is; replacing it would break whatever else uses it.
 */
export type Place =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'descriptor'; readonly fd: number }
  | { readonly kind: 'standard'; readonly stream: Writable }
  | { readonly kind: 'in-place'; readonly path: string; readonly flags: 'w' | 'a'; readonly socket: boolean };

/** Throws a file system error (ENOENT of a missing folder comes later, from the write), or for a folder or block device. */
export async function placeOf(target: string): Promise<Place> {
  const descriptor = await descriptorNamed(target);
  if (descriptor !== null && descriptor.pid === 'self') {
    const given = givenDescriptor(descriptor.fd);
    if (given.isFile()) return { kind: 'descriptor', fd: descriptor.fd };
    if (given.isSocket() && (descriptor.fd === 1 || descriptor.fd === 2)) return { kind: 'standard', stream: descriptor.fd === 1 ? process.stdout : process.stderr };
  }
  // Asked of the path itself, so the kernel follows every kind of link (`/dev/stdout` too).
  const stats = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null; // nothing there yet, or a link to nothing yet
    throw error;
  });
  if (stats?.isDirectory()) throw Object.assign(new Error(`${target} is a folder`), { code: 'EISDIR' });
  if (stats?.isBlockDevice()) throw new Error('a block device: postdump writes only to files, character devices, pipes and sockets');
  if (descriptor !== null && stats?.isFile()) return { kind: 'in-place', path: target, flags: (await appends(descriptor)) ? 'a' : 'w', socket: false };
  if (stats === null || stats.isFile()) return { kind: 'file', path: await followLinks(target) };
  return { kind: 'in-place', path: target, flags: 'w', socket: stats.isSocket() };
}

/** Opens a place that is written as it is (not a `file`, nor `standard`, which is open): resolves once it can be written. */
export async function openInPlace(place: Exclude<Place, { kind: 'file' | 'standard' }>): Promise<Writable> {
  if (place.kind === 'descriptor') return createWriteStream('', { fd: place.fd, autoClose: false }); // the descriptor stays open
  if (place.socket) {
    const socket = (await import('node:net')).createConnection({ path: place.path });
    await once(socket, 'connect');
    return socket;
  }
  const stream = createWriteStream(place.path, { flags: place.flags }); // a pipe's open waits for its reader, as `>` does
  await once(stream, 'open');
  return stream;
}

/** Where a chain of symbolic links ends; the path itself when it is no link (or names nothing yet). */
export async function followLinks(file: string): Promise<string> {
  for (let hops = 0; hops < MAX_LINK_HOPS; hops++) {
    const next = await nextLink(file);
    if (next === null) return file;
    file = next;
  }
  throw Object.assign(new Error(`${file}: too many levels of symbolic links`), { code: 'ELOOP' });
}

/** As many links as Linux follows in one path. */
const MAX_LINK_HOPS = 40;

/** Where the link at `file` points, made absolute; null when it is no link or names nothing. */
async function nextLink(file: string): Promise<string | null> {
  try {
    return path.resolve(path.dirname(file), await readlink(file));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EINVAL' || code === 'ENOENT') return null;
    throw error;
  }
}

/**
 * The open descriptor a path names, directly or through links: `/dev/fd/N`, `/proc/self/fd/N` (where
 * `/dev/stdout` and `/dev/stderr` lead) or `/proc/PID/fd/N`. Such a link reads as the path of the file
 * behind the descriptor, so following it to the end would replace that file rather than write to it.
 */
async function descriptorNamed(target: string): Promise<{ pid: 'self' | number; fd: number } | null> {
  let file: string | null = path.resolve(target);
  for (let hops = 0; file !== null && hops < MAX_LINK_HOPS; hops++) {
    const match = DESCRIPTOR_PATH.exec(file);
    if (match) {
      const pid = match[1] === undefined || match[1] === 'self' || match[1] === 'thread-self' || Number(match[1]) === process.pid ? 'self' : Number(match[1]);
      return { pid, fd: Number(match[2]) };
    }
    file = await nextLink(file);
  }
  return null;
}

const DESCRIPTOR_PATH = /^\/(?:dev|proc\/(self|thread-self|\d+))\/fd\/(\d+)$/;

/**
 * One of this process's descriptors, as the shell gave it: open (else EBADF), and not one of node's own (else a SinkError), a
 * name the user may give by mistake (`/dev/fd/7` with no `7>`): writing into node's event loop crashes it.
 * Node holds eventfd and epoll descriptors, and pipes with both ends open here; a pipe the shell gives
 * (`-o >(gzip > out.gz)`) has its reader in another process.
 */
function givenDescriptor(fd: number): Stats {
  const stats = fstatSync(fd);
  if (fd <= 2 || stats.isFile() || stats.isCharacterDevice() || stats.isSocket() || (stats.isFIFO() && !otherEndHere(fd, stats))) return stats;
  throw new SinkError(`descriptor ${fd} was not given to postdump (a shell opens it with ${fd}> FILE)`);
}

/** Does another descriptor of this process lead to the same pipe? (Linux lists them in /proc, macOS in /dev/fd.) */
function otherEndHere(fd: number, pipe: Stats): boolean {
  const open = ['/proc/self/fd', '/dev/fd'].map((folder) => listed(folder)).find((names) => names !== null) ?? [];
  return open.some((name) => {
    if (Number(name) === fd) return false;
    try {
      const other = fstatSync(Number(name));
      return other.dev === pipe.dev && other.ino === pipe.ino;
    } catch {
      return false; // the descriptor that listed the folder, closed since
    }
  });
}

function listed(folder: string): string[] | null {
  try {
    return readdirSync(folder);
  } catch {
    return null;
  }
}

/** Was that descriptor opened to append (`>>`)? Read from /proc; false when it cannot be told. */
async function appends({ pid, fd }: { pid: 'self' | number; fd: number }): Promise<boolean> {
  const info = await readFile(`/proc/${pid}/fdinfo/${fd}`, 'latin1').catch(() => '');
  const flags = /^flags:\s*([0-7]+)/m.exec(info)?.[1];
  return flags !== undefined && (Number.parseInt(flags, 8) & constants.O_APPEND) !== 0;
}
