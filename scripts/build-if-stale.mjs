#!/usr/bin/env node
// `npm start` runs this first: it builds only what is older than its sources, so `npm install && npm start`
// (install already built both, via `prepare`) builds nothing a second time. Two parts:
//   the server: src/ → dist/ (tsc) and dist/server.bundle.mjs (esbuild), stamped by the older of
//   dist/.tsbuildinfo and the bundle;
//   the dashboard: web/ → web/dist (vite), stamped by web/dist/.vite/manifest.json.
// `--web` checks the dashboard only (web/e2e/helpers/web-build.ts).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;

function newestMtime(dir, skip = new Set()) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (skip.has(entry.name)) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path, skip) : statSync(path).mtimeMs);
  }
  return newest;
}

const mtime = (path) => {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return 0; // never built
  }
};
const config = (...files) => files.map((f) => mtime(join(root, f)));

const parts = [
  {
    script: 'build:server',
    built: Math.min(mtime(join(root, 'dist', '.tsbuildinfo')), mtime(join(root, 'dist', 'server.bundle.mjs'))),
    inputs: Math.max(newestMtime(join(root, 'src')), ...config('tsconfig.json', 'tsconfig.build.json', 'package.json', 'scripts/bundle-server.mjs')),
  },
  {
    script: 'build:web',
    built: mtime(join(root, 'web', 'dist', '.vite', 'manifest.json')),
    // The dashboard bundles its own sources and the generated API types; package.json pins its libraries.
    inputs: Math.max(newestMtime(join(root, 'web'), new Set(['dist', 'node_modules', '.build-lock'])), ...config('package.json', 'package-lock.json')),
  },
];

const only = process.argv.includes('--web') ? parts.filter((p) => p.script === 'build:web') : parts;
for (const part of only) {
  if (part.built >= part.inputs) continue;
  const r = spawnSync('npm', ['run', '--silent', part.script], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
