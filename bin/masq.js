#!/usr/bin/env node
// The `masq` executable: masq is written in TypeScript and run through tsx (no build step), so this
// shim registers tsx's ESM loader and hands the arguments to src/cli/main.ts.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli/main.ts');
const code = await main(process.argv.slice(2));
// A running server keeps the event loop alive; any other command exits with its code.
if (code !== 0) process.exit(code);
