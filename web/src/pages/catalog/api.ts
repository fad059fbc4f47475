import { api, unwrap } from '../../api/client.js';
import type { paths } from '../../api/schema.js';
import { filterQuery, PAGE_SIZE, type CatalogState } from './url-state.js';

type Json<P extends keyof paths> = paths[P]['get'] extends { responses: { 200: { content: { 'application/json': infer T } } } } ? T : never;

export type MetricPage = Json<'/api/v1/metrics'>;
export type MetricItem = MetricPage['items'][number];
export type Facets = Json<'/api/v1/metrics/facets'>;

/** One page (at most PAGE_SIZE rows: the catalog is never fetched whole), after the stack's last cursor. */
export function fetchMetricPage(s: CatalogState, signal?: AbortSignal): Promise<MetricPage> {
  const cursor = s.pages[s.pages.length - 1];
  return unwrap(api.GET('/api/v1/metrics', {
    params: { query: { ...filterQuery(s), sort: s.sort, limit: PAGE_SIZE, ...(cursor ? { cursor } : {}) } },
    signal,
  }));
}

export function fetchFacets(s: CatalogState, signal?: AbortSignal): Promise<Facets> {
  return unwrap(api.GET('/api/v1/metrics/facets', { params: { query: filterQuery(s) }, signal }));
}

/** Query keys: the list's include sort and cursor; the facets' only what they count over. */
export const listKey = (s: CatalogState) => ['catalog', 'list', filterQuery(s), s.sort, s.pages[s.pages.length - 1] ?? null] as const;
export const facetsKey = (s: CatalogState) => ['catalog', 'facets', filterQuery(s)] as const;
