/**
 * The write cost of MDL_SQLITE_SYNCHRONOUS (docs/performance.md, durability in docs/architecture.md).
 * Creates metrics one at a time through the metrics service (one transaction each: the row, its tags,
 * search text, version and hash-chained audit event), on a fresh SQLite file per mode, and prints
 * writes/s, p50 and p99. Modes alternate in rounds so that warming up favours neither.
 *
 * Run: npx tsx bench/sqlite-synchronous.ts [writes per mode, default 2000] [directory, default the OS temp dir]
 * The directory must be on the disk you deploy on: on tmpfs an fsync costs nothing and FULL looks free.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { connect, type Db } from '../src/db/connect.js';
import { migrateToLatest } from '../src/db/migrator.js';
import { createServices } from '../src/modules/services.js';
import { localContext } from '../src/shared/context.js';
import { SecretBox } from '../src/shared/secret-box.js';
import { fmtMs, summarize } from './api/report.js';

const writes = Number(process.argv[2] ?? 2_000);
const dir = mkdtempSync(join(process.argv[3] ?? tmpdir(), 'mdl-bench-sync-'));
const MODES = ['normal', 'full'] as const;
const ROUNDS = 4;

const metric = (i: number, mode: string) => ({
  metric_id: `METRIC-${mode.toUpperCase()}-${String(i).padStart(6, '0')}`,
  name: `Bench metric ${i}`,
  description: 'A metric written by the synchronous benchmark, long enough to look like a real description of one.',
  category: 'financial', tier: 'Tier-2', business_domain: 'bench', metric_type: 'count', tags: ['bench', `t${i % 10}`],
  definition: { formula: 'count(*)', unit: 'count', expected_direction: 'increase' },
  governance: { owner_team: 'bench', data_classification: 'internal', pii_involved: false, status: 'active' },
});

try {
  const handles = new Map<string, { db: Db; services: ReturnType<typeof createServices> }>();
  for (const mode of MODES) {
    const db = connect({ kind: 'sqlite', file: join(dir, `${mode}.db`), synchronous: mode });
    await migrateToLatest(db);
    const services = createServices(db, undefined, { secretBox: SecretBox.ephemeral() });
    await services.domains.create(localContext('bench'), { domain_id: 'bench', name: 'Bench', owner_team: 'bench' });
    handles.set(mode, { db, services });
  }
  const times = new Map<string, number[]>(MODES.map((m) => [m, []]));
  const elapsed = new Map<string, number>(MODES.map((m) => [m, 0]));
  const perRound = Math.ceil(writes / ROUNDS);
  let n = 0;
  for (let round = 0; round < ROUNDS; round++) {
    for (const mode of MODES) {
      const { services } = handles.get(mode)!;
      const list = times.get(mode)!;
      const started = performance.now();
      for (let i = 0; i < perRound; i++) {
        const t = performance.now();
        await services.metrics.create(localContext('bench'), metric(n++, mode));
        list.push(performance.now() - t);
      }
      elapsed.set(mode, elapsed.get(mode)! + performance.now() - started);
    }
  }
  console.log(`\n${perRound * ROUNDS} metric creations per mode, one at a time, SQLite WAL, in ${dir}\n`);
  console.log('| MDL_SQLITE_SYNCHRONOUS | writes/s | p50 | p99 | max |');
  console.log('|---|---:|---:|---:|---:|');
  for (const mode of MODES) {
    const s = summarize(times.get(mode)!);
    const rate = (times.get(mode)!.length / elapsed.get(mode)!) * 1000;
    console.log(`| ${mode} | ${rate.toFixed(0)} | ${fmtMs(s.p50)} ms | ${fmtMs(s.p99)} ms | ${fmtMs(s.max)} ms |`);
  }
  for (const { db } of handles.values()) await db.destroy();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
