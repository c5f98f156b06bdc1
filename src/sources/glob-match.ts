import { createRequire } from 'node:module';
import type picomatchType from 'picomatch';

const require = createRequire(import.meta.url);

/**
 * picomatch, loaded the first time a pattern is compiled: most runs have no `--ignore` and no glob, and
 * need not pay for loading it. (It is CommonJS, so it can be loaded synchronously, where it is needed.)
 */
export function picomatch(...args: Parameters<typeof picomatchType>): ReturnType<typeof picomatchType> {
  return (require('picomatch') as typeof picomatchType)(...args);
}
