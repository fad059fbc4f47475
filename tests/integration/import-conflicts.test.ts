import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { multipartBody } from '../../src/modules/import/multipart.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { runMdl } from '../helpers/cli.js';
import { ENGINES } from '../helpers/databases.js';
import { dbState, fixture, getJson, metric, postImport } from '../helpers/transfer.js';

/**
 * Provenance and conflicts (issue 8): a record converted from another tool remembers where it came
 * from, so re-importing that source updates it in place; a source that disagrees with another file
 * of the batch, or with a definition changed since its last import, is a conflict that
 * `--on-conflict fail|skip|overwrite` settles, reported field by field.
 */

const CUBE = fixture('cube/orders.yml');
const yaml = { type: 'application/yaml' };
/** The same Cube file with the revenue measure's SQL changed at the source. */
const CUBE_CHANGED = CUBE.replace('sql: amount\n        format: currency', 'sql: amount_net\n        format: currency');

const A = JSON.stringify({ metrics: [metric('CF-1', { definition: { unit: 'USD' } })] });
const A_SAME = JSON.stringify({ metrics: [metric('CF-1', { definition: { unit: 'USD' } })] });
const B = JSON.stringify({ metrics: [metric('CF-1', { definition: { unit: 'EUR' } })] });

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`import provenance and conflicts on ${engine.label}`, () => {
    let t: TestApp;
    beforeEach(async () => {
      t = await createTestApp(engine.name);
    });
    afterEach(async () => t?.close());

    const post = (parts: Array<{ filename: string; text: string }>, query = '') => {
      const { body, contentType } = multipartBody(parts);
      return t.app.inject({ method: 'POST', url: `/api/v1/import${query}`, headers: { 'content-type': contentType }, payload: body });
    };
    const edit = (id: string, patch: object) =>
      t.app.inject({ method: 'PATCH', url: `/api/v1/metrics/${id}`, headers: { 'content-type': 'application/merge-patch+json', 'if-match': '*' }, payload: patch });

    it('records each converted record\'s source; re-importing the source updates the same records, unchanged is a no-op', async () => {
      const first = await postImport(t.app, CUBE, yaml);
      expect(first.statusCode, first.body).toBe(200);
      const created = first.json().counts.metric.created;
      expect(created).toBeGreaterThan(3);
      const prov = await getJson(t.app, '/api/v1/metrics/orders.revenue/provenance');
      expect(prov.provenance).toMatchObject({ format: 'cube', source: 'body', name: 'orders.revenue', edited_since_import: false });

      const before = await dbState(t.tdb.db);
      const again = await postImport(t.app, CUBE, yaml);
      expect(again.json()).toMatchObject({ conflicts_total: 0, changes: [] });
      expect(await dbState(t.tdb.db)).toEqual(before);

      const changed = await postImport(t.app, CUBE_CHANGED, yaml);
      expect(changed.statusCode, changed.body).toBe(200);
      expect(changed.json().conflicts_total).toBe(0);
      expect(changed.json().counts.metric).toMatchObject({ created: 0, updated: 1, unchanged: created - 1 });
      expect((await getJson(t.app, '/api/v1/metrics/orders.revenue')).definition.formula).toBe('SUM(amount_net)');
      expect((await getJson(t.app, '/api/v1/metrics?limit=100')).items).toHaveLength(created);
    });

    it('refuses a source over a definition edited since its import, with a field-level diff; skip keeps the edit, overwrite takes the source', async () => {
      expect((await postImport(t.app, CUBE, yaml)).statusCode).toBe(200);
      expect((await edit('orders.revenue', { description: 'Revenue, as finance defines it' })).statusCode).toBe(200);
      expect((await getJson(t.app, '/api/v1/metrics/orders.revenue/provenance')).provenance.edited_since_import).toBe(true);
      const before = await dbState(t.tdb.db);

      const refused = await postImport(t.app, CUBE_CHANGED, yaml);
      expect(refused.statusCode, refused.body).toBe(422);
      const report = refused.json().error.details;
      expect(refused.json().error.message).toMatch(/1 conflict\(s\) \(first: metric "orders.revenue", edited-since-import\); nothing was written/);
      expect(report.conflicts).toEqual([expect.objectContaining({
        kind: 'metric', id: 'orders.revenue', reason: 'edited-since-import', resolution: 'refused',
        current: { source: 'body', format: 'cube', name: 'orders.revenue' },
        incoming: expect.objectContaining({ format: 'cube', name: 'orders.revenue', path: 'body:cubes[0].measures[1]' }),
      })]);
      const diff = Object.fromEntries(report.conflicts[0].diff.map((d: { path: string; before: unknown; after: unknown }) => [d.path, [d.before, d.after]]));
      expect(diff['definition.formula']).toEqual(['SUM(amount)', 'SUM(amount_net)']);
      expect(diff.description).toEqual(['Revenue, as finance defines it', null]);
      expect(await dbState(t.tdb.db)).toEqual(before);

      // A dry run reports the same conflict and writes nothing.
      const dry = await postImport(t.app, CUBE_CHANGED, { ...yaml, query: 'dry_run=true' });
      expect(dry.statusCode).toBe(200);
      expect(dry.json()).toMatchObject({ committed: false, conflicts_total: 1 });

      const skipped = await postImport(t.app, CUBE_CHANGED, { ...yaml, query: 'on_conflict=skip' });
      expect(skipped.statusCode, skipped.body).toBe(200);
      expect(skipped.json().conflicts[0].resolution).toBe('skipped');
      const kept = await getJson(t.app, '/api/v1/metrics/orders.revenue');
      expect([kept.description, kept.definition.formula]).toEqual(['Revenue, as finance defines it', 'SUM(amount)']);

      const overwritten = await postImport(t.app, CUBE_CHANGED, { ...yaml, query: 'on_conflict=overwrite' });
      expect(overwritten.statusCode, overwritten.body).toBe(200);
      expect(overwritten.json().conflicts[0].resolution).toBe('overwritten');
      const taken = await getJson(t.app, '/api/v1/metrics/orders.revenue');
      expect([taken.description ?? null, taken.definition.formula]).toEqual([null, 'SUM(amount_net)']);
      // The source owns it again: the next import from there is clean.
      const after = await dbState(t.tdb.db);
      const clean = await postImport(t.app, CUBE_CHANGED, yaml);
      expect(clean.json()).toMatchObject({ conflicts_total: 0, changes: [] });
      expect(await dbState(t.tdb.db)).toEqual(after);
    });

    it('treats a definition made in MDL as another source: the first import from a tool may not silently replace it', async () => {
      const own = metric('orders.revenue', { name: 'Revenue (MDL)' });
      expect((await t.app.inject({ method: 'POST', url: '/api/v1/metrics', payload: own })).statusCode).toBe(201);
      const r = await postImport(t.app, CUBE, yaml);
      expect(r.statusCode, r.body).toBe(422);
      const c = r.json().error.details.conflicts;
      expect(c).toHaveLength(1);
      expect(c[0]).toMatchObject({ id: 'orders.revenue', reason: 'defined-elsewhere', current: {} });
      expect(c[0].diff.map((d: { path: string }) => d.path)).toContain('name');
      expect((await getJson(t.app, '/api/v1/metrics/orders.revenue/provenance')).provenance).toBeNull();
    });

    it('lists two files defining one id differently; skip keeps the first, overwrite the last; identical definitions are one record', async () => {
      const refused = await post([{ filename: 'a.json', text: A }, { filename: 'b.json', text: B }]);
      expect(refused.statusCode, refused.body).toBe(422);
      expect(refused.json().error.details.conflicts).toEqual([{
        kind: 'metric', id: 'CF-1', reason: 'defined-twice', resolution: 'refused',
        current: { path: 'a.json:metrics[0]', source: 'a.json' }, incoming: { path: 'b.json:metrics[0]', source: 'b.json' },
        diff: [{ path: 'definition.unit', before: 'USD', after: 'EUR' }],
      }]);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/metrics/CF-1' })).statusCode).toBe(404);

      const same = await post([{ filename: 'a.json', text: A }, { filename: 'a2.json', text: A_SAME }]);
      expect(same.statusCode, same.body).toBe(200);
      expect(same.json()).toMatchObject({ conflicts_total: 0, counts: { metric: { created: 1, invalid: 0 } } });

      const skip = await post([{ filename: 'a.json', text: A }, { filename: 'b.json', text: B }], '?on_conflict=skip');
      expect(skip.statusCode, skip.body).toBe(200);
      expect((await getJson(t.app, '/api/v1/metrics/CF-1')).definition.unit).toBe('USD');
      const over = await post([{ filename: 'a.json', text: A }, { filename: 'b.json', text: B }], '?on_conflict=overwrite');
      expect(over.statusCode, over.body).toBe(200);
      expect(over.json().conflicts[0].resolution).toBe('overwritten');
      expect((await getJson(t.app, '/api/v1/metrics/CF-1')).definition.unit).toBe('EUR');

      // Within one file a repeated id stays that file's error.
      const one = await postImport(t.app, { metrics: [metric('CF-2'), metric('CF-2', { name: 'other' })] });
      expect(one.statusCode).toBe(422);
      expect(one.json().error.details.errors[0].issues[0].message).toMatch(/duplicate metric id "CF-2"/);
    });

    it('refuses an unknown on_conflict value and an id prefix that cannot start an id', async () => {
      const r = await postImport(t.app, A, { query: 'on_conflict=merge' });
      expect(r.statusCode).toBe(400);
      const prefix = await postImport(t.app, CUBE, { ...yaml, query: 'id_prefix=../' });
      expect(prefix.statusCode).toBe(400);
      expect(prefix.json().error.message + JSON.stringify(prefix.json().error.details)).toMatch(/letter or digit/);
      expect((await postImport(t.app, CUBE, { ...yaml, query: 'id_prefix=cube.' })).statusCode).toBe(200);
    });
  });
}

