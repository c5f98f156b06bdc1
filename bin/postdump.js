#!/usr/bin/env node
// Thin shim: the CLI lives in the compiled package (npm run build).
// CommonJS (see bin/package.json) on purpose: it runs before Node's ES module loader first uses libuv's
// thread pool, so the pool's size can still be chosen. postdump parses on the main thread; reading threads
// past the spare cores only take the CPU from it (`npm run bench` compares pool sizes). An explicit
// UV_THREADPOOL_SIZE wins.
const { availableParallelism } = require('node:os');

process.env.UV_THREADPOOL_SIZE ??= String(Math.max(1, Math.min(4, availableParallelism() - 1)));

main();

async function main() {
  let cli;
  try {
    cli = await import('../dist/bundle/main.js');
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
    // A clone that was not installed or built: say what to run, not a stack. (The CLI sets the exit code
    // itself, in cli/process.ts; only this, before it is there, is the shim's.)
    process.stderr.write(`postdump: ${String(error.message).split('\n')[0]}\npostdump: run \`npm install && npm run build\` first\n`);
    process.exit(1);
  }
  await cli.main();
}
