import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { sanitizeId } from '../../../../src/modules/io/formats/cube.js';
import { aggSql, dbtConverter } from '../../../../src/modules/io/formats/dbt.js';
import { refTarget } from '../../../../src/modules/io/formats/dbt-project.js';
import { CONVERTERS } from '../../../../src/modules/io/formats/index.js';
import type { ConvertedRecord, DialectFile } from '../../../../src/modules/io/formats/types.js';
import { normalizeMetric } from '../../../../src/modules/io/index.js';

/** dbt MetricFlow → MDL, over the fixture projects of both specs (tests/fixtures/dbt/{released,newer}). */

type Any = Record<string, any>;
const walk = (dir: string): string[] =>
  readdirSync(dir).sort().flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
const project = (spec: 'released' | 'newer'): DialectFile[] =>
  walk(`tests/fixtures/dbt/${spec}/models`).map((p) => ({ source: p.replace('tests/fixtures/', ''), doc: parse(readFileSync(p, 'utf8')) as unknown }));
const released = project('released');
const newer = project('newer');
const docOf = (files: DialectFile[], end: string) => (files.find((f) => f.source.endsWith(end)) as DialectFile).doc as Any;

const byId = (records: ConvertedRecord[]) => new Map(records.map((r) => [(r.raw as Any).metric_id as string, r.raw as Any]));
const mapped = (raw: Any) => {
  const { extensions: _e, ...rest } = raw;
  return rest;
};
const ALL = [
  'order_total', 'orders', 'food_orders', 'order_value_p95', 'active_customers', 'account_balance', 'visits', 'buys',
  'food_order_pct', 'revenue_per_visit', 'order_total_growth_wow', 'cumulative_order_total_mtd', 'weekly_active_customers',
  'visit_to_buy_conversion_rate_7d', 'food_order_total',
];

describe('dbtConverter.detect', () => {
  it('claims every semantic file of both fixture projects, and a tests-only schema.yml', () => {
    for (const f of [...released, ...newer]) expect(dbtConverter.detect(f.doc), f.source).toBe(true);
  });

  it('does not claim MDL files, nor Cube or OSI documents, nor other YAML', () => {
    const cube = parse(readFileSync('tests/fixtures/cube/orders.yml', 'utf8'));
    const views = parse(readFileSync('tests/fixtures/cube/views.yml', 'utf8'));
    const osi = parse(readFileSync('tests/fixtures/osi/shop.yaml', 'utf8'));
    const catalog = parse(readFileSync('tests/fixtures/catalog.yaml', 'utf8'));
    const metricFile = parse(readFileSync('tests/fixtures/metric-file-form.yaml', 'utf8'));
    const notDbt: unknown[] = [
      cube, views, osi, catalog, metricFile, null, [], 'metrics', [{ name: 'x', type: 'simple' }],
      { metrics: [{ metric_id: 'M-1', name: 'Revenue', metric_type: 'ratio' }] },
      // An MDL list that also carries dbt-looking keys is still MDL (metric_id decides).
      { metrics: [{ metric_id: 'M-1', name: 'x', label: 'X', type: 'simple' }, { name: 'y', type: 'ratio' }] },
      { metric_id: 'M-2', name: 'One', type: 'simple', type_params: {} },
      { domains: [{ domain_id: 'd' }], metrics: [{ name: 'x', type: 'simple' }] },
      { metrics: [] }, { metrics: [{ name: 'a plain list' }] },
      { name: 'tooling', private: true }, { models: [{ name: 'm' }] }, { version: 1, models: [{ name: 'm' }] },
    ];
    for (const doc of notDbt) expect(dbtConverter.detect(doc), JSON.stringify(doc)?.slice(0, 80)).toBe(false);
    expect(dbtConverter.detect({ metrics: [{ name: 'x', input_metrics: [{ name: 'y' }], expr: 'y' }] })).toBe(true);
    expect(dbtConverter.detect({ groups: [{ name: 'g', owner: { email: 'a@b.c' } }] })).toBe(true);
  });

  it('is asked first among the converters', () => {
    expect(CONVERTERS[0]).toBe(dbtConverter);
    expect(CONVERTERS.map((c) => c.dialect)).toEqual(['dbt', 'cube', 'osi']);
  });
});

