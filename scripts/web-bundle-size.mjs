#!/usr/bin/env node
// Prints the dashboard's initial JavaScript, gzipped: the entry chunk (index.html in Vite's manifest)
// and every chunk it imports statically, i.e. what a first page load must download before anything
// shows. Lazy routes (dynamicImports) are not counted. Exits 1 over the budget, 2 without a build.
// Usage: node scripts/web-bundle-size.mjs [dist dir] (default web/dist); `--json` prints {bytes, budget, files}.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

export const BUDGET = 350 * 1024;

const args = process.argv.slice(2);
const json = args.includes('--json');
const dist = args.find((a) => !a.startsWith('--')) ?? new URL('../web/dist', import.meta.url).pathname;

let manifest;
try {
  manifest = JSON.parse(readFileSync(join(dist, '.vite', 'manifest.json'), 'utf8'));
} catch {
  console.error(`web-bundle-size: no build at ${dist} (run npm run build:web)`);
  process.exit(2);
}

const entries = Object.keys(manifest).filter((k) => manifest[k].isEntry);
const seen = new Set();
const visit = (key) => {
  if (seen.has(key) || !manifest[key]) return;
  seen.add(key);
  for (const dep of manifest[key].imports ?? []) visit(dep);
};
entries.forEach(visit);

const files = [...seen].map((k) => manifest[k].file).filter((f) => f.endsWith('.js'));
const sizes = files.map((f) => ({ file: f, gzip: gzipSync(readFileSync(join(dist, f)), { level: 9 }).length }));
const bytes = sizes.reduce((n, s) => n + s.gzip, 0);
const kb = (n) => `${(n / 1024).toFixed(1)} kB`;

if (json) console.log(JSON.stringify({ bytes, budget: BUDGET, files: sizes }));
else {
  for (const s of sizes) console.log(`  ${s.file}  ${kb(s.gzip)}`);
  console.log(`initial JS (gzip): ${kb(bytes)} of ${kb(BUDGET)}`);
}
if (bytes > BUDGET) {
  console.error(`web-bundle-size: initial JS ${kb(bytes)} gzipped is over the ${kb(BUDGET)} budget: split a route or drop a dependency`);
  process.exit(1);
}
