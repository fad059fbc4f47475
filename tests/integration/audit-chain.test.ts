import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventHash, GENESIS_HASH } from '../../src/modules/audit/chain.js';
import { sealUnchainedEvents } from '../../src/modules/audit/seal.js';
import { AuditService } from '../../src/modules/audit/service.js';
import { createServices, type Services } from '../../src/modules/services.js';
import { localContext } from '../../src/shared/context.js';
import { runMdl } from '../helpers/cli.js';
import { ENGINES, createTestDatabase, type TestDatabase } from '../helpers/databases.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`hash-chained audit log on ${engine.label}`, () => {
    let tdb: TestDatabase;
    let s: Services;
    let audit: AuditService;
    let dir: string;

    /** A fresh workspace with a domain, three metrics, an update and a delete: 6 events. */
    async function seededWorkspace(id: string) {
      await tdb.db.insertInto('workspaces').values({ id, name: id, catalog_meta: null, created_at: new Date().toISOString() }).execute();
      const ctx = localContext('tester', id);
      await s.domains.create(ctx, sampleDomain());
      for (const m of ['M-1', 'M-2', 'M-3']) await s.metrics.create(ctx, sampleMetric({ metric_id: m, name: m }));
      await s.metrics.patch(ctx, 'M-2', { tier: 'Tier-2' });
      await s.metrics.delete(ctx, 'M-3');
      return ctx;
    }
    const rows = (ws: string) => tdb.db.selectFrom('audit_events').selectAll().where('workspace_id', '=', ws).orderBy('id').execute();
    const cli = (args: string[]) => runMdl(args, tdb.config.kind === 'sqlite'
      ? { env: { MDL_DATABASE_URL: tdb.config.file } }
      : { env: { MDL_DATABASE_URL: tdb.config.url, MDL_DB_SCHEMA: tdb.config.schema } });

    beforeAll(async () => {
      tdb = await createTestDatabase(engine.name);
      s = createServices(tdb.db);
      audit = new AuditService(tdb.db);
      dir = mkdtempSync(join(tmpdir(), 'mdl-audit-'));
    });
    afterAll(async () => {
      await tdb?.destroy();
      rmSync(dir, { recursive: true, force: true });
    });

    it('links every event to the previous one in its workspace, from the genesis value', async () => {
      await seededWorkspace('ws-links');
      const list = await rows('ws-links');
      expect(list.map((r) => r.action)).toEqual(['domain.create', 'metric.create', 'metric.create', 'metric.create', 'metric.update', 'metric.delete']);
      let prev = GENESIS_HASH;
      for (const r of list) {
        expect(r.prev_hash).toBe(prev);
        expect(r.hash).toBe(eventHash(prev, r));
        expect(r.hash).toMatch(/^[0-9a-f]{64}$/);
        prev = r.hash!;
      }
      expect(await audit.verify('ws-links')).toEqual({ ok: true, count: 6 });
      expect(await audit.verify('ws-links', { pageSize: 2 })).toEqual({ ok: true, count: 6 });
      expect(await audit.verify('ws-empty')).toEqual({ ok: true, count: 0 });
      // Another workspace has its own chain, starting from genesis again.
      await seededWorkspace('ws-other');
      expect((await rows('ws-other'))[0]!.prev_hash).toBe(GENESIS_HASH);
      expect(await audit.verify('ws-links')).toEqual({ ok: true, count: 6 });
    });

    it('reports an altered field (after, actor, occurred_at) at the altered event', async () => {
      await seededWorkspace('ws-tamper');
      const list = await rows('ws-tamper');
      const target = list[3]!;
      const cases: Array<Record<string, string>> = [
        { after: JSON.stringify({ ...JSON.parse(target.after!), name: 'forged' }) },
        { actor: 'someone-else' },
        { occurred_at: '2001-01-01T00:00:00.000Z' },
        { prev_hash: list[1]!.hash! },
      ];
      for (const change of cases) {
        await tdb.db.updateTable('audit_events').set(change).where('id', '=', target.id).execute();
        const r = await audit.verify('ws-tamper', { pageSize: 2 });
        const reason = 'prev_hash' in change ? 'prev_hash mismatch' : 'hash mismatch';
        expect(r, JSON.stringify(change)).toEqual({ ok: false, count: 3, firstBroken: { id: target.id, reason } });
        await tdb.db.updateTable('audit_events').set({ after: target.after, actor: target.actor, occurred_at: target.occurred_at, prev_hash: target.prev_hash })
          .where('id', '=', target.id).execute();
        expect(await audit.verify('ws-tamper')).toEqual({ ok: true, count: 6 });
      }
      // Recomputing the altered row's own hash only moves the break to the next event.
      const forged = { ...target, actor: 'forger' };
      await tdb.db.updateTable('audit_events').set({ actor: 'forger', hash: eventHash(target.prev_hash!, forged) }).where('id', '=', target.id).execute();
      expect(await audit.verify('ws-tamper')).toEqual({ ok: false, count: 4, firstBroken: { id: list[4]!.id, reason: 'prev_hash mismatch' } });
    });

    it('reports an event removed from the middle at the event after it; a removed newest event is the documented blind spot', async () => {
      await seededWorkspace('ws-delete');
      const list = await rows('ws-delete');
      await tdb.db.deleteFrom('audit_events').where('id', '=', list[list.length - 1]!.id).execute();
      expect(await audit.verify('ws-delete')).toEqual({ ok: true, count: 5 });
      await tdb.db.deleteFrom('audit_events').where('id', '=', list[2]!.id).execute();
      expect(await audit.verify('ws-delete')).toEqual({ ok: false, count: 2, firstBroken: { id: list[3]!.id, reason: 'prev_hash mismatch' } });
      await tdb.db.deleteFrom('audit_events').where('id', '=', list[0]!.id).execute();
      expect(await audit.verify('ws-delete')).toEqual({ ok: false, count: 0, firstBroken: { id: list[1]!.id, reason: 'prev_hash mismatch' } });
    });

    it('keeps one valid chain under 20 concurrent writers', async () => {
      await tdb.db.insertInto('workspaces').values({ id: 'ws-race', name: 'race', catalog_meta: null, created_at: new Date().toISOString() }).execute();
      const ctx = localContext('racer', 'ws-race');
      await s.domains.create(ctx, sampleDomain());
      await Promise.all(Array.from({ length: 20 }, (_, i) => s.metrics.create(ctx, sampleMetric({ metric_id: `RACE-${i}`, name: `Race ${i}` }))));
      await Promise.all(Array.from({ length: 10 }, (_, i) => s.metrics.patch(ctx, `RACE-${i}`, { tier: 'Tier-3' })));
      expect(await audit.verify('ws-race')).toEqual({ ok: true, count: 31 });
      const hashes = (await rows('ws-race')).map((r) => r.prev_hash);
      expect(new Set(hashes).size).toBe(31);
    });

    it('chains an import written in batches of 500, and `mdl audit verify` reports ok, then the first broken link', async () => {
      const metrics = Array.from({ length: 1203 }, (_, i) => sampleMetric({ metric_id: `IMP-${i}`, name: `Imported ${i}` }));
      const file = join(dir, 'catalog.json');
      writeFileSync(file, JSON.stringify({ domains: [sampleDomain()], metrics }));
      const imported = await cli(['import', file]);
      expect(imported.code, imported.stderr).toBe(0);
      expect(await audit.verify('default')).toEqual({ ok: true, count: 1204 });

      const ok = await cli(['audit', 'verify']);
      expect(ok).toMatchObject({ code: 0, stdout: 'audit chain of workspace "default" is intact: 1204 event(s) verified\n' });
      const list = await rows('default');
      await tdb.db.updateTable('audit_events').set({ after: '{"metric_id":"IMP-700","name":"forged"}' }).where('id', '=', list[701]!.id).execute();
      const broken = await cli(['audit', 'verify', '--workspace', 'default']);
      expect(broken.code).toBe(1);
      expect(broken.stderr).toBe(`mdl: audit chain of workspace "default" is broken at event ${list[701]!.id} (hash mismatch); 701 event(s) before it verified\n`);
      const missing = await cli(['audit', 'verify', '--workspace', 'nope']);
      expect(missing).toMatchObject({ code: 1, stderr: 'mdl: workspace "nope" not found\n' });
    });

    it('tolerates events older than the chain only as a prefix, and can seal them', async () => {
      const legacy = (ws: string, n: number) => tdb.db.insertInto('audit_events').values(Array.from({ length: n }, (_, i) => ({
        workspace_id: ws, occurred_at: `2024-01-0${i + 1}T00:00:00.000Z`, actor: 'old', action: 'metric.create', entity_type: 'metric',
        entity_id: `OLD-${i}`, request_id: null, outcome: 'success', before: null, after: '{"a":1}',
      }))).execute();
      for (const ws of ['ws-legacy', 'ws-seal']) {
        await tdb.db.insertInto('workspaces').values({ id: ws, name: ws, catalog_meta: null, created_at: new Date().toISOString() }).execute();
        await legacy(ws, 3);
      }
      await s.domains.create(localContext('tester', 'ws-legacy'), sampleDomain());
      expect(await audit.verify('ws-legacy')).toEqual({ ok: true, count: 1, unchained: 3 });
      expect((await cli(['audit', 'verify', '--workspace', 'ws-legacy'])).stdout).toContain('1 event(s) verified; 3 earlier event(s) predate the chain');
      // An unchained event after the chain started is a break, not legacy.
      await legacy('ws-legacy', 1);
      const last = (await rows('ws-legacy')).at(-1)!;
      expect(await audit.verify('ws-legacy')).toEqual({ ok: false, count: 1, firstBroken: { id: last.id, reason: 'prev_hash mismatch' } });

      // Sealing links only workspaces without any chained event (it never rewrites a hash).
      const before = (await rows('ws-legacy')).map((r) => r.hash);
      expect(await sealUnchainedEvents(tdb.db)).toBe(3);
      expect((await rows('ws-legacy')).map((r) => r.hash)).toEqual(before);
      expect(await audit.verify('ws-seal')).toEqual({ ok: true, count: 3 });
      await s.domains.create(localContext('tester', 'ws-seal'), sampleDomain());
      expect(await audit.verify('ws-seal')).toEqual({ ok: true, count: 4 });
    });
  });
}