describe('dbtConverter.convert (released spec)', () => {
  const result = dbtConverter.convert(released);
  const m = byId(result.records);

  it('one metric per dbt metric (and per create_metric measure), each valid MDL, with provenance and its source path', () => {
    expect([...m.keys()].sort()).toEqual([...ALL].sort());
    for (const r of result.records) {
      const res = normalizeMetric(r.raw, r.path);
      expect(res.ok, JSON.stringify(res)).toBe(true);
      expect(r.kind).toBe('metric');
      expect(r.provenance).toEqual({ format: 'dbt', source: expect.stringMatching(/^dbt\/released\/models\//), name: (r.raw as Any).metric_id });
    }
    const paths = result.records.map((r) => r.path);
    expect(paths[0]).toBe('dbt/released/models/metrics/metrics.yml:metrics[0]');
    expect(paths).toContain('dbt/released/models/marts/orders.yml:semantic_models[0].measures[3]');
  });

  it('simple: label → name, agg + expr → formula, model ref → source, dimensions, time grain, owner from groups', () => {
    expect(mapped(m.get('order_total')!)).toEqual({
      metric_id: 'order_total', name: 'Order total', description: 'Sum of all order totals.', metric_type: 'simple',
      definition: { formula: 'SUM(amount)' },
      data: { primary_sources: [{ system: 'dbt', table_or_stream: 'fct_orders' }], time_grain: ['day'] },
      dimensions: [{ name: 'ordered_at' }, { name: 'is_food_order' }, { name: 'order_status' }],
      governance: { owner_team: 'Finance Analytics', business_owner: 'finance-analytics@example.com' },
    });
    expect(m.get('orders')!.definition.formula).toBe('COUNT(1)');
    expect(m.get('food_orders')!.definition).toEqual({ formula: 'COUNT(1)', numerator: { filters: ["{{ Dimension('order__is_food_order') }} = true"] } });
    expect(m.get('order_value_p95')!.definition.formula).toBe('PERCENTILE_CONT(0.95) WITHIN GROUP (ORDER BY amount)');
    expect(m.get('active_customers')!.definition.formula).toBe('COUNT(DISTINCT customer_id)');
    expect(m.get('buys')!.definition.formula).toBe('SUM(CASE WHEN did_purchase THEN 1 ELSE 0 END)');
    expect(m.get('account_balance')!.definition.formula_detail).toBe('not additive over first_ordered_at (max)');
    // No group of its own nor on its semantic model: no owner.
    expect(m.get('active_customers')!.governance).toBeUndefined();
    // The semantic model's group (sessions → growth) when the metric names none.
    expect(m.get('visits')!.governance).toEqual({ owner_team: 'Growth', business_owner: 'growth@example.com' });
    expect(m.get('visits')!.data).toEqual({ primary_sources: [{ system: 'dbt', table_or_stream: 'stg_sessions' }], time_grain: ['hour'] });
    // create_metric: the measure's own name and description.
    expect(m.get('food_order_total')!).toMatchObject({ name: 'food_order_total', description: 'Revenue from food orders.', definition: { formula: 'SUM(case when is_food_order then amount else 0 end)' } });
    expect(m.get('food_order_total')!.extensions['/dbt'].created_from_measure).toBe(true);
  });

  it('ratio: numerator/denominator with their filters, inputs as upstream lineage', () => {
    expect(m.get('food_order_pct')!.definition).toEqual({
      formula: 'food_orders / orders',
      numerator: { event_name: 'food_orders' },
      denominator: { event_name: 'orders', filters: ["{{ Dimension('order__order_status') }} != 'cancelled'"] },
    });
    expect(m.get('food_order_pct')!.relationships).toEqual({ upstream_metric_ids: ['food_orders', 'orders'] });
    // Sources and dimensions come through the input metrics.
    expect(m.get('food_order_pct')!.data.primary_sources).toEqual([{ system: 'dbt', table_or_stream: 'fct_orders' }]);
  });

  it('derived: expr → formula, inputs → upstream, offset windows in formula_detail and extensions, filters → numerator', () => {
    const d = m.get('order_total_growth_wow')!;
    expect(d.metric_type).toBe('derived');
    expect(d.definition).toEqual({
      formula: '(order_total - order_total_prev_week) / order_total_prev_week',
      formula_detail: 'order_total_prev_week = order_total 1 week earlier',
      numerator: { filters: ["{{ Dimension('order__order_status') }} = 'completed'", "{{ TimeDimension('order__ordered_at', 'day') }} >= '2024-01-01'"] },
    });
    expect(d.relationships).toEqual({ upstream_metric_ids: ['order_total'] });
    expect(d.extensions['/dbt'].inputs).toEqual([
      { name: 'order_total', metric_id: 'order_total' },
      { name: 'order_total', offset_window: '1 week', alias: 'order_total_prev_week', metric_id: 'order_total' },
    ]);
  });

  it('cumulative: the measure\'s formula, the window or grain to date, lineage to the metric on that measure', () => {
    expect(m.get('cumulative_order_total_mtd')!.definition).toEqual({ formula: 'SUM(amount)', formula_detail: 'cumulative month to date, last value per period' });
    expect(m.get('cumulative_order_total_mtd')!.relationships).toEqual({ upstream_metric_ids: ['order_total'] });
    expect(m.get('weekly_active_customers')!.definition).toEqual({ formula: 'COUNT(DISTINCT customer_id)', formula_detail: 'cumulative over a window of 7 days' });
    expect(m.get('weekly_active_customers')!.relationships).toEqual({ upstream_metric_ids: ['active_customers'] });
  });

  it('conversion: conversion / base as numerator / denominator, entity and window in formula_detail', () => {
    const c = m.get('visit_to_buy_conversion_rate_7d')!;
    expect(c.definition).toEqual({
      formula: 'buys / visits',
      formula_detail: 'conversion_rate from visits to buys per customer within 7 days, same channel',
      numerator: { event_name: 'buys' }, denominator: { event_name: 'visits' },
    });
    expect(c.relationships).toEqual({ upstream_metric_ids: ['visits', 'buys'] });
    expect(c.governance).toEqual({ owner_team: 'Growth', business_owner: 'growth@example.com' });
  });

  it('a metric the project does not define stays as an upstream reference (unresolved on import)', () => {
    expect(m.get('revenue_per_visit')!.relationships).toEqual({ upstream_metric_ids: ['order_total', 'marketing_visits'] });
    expect(m.get('revenue_per_visit')!.definition.denominator).toEqual({ event_name: 'marketing_visits' });
  });

  it('nothing lost: every metric whole, every semantic model, used measure and group in extensions; the rest listed as skipped', () => {
    const exts = result.records.map((r) => (r.raw as Any).extensions['/dbt']);
    const metricsDoc = docOf(released, 'metrics/metrics.yml');
    metricsDoc.metrics.forEach((entry: Any, i: number) => {
      const rec = result.records.find((r) => r.path.endsWith(`metrics.yml:metrics[${i}]`))!;
      expect((rec.raw as Any).extensions['/dbt'].metric).toEqual(entry);
      expect((rec.raw as Any).extensions['/dbt'].spec).toBe('released');
    });
    const entriesOf = (e: Any): Any[] => e.semantic_models ?? [];
    const kept = exts.flatMap((e) => entriesOf(e).flatMap((s: Any) => [...(s.measures ?? []), ...(s.unused_measures ?? [])]));
    for (const end of ['marts/orders.yml', 'marts/customers.yml']) {
      for (const sm of docOf(released, end).semantic_models as Any[]) {
        const { measures, ...rest } = sm;
        // The definition once, with the first metric reading the model; every other reader names that metric.
        const holders = result.records.filter((r) => entriesOf((r.raw as Any).extensions['/dbt']).some((s) => s.name === sm.name && s.definition !== undefined));
        expect(holders, sm.name).toHaveLength(1);
        const holder = holders[0]!.raw as Any;
        const held = entriesOf(holder.extensions['/dbt']).find((s) => s.name === sm.name)!;
        expect(JSON.stringify(held.definition), sm.name).toBe(JSON.stringify(rest));
        const readers = result.records.filter((r) => entriesOf((r.raw as Any).extensions['/dbt']).some((s) => s.name === sm.name));
        expect(readers[0]!.raw, 'the first reader in project order holds it').toBe(holder);
        for (const r of readers.slice(1)) {
          const ref = entriesOf((r.raw as Any).extensions['/dbt']).find((s) => s.name === sm.name)!;
          expect(ref, `${sm.name} in ${(r.raw as Any).metric_id}`).toMatchObject({ definition_in: holder.metric_id });
          expect(ref.definition).toBeUndefined();
        }
        // Used measures with their metrics, the others with the definition: none lost.
        for (const measure of measures as Any[]) expect(kept.some((u) => JSON.stringify(u) === JSON.stringify(measure)), measure.name).toBe(true);
      }
    }
    const sessions = exts.flatMap(entriesOf).find((s) => s.name === 'sessions' && s.definition);
    expect(sessions?.unused_measures.map((m: Any) => m.name)).toEqual(['longest_session_s']);
    for (const g of docOf(released, 'groups.yml').groups as Any[]) {
      expect(exts.some((e) => JSON.stringify(e.group) === JSON.stringify(g)), g.name).toBe(true);
    }
    // No file path in any document (provenance keeps it): another checkout imports the same documents.
    for (const r of result.records) expect(JSON.stringify(r.raw), (r.raw as Any).metric_id).not.toContain('dbt/released/');
    expect(result.skipped).toEqual([
      { source: 'dbt/released/models/schema.yml', reason: 'no dbt semantic models, metrics or groups (tests, sources and docs are not imported)' },
    ]);
    expect(dbtConverter.convert(released).records.map((r) => r.raw)).toEqual(result.records.map((r) => r.raw));
  });

  it('prefixes and sanitizes ids, upstream references included', () => {
    const p = byId(dbtConverter.convert(released, { idPrefix: 'dbt/' }).records);
    expect(sanitizeId('dbt/food_order_pct')).toMatch(/^dbt_food_order_pct-[0-9a-f]{8}$/);
    expect(p.get(sanitizeId('dbt/food_order_pct'))!.relationships.upstream_metric_ids).toEqual([sanitizeId('dbt/food_orders'), sanitizeId('dbt/orders')]);
    for (const id of p.keys()) expect(id).toMatch(/^[A-Za-z0-9][A-Za-z0-9._:-]*$/);
    expect(byId(dbtConverter.convert(released, { idPrefix: '_' }).records).has(sanitizeId('_orders'))).toBe(true);
    expect(byId(dbtConverter.convert(released, { idPrefix: 'dbt.' }).records).has('dbt.orders')).toBe(true);
  });
});

describe('dbtConverter.convert (latest spec)', () => {
  const result = dbtConverter.convert(newer);
  const m = byId(result.records);

  it('maps the same metrics to the same MDL fields as the released spec', () => {
    const r = byId(dbtConverter.convert(released).records);
    expect([...m.keys()].sort()).toEqual([...ALL].sort());
    for (const id of ALL) {
      const want = mapped(r.get(id)!);
      // create_metric measures take the measure's name; in the latest spec the metric has no label either.
      expect(mapped(m.get(id)!), id).toEqual(want);
      expect(m.get(id)!.extensions['/dbt'].spec, id).toBe('latest');
    }
    for (const rec of result.records) expect(normalizeMetric(rec.raw, rec.path).ok).toBe(true);
  });

  it('metrics beside a model keep that model (without its metrics) as context; paths name where they stood', () => {
    const rec = result.records.find((x) => x.provenance.name === 'order_total')!;
    expect(rec.path).toBe('dbt/newer/models/marts/orders.yml:models[0].metrics[0]');
    const model = docOf(newer, 'marts/orders.yml').models[0];
    const { metrics: _m, ...rest } = model;
    expect((rec.raw as Any).extensions['/dbt'].semantic_models).toEqual([{ name: 'orders', definition: rest }]);
    expect((rec.raw as Any).extensions['/dbt'].metric).toEqual(model.metrics[0]);
    expect(result.records.find((x) => x.provenance.name === 'food_order_pct')!.path).toBe('dbt/newer/models/metrics/metrics.yml:metrics[0]');
    expect(result.skipped).toEqual([{ source: 'dbt/newer/models/schema.yml', reason: 'no dbt semantic models, metrics or groups (tests, sources and docs are not imported)' }]);
  });

  it('nothing lost: every metric entry whole, every semantic model entry (less its metrics) and group in extensions', () => {
    const exts = result.records.map((r) => (r.raw as Any).extensions['/dbt']);
    const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
    const entries: unknown[] = [...docOf(newer, 'metrics/metrics.yml').metrics];
    for (const end of ['marts/orders.yml', 'marts/customers.yml']) {
      for (const model of docOf(newer, end).models as Any[]) {
        entries.push(...model.metrics);
        const { metrics: _m, ...rest } = model;
        expect(exts.filter((e) => (e.semantic_models ?? []).some((s: Any) => same(s.definition, rest))), model.name).toHaveLength(1);
      }
    }
    expect(entries).toHaveLength(ALL.length);
    for (const entry of entries) expect(exts.filter((e) => same(e.metric, entry)), JSON.stringify(entry)).toHaveLength(1);
    for (const g of docOf(newer, 'groups.yml').groups as Any[]) expect(exts.some((e) => same(e.group, g)), g.name).toBe(true);
    for (const r of result.records) expect(JSON.stringify(r.raw), (r.raw as Any).metric_id).not.toContain('dbt/newer/');
  });

  it('reads metrics under semantic_model.metrics, shorthand column dimensions and derived_semantics dimensions', () => {
    const doc = {
      models: [{
        name: 'fct', semantic_model: { enabled: true, metrics: [{ name: 'n', type: 'simple', agg: 'count', expr: 1 }] }, agg_time_dimension: 'at',
        columns: [{ name: 'kind', dimension: 'categorical' }, { name: 'at', granularity: 'week', dimension: 'time' }, { name: 'id', entity: 'primary' }],
        derived_semantics: { dimensions: [{ name: 'size', type: 'categorical', expr: "case when x > 1 then 'l' else 's' end" }] },
      }],
    };
    const [rec] = dbtConverter.convert([{ source: 'm.yml', doc }]).records;
    expect(rec!.path).toBe('m.yml:models[0].semantic_model.metrics[0]');
    expect(rec!.raw).toMatchObject({
      metric_id: 'n', definition: { formula: 'COUNT(1)' },
      data: { primary_sources: [{ system: 'dbt', table_or_stream: 'fct' }], time_grain: ['week'] },
      dimensions: [{ name: 'kind' }, { name: 'at' }, { name: 'size' }],
    });
  });
});

describe('dbtConverter on odd input', () => {
  it('never throws: unknown measures become unresolved references, cycles end, nameless entries are listed', () => {
    const doc = {
      semantic_models: [{}, { name: 'sm', model: 'raw.table', measures: [null, { name: 'm1', agg: 'average', expr: 'x' }] }],
      metrics: [
        null, 5, { type: 'simple' },
        { name: 'a', type: 'simple', type_params: { measure: 'no_such_measure' } },
        { name: 'b', type: 'derived', type_params: { expr: 'c + 1', metrics: ['c'] } },
        { name: 'c', type: 'derived', type_params: { expr: 'b - 1', metrics: [{ name: 'b' }] } },
        { name: 'd', type: 'ratio', type_params: { numerator: 'a' } },
        { name: 'e', type: 'simple', type_params: { measure: { name: 'm1', filter: ['x > 0'] } }, filter: 'y' },
      ],
      saved_queries: [{ name: 'q' }],
    };
    const res = dbtConverter.convert([{ source: 'odd.yml', doc }, { source: 'empty.yml', doc: null }]);
    const m = byId(res.records);
    expect([...m.keys()]).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(m.get('a')!.relationships).toEqual({ upstream_metric_ids: ['no_such_measure'] });
    expect(m.get('a')!.extensions['/dbt'].unresolved_measures).toEqual(['no_such_measure']);
    expect(m.get('b')!.relationships).toEqual({ upstream_metric_ids: ['c'] });
    expect(m.get('c')!.relationships).toEqual({ upstream_metric_ids: ['b'] });
    expect(m.get('d')!.definition).toEqual({ numerator: { event_name: 'a' } });
    expect(m.get('e')!.definition).toEqual({ formula: 'AVG(x)', numerator: { filters: ['y', 'x > 0'] } });
    expect(m.get('e')!.data.primary_sources).toEqual([{ system: 'dbt', table_or_stream: 'raw.table' }]);
    for (const r of res.records) expect(normalizeMetric(r.raw, r.path).ok).toBe(true);
    expect(res.skipped).toEqual([
      { source: 'empty.yml', reason: 'no dbt semantic models, metrics or groups (tests, sources and docs are not imported)' },
      { source: 'odd.yml', reason: 'odd.yml:metrics[2] has no name (not imported)' },
      { source: 'odd.yml', reason: 'saved query q queries no metric of this import (not imported)' },
    ]);
  });

  it('a metric over more models than the schema lists hold stays valid (sources and dimensions capped), scalar filters become text', () => {
    const semantic_models = Array.from({ length: 150 }, (_, i) => ({
      name: `sm${i}`, model: `ref('t${i}')`, dimensions: [{ name: `a${i}`, type: 'categorical' }, { name: `b${i}`, type: 'categorical' }],
      measures: [{ name: `m${i}`, agg: 'sum' }],
    }));
    const metrics = [
      ...semantic_models.map((_, i) => ({ name: `s${i}`, type: 'simple', type_params: { measure: `m${i}` } })),
      { name: 'all', type: 'derived', type_params: { expr: 's0 + s1', metrics: semantic_models.map((_, i) => `s${i}`) }, filter: [5, '', true] },
    ];
    const rec = dbtConverter.convert([{ source: 'big.yml', doc: { semantic_models, metrics } }]).records.find((r) => r.provenance.name === 'all')!;
    const raw = rec.raw as Any;
    expect(raw.data.primary_sources).toHaveLength(100);
    expect(raw.dimensions).toHaveLength(200);
    expect(raw.relationships.upstream_metric_ids).toHaveLength(150);
    expect(raw.definition.numerator).toEqual({ filters: ['5', 'true'] });
    expect(normalizeMetric(raw, rec.path).ok).toBe(true);
  });

  it('a cumulative metric on a measure links to the metric named like it, else to the one unfiltered simple metric on it', () => {
    const semantic_models = [{ name: 'sm', model: "ref('t')", measures: [{ name: 'amt', agg: 'sum' }, { name: 'cnt', agg: 'count', expr: 1 }] }];
    const metrics = [
      { name: 'revenue', type: 'simple', type_params: { measure: 'amt' } },
      { name: 'paid_revenue', type: 'simple', type_params: { measure: 'amt' }, filter: 'paid' },
      { name: 'n1', type: 'simple', type_params: { measure: 'cnt' } },
      { name: 'n2', type: 'simple', type_params: { measure: { name: 'cnt' } } },
      { name: 'revenue_cum', type: 'cumulative', type_params: { measure: 'amt' } },
      { name: 'n_cum', type: 'cumulative', type_params: { measure: 'cnt', window: '7 days' } },
    ];
    const m = byId(dbtConverter.convert([{ source: 's.yml', doc: { semantic_models, metrics } }]).records);
    expect(m.get('revenue_cum')!.relationships).toEqual({ upstream_metric_ids: ['revenue'] });
    expect(m.get('revenue_cum')!.definition).toEqual({ formula: 'SUM(amt)', formula_detail: 'cumulative over all time' });
    // Two metrics on cnt: which one is meant is not known, so no link is made up.
    expect(m.get('n_cum')!.relationships).toBeUndefined();
  });

  it('writes each aggregation as SQL, and reads ref() forms', () => {
    expect(aggSql({ agg: 'median', expr: 'x' }, 'n')).toBe('MEDIAN(x)');
    expect(aggSql({ agg: 'max' }, 'n')).toBe('MAX(n)');
    expect(aggSql({ agg: 'percentile', expr: 'x', agg_params: { percentile: 0.5, use_discrete_percentile: true } }, 'n')).toBe('PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY x)');
    expect(aggSql({ agg: 'percentile', expr: 'x', agg_params: { percentile: 0.9, use_approximate_percentile: true } }, 'n')).toBe('APPROX_PERCENTILE(0.9) WITHIN GROUP (ORDER BY x)');
    expect(aggSql({ agg: 'percentile', expr: 'x', percentile: 50, percentile_type: 'discrete' }, 'n')).toBe('PERCENTILE_DISC(0.5) WITHIN GROUP (ORDER BY x)');
    expect(aggSql({ agg: 'stddev', expr: 'x' }, 'n')).toBe('STDDEV(x)');
    expect(aggSql({}, 'n')).toBeUndefined();
    expect(refTarget("ref('fct_orders')")).toBe('fct_orders');
    expect(refTarget('{{ ref("pkg", "dim_users") }}')).toBe('dim_users');
    expect(refTarget('analytics.orders')).toBe('analytics.orders');
  });
});

describe('dbt saved queries and property files', () => {
  const semantic = { semantic_models: [{ name: 'orders', model: "ref('orders')", measures: [{ name: 'order_count', agg: 'sum', expr: 1 }] }] };
  const metrics = { metrics: [{ name: 'orders', type: 'simple', type_params: { measure: 'order_count' } }, { name: 'big', type: 'simple', type_params: { measure: 'order_count' }, filter: 'x > 20' }] };
  const high = { name: 'high_value', query_params: { metrics: ['orders', 'big'], group_by: ["Dimension('order__x')"], where: ['x > 100'] }, exports: [{ name: 't', config: { export_as: 'table' } }] };
  const stray = { name: 'elsewhere', query_params: { metrics: ['not_here'] } };

  it('claims saved-query, exposure and other property files with or without version: 2, but not a bare models list', () => {
    expect(dbtConverter.detect({ saved_queries: [high] })).toBe(true);
    expect(dbtConverter.detect({ version: 2, saved_queries: [high] })).toBe(true);
    expect(dbtConverter.detect({ exposures: [{ name: 'e', type: 'dashboard' }] })).toBe(true);
    expect(dbtConverter.detect({ version: 2, exposures: [{ name: 'e', type: 'dashboard' }] })).toBe(true);
    expect(dbtConverter.detect({ version: 2, metrics: [] })).toBe(true);
    expect(dbtConverter.detect({ version: 2 })).toBe(true);
    expect(dbtConverter.detect({ models: [{ name: 'm' }] })).toBe(false);
    expect(dbtConverter.detect({ exposures: [], name: 'tooling' })).toBe(false);
  });

  it('keeps each saved query whole with every metric it queries; one that queries none is listed as skipped', () => {
    const res = dbtConverter.convert([
      { source: 'm.yml', doc: semantic }, { source: 'metrics.yml', doc: metrics },
      { source: 'saved_queries.yml', doc: { saved_queries: [high, stray] } }, { source: 'exposures.yml', doc: { exposures: [{ name: 'e' }] } },
    ]);
    const m = byId(res.records);
    expect(m.get('orders')!.extensions['/dbt'].saved_queries).toEqual([high]);
    expect(m.get('big')!.extensions['/dbt'].saved_queries).toEqual([high]);
    for (const r of res.records) expect(normalizeMetric(r.raw, r.path).ok).toBe(true);
    expect(res.skipped).toEqual([
      { source: 'exposures.yml', reason: 'no dbt semantic models, metrics or groups (tests, sources and docs are not imported)' },
      { source: 'saved_queries.yml', reason: 'saved query elsewhere queries no metric of this import (not imported)' },
    ]);
    // The model's context once (first reader), the other reader pointing at it.
    expect(m.get('orders')!.extensions['/dbt'].semantic_models).toEqual([{ name: 'orders', definition: { name: 'orders', model: "ref('orders')" }, measures: semantic.semantic_models[0]!.measures }]);
    expect(m.get('big')!.extensions['/dbt'].semantic_models).toEqual([{ name: 'orders', definition_in: 'orders', measures: semantic.semantic_models[0]!.measures }]);
  });
});
