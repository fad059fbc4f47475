import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The package's own folder (where package.json, policy/ and web/dist are): the nearest folder above
 * this module with a package.json. Found by walking up rather than by a fixed `../..`, because this
 * code runs from src/ (tsx, vitest), from dist/ (tsc) and from the one-file dist/server.bundle.mjs,
 * each at a different depth.
 */
function findPackageRoot(from: string): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const PACKAGE_ROOT = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
