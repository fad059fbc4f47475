import { MIGRATION_NAMES } from '../../src/db/migrator.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/db/connect.js';
import { migrateToLatest } from '../../src/db/migrator.js';
import { createServices } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { VERSION } from '../../src/version.js';
import { runMdl } from '../helpers/cli.js';
import { sampleDomain, sampleMetric, sampleObjective } from '../helpers/samples.js';

describe('mdl CLI (catalog commands, local SQLite)', () => {
  let dir: string;
  let dbArg: string[];

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mdl-cli-'));
    const file = join(dir, 'mdl.db');
    dbArg = ['--database', file];
    const db = connect({ kind: 'sqlite', file });
    await migrateToLatest(db);
    const s = createServices(db);
    const ctx = localContext();
    await s.domains.create(ctx, sampleDomain());
    await s.metrics.create(ctx, sampleMetric());
    await s.metrics.create(ctx, sampleMetric({ metric_id: 'M-T2', name: 'Second', tier: 'Tier-2', tags: ['ops'] }));
    await s.objectives.create(ctx, sampleObjective());
    await db.destroy();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints help for every command', async () => {
    const top = await runMdl(['--help']);
    expect(top.code).toBe(0);
    const commands = ['serve', 'list', 'show', 'delete', 'stats', 'db'];
    for (const c of commands) expect(top.stdout).toContain(c);
    for (const c of [...commands, 'db migrate', 'db rollback', 'db status']) {
      const r = await runMdl([...c.split(' '), '--help']);
      expect(r.code, c).toBe(0);
      expect(r.stdout, c).toMatch(/^Usage: mdl /);
    }
  });

  it('lists with the API filters as a table or JSON', async () => {
    const t = await runMdl([...dbArg, 'list', '--tier', 'Tier-1']);
    expect(t.code).toBe(0);
    expect(t.stdout).toMatch(/^METRIC_ID\s+NAME/);
    expect(t.stdout).toContain('METRIC-ARR');
    expect(t.stdout).not.toContain('M-T2');
    const j = await runMdl([...dbArg, 'list', '--domain', 'Revenue', '--tag', 'ops,kpi', '--sort', '-metric_id', '--json']);
    expect(JSON.parse(j.stdout).items.map((m: { metric_id: string }) => m.metric_id)).toEqual(['METRIC-ARR', 'M-T2']);
    const search = await runMdl([...dbArg, 'list', '-q', 'recurring', '--json']);
    expect(JSON.parse(search.stdout).total).toBe(1);
  });

  it('shows a metric as YAML or JSON', async () => {
    const y = await runMdl([...dbArg, 'show', 'METRIC-ARR']);
    expect(y.code).toBe(0);
    expect(y.stdout).toContain('metric_id: METRIC-ARR');
    const j = await runMdl([...dbArg, 'show', 'METRIC-ARR', '--json']);
    expect(JSON.parse(j.stdout).governance.version).toBe('1.0.0');
  });

  it('show --version <semver> prints that snapshot, not the program version; mdl --version and -V print it', async () => {
    for (const args of [['--version', '1.0.0'], ['--version=1.0.0']]) {
      const r = await runMdl([...dbArg, 'show', 'METRIC-ARR', ...args, '--json']);
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout)).toMatchObject({ metric_id: 'METRIC-ARR', governance: { version: '1.0.0' } });
    }
    expect((await runMdl([...dbArg, 'show', 'METRIC-ARR', '--version', '9.9.9'])).code).toBe(1);
    for (const flag of ['--version', '-V']) {
      const v = await runMdl([flag]);
      expect(v.code).toBe(0);
      expect(v.stdout.trim()).toBe(VERSION);
    }
  });

  it('exits non-zero with a one-line reason on failure', async () => {
    const missing = await runMdl([...dbArg, 'show', 'NOPE']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toBe('mdl: metric "NOPE" not found\n');
    const referenced = await runMdl([...dbArg, 'delete', 'METRIC-ARR']);
    expect(referenced.code).toBe(1);
    expect(referenced.stderr.split('\n')[0]).toMatch(/^mdl: metric "METRIC-ARR" is still referenced/);
    expect(referenced.stderr).toContain('referenced by objective OBJ-GROW');
    const usage = await runMdl(['frobnicate']);
    expect(usage.code).toBe(2);
    const badLimit = await runMdl([...dbArg, 'list', '--limit', '9999']);
    expect(badLimit.code).toBe(2); // a usage error
    expect(badLimit.stderr).toContain('--limit');
  });

  it('deletes, reports stats, and manages migrations', async () => {
    expect((await runMdl([...dbArg, 'delete', 'M-T2'])).stdout).toBe('deleted metric M-T2\n');
    const stats = JSON.parse((await runMdl([...dbArg, 'stats', '--json'])).stdout);
    expect(stats.total).toBe(1);
    const status = await runMdl([...dbArg, 'db', 'status']);
    expect(status.stdout).toMatch(/^applied\s+0001_catalog/);
    const other = join(dir, 'fresh.db');
    expect((await runMdl(['--database', other, 'db', 'migrate'])).stdout).toContain(`applied: ${MIGRATION_NAMES.join(', ')}`);
    expect((await runMdl(['--database', other, 'db', 'migrate'])).stdout).toContain('already up to date');
    const last = MIGRATION_NAMES[MIGRATION_NAMES.length - 1]!;
    expect((await runMdl(['--database', other, 'db', 'rollback'])).stdout).toContain(`reverted: ${last}`);
    const lines = (await runMdl(['--database', other, 'db', 'status'])).stdout.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/).slice(0, 2).join(' '))).toEqual(MIGRATION_NAMES.map((n) => `${n === last ? 'pending' : 'applied'} ${n}`));
  });
});

