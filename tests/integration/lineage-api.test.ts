import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LineageRepository } from '../../src/modules/lineage/repository.js';
import { LineageService } from '../../src/modules/lineage/service.js';
import { localContext } from '../../src/shared/context.js';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type Injector, type TestApp } from '../helpers/app.js';
import { sampleDomain, sampleMetric, sampleObjective } from '../helpers/samples.js';

type Graph = {
  root: string; truncated: boolean; max_nodes: number; depth: number; direction: string;
  nodes: Array<{ key: string; type: string; id: string; name: string | null; unresolved: boolean; hops: number | null; status?: string; tier?: string; domain?: string; objective_id?: string }>;
  edges: Array<{ from: string; to: string; relation: string; declared_by: string; field: string }>;
};

const m = (id: string, relationships: { upstream_metric_ids?: string[]; downstream_metric_ids?: string[] } = {}, over: Record<string, unknown> = {}) =>
  sampleMetric({ metric_id: id, name: `Metric ${id}`, relationships, ...over });

/**
 * GET /metrics/:id/lineage (issue 9): upstream ROOT ← U1 ← U2 ← U3 (U1 also names GHOST, which does
 * not exist); downstream ROOT → D1 → D2 → D1 (a cycle); ROOT's domain, objective and key result, and
 * an objective that does not exist.
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`metric lineage on ${engine.label}`, () => {
    let t: TestApp;
    let other: Injector;
    const get = async (url: string, as: Injector = t.app) => as.inject({ method: 'GET', url });
    const graph = async (query: string, id = 'ROOT', as?: Injector): Promise<Graph> => {
      const r = await get(`/api/v1/metrics/${id}/lineage${query}`, as);
      expect(r.statusCode, r.body).toBe(200);
      return r.json() as Graph;
    };
    const metricIds = (g: Graph) => g.nodes.filter((n) => n.type === 'metric').map((n) => n.id).sort();
    const edge = (g: Graph, from: string, to: string) => g.edges.filter((e) => e.from === from && e.to === to);

    beforeAll(async () => {
      t = await createTestApp(engine.name);
      const post = async (path: string, payload: object) => {
        const r = await t.app.inject({ method: 'POST', url: `/api/v1/${path}`, payload });
        expect(r.statusCode, r.body).toBe(201);
      };
      await post('domains', sampleDomain({ key_metric_ids: ['ROOT'] }));
      await post('metrics', m('ROOT', { upstream_metric_ids: ['U1'], downstream_metric_ids: ['D1'] }, {
        alignment: { primary_objective_ids: ['OBJ-GROW', 'OBJ-NOPE'], related_okr_ids: ['OBJ-GROW-KR1'] },
      }));
      await post('metrics', m('U1', { upstream_metric_ids: ['U2', 'GHOST'] }, { business_domain: 'Revenue' }));
      await post('metrics', m('U2', { upstream_metric_ids: ['U3'] }));
      await post('metrics', m('U3'));
      await post('metrics', m('D1', { upstream_metric_ids: ['ROOT'], downstream_metric_ids: ['D2'] }));
      await post('metrics', m('D2', { downstream_metric_ids: ['D1'] }));
      await post('objectives', sampleObjective({ key_results: [{ kr_id: 'OBJ-GROW-KR1', name: 'Raise ARR', metric_ids: ['ROOT'] }] }));
      // Another workspace: a ROOT of its own whose upstream U1 does not exist there.
      const b = await t.login('b-admin@example.com', 'admin', 'tenant-b');
      other = t.as(b.token);
      expect((await other.inject({ method: 'POST', url: '/api/v1/metrics', payload: m('ROOT', { upstream_metric_ids: ['U1'] }, { business_domain: 'elsewhere' }) })).statusCode).toBe(201);
    });
    afterAll(async () => t?.close());

    it('defaults to two hops both ways, the root first, with status, tier and domain on metric nodes', async () => {
      const g = await graph('');
      expect(g).toMatchObject({ root: 'metric:ROOT', depth: 2, direction: 'both', truncated: false, max_nodes: 500 });
      expect(metricIds(g)).toEqual(['D1', 'D2', 'GHOST', 'ROOT', 'U1', 'U2']);
      expect(g.nodes[0]).toEqual({ key: 'metric:ROOT', type: 'metric', id: 'ROOT', name: 'Metric ROOT', unresolved: false, hops: 0, status: 'active', tier: 'Tier-1', domain: 'revenue' });
      expect(g.nodes.find((n) => n.id === 'U2')?.hops).toBe(2);
      expect(new Set(g.nodes.map((n) => n.key)).size).toBe(g.nodes.length);
    });

    it('limits the walk to the hops asked for, upstream and downstream', async () => {
      expect(metricIds(await graph('?depth=1&direction=upstream'))).toEqual(['ROOT', 'U1']);
      expect(metricIds(await graph('?depth=2&direction=upstream'))).toEqual(['GHOST', 'ROOT', 'U1', 'U2']);
      expect(metricIds(await graph('?depth=3&direction=upstream'))).toEqual(['GHOST', 'ROOT', 'U1', 'U2', 'U3']);
      expect(metricIds(await graph('?depth=5&direction=upstream'))).toEqual(['GHOST', 'ROOT', 'U1', 'U2', 'U3']);
      expect(metricIds(await graph('?depth=1&direction=downstream'))).toEqual(['D1', 'ROOT']);
      expect(metricIds(await graph('?depth=5&direction=downstream'))).toEqual(['D1', 'D2', 'ROOT']);
      // From the middle of the chain, upstream never reaches the other side.
      expect(metricIds(await graph('?depth=5&direction=upstream', 'U1'))).toEqual(['GHOST', 'U1', 'U2', 'U3']);
      expect(metricIds(await graph('?depth=1&direction=downstream', 'U1'))).toEqual(['ROOT', 'U1']);
    });

    it('draws metric edges from upstream to downstream, one per declaring field, with cycles kept', async () => {
      const g = await graph('?depth=5&direction=downstream');
      expect(edge(g, 'metric:ROOT', 'metric:D1')).toEqual([
        { from: 'metric:ROOT', to: 'metric:D1', relation: 'downstream_metric', declared_by: 'metric:ROOT', field: 'relationships.downstream_metric_ids[0]' },
        { from: 'metric:ROOT', to: 'metric:D1', relation: 'upstream_metric', declared_by: 'metric:D1', field: 'relationships.upstream_metric_ids[0]' },
      ]);
      expect(edge(g, 'metric:D1', 'metric:D2')).toHaveLength(1);
      expect(edge(g, 'metric:D2', 'metric:D1')).toEqual([{ from: 'metric:D2', to: 'metric:D1', relation: 'downstream_metric', declared_by: 'metric:D2', field: 'relationships.downstream_metric_ids[0]' }]);
      const up = await graph('?depth=3&direction=upstream');
      expect(edge(up, 'metric:U3', 'metric:U2')).toEqual([expect.objectContaining({ relation: 'upstream_metric', declared_by: 'metric:U2' })]);
      // Every edge joins two nodes of the graph.
      const keys = new Set(up.nodes.map((n) => n.key));
      expect(up.edges.every((e) => keys.has(e.from) && keys.has(e.to))).toBe(true);
    });

    it('shows a reference that names nothing as an unresolved node, and does not walk past it', async () => {
      const g = await graph('?depth=5&direction=upstream');
      expect(g.nodes.find((n) => n.key === 'metric:GHOST')).toEqual({ key: 'metric:GHOST', type: 'metric', id: 'GHOST', name: null, unresolved: true, hops: 2 });
      expect(edge(g, 'metric:GHOST', 'metric:U1')).toEqual([expect.objectContaining({ field: 'relationships.upstream_metric_ids[1]' })]);
      const obj = g.nodes.find((n) => n.key === 'objective:OBJ-NOPE');
      expect(obj).toMatchObject({ type: 'objective', unresolved: true, name: null });
    });

    it("has the metrics' domains, objectives and key results as nodes, whichever side names the link", async () => {
      const g = await graph('?depth=1&direction=upstream');
      expect(g.nodes.find((n) => n.key === 'domain:revenue')).toMatchObject({ type: 'domain', id: 'revenue', name: 'Revenue', unresolved: false });
      expect(edge(g, 'metric:ROOT', 'domain:revenue').map((e) => [e.relation, e.declared_by, e.field]).sort()).toEqual([
        ['domain', 'metric:ROOT', 'business_domain'], ['key_metric', 'domain:revenue', 'key_metric_ids[0]'],
      ]);
      // U1 names its domain by name: the node is the domain, by id.
      expect(edge(g, 'metric:U1', 'domain:revenue')).toEqual([expect.objectContaining({ relation: 'domain', field: 'business_domain' })]);
      expect(g.nodes.find((n) => n.key === 'objective:OBJ-GROW')).toMatchObject({ name: 'Grow efficiently', unresolved: false });
      expect(g.nodes.find((n) => n.key === 'key_result:OBJ-GROW:OBJ-GROW-KR1')).toMatchObject({ type: 'key_result', id: 'OBJ-GROW-KR1', objective_id: 'OBJ-GROW', name: 'Raise ARR' });
      expect(edge(g, 'metric:ROOT', 'key_result:OBJ-GROW:OBJ-GROW-KR1').map((e) => e.field).sort()).toEqual(['alignment.related_okr_ids[0]', 'key_results[0].metric_ids[0]']);
      expect(edge(g, 'key_result:OBJ-GROW:OBJ-GROW-KR1', 'objective:OBJ-GROW')).toEqual([{ from: 'key_result:OBJ-GROW:OBJ-GROW-KR1', to: 'objective:OBJ-GROW', relation: 'key_result_of', declared_by: 'objective:OBJ-GROW', field: 'key_results[0]' }]);
      expect(edge(g, 'metric:ROOT', 'objective:OBJ-GROW')).toEqual([expect.objectContaining({ relation: 'objective', field: 'alignment.primary_objective_ids[0]' })]);
    });

    it('cuts the graph at max_nodes and says so', async () => {
      const g = await graph('?depth=5&max_nodes=3');
      expect(g.nodes).toHaveLength(3);
      expect(g.truncated).toBe(true);
      expect(g.nodes[0]!.key).toBe('metric:ROOT');
      const keys = new Set(g.nodes.map((n) => n.key));
      expect(g.edges.every((e) => keys.has(e.from) && keys.has(e.to))).toBe(true);
      expect((await graph('?depth=5')).truncated).toBe(false);
    });

    it('sees only its own workspace', async () => {
      const b = await graph('?depth=5', 'ROOT', other);
      expect(b.nodes.map((n) => [n.key, n.unresolved])).toEqual([['metric:ROOT', false], ['metric:U1', true], ['domain:elsewhere', true]]);
      const hidden = await get('/api/v1/metrics/U2/lineage', other);
      expect(hidden.statusCode).toBe(404);
      expect(hidden.json().error.code).toBe('NOT_FOUND');
    });

    it('answers 404 for an unknown metric and 400 for a depth or direction out of range', async () => {
      const missing = await get('/api/v1/metrics/NOPE/lineage');
      expect(missing.statusCode).toBe(404);
      expect(missing.json().error.code).toBe('NOT_FOUND');
      for (const q of ['depth=0', 'depth=6', 'depth=two', 'depth=1.5', 'direction=sideways', 'max_nodes=0', 'max_nodes=501']) {
        const r = await get(`/api/v1/metrics/ROOT/lineage?${q}`);
        expect(r.statusCode, q).toBe(400);
        expect(r.json().error.code, q).toBe('VALIDATION_FAILED');
      }
    });

    it('reads a hop with one query per kind of row, whatever the number of nodes', async () => {
      // A fan: HUB with 40 upstream metrics, each with one more upstream (80 nodes in 2 hops).
      const ids = Array.from({ length: 40 }, (_, i) => `FAN-${String(i).padStart(2, '0')}`);
      const r = await t.app.inject({ method: 'POST', url: '/api/v1/import', headers: { 'content-type': 'application/json' }, payload: JSON.stringify({ metrics: [
        m('HUB', { upstream_metric_ids: ids }), ...ids.map((id) => m(id, { upstream_metric_ids: [`${id}-SRC`] })), ...ids.map((id) => m(`${id}-SRC`)),
      ] }) });
      expect(r.statusCode, r.body).toBe(200);
      const repo = new LineageRepository();
      const calls: Record<string, number> = {};
      const counting = new Proxy(repo, {
        get(target, prop, recv) {
          const v = Reflect.get(target, prop, recv) as unknown;
          if (typeof v !== 'function') return v;
          return (...args: unknown[]) => {
            calls[String(prop)] = (calls[String(prop)] ?? 0) + 1;
            return (v as (...a: unknown[]) => unknown).apply(target, args);
          };
        },
      });
      const g = await new LineageService(t.tdb.db, counting).ofMetric(localContext('test'), 'HUB', { depth: 2, direction: 'upstream', maxNodes: 500 });
      expect(g.nodes.filter((n) => n.type === 'metric')).toHaveLength(81);
      // The root, then one metric lookup per hop; two reference reads per hop and one for the last hop's own edges.
      expect(calls).toMatchObject({ metrics: 3, metricRefs: 5, contextRefs: 1 });
    });
  });
}
