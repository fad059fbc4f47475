#!/usr/bin/env node
// The server as one file (dist/server.bundle.mjs), which `npm start` runs: Node 20 spent about half of
// every start resolving and compiling some 1,150 module files (kysely alone is 264); in one file the
// start costs about half the CPU (docs/performance.md, "Start-up"). Bundled from src/server.ts by
// esbuild, beside tsc's dist/ (the CLI and `mdl serve` keep using that).
//
// Left outside the bundle, and loaded from node_modules as usual:
// - native addons (better-sqlite3, @node-rs/argon2);
// - packages that find their own files through __dirname (pino's worker transports, @fastify/static,
//   @fastify/swagger and swagger-ui's assets);
// - packages loaded at first use only (src/shared/lazy-require.ts: ioredis, pg, nodemailer, yaml).
import { build } from 'esbuild';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

export const SERVER_BUNDLE_EXTERNALS = [
  'better-sqlite3', '@node-rs/argon2',
  'pino', 'thread-stream', '@fastify/static', '@fastify/swagger', '@fastify/swagger-ui',
  'ioredis', 'pg', 'nodemailer', 'yaml',
];

/** Writes the bundle to `outfile` (default dist/server.bundle.mjs); throws on any build error. */
export async function bundleServer(outfile = join(root, 'dist', 'server.bundle.mjs')) {
  await build({
    entryPoints: [join(root, 'src', 'server.ts')],
    outfile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20.19',
    external: SERVER_BUNDLE_EXTERNALS,
    // Bundled CommonJS packages call require(): give the ES module one.
    banner: { js: "import { createRequire as __mdlCreateRequire } from 'node:module'; const require = __mdlCreateRequire(import.meta.url);" },
    sourcemap: 'linked',
    legalComments: 'linked',
    logLevel: 'warning',
  });
  return outfile;
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const out = await bundleServer(process.argv[2]);
  console.log(`bundled the server: ${out}`);
}
