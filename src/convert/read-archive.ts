import { type MemberStamp, type Source, SourceError, isSystemError } from '../sources/source.js';
import type { DumpProblem } from '../pipeline/dump-parser.js';
import { describeFsError } from '../sources/fs-error.js';
import type { Input } from '../sources/inputs.js';
import type { Opened } from '../sources/open-input.js';

export interface Outcome {
  readonly records: number;
  readonly problems: DumpProblem[];
  readonly stopped: boolean;
}

/** Reads one member (as `readInput` reads a file), under its name `ARCHIVE!/MEMBER`, with what the archive says of it. */
export type MemberReader = (member: Input, opened: Opened, stored?: MemberStamp) => Promise<Outcome>;

/**
 * Reads an archive's dump members in archive order, each handed to `readMember` in turn. A member that
 * fails is named and the next one read; a corrupt or cut-short archive ends with a problem naming it, the
 * records already read kept. Never throws for bad input.
 */
export async function readArchive(name: string, members: AsyncIterable<Source>, readMember: MemberReader): Promise<Outcome> {
  let records = 0;
  let read = 0;
  const problems: DumpProblem[] = [];
  try {
    for await (const member of members) {
      read++;
      const { bytes } = member;
      const opened: Opened = bytes instanceof Uint8Array ? { kind: 'bytes', bytes } : { kind: 'stream', stream: bytes, size: null };
      const outcome = await readMember({ name: member.name, path: null }, opened, member.stored);
      records += outcome.records;
      problems.push(...outcome.problems);
      if (outcome.stopped) return { records, problems, stopped: true };
    }
  } catch (error) {
    if (error instanceof SourceError) problems.push({ source: error.source, line: null, message: error.message });
    else if (isSystemError(error)) problems.push({ source: name, line: null, message: describeFsError(error) });
    else throw error;
  }
  if (read === 0 && problems.length === 0) problems.push({ source: name, line: null, message: 'no .txt or .txt.gz members in this archive' });
  return { records, problems, stopped: false };
}
