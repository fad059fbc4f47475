import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { z } from 'zod';
import type { Domain } from '../../../src/modules/domains/schema.js';
import { metricSchema, type Metric } from '../../../src/modules/metrics/schema.js';
import type { Objective } from '../../../src/modules/objectives/schema.js';
import { isPlainObject } from '../../../src/modules/io/json-pointer.js';
import { unwrapSchema } from '../../../src/modules/io/schema-walk.js';
import { FIXTURES, loadCanonical } from './helpers.js';

/** Keeps the hand-written fixtures honest: same content in both formats, complete, and referentially consistent. */

async function catalog() {
  const c = await loadCanonical({ path: `${FIXTURES}catalog.yaml` });
  return { domains: c.domains as Domain[], objectives: c.objectives as Objective[], metrics: c.metrics as Metric[] };
}

/** All object-key paths the schema defines (arrays as "[]"), records not entered. */
function schemaPaths(schema: z.core.$ZodType, prefix: string, out: Set<string>): Set<string> {
  const def = unwrapSchema(schema)._zod.def as unknown as { type: string; shape?: Record<string, z.core.$ZodType>; element?: z.core.$ZodType };
  if (def.type === 'object') {
    for (const [k, child] of Object.entries(def.shape ?? {})) {
      out.add(`${prefix}${k}`);
      schemaPaths(child, `${prefix}${k}.`, out);
    }
  } else if (def.type === 'array' && def.element) {
    schemaPaths(def.element, prefix.replace(/\.$/, '[].'), out);
  }
  return out;
}

function valuePaths(value: unknown, prefix: string, out: Set<string>): Set<string> {
  if (isPlainObject(value)) {
    for (const [k, v] of Object.entries(value)) {
      out.add(`${prefix}${k}`);
      valuePaths(v, `${prefix}${k}.`, out);
    }
  } else if (Array.isArray(value)) {
    for (const v of value) valuePaths(v, prefix.replace(/\.$/, '[].'), out);
  }
  return out;
}

describe('fixtures', () => {
  it('catalog.json holds the same data as catalog.yaml', () => {
    expect(JSON.parse(readFileSync(`${FIXTURES}catalog.json`, 'utf8'))).toEqual(parseYaml(readFileSync(`${FIXTURES}catalog.yaml`, 'utf8')));
  });

  it('the catalog has 3 domains, 2 objectives with KRs, 6 metrics covering every field of the metric shape', async () => {
    const { domains, objectives, metrics } = await catalog();
    expect([domains.length, objectives.length, metrics.length]).toEqual([3, 2, 6]);
    expect(objectives.every((o) => (o.key_results ?? []).length >= 2)).toBe(true);
    const used = new Set<string>();
    for (const m of metrics) valuePaths(m, '', used);
    const missing = [...schemaPaths(metricSchema, '', new Set())].filter((p) => p !== 'extensions' && !used.has(p));
    expect(missing).toEqual([]);
  });

  it('references inside the catalog resolve', async () => {
    const { domains, objectives, metrics } = await catalog();
    const domainIds = new Set(domains.map((d) => d.domain_id));
    const objectiveIds = new Set(objectives.map((o) => o.objective_id));
    const krIds = new Set(objectives.flatMap((o) => (o.key_results ?? []).map((k) => k.kr_id)));
    const metricIds = new Set(metrics.map((m) => m.metric_id));
    const expectIn = (set: Set<string>, ids: Array<string | null | undefined>, what: string) =>
      ids.forEach((id) => expect(set.has(id as string), `${what}: ${id}`).toBe(true));

    for (const d of domains) {
      expectIn(objectiveIds, d.objective_ids ?? [], `domain ${d.domain_id} objective`);
      expectIn(metricIds, d.key_metric_ids ?? [], `domain ${d.domain_id} key metric`);
    }
    for (const o of objectives) {
      expectIn(domainIds, [o.business_domain], `objective ${o.objective_id} domain`);
      expectIn(metricIds, [...(o.metric_ids ?? []), ...(o.key_results ?? []).flatMap((k) => k.metric_ids ?? [])], `objective ${o.objective_id} metric`);
      expect((o.key_results ?? []).every((k) => (k.metric_ids ?? []).length > 0)).toBe(true);
    }
    const byId = new Map(metrics.map((m) => [m.metric_id, m]));
    for (const m of metrics) {
      expectIn(domainIds, [m.business_domain], `metric ${m.metric_id} domain`);
      expectIn(objectiveIds, m.alignment?.primary_objective_ids ?? [], `metric ${m.metric_id} objective`);
      expectIn(krIds, m.alignment?.related_okr_ids ?? [], `metric ${m.metric_id} KR`);
      expectIn(metricIds, [...(m.relationships?.upstream_metric_ids ?? []), ...(m.relationships?.downstream_metric_ids ?? [])], `metric ${m.metric_id} lineage`);
      // Lineage is declared on both ends.
      for (const up of m.relationships?.upstream_metric_ids ?? []) expect(byId.get(up)?.relationships?.downstream_metric_ids).toContain(m.metric_id);
    }
    expect(metrics.some((m) => (m.relationships?.upstream_metric_ids ?? []).length > 0)).toBe(true);
  });

  it('the single-record file forms refer to catalog entities', async () => {
    const { domains, objectives, metrics } = await catalog();
    const metricIds = new Set(metrics.map((m) => m.metric_id));
    const m = (await loadCanonical({ path: `${FIXTURES}metric-file-form.yaml` })).metrics[0] as Metric;
    expect(domains.map((d) => d.domain_id)).toContain(m.business_domain);
    expect(objectives.map((o) => o.objective_id)).toEqual(expect.arrayContaining(m.alignment?.primary_objective_ids ?? []));
    expect([...metricIds]).toEqual(expect.arrayContaining(m.relationships?.upstream_metric_ids ?? []));
    expect(m.targets_and_alerts?.alert_rules?.[0]).toMatchObject({ rule_id: 'trial-conversion-drop', notify_channels: ['#growth-alerts'] });

    const d = (await loadCanonical({ path: `${FIXTURES}domain-file-form.json` })).domains[0] as Domain;
    expect([...metricIds]).toEqual(expect.arrayContaining(d.key_metric_ids ?? []));
    expect(d).toMatchObject({ domain_id: 'customer', owner_team: 'cx-insights' });

    const o = (await loadCanonical({ path: `${FIXTURES}objective-file-form.yaml` })).objectives[0] as Objective;
    expect(o).toMatchObject({ name: expect.any(String), owner_team: 'finance-analytics', timeframe: { start: '2025-01-01', end: '2025-06-30' } });
    expect([...metricIds]).toEqual(expect.arrayContaining([...(o.metric_ids ?? []), ...(o.key_results ?? []).flatMap((k) => k.metric_ids ?? [])]));
    expect(o.key_results?.map((k) => k.reported_progress_percentage)).toEqual([50, null]);
  });
});
