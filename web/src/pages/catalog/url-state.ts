/**
 * The catalog's whole state lives in the URL query, so a view can be shared, bookmarked, reloaded and
 * walked with back/forward: `q`, one repeated parameter per facet (the list API's own names), `sort`,
 * `cols`, and `page` — the cursor stack: the cursor of each page visited after the first, so
 * "previous" is a pop and every page is reachable again from the address alone.
 */
export const FACETS = ['domain', 'tier', 'status', 'owner_team', 'classification', 'metric_type', 'tag'] as const;
export type FacetName = (typeof FACETS)[number];

export const FACET_LABELS: Record<FacetName, string> = {
  domain: 'Domain', tier: 'Tier', status: 'Status', owner_team: 'Owner team', classification: 'Classification',
  metric_type: 'Metric type', tag: 'Tag',
};

/** Columns a user may show (the id is always shown: it is the link). */
export const COLUMNS = ['name', 'tier', 'business_domain', 'metric_type', 'status', 'owner_team', 'data_classification', 'tags', 'unit', 'updated_at'] as const;
export type Column = (typeof COLUMNS)[number];
export const DEFAULT_COLUMNS: Column[] = ['name', 'tier', 'business_domain', 'status', 'owner_team'];

export const COLUMN_LABELS: Record<Column, string> = {
  name: 'Name', tier: 'Tier', business_domain: 'Domain', metric_type: 'Type', status: 'Status', owner_team: 'Owner team',
  data_classification: 'Classification', tags: 'Tags', unit: 'Unit', updated_at: 'Updated',
};

/** The list API's sort values (each has an index), in the order the menu offers them. */
export const SORTS = [
  ['name', 'Name (A–Z)'], ['-name', 'Name (Z–A)'], ['metric_id', 'Id (A–Z)'], ['-metric_id', 'Id (Z–A)'],
  ['-updated_at', 'Recently updated'], ['updated_at', 'Least recently updated'], ['-created_at', 'Newest'],
  ['tier', 'Tier'], ['business_domain', 'Domain'], ['status', 'Status'], ['owner_team', 'Owner team'],
  ['metric_type', 'Metric type'], ['data_classification', 'Classification'],
] as const;
export const DEFAULT_SORT = 'name';
const SORT_VALUES = new Set<string>(SORTS.map(([v]) => v));

export const PAGE_SIZE = 100;

export interface CatalogState {
  q: string;
  facets: Record<FacetName, string[]>;
  sort: string;
  columns: Column[];
  /** Cursors of the pages after the first, oldest first; the last one is the current page's. */
  pages: string[];
}

const emptyFacets = (): Record<FacetName, string[]> => Object.fromEntries(FACETS.map((f) => [f, []])) as unknown as Record<FacetName, string[]>;

/** The API's limit on `q` (GET /metrics): a longer search from a typed or shared URL is cut to it, not refused. */
export const MAX_SEARCH_LENGTH = 500;

/** At most `max` UTF-16 units, never ending on half of a surrogate pair. */
function clip(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  return /[\uD800-\uDBFF]$/.test(cut) ? cut.slice(0, -1) : cut;
}

export function parseState(search: URLSearchParams): CatalogState {
  const facets = emptyFacets();
  for (const f of FACETS) facets[f] = [...new Set(search.getAll(f).filter((v) => v !== ''))];
  const sort = search.get('sort') ?? DEFAULT_SORT;
  const cols = search.get('cols');
  const columns = cols === null ? DEFAULT_COLUMNS : cols.split(',').filter((c): c is Column => (COLUMNS as readonly string[]).includes(c));
  return {
    q: clip(search.get('q') ?? '', MAX_SEARCH_LENGTH),
    facets,
    sort: SORT_VALUES.has(sort) ? sort : DEFAULT_SORT,
    columns: [...new Set(columns)],
    pages: search.getAll('page').filter((p) => p !== ''),
  };
}

/** The canonical query for a state: defaults left out, so the plain /catalog is the default view. */
export function stateToSearch(s: CatalogState): URLSearchParams {
  const out = new URLSearchParams();
  if (s.q !== '') out.set('q', s.q);
  for (const f of FACETS) for (const v of s.facets[f]) out.append(f, v);
  if (s.sort !== DEFAULT_SORT) out.set('sort', s.sort);
  if (s.columns.join(',') !== DEFAULT_COLUMNS.join(',')) out.set('cols', s.columns.join(','));
  for (const p of s.pages) out.append('page', p);
  return out;
}

/** A change of what is listed (search, facets, sort) starts again from the first page: cursors belong to one query. */
export function withQuery(s: CatalogState, change: Partial<Pick<CatalogState, 'q' | 'facets' | 'sort'>>): CatalogState {
  return { ...s, ...change, pages: [] };
}

export function toggleFacet(s: CatalogState, facet: FacetName, values: string[]): CatalogState {
  return withQuery(s, { facets: { ...s.facets, [facet]: values } });
}

export const nextPage = (s: CatalogState, cursor: string): CatalogState => ({ ...s, pages: [...s.pages, cursor] });
export const previousPage = (s: CatalogState): CatalogState => ({ ...s, pages: s.pages.slice(0, -1) });

/** The query both list and facets calls take (the list adds sort, limit and cursor). */
export function filterQuery(s: CatalogState): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  if (s.q.trim() !== '') out.q = s.q;
  for (const f of FACETS) if (s.facets[f].length > 0) out[f] = s.facets[f];
  return out;
}

export const activeFilterCount = (s: CatalogState) => FACETS.reduce((n, f) => n + s.facets[f].length, 0) + (s.q.trim() !== '' ? 1 : 0);
