import { api, unwrap } from '../../api/client.js';
import { fetchAll, type Json } from './shared.js';

export type Domain = Json<'/api/v1/domains/{id}'>;

export const fetchDomains = () => fetchAll((cursor) => unwrap(api.GET('/api/v1/domains', { params: { query: { sort: 'name', limit: 500, ...(cursor ? { cursor } : {}) } } })));

export const fetchDomain = (id: string) => unwrap(api.GET('/api/v1/domains/{id}', { params: { path: { id } } }));

/** The first 100 metrics filed under a domain (the list's domain filter matches its id or its name). */
export const fetchDomainMetrics = (id: string) => unwrap(api.GET('/api/v1/metrics', { params: { query: { domain: [id], sort: 'name', limit: 100 } } }));

/**
 * Metrics filed under a domain, from the stats' per-value counts: a metric names its domain by id or by
 * name, in any case, so every spelling of either is summed (each stored value once).
 */
export function metricCount(byDomain: Record<string, number>, d: Pick<Domain, 'domain_id' | 'name'>): number {
  const names = new Set([d.domain_id.toLowerCase(), d.name.toLowerCase()]);
  let n = 0;
  for (const [value, count] of Object.entries(byDomain)) if (names.has(value.toLowerCase())) n += count;
  return n;
}

/** Whether a domain matches the search box: every word is in its id, name, owner team or description. */
export function matchesSearch(d: Pick<Domain, 'domain_id' | 'name' | 'owner_team' | 'description'>, q: string): boolean {
  const hay = [d.domain_id, d.name, d.owner_team, d.description].filter(Boolean).join(' ').toLowerCase();
  return q.toLowerCase().split(/\s+/).filter(Boolean).every((w) => hay.includes(w));
}
