#!/usr/bin/env node
// The `masq` executable runs the compiled JavaScript in dist/ (built by `npm run build`, which
// `npm ci`/`npm install` run through the `prepare` script): compiling TypeScript at every start cost
// seconds per command. Tests rebuild first (scripts/run-tests.ts), so they never run a stale build.
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('masq: dist/ is missing; run `npm run build` (npm ci and npm install run it for you)\n');
  process.exit(1);
}
const { main } = await import(entry.href);
const code = await main(process.argv.slice(2));
// A running server keeps the event loop alive; any other command exits with its code.
if (code !== 0) process.exit(code);
