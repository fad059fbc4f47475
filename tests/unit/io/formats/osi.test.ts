import { readFileSync } from 'node:fs';
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { osiConverter } from '../../../../src/modules/io/formats/osi.js';
import { omittedInOsi, toOsi } from '../../../../src/modules/io/formats/osi-export.js';
import { normalizeMetric } from '../../../../src/modules/io/index.js';
import type { Metric } from '../../../../src/modules/metrics/schema.js';

const schema = JSON.parse(readFileSync('vendor/osi/osi-schema.json', 'utf8')) as object;
// ajv's CJS default export under ESM interop.
type Validator = ((data: unknown) => boolean) & { errors?: unknown };
const AjvCtor = ((Ajv2020 as unknown as { default?: unknown }).default ?? Ajv2020) as unknown as new (o: object) => { compile(s: object): Validator };
const validate = new AjvCtor({ strict: false }).compile(schema);

const doc = parse(readFileSync('tests/fixtures/osi/shop.yaml', 'utf8')) as any;
const file = { source: 'osi/shop.yaml', doc };

function normalized(docs: { source: string; doc: unknown }[]): Metric[] {
  return osiConverter.convert(docs).records.map((r) => {
    const res = normalizeMetric(r.raw, r.path);
    if (!res.ok) throw new Error(JSON.stringify(res.issues));
    return res.value;
  });
}

describe('osiConverter', () => {
  it('the fixture itself is valid against the vendored schema', () => {
    expect(validate(doc), JSON.stringify(validate.errors)).toBe(true);
  });

  it('detects semantic_model documents', () => {
    expect(osiConverter.detect(doc)).toBe(true);
    expect(osiConverter.detect({ cubes: [] })).toBe(false);
  });

  it('maps metrics with ANSI_SQL (else first) formula, sources and dimensions', () => {
    const { records, skipped } = osiConverter.convert([file]);
    expect(skipped).toEqual([]);
    expect(records.map((r) => r.path)).toEqual(['osi/shop.yaml:semantic_model[0].metrics[0]', 'osi/shop.yaml:semantic_model[0].metrics[1]']);
    const [rev, per] = records.map((r) => r.raw as any);
    expect(rev.metric_id).toBe('shop.total_revenue');
    expect(rev.description).toBe('Sum of order amounts');
    expect(rev.definition.formula).toBe('SUM(orders.amount)');
    expect(rev.data.primary_sources).toEqual([{ system: 'osi', table_or_stream: 'db.public.orders' }]);
    expect(rev.dimensions).toEqual([{ name: 'status' }, { name: 'order_date' }]);
    expect(per.definition.formula).toBe('SUM(orders.amount) / COUNT(DISTINCT customers.customer_id)');
    expect(per.data.primary_sources).toHaveLength(2);
    expect(per.dimensions).toEqual([{ name: 'status' }, { name: 'order_date' }, { name: 'region' }]);
    expect(rev.extensions['/osi'].metric).toEqual(doc.semantic_model[0].metrics[0]);
    // The whole model (but its metrics) is held once, by its first metric; the others name that metric.
    const { metrics: _m, ...model } = doc.semantic_model[0];
    expect(rev.extensions['/osi']).toMatchObject({ model: 'shop', semantic_model: model, metric_order: ['total_revenue', 'revenue_per_customer'] });
    expect(per.extensions['/osi']).toEqual({ version: doc.version, model: 'shop', metric: doc.semantic_model[0].metrics[1], semantic_model_in: 'shop.total_revenue' });
    expect(records.map((r) => r.provenance.name)).toEqual(['shop.total_revenue', 'shop.revenue_per_customer']);
  });

  it('every record passes normalizeMetric with its extensions intact', () => {
    const metrics = normalized([file]);
    expect(metrics[0]!.extensions?.['/osi']).toMatchObject({ metric: doc.semantic_model[0].metrics[0] });
  });

  it('import → toOsi validates and re-imports to equal MDL documents', () => {
    const first = normalized([file]);
    const out = toOsi(first, { name: 'shop' }) as any;
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out.semantic_model[0].metrics).toEqual(doc.semantic_model[0].metrics);
    expect(out.semantic_model[0].ai_context).toEqual(doc.semantic_model[0].ai_context);
    const again = normalized([{ source: 'osi/shop.yaml', doc: out }]);
    expect(again).toEqual(first);
  });
});

