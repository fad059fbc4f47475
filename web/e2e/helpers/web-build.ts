import { spawnSync } from 'node:child_process';
import { mkdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(import.meta.dirname, '..', '..', '..');
/** Held while one test process builds web/dist, so two files starting at once do not build over each other. */
const LOCK = join(ROOT, 'web', '.build-lock');

/** Builds web/dist when it is missing or older than web/ (scripts/build-if-stale.mjs --web); one builder at a time. */
export async function ensureWebBuild(): Promise<void> {
  const until = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(LOCK);
      break;
    } catch {
      // Another process builds; a lock older than 3 minutes belongs to one that died.
      const age = Date.now() - (statSync(LOCK, { throwIfNoEntry: false })?.mtimeMs ?? Date.now());
      if (age > 180_000) rmSync(LOCK, { recursive: true, force: true });
      if (Date.now() > until) throw new Error('timed out waiting for another web build');
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  try {
    const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'build-if-stale.mjs'), '--web'], { cwd: ROOT, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`the web build failed:\n${r.stdout}\n${r.stderr}`);
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}
