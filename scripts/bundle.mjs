// Run by `npm run build` after tsc: the CLI and its pool worker as one bundle (dist/bundle/), split in chunks
// so a run loads only what its command uses (a conversion never loads zod, the archive readers, the dataset
// writers or chalk unless it needs them). One file per thread to load is faster than each module of the
// packages on its own. tsc's output in dist/ stays the library (with its types).
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BUILTIN = /^(node:)?(child_process|fs|fs\/promises)$/;

/**
 * Node's own modules are taken with require, not import: an import makes Node build the module's ES
 * facade, which reads every export (node:fs's streams, compiled on first read, among them) at start-up.
 * commander takes node:child_process for subcommands run as programs, which postdump has none of: it is
 * loaded only if it is ever used.
 */
const builtinsByRequire = {
  name: 'builtins-by-require',
  setup(bundle) {
    bundle.onResolve({ filter: BUILTIN }, (args) => (args.namespace === 'builtin' ? { path: args.path, external: true } : { path: args.path, namespace: 'builtin' }));
    bundle.onLoad({ filter: /.*/, namespace: 'builtin' }, ({ path }) => ({
      contents: /child_process$/.test(path)
        ? `let loaded; module.exports = new Proxy({}, { get: (_, key) => (loaded ??= require(${JSON.stringify(path)}))[key] });`
        : `module.exports = require(${JSON.stringify(path)});`,
      loader: 'js',
    }));
  },
};

const root = fileURLToPath(new URL('..', import.meta.url));
// Chunks are named by their hash: those of an earlier build would pile up.
rmSync(`${root}/dist/bundle`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { main: 'src/cli/main.ts', worker: 'src/convert/worker.ts' },
  outdir: 'dist/bundle',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunk-[hash]',
  // A native module, optional: loaded from node_modules when -f sqlite asks for it. chalk, loaded only to
  // colour a message, is loaded from node_modules too: as it is, it is a few small modules.
  external: ['better-sqlite3', 'chalk'],
  // Bundled CommonJS packages (commander) call require: the bundle gives them Node's.
  banner: { js: "import { createRequire as __postdumpRequire } from 'node:module'; const require = __postdumpRequire(import.meta.url);" },
  plugins: [builtinsByRequire],
  minifySyntax: true,
  minifyWhitespace: true,
  legalComments: 'none',
  logLevel: 'warning',
});
