import fc from 'fast-check';
import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { Domain } from '../../../src/modules/domains/schema.js';
import type { Metric } from '../../../src/modules/metrics/schema.js';
import type { Objective } from '../../../src/modules/objectives/schema.js';
import { writeCatalog, type CatalogExport } from '../../../src/modules/io/export.js';
import { CollectingWritable, FIXTURES, loadCanonical } from './helpers.js';

async function* slowly<T>(items: T[]): AsyncGenerator<T> {
  for (const item of items) {
    await new Promise((r) => setImmediate(r));
    yield item;
  }
}

async function exportText(data: CatalogExport, format: 'json' | 'yaml', slow = false): Promise<string> {
  const out = new CollectingWritable(slow);
  await writeCatalog(out, data, format);
  return out.text;
}

const metric = (id: string, extra: Partial<Metric> = {}): Metric => ({ metric_id: id, name: `Metric ${id}`, ...extra });

describe('writeCatalog: JSON', () => {
  it('writes exactly JSON.stringify(catalog, null, 2): meta first in catalog order, then domains, objectives, metrics', async () => {
    const meta = { x_extra: true, contacts: [{ name: 'a' }], catalog_name: 'c', catalog_version: '1', owner_team: 't', metrics: 'ignored' };
    const domains: Domain[] = [{ domain_id: 'd', name: 'D', version: '2', created_at: '2025-01-01T00:00:00Z' }];
    const text = await exportText({ meta, domains, objectives: [], metrics: [metric('a'), metric('b')] }, 'json');
    const expected = {
      catalog_version: '1', catalog_name: 'c', owner_team: 't', contacts: [{ name: 'a' }], x_extra: true,
      domains, objectives: [], metrics: [metric('a'), metric('b')],
    };
    expect(text).toBe(`${JSON.stringify(expected, null, 2)}\n`);
  });

  it('writes only the arrays when there is no meta', async () => {
    const text = await exportText({ meta: null, domains: [], objectives: [], metrics: [] }, 'json');
    expect(text).toBe(`${JSON.stringify({ domains: [], objectives: [], metrics: [] }, null, 2)}\n`);
  });

  it('restores extensions into place and writes server-managed fields as they are', async () => {
    const m = metric('a', { definition: { unit: '%' }, governance: { version: '1.2.0', updated_at: '2025-01-01T00:00:00Z' }, extensions: { '/definition/custom': 1, '/targets_and_alerts/alert_rules/3/x': 2 } });
    const o: Objective = { objective_id: 'o', name: 'O', version: '3', key_results: [{ kr_id: 'k', reported_progress_percentage: 10, progress: 12.5 }] };
    const doc = JSON.parse(await exportText({ meta: null, domains: [], objectives: [o], metrics: [m] }, 'json'));
    expect(doc.metrics[0]).toEqual({
      metric_id: 'a', name: 'Metric a', definition: { unit: '%', custom: 1 }, governance: { version: '1.2.0', updated_at: '2025-01-01T00:00:00Z' },
      extensions: { '/targets_and_alerts/alert_rules/3/x': 2 },
    });
    expect(doc.objectives[0]).toEqual(o);
  });

  it('waits for drain on a slow output and pulls records lazily', async () => {
    const out = new CollectingWritable(true);
    const metrics = Array.from({ length: 200 }, (_, i) => metric(`m${i}`, { description: 'x'.repeat(100) }));
    const counts = await writeCatalog(out, { meta: { catalog_name: 'c' }, domains: slowly([]), objectives: slowly([]), metrics: slowly(metrics) }, 'json');
    expect(counts).toEqual({ domains: 0, objectives: 0, metrics: 200, skipped: [] });
    expect(out.drains).toBeGreaterThan(100);
    expect(JSON.parse(out.text).metrics).toEqual(metrics);
    expect(out.writableFinished).toBe(true);
  });

  it('leaves the output open with { end: false }', async () => {
    const out = new CollectingWritable();
    await writeCatalog(out, { meta: null, domains: [], objectives: [], metrics: [] }, 'json', { end: false });
    expect(out.writableEnded).toBe(false);
  });

  it('fails instead of hanging when the output breaks mid-export', async () => {
    const out = new PassThrough({ highWaterMark: 64 }); // nobody reads: it fills up and waits for drain
    const pending = writeCatalog(out, { meta: null, domains: [], objectives: [], metrics: Array.from({ length: 50 }, (_, i) => metric(`m${i}`)) }, 'json');
    setTimeout(() => out.destroy(new Error('disk full')), 20);
    await expect(pending).rejects.toThrow(/disk full|closed/);
    const failing = new Writable({ write: (_c, _e, cb) => cb(new Error('EIO')) });
    await expect(writeCatalog(failing, { meta: null, domains: [], objectives: [], metrics: [metric('a'), metric('b')] }, 'json')).rejects.toThrow(/EIO/);
  });
});

