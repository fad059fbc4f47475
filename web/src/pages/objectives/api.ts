import { api, unwrap } from '../../api/client.js';
import { fetchAll, type Json } from '../domains/shared.js';

export type Objective = Json<'/api/v1/objectives/{id}'>;
export type KeyResult = NonNullable<Objective['key_results']>[number];

export const fetchObjectives = () => fetchAll((cursor) => unwrap(api.GET('/api/v1/objectives', { params: { query: { sort: 'name', limit: 500, ...(cursor ? { cursor } : {}) } } })));

export const fetchObjective = (id: string) => unwrap(api.GET('/api/v1/objectives/{id}', { params: { path: { id } } }));

export const fetchObjectiveReferences = (id: string) => unwrap(api.GET('/api/v1/objectives/{id}/references', { params: { path: { id } } }));

/**
 * The objective's summary figure for the list: the mean of its key results' stored `progress` (the
 * server computes each on every write; nothing is recomputed here), over those that have one.
 */
export function summaryProgress(o: Pick<Objective, 'key_results'>): { mean: number | null; measured: number; total: number } {
  const krs = o.key_results ?? [];
  const figures = krs.map((k) => k.progress).filter((p): p is number => typeof p === 'number' && Number.isFinite(p));
  const mean = figures.length ? Math.round((figures.reduce((a, b) => a + b, 0) / figures.length) * 10) / 10 : null;
  return { mean, measured: figures.length, total: krs.length };
}

/** Every metric an objective involves, in order, once: its own metric_ids, its key results', then metrics that link to it. */
export function objectiveMetricIds(o: Pick<Objective, 'metric_ids' | 'key_results'>, incoming: Array<{ type: string; id: string }> = []): string[] {
  const ids = [...(o.metric_ids ?? []), ...(o.key_results ?? []).flatMap((k) => k.metric_ids ?? []), ...incoming.filter((r) => r.type === 'metric').map((r) => r.id)];
  return [...new Set(ids)];
}

/** A number as given, with its unit when it has one; null for an absent value. */
export function withUnit(v: number | null | undefined, unit: string | null | undefined): string | null {
  if (v === null || v === undefined) return null;
  return unit ? `${v.toLocaleString('en')} ${unit}` : v.toLocaleString('en');
}

export const DIRECTION_TEXT: Record<string, string> = {
  increase: 'Increase (higher is better)',
  decrease: 'Decrease (lower is better)',
  maintain: 'Maintain (stay at the target)',
};
