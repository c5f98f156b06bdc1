#!/usr/bin/env node
// Thin shim: the CLI lives in the compiled package (npm run build).
import { run } from '../dist/cli/main.js';

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  // Only bugs reach here; expected failures are reported by the CLI without a stack.
  process.stderr.write(`postdump: internal error (a bug in postdump, please report it)\n${error?.stack ?? error}\n`);
  process.exitCode = 3;
}