describe('writeCatalog: YAML', () => {
  it('parses back to the same data as the JSON export, for awkward strings too', async () => {
    const tricky = metric('a', {
      description: 'line one\n\n  indented line\nlast line with trailing spaces   \n',
      short_name: '- not a list',
      category: 'yes',
      tier: '1',
      tags: ['# not a comment', 'key: value', '"quoted"', "it's", '@at', '*star', '!bang', '%pct', '{x}', '[y]', '~', 'null', ''],
      definition: { formula: '|\n>', example_calculation: { 'weird key: x': 1, '': 2, nested: { deep: [[], {}] } } },
    });
    const data = (): CatalogExport => ({ meta: { catalog_name: 'c', contacts: [] }, domains: [], objectives: [], metrics: [tricky, metric('b')] });
    const yaml = await exportText(data(), 'yaml');
    const json = await exportText(data(), 'json');
    expect(parseYaml(yaml)).toEqual(JSON.parse(json));
    // Quoted for YAML 1.1 readers, which would read a bare yes as a boolean.
    expect(yaml).toContain('    category: "yes"\n');
    expect(yaml).toMatch(/^catalog_name: c\ncontacts: \[\]\ndomains: \[\]\nobjectives: \[\]\nmetrics:\n {2}- metric_id: a\n/);
  });

  it('round-trips random records (property)', async () => {
    // JSON has no negative zero (JSON.stringify(-0) is "0") while YAML keeps "-0": compare JSON-representable data only.
    const record = fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 5 }).map((r) => JSON.parse(JSON.stringify(r)) as Record<string, unknown>);
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 4 }), async (records) => {
        const metrics = records.map((r, i) => ({ ...r, metric_id: `m${i}`, name: 'n' }) as Metric);
        const data = (): CatalogExport => ({ meta: null, domains: [], objectives: [], metrics });
        expect(parseYaml(await exportText(data(), 'yaml'))).toEqual(JSON.parse(await exportText(data(), 'json')));
      }),
      { numRuns: 150 },
    );
  });
});

describe('round trip: normalize → export → read → normalize', () => {
  const cases = [
    ['catalog.yaml', 'json'], ['catalog.yaml', 'yaml'], ['catalog.json', 'json'], ['catalog.json', 'yaml'],
    ['metric-file-form.yaml', 'yaml'], ['domain-file-form.json', 'json'], ['objective-file-form.yaml', 'json'],
  ] as const;

  it.each(cases)('%s via %s', async (file, format) => {
    const first = await loadCanonical({ path: `${FIXTURES}${file}` });
    const data = (): CatalogExport => ({
      meta: first.meta,
      domains: first.domains as Domain[],
      objectives: first.objectives as Objective[],
      metrics: slowly(first.metrics as Metric[]),
    });
    const text = await exportText(data(), format, true);
    const second = await loadCanonical({ text, format });
    expect(second.domains).toEqual(first.domains);
    expect(second.objectives).toEqual(first.objectives);
    expect(second.metrics).toEqual(first.metrics);
    expect(second.meta).toEqual(first.meta);
  });

  it('the export puts unknown fields back where the file had them', async () => {
    const first = await loadCanonical({ path: `${FIXTURES}catalog.yaml` });
    const doc = JSON.parse(await exportText({ meta: first.meta, domains: first.domains as Domain[], objectives: first.objectives as Objective[], metrics: first.metrics as Metric[] }, 'json'));
    expect(doc.generated_by).toBe('hand-written fixture');
    expect(doc.metrics[0].definition.numerator.custom_note).toMatch(/invoice finalization/);
    expect(doc.metrics[2].targets_and_alerts.alert_rules[0].runbook).toMatch(/churn-spike/);
    expect(doc.objectives[1].key_results[0].confidence).toBe(0.7);
    expect(doc.metrics.concat(doc.domains, doc.objectives).some((r: { extensions?: unknown }) => r.extensions)).toBe(false);
  });
});

describe('YAML export of ambiguous strings', () => {
  it('quotes keys and values that YAML 1.1 or 1.2 would read as another type', async () => {
    const { parse } = await import('yaml');
    const tricky = ['0o0', '0x1F', '0123', 'yes', 'No', 'on', '~', 'null', 'true', '1e3', '.inf', '2024-01-01', '12:30', '+1', '-0'];
    const metric = { metric_id: 'm', name: 'n', tags: tricky, extensions: Object.fromEntries(tricky.map((k) => [`/${k}`, k])) } as unknown as Metric;
    const yaml = await exportText({ meta: null, domains: [], objectives: [], metrics: [metric] }, 'yaml');
    for (const version of ['1.1', '1.2'] as const) {
      const back = parse(yaml, { version }).metrics[0];
      expect(back.tags, version).toEqual(tricky);
      for (const k of tricky) expect(back[k], `${version} ${k}`).toBe(k);
    }
  });
});