describe('mdl policy / policies', () => {
  it('prints a policy and writes an unpacked bundle directory', async () => {
    const { mkdtempSync, readFileSync, rmSync } = await import('node:fs');
    const dir = mkdtempSync(join(tmpdir(), 'mdl-pol-'));
    try {
      const file = join(dir, 'p.db');
      const db = connect({ kind: 'sqlite', file });
      await migrateToLatest(db);
      const s = createServices(db);
      await s.domains.create(localContext(), sampleDomain());
      await s.metrics.create(localContext(), sampleMetric());
      await db.destroy();
      const p = await runMdl(['--database', file, 'policy', 'METRIC-ARR']);
      expect(p.code).toBe(0);
      // The metric's own data leads; the fixed module is named, and printed with --module.
      expect(p.stdout.split('\n')[0]).toBe('# policy data of METRIC-ARR, at data.mdl.metrics["METRIC-ARR"]:');
      expect(p.stdout).toContain('package mdl.policy.metrics');
      expect(p.stdout.indexOf('"expected_direction"')).toBeLessThan(p.stdout.indexOf('package mdl.policy.metrics'));
      expect(p.stdout).not.toContain('default allow');
      const module = await runMdl(['--database', file, 'policy', 'METRIC-ARR', '--module']);
      expect(module.stdout).toMatch(/^package mdl\.policy\.metrics/m);
      expect(module.stdout).toContain('default allow');
      const data = JSON.parse((await runMdl(['--database', file, 'policy', 'METRIC-ARR', '--data-only'])).stdout);
      expect(data.expected_direction).toBe('increase');
      const out = join(dir, 'bundle');
      const w = await runMdl(['--database', file, 'policies', '--output', out]);
      expect(w.code).toBe(0);
      expect(JSON.parse(readFileSync(join(out, 'data.json'), 'utf8')).mdl.metrics['METRIC-ARR']).toBeDefined();
      expect(readFileSync(join(out, 'mdl/policy/metrics.rego'), 'utf8')).toContain('package mdl.policy.metrics');
      expect(JSON.parse(readFileSync(join(out, '.manifest'), 'utf8')).revision).toMatch(/^[0-9a-f]{64}$/);
      expect((await runMdl(['--database', file, 'policies'])).code).toBe(2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
