import { fileSink } from './file.js';

/** Writes a whole file atomically (a temporary file renamed over it): never a half-written file. */
export async function writeFileAtomically(file: string, text: string): Promise<void> {
  const sink = await fileSink(file);
  try {
    await sink.write(text);
    await sink.close();
  } catch (error) {
    await sink.abort();
    throw error;
  }
}