describe('toOsi from plain MDL metrics', () => {
  it('writes formula, sources and dimensions; skips metrics without a formula; validates', () => {
    const metrics: Metric[] = [
      {
        metric_id: 'revenue',
        name: 'Revenue',
        description: 'All revenue',
        definition: { formula: 'SUM(amount)' },
        data: { primary_sources: [{ system: 'pg', table_or_stream: 'public.orders' }] },
        dimensions: [{ name: 'region' }],
      },
      { metric_id: 'orders', name: 'Orders', definition: { formula: 'COUNT(*)' }, data: { primary_sources: [{ table_or_stream: 'public.orders' }] }, dimensions: [{ name: 'channel' }] },
      { metric_id: 'nps', name: 'NPS' },
    ];
    const out = toOsi(metrics, { name: 'mdl', description: 'From MDL' }) as any;
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    const model = out.semantic_model[0];
    expect(model.metrics.map((m: any) => m.name)).toEqual(['revenue', 'orders']);
    expect(model.metrics[0].expression).toEqual({ dialects: [{ dialect: 'ANSI_SQL', expression: 'SUM(amount)' }] });
    expect(model.datasets).toHaveLength(1);
    expect(model.datasets[0].source).toBe('public.orders');
    expect(model.datasets[0].fields.map((f: any) => f.name)).toEqual(['region', 'channel']);
  });

  it('an empty list still gives a valid document', () => {
    expect(validate(toOsi([], { name: 'empty' }))).toBe(true);
  });
});

describe('toOsi: models, omitted metrics, MDL identity', () => {
  const plain: Metric = { metric_id: 'M-1', name: 'Orders', definition: { formula: 'COUNT(*)' }, data: { primary_sources: [{ table_or_stream: 'public.orders' }, { table_or_stream: 'public.users' }] } };

  it('keeps an OSI model apart from the MDL-built one, so each imports back under its own ids', () => {
    const fromOsi = normalized([file]);
    const out = toOsi([...fromOsi, plain], { name: 'catalog' }) as any;
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out.semantic_model.map((m: any) => m.name)).toEqual(['shop', 'catalog']);
    const back = normalized([{ source: 'x.yaml', doc: out }]);
    expect(back.map((m) => m.metric_id)).toEqual(['shop.total_revenue', 'shop.revenue_per_customer', 'M-1']);
    // The MDL extension names the metric's datasets, which its formula does not.
    expect(back[2]).toMatchObject({ name: 'Orders', data: { primary_sources: [{ table_or_stream: 'public.orders' }, { table_or_stream: 'public.users' }] } });
  });

  it('lists metrics without a formula in the model and to onOmit; a later export lists only its own', () => {
    const told: string[] = [];
    const out = toOsi([plain, { metric_id: 'M-2', name: 'No formula' }], { name: 'mdl', onOmit: (o) => told.push(o.metric_id) }) as any;
    expect(validate(out)).toBe(true);
    expect(told).toEqual(['M-2']);
    expect(omittedInOsi(out)).toEqual([{ metric_id: 'M-2', reason: 'no formula: an OSI metric requires an expression' }]);
    // Imported back, re-exported with nothing left out: the stale list is gone, other vendors' extensions stay.
    out.semantic_model[0].custom_extensions.push({ vendor_name: 'DBT', data: '{}' });
    const again = toOsi(normalized([{ source: 'x.yaml', doc: out }]), { name: 'other' }) as any;
    expect(again.semantic_model[0].custom_extensions).toEqual([{ vendor_name: 'DBT', data: '{}' }]);
    expect(omittedInOsi(again)).toEqual([]);
  });
});

