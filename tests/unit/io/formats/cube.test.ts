import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cubeConverter, cubeJsRefusal, cubeReferences, sanitizeId } from '../../../../src/modules/io/formats/cube.js';
import { normalizeMetric } from '../../../../src/modules/io/index.js';

const load = (name: string) => ({ source: `cube/${name}`, doc: parse(readFileSync(`tests/fixtures/cube/${name}`, 'utf8')) as unknown });
const files = [load('orders.yml'), load('views.yml')];

function convert(prefix?: string) {
  return cubeConverter.convert(files, prefix === undefined ? {} : { idPrefix: prefix });
}
const byName = (name: string) => {
  const rec = convert().records.find((r) => r.provenance.name === name);
  if (!rec) throw new Error(`no ${name}`);
  return rec.raw as Record<string, any>;
};

describe('cubeConverter', () => {
  it('detects cubes or views documents only', () => {
    expect(cubeConverter.detect({ cubes: [] })).toBe(true);
    expect(cubeConverter.detect({ views: [] })).toBe(true);
    expect(cubeConverter.detect({ metrics: [] })).toBe(false);
    expect(cubeConverter.detect(null)).toBe(false);
  });

  it('one metric per measure, each passing normalizeMetric', () => {
    const { records } = convert();
    expect(records).toHaveLength(8);
    for (const r of records) {
      const res = normalizeMetric(r.raw, r.path);
      expect(res.ok, JSON.stringify(res)).toBe(true);
      expect(r.kind).toBe('metric');
      expect(r.provenance.format).toBe('cube');
    }
    expect(records[1]!.path).toBe('cube/orders.yml:cubes[0].measures[1]');
  });

  it('maps ids, names, formulas, sources, dimensions and time grains', () => {
    const count = byName('orders.count');
    expect(count.metric_id).toBe('orders.count');
    expect(count.name).toBe('Order count');
    expect(count.description).toBe('Number of orders');
    expect(count.definition.formula).toBe('COUNT(*)');
    expect(count.data.primary_sources).toEqual([{ system: 'cube', table_or_stream: 'public.orders' }]);
    expect(count.data.time_grain).toEqual(['fiscal_year']);
    expect(count.dimensions).toEqual([{ name: 'id' }, { name: 'status' }, { name: 'created_at' }]);
    expect(byName('orders.revenue').definition.formula).toBe('SUM(amount)');
    expect(byName('orders.buyers').definition.formula).toBe('COUNT(DISTINCT user_id)');
    expect(byName('orders.completed_count').definition.numerator.filters).toEqual(["{CUBE}.status = 'completed'"]);
    expect(byName('users.count').data.primary_sources[0].table_or_stream).toBe('sql:SELECT * FROM public.users WHERE deleted_at IS NULL');
  });

  it('number measures reference other measures as upstream metrics', () => {
    expect(byName('orders.completion_rate').relationships.upstream_metric_ids).toEqual(['orders.completed_count', 'orders.count']);
    expect(byName('orders.revenue_per_user').relationships.upstream_metric_ids).toEqual(['orders.revenue', 'users.count']);
    expect(cubeReferences('{a} + {CUBE.b} + {x.c}', 'q')).toEqual(['q.a', 'q.b', 'x.c']);
  });

  it('prefixes and sanitizes ids; a name changed by sanitizing gets a hash of it, so names stay distinct', () => {
    const ids = convert('cube/').records.map((r) => (r.raw as { metric_id: string }).metric_id);
    expect(ids).toContain(sanitizeId('cube/orders.count'));
    expect(sanitizeId('cube/orders.count')).toMatch(/^cube_orders\.count-[0-9a-f]{8}$/);
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/);
    expect((convert('_').records[0]!.raw as { metric_id: string }).metric_id).toMatch(/^x_orders\.count-[0-9a-f]{8}$/);
    // Valid names are kept as written; the hash is the first 8 hex digits of the raw name's SHA-256.
    expect(sanitizeId('orders.count')).toBe('orders.count');
    expect(sanitizeId('a b')).toBe('a_b-c8687a08');
    const names = ['売上', '利益', 'Umsatz (€)', 'Umsatz ($)', 'a b', 'a_b', 'a?b'];
    const out = names.map(sanitizeId);
    expect(new Set(out).size).toBe(names.length);
    for (const id of out) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/);
    expect(out.map(sanitizeId)).toEqual(out); // an id is a fixed point
    expect(sanitizeId('x'.repeat(200))).toHaveLength(128);
    expect(sanitizeId('x'.repeat(200))).not.toBe(sanitizeId(`${'x'.repeat(199)}y`));
  });

  it('keeps the whole measure under extensions["/cube"], the cube once: with its first measure, the others naming that metric', () => {
    const doc = files[0]!.doc as any;
    const rev = byName('orders.revenue');
    expect(rev.extensions['/cube'].measure).toEqual(doc.cubes[0].measures[1]);
    const { measures: _m, ...cubeRest } = doc.cubes[0];
    const first = byName('orders.count');
    expect(first.extensions['/cube'].cube).toEqual(cubeRest);
    expect(first.extensions['/cube'].cube_context_in).toBeUndefined();
    expect(rev.extensions['/cube'].cube).toEqual({ name: 'orders', title: 'Orders', sql_table: 'public.orders' });
    expect(rev.extensions['/cube'].cube_context_in).toBe('orders.count');
    // Every cube's context is held by exactly one metric; every other metric of it points there.
    const { records } = convert();
    for (const cube of [...doc.cubes]) {
      const { measures, ...rest } = cube;
      const holders = records.filter((r) => JSON.stringify((r.raw as any).extensions['/cube'].cube) === JSON.stringify(rest));
      expect(holders, cube.name).toHaveLength(1);
      const others = records.filter((r) => r.provenance.name.startsWith(`${cube.name}.`) && r !== holders[0]);
      expect(others).toHaveLength(measures.length - 1);
      for (const o of others) expect((o.raw as any).extensions['/cube'].cube_context_in).toBe((holders[0]!.raw as any).metric_id);
    }
    const res = normalizeMetric(rev);
    expect(res.ok && res.value.extensions?.['/cube']).toEqual(rev.extensions['/cube']);
    // The same files give the same documents (a re-import is a no-op).
    expect(convert().records.map((r) => r.raw)).toEqual(records.map((r) => r.raw));
  });

  it('records views on the measures they include (no file path); reports a view that includes nothing', () => {
    const { skipped } = convert();
    expect(byName('orders.revenue').extensions['/cube'].views).toEqual([{ view: 'sales', join_path: 'orders' }]);
    expect(byName('orders.running_revenue').extensions['/cube'].views).toBeUndefined();
    expect(byName('users.count').extensions['/cube'].views).toEqual([{ view: 'sales', join_path: 'orders.users', prefix: true }]);
    expect(skipped).toEqual([{ source: 'cube/views.yml', reason: 'view empty_view includes no known cube measure' }]);
  });

  it('keeps how a view exposes a measure: the whole include entry and the view\'s title, description and meta', () => {
    const cubes = { cubes: [{ name: 'o', sql_table: 't', measures: [{ name: 'amt', type: 'sum', sql: 'amount' }, { name: 'n', type: 'count' }] }] };
    const include = { name: 'amt', alias: 'revenue', title: 'Revenue', format: 'currency', meta: { tier: 1 } };
    const views = { views: [{ name: 'v', title: 'V', description: 'what finance sees', meta: { owner: 'fin' }, public: false, cubes: [{ join_path: 'o', includes: [include, 'n'] }] }] };
    const { records } = cubeConverter.convert([{ source: 'c.yml', doc: cubes }, { source: 'v.yml', doc: views }]);
    const ext = (key: string) => (records.find((r) => r.provenance.name === key)!.raw as any).extensions['/cube'];
    expect(ext('o.amt').views).toEqual([{ view: 'v', title: 'V', description: 'what finance sees', meta: { owner: 'fin' }, join_path: 'o', include }]);
    expect(ext('o.n').views).toEqual([{ view: 'v', title: 'V', description: 'what finance sees', meta: { owner: 'fin' }, join_path: 'o' }]);
  });

  it('refuses JavaScript models with a one-line reason', () => {
    const msg = cubeJsRefusal('model/orders.js');
    expect(msg).toContain('model/orders.js');
    expect(msg).not.toContain('\n');
  });
});
