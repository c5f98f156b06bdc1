// Run by `npm run build` after tsc: replaces dist/pipeline/record/zod.js (tsc's copy re-exports zod/mini)
// with one file holding only the parts of zod it exports. Every postdump thread loads it before its first
// record; one file is loaded in a fraction of the time zod's own modules take.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const file = fileURLToPath(new URL('../dist/pipeline/record/zod.js', import.meta.url));
await build({
  entryPoints: [file],
  outfile: file,
  allowOverwrite: true,
  bundle: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  minifySyntax: true,
  minifyWhitespace: true,
  banner: { js: '/* Parts of zod (MIT licence, https://zod.dev), bundled for postdump by scripts/bundle-zod.mjs. */' },
  logLevel: 'warning',
});
