#!/usr/bin/env node
// Thin shim: the CLI lives in the compiled package (npm run build).
let run;
try {
  ({ run } = await import('../dist/cli/main.js'));
} catch (error) {
  if (error?.code !== 'ERR_MODULE_NOT_FOUND') throw error;
  // A clone that was not installed or built: say what to run, not a stack.
  process.stderr.write(`postdump: ${String(error.message).split('\n')[0]}\npostdump: run \`npm install && npm run build\` first\n`);
  process.exit(1);
}

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  // Only bugs reach here; expected failures are reported by the CLI without a stack.
  process.stderr.write(`postdump: internal error (a bug in postdump, please report it)\n${error?.stack ?? error}\n`);
  process.exitCode = 3;
}
