import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { cubeConverter, cubeJsRefusal, cubeReferences } from '../../../../src/modules/io/formats/cube.js';
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

  it('prefixes and sanitizes ids', () => {
    const ids = convert('cube/').records.map((r) => (r.raw as { metric_id: string }).metric_id);
    expect(ids).toContain('cube_orders.count');
    for (const id of ids) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/);
    expect(convert('_').records[0]!.raw).toMatchObject({ metric_id: 'x_orders.count' });
  });

  it('keeps the whole measure and cube under extensions["/cube"] (nothing lost)', () => {
    const doc = files[0]!.doc as any;
    const rev = byName('orders.revenue');
    expect(rev.extensions['/cube'].measure).toEqual(doc.cubes[0].measures[1]);
    const { measures: _m, ...cubeRest } = doc.cubes[0];
    expect(rev.extensions['/cube'].cube).toEqual(cubeRest);
    const res = normalizeMetric(rev);
    expect(res.ok && res.value.extensions?.['/cube']).toEqual(rev.extensions['/cube']);
  });

  it('records views on the measures they include; reports a view that includes nothing', () => {
    const { skipped } = convert();
    expect(byName('orders.revenue').extensions['/cube'].views).toEqual([{ view: 'sales', source: 'cube/views.yml', join_path: 'orders' }]);
    expect(byName('orders.running_revenue').extensions['/cube'].views).toBeUndefined();
    expect(byName('users.count').extensions['/cube'].views).toEqual([{ view: 'sales', source: 'cube/views.yml', join_path: 'orders.users', prefix: true }]);
    expect(skipped).toEqual([{ source: 'cube/views.yml', reason: 'view empty_view includes no known cube measure' }]);
  });

  it('refuses JavaScript models with a one-line reason', () => {
    const msg = cubeJsRefusal('model/orders.js');
    expect(msg).toContain('model/orders.js');
    expect(msg).not.toContain('\n');
  });
});