describe('mdl import --on-conflict (local SQLite)', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  const mdl = (args: string[]) => runMdl(['--database', file('mdl.db'), ...args]);
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mdl-conflicts-'));
    writeFileSync(file('a.json'), A);
    writeFileSync(file('b.json'), B);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints every conflict with its differing fields and exits non-zero; a dry run too; overwrite imports', async () => {
    const refused = await mdl(['import', file('a.json'), file('b.json')]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/conflict: metric "CF-1" is defined differently at \S*a\.json:metrics\[0\] and \S*b\.json:metrics\[0\] \[refused\]: definition\.unit: "USD" → "EUR"/);
    const dry = await mdl(['import', file('a.json'), file('b.json'), '--dry-run']);
    expect(dry.code).not.toBe(0);
    expect(dry.stderr).toMatch(/1 conflict\(s\); the import would be refused/);
    const bad = await mdl(['import', file('a.json'), '--on-conflict', 'merge']);
    expect(bad.code).toBe(2);
    const prefix = await mdl(['import', file('a.json'), '--id-prefix', '../']);
    expect(prefix.code).toBe(2);
    expect(prefix.stderr).toMatch(/--id-prefix must start with a letter or digit/);
    const ok = await mdl(['import', file('a.json'), file('b.json'), '--on-conflict', 'overwrite']);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/conflicts: 1 \(overwritten\)/);
    const shown = await mdl(['show', 'CF-1', '--json']);
    expect(shown.code, shown.stderr).toBe(0);
    expect(JSON.parse(shown.stdout).definition.unit).toBe('EUR');
  });
});