describe('toOsi → osiConverter: what OSI cannot hold comes back', () => {
  const roundTrip = (metrics: Metric[]) => {
    const out = toOsi(metrics, { name: 'mdl' }) as any;
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    return { out, back: normalized([{ source: 'mdl.osi.yaml', doc: out }]) };
  };
  const withoutOsi = (m: Metric) => {
    const { extensions, ...rest } = m;
    const { '/osi': _o, ...others } = extensions ?? {};
    return Object.keys(others).length > 0 ? { ...rest, extensions: others } : rest;
  };

  it('each metric of a shared table gets its own dimensions back, not every dimension of the table', () => {
    const source = { system: 'warehouse', table_or_stream: 'orders' };
    const a: Metric = { metric_id: 'A', name: 'By region', definition: { formula: 'COUNT(*)' }, data: { primary_sources: [source] }, dimensions: [{ name: 'region' }] };
    const b: Metric = { metric_id: 'B', name: 'By channel', definition: { formula: 'COUNT(*)' }, data: { primary_sources: [source] }, dimensions: [{ name: 'channel', required: true }] };
    const { out, back } = roundTrip([a, b]);
    // The shared dataset still lists both fields for OSI readers.
    expect(out.semantic_model[0].datasets[0].fields.map((f: any) => f.name)).toEqual(['region', 'channel']);
    expect(back.map(withoutOsi)).toEqual([a, b]);
  });

  it('a filtered metric: plain SQL filters go into the expression, Jinja ones into ai_context; the MDL definition comes back', () => {
    const plain: Metric = { metric_id: 'all', name: 'Orders', metric_type: 'simple', definition: { formula: 'SUM(1)' } };
    const sqlFiltered: Metric = { metric_id: 'big', name: 'Big', metric_type: 'simple', definition: { formula: 'COUNT(DISTINCT order_id)', numerator: { filters: ['amount >= 20', "status = 'paid'"] } } };
    const jinja: Metric = { metric_id: 'large', name: 'Large', metric_type: 'simple', definition: { formula: 'SUM(1)', numerator: { filters: ["{{ Dimension('order__total') }} >= 20"] } } };
    const ratio: Metric = { metric_id: 'share', name: 'Share', metric_type: 'ratio', definition: { formula: 'SUM(a) / SUM(b)', numerator: { event_name: 'a', filters: ['x > 1'] }, denominator: { event_name: 'b' } } };
    const { out, back } = roundTrip([plain, sqlFiltered, jinja, ratio]);
    const [p, s, j, r] = out.semantic_model[0].metrics;
    expect(p.expression.dialects[0].expression).toBe('SUM(1)');
    expect(p.ai_context).toBeUndefined();
    expect(s.expression.dialects[0].expression).toBe("COUNT(DISTINCT CASE WHEN (amount >= 20) AND (status = 'paid') THEN order_id END)");
    expect(s.ai_context).toBeUndefined();
    // Jinja is not SQL: the expression stays the formula, and the filter is said beside it.
    expect(j.expression.dialects[0].expression).toBe('SUM(1)');
    expect(j.ai_context.instructions).toContain("{{ Dimension('order__total') }} >= 20");
    // A ratio's formula is not one aggregate: the numerator's filter is not pushed into it.
    expect(r.expression.dialects[0].expression).toBe('SUM(a) / SUM(b)');
    expect(r.ai_context.instructions).toContain('x > 1');
    expect(back.map(withoutOsi)).toEqual([plain, sqlFiltered, jinja, ratio]);
    // Imported and exported again: the same document.
    expect(toOsi(back, { name: 'mdl' })).toEqual(out);
  });

  it('an expression another tool changed wins over the carried formula', () => {
    const { out } = roundTrip([{ metric_id: 'big', name: 'Big', definition: { formula: 'SUM(1)', numerator: { filters: ['amount > 1'] }, unit: 'orders' } }]);
    out.semantic_model[0].metrics[0].expression.dialects[0].expression = 'SUM(2)';
    const [back] = normalized([{ source: 'x.yaml', doc: out }]);
    expect(back!.definition).toEqual({ formula: 'SUM(2)', numerator: { filters: ['amount > 1'] }, unit: 'orders' });
  });

  it('a model imported and exported again keeps the datasets, relationships and fields no metric names', () => {
    const model = {
      name: 'ecommerce', description: 'Orders and customers', ai_context: 'sales',
      datasets: [{ name: 'orders', source: 'sales.orders', fields: [{ name: 'id', expression: sql('id') }] }, { name: 'customers', source: 'sales.customers' }, { name: 'unused', source: 'sales.unused' }],
      relationships: [{ name: 'orders_to_customers', from: 'orders', to: 'customers', from_columns: ['customer_id'], to_columns: ['id'] }],
      metrics: [{ name: 'b_revenue', expression: sql('SUM(orders.amount)') }, { name: 'a_count', expression: sql('COUNT(*)') }],
    };
    const source = { version: '0.2.0.dev0', semantic_model: [model] };
    const first = normalized([{ source: 'e.yaml', doc: source }]);
    // Exported in another order (the catalog lists by id): the model's order comes back all the same.
    const out = toOsi([...first].reverse(), { name: 'mdl' }) as any;
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out).toEqual(source);
    expect(normalized([{ source: 'e.yaml', doc: out }])).toEqual(first);
  });

  it('two files holding a model of one name: one model back, with the datasets and metrics of both', () => {
    const part = (dataset: string, metric: string) => ({ version: '0.2.0.dev0', semantic_model: [{ name: 'split', datasets: [{ name: dataset, source: `db.${dataset}` }], metrics: [{ name: metric, expression: sql(`SUM(${dataset}.x)`) }] }] });
    const out = toOsi(normalized([{ source: 'a.yaml', doc: part('a', 'ma') }, { source: 'b.yaml', doc: part('b', 'mb') }]), { name: 'mdl' }) as any;
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out.semantic_model).toHaveLength(1);
    expect(out.semantic_model[0].datasets.map((d: any) => d.name)).toEqual(['a', 'b']);
    expect(out.semantic_model[0].metrics.map((m: any) => m.name)).toEqual(['ma', 'mb']);
  });

  it('a metric stored before the model was held once (its own datasets and relationships) still exports', () => {
    const legacy: Metric = {
      metric_id: 'shop.total_revenue', name: 'total_revenue', definition: { formula: 'SUM(orders.amount)' },
      extensions: { '/osi': { semantic_model: { name: 'shop', ai_context: 'old' }, metric: { name: 'total_revenue', expression: sql('SUM(orders.amount)') }, datasets: [{ name: 'orders', source: 'db.orders' }], relationships: [], dataset_order: ['orders'] } },
    };
    const out = toOsi([legacy], { name: 'mdl' }) as any;
    expect(validate(out), JSON.stringify(validate.errors)).toBe(true);
    expect(out.semantic_model).toEqual([{ name: 'shop', ai_context: 'old', datasets: [{ name: 'orders', source: 'db.orders' }], metrics: [{ name: 'total_revenue', expression: sql('SUM(orders.amount)') }] }]);
  });
});

function sql(expression: string) {
  return { dialects: [{ dialect: 'ANSI_SQL', expression }] };
}
