import { open } from 'node:fs/promises';
import { isSqliteHeader } from './sqlite-schema.js';

/** True when this file exists and begins as an SQLite database does (a missing or empty file: false). */
export async function readSqliteHeader(file: string): Promise<boolean> {
  const handle = await open(file, 'r').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return null;
    throw error;
  });
  if (!handle) return false;
  try {
    const bytes = new Uint8Array(16);
    const { bytesRead } = await handle.read(bytes, 0, 16, 0);
    return bytesRead === 16 && isSqliteHeader(bytes);
  } finally {
    await handle.close();
  }
}
