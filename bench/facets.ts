/**
 * Facet-count latency at 10,000 metrics: the real app (in process, `inject`, so no socket) on a fresh
 * database of each engine, seeded through POST /api/v1/import, then 200 calls of
 * GET /api/v1/metrics/facets per query shape, one after another. Prints p50/p99 per shape.
 *
 * Run: npx tsx bench/facets.ts [--metrics 10000] [--calls 200]
 * PostgreSQL joins when MDL_TEST_POSTGRES_URL is set (it runs behind row-level security, as the tests do).
 */
import { readFileSync, rmSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestApp } from '../tests/helpers/app.js';
import { ENGINES } from '../tests/helpers/databases.js';
import { writeSyntheticCatalog } from './generate.js';

const arg = (name: string, fallback: number) => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const METRICS = arg('metrics', 10_000);
const CALLS = arg('calls', 200);

const SHAPES = [
  ['no filter', ''],
  ['q=revenue', 'q=revenue'],
  ['tier + classification', 'tier=Tier-1,Tier-2&classification=public'],
  ['q + tag + domain', 'q=synthetic&tag=odd&domain=dom-3,dom-4'],
] as const;

const pct = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'mdl-bench-facets-'));
  const file = join(dir, 'catalog.json');
  await writeSyntheticCatalog(file, METRICS);
  const body = readFileSync(file, 'utf8');
  try {
    for (const engine of ENGINES.filter((e) => e.available)) {
      const t = await createTestApp(engine.name, { importBodyLimit: 200 * 1024 * 1024, bodyLimit: 200 * 1024 * 1024 });
      try {
        const started = performance.now();
        const imported = await t.app.inject({ method: 'POST', url: '/api/v1/import', payload: body, headers: { 'content-type': 'application/json' } });
        if (imported.statusCode !== 200) throw new Error(`import answered ${imported.statusCode}: ${imported.body.slice(0, 500)}`);
        console.log(`${engine.name}: imported ${METRICS} metrics in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        for (const [label, query] of SHAPES) {
          const times: number[] = [];
          let total = 0;
          for (let i = 0; i < CALLS; i++) {
            const t0 = performance.now();
            const r = await t.app.inject({ method: 'GET', url: `/api/v1/metrics/facets?${query}` });
            times.push(performance.now() - t0);
            if (r.statusCode !== 200) throw new Error(`facets answered ${r.statusCode}: ${r.body}`);
            total = r.json().total as number;
          }
          times.sort((a, b) => a - b);
          console.log(`${engine.name.padEnd(8)} ${label.padEnd(24)} total=${String(total).padStart(5)}  p50 ${pct(times, 50).toFixed(1)} ms  p99 ${pct(times, 99).toFixed(1)} ms  (${CALLS} calls)`);
        }
      } finally {
        await t.close();
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
