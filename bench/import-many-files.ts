/**
 * Many-files import benchmark: the same N metrics (default 100,000) as one catalog file and as
 * N/100 files of 100 metrics each (a directory), each imported as one batch into a fresh SQLite
 * database through the local CLI's path (prepareImportSources + ImportService). Prints both times and
 * their ratio; the target is a batch of files at most 1.5× the single file.
 * Run: npx tsx bench/import-many-files.ts [100000]
 *
 * For whole-command timings through the CLI (farm-bench, docs/performance.md), write the two inputs
 * and stop: npx tsx bench/import-many-files.ts 100000 --generate-only /tmp/many
 * (gives /tmp/many/catalog.json and /tmp/many/many/part-*.json).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { withWorkspace } from '../src/db/tenant-context.js';
import { prepareImportSources } from '../src/modules/io/index.js';
import { createServices } from '../src/modules/services.js';
import { localContext } from '../src/shared/context.js';
import { writeSyntheticCatalog } from './generate.js';

const n = Number(process.argv[2] ?? 100_000);
const PER_FILE = 100;
const only = process.argv.indexOf('--generate-only');
const keep = only > 0 ? process.argv[only + 1] : undefined;
if (only > 0 && !keep) throw new Error('--generate-only needs a directory');
if (keep) mkdirSync(keep, { recursive: true });
const dir = keep ?? mkdtempSync(join(tmpdir(), 'mdl-bench-many-'));

/** Imports `paths` into a fresh database; seconds from the first byte read to the commit. */
async function importInto(name: string, paths: string[]): Promise<{ seconds: number; created: number }> {
  const db = connect({ kind: 'sqlite', file: join(dir, `${name}.db`) });
  try {
    await migrateToLatest(db);
    const services = createServices(db);
    const ctx = localContext();
    const t0 = performance.now();
    const report = await withWorkspace(ctx.workspaceId, async () => {
      const prepared = await prepareImportSources(paths.map((path) => ({ path })));
      return services.importer.import(ctx, (onProgress) => prepared.open(onProgress), {});
    });
    const seconds = (performance.now() - t0) / 1000;
    if (!report.committed || report.errors_total > 0) throw new Error(`${name}: not imported (${report.errors_total} errors)`);
    return { seconds, created: report.counts.metric.created };
  } finally {
    await db.destroy();
  }
}

try {
  const single = join(dir, 'catalog.json');
  await writeSyntheticCatalog(single, n);
  // The same catalog cut into files: catalog fields and domains in the first, 100 metrics in each.
  // Every fifth metric names the one before it, so a file's first metric often names the previous file's last.
  const whole = JSON.parse(readFileSync(single, 'utf8')) as { metrics: unknown[]; domains: unknown[] } & Record<string, unknown>;
  const many = join(dir, 'many');
  mkdirSync(many);
  const { metrics, domains, ...meta } = whole;
  for (let i = 0; i * PER_FILE < metrics.length; i++) {
    const body = { ...(i === 0 ? { ...meta, domains } : {}), metrics: metrics.slice(i * PER_FILE, (i + 1) * PER_FILE) };
    writeFileSync(join(many, `part-${String(i).padStart(5, '0')}.json`), JSON.stringify(body));
  }
  const files = Math.ceil(metrics.length / PER_FILE);
  console.log(`generated ${n} metrics: one file of ${(statSync(single).size / 1024 / 1024).toFixed(1)} MiB, and ${files} files of ${PER_FILE}`);
  if (keep) process.exit(0);

  const one = await importInto('single', [single]);
  console.log(`one file:       ${one.seconds.toFixed(1)} s (${one.created} metrics created, ${(n / one.seconds).toFixed(0)} metrics/s)`);
  const batch = await importInto('many', [many]);
  console.log(`${files} files:     ${batch.seconds.toFixed(1)} s (${batch.created} metrics created, ${(n / batch.seconds).toFixed(0)} metrics/s)`);
  const ratio = batch.seconds / one.seconds;
  console.log(`ratio (files / one file): ${ratio.toFixed(2)}× — target ≤ 1.5×: ${ratio <= 1.5 ? 'MET' : 'MISSED'}`);
} finally {
  if (!keep) rmSync(dir, { recursive: true, force: true });
}
