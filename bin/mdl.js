#!/usr/bin/env node
// Runs the compiled CLI (built by `npm install` via the prepare script, or `npm run build`).
import { existsSync } from 'node:fs';

const entry = new URL('../dist/cli/main.js', import.meta.url);
if (!existsSync(entry)) {
  process.stderr.write('mdl: not built yet; run `npm run build` (npm install does it automatically)\n');
  process.exit(1);
}
await import(entry.href);
