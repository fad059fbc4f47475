import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureWebBuild } from '../../web/e2e/helpers/web-build.js';

const ROOT = join(import.meta.dirname, '..', '..');
const SCRIPT = join(ROOT, 'scripts', 'web-bundle-size.mjs');
const run = (...args: string[]) => spawnSync(process.execPath, [SCRIPT, ...args], { encoding: 'utf8' });

describe('initial JavaScript of the dashboard (scripts/web-bundle-size.mjs)', () => {
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

  /** A manifest like Vite's: an entry importing a shared chunk, and a lazy route that must not count. */
  function dist(entryBytes: Buffer, lazyBytes: Buffer): string {
    const dir = mkdtempSync(join(tmpdir(), 'mdl-size-'));
    dirs.push(dir);
    mkdirSync(join(dir, '.vite'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'assets', 'index-aaaaaaaa.js'), entryBytes);
    writeFileSync(join(dir, 'assets', 'vendor-bbbbbbbb.js'), 'export const shared = 1;');
    writeFileSync(join(dir, 'assets', 'Lazy-cccccccc.js'), lazyBytes);
    writeFileSync(join(dir, '.vite', 'manifest.json'), JSON.stringify({
      'index.html': { file: 'assets/index-aaaaaaaa.js', isEntry: true, imports: ['_vendor.js'], dynamicImports: ['src/Lazy.tsx'] },
      '_vendor.js': { file: 'assets/vendor-bbbbbbbb.js' },
      'src/Lazy.tsx': { file: 'assets/Lazy-cccccccc.js', isDynamicEntry: true, imports: ['_vendor.js'] },
    }));
    return dir;
  }

  it('counts the entry and its static imports, not lazy routes, and fails over 350 kB gzipped', () => {
    const random = randomBytes(400 * 1024); // incompressible: ~400 kB gzipped
    const small = run(dist(Buffer.from('console.log(1)'), random), '--json');
    expect(small.status, small.stderr).toBe(0);
    const report = JSON.parse(small.stdout) as { bytes: number; files: Array<{ file: string }> };
    expect(report.files.map((f) => f.file).sort()).toEqual(['assets/index-aaaaaaaa.js', 'assets/vendor-bbbbbbbb.js']);
    expect(report.bytes).toBeLessThan(1024);
    const big = run(dist(random, Buffer.from('x')));
    expect(big.status).toBe(1);
    expect(big.stderr).toMatch(/over the 350\.0 kB budget/);
    const none = run(join(tmpdir(), 'mdl-no-such-dist'));
    expect(none.status).toBe(2);
  });

  it('the real build is within the budget (the figure is printed)', async () => {
    await ensureWebBuild();
    const res = run();
    process.stdout.write(res.stdout);
    expect(res.status, res.stderr).toBe(0);
    expect(res.stdout).toMatch(/initial JS \(gzip\): \d+\.\d kB of 350\.0 kB/);
  });
});
