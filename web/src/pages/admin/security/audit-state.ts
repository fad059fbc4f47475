/**
 * The audit view's state lives in the URL: the filters (the API's own names) and `page`, the stack of
 * cursors of the pages visited after the first (as the catalog does), so every page is reachable from
 * the address alone, back/forward walk the pages, and "Previous" is a pop.
 */
export const AUDIT_FILTERS = ['actor', 'action', 'entity_type', 'entity_id', 'from', 'to'] as const;
export type AuditFilterName = (typeof AUDIT_FILTERS)[number];
export type AuditFilters = Record<AuditFilterName, string>;

export const FILTER_LABELS: Record<AuditFilterName, string> = {
  actor: 'Actor', action: 'Action', entity_type: 'Entity type', entity_id: 'Entity id', from: 'From (UTC)', to: 'Until (UTC)',
};

export interface AuditState {
  filters: AuditFilters;
  /** Cursors of the pages after the first, oldest first; the last one is the current page's. */
  pages: string[];
}

export const emptyFilters = (): AuditFilters => Object.fromEntries(AUDIT_FILTERS.map((f) => [f, ''])) as unknown as AuditFilters;

export function parseAuditState(search: URLSearchParams): AuditState {
  const filters = emptyFilters();
  for (const f of AUDIT_FILTERS) filters[f] = search.get(f)?.trim() ?? '';
  return { filters, pages: search.getAll('page').filter((p) => p !== '') };
}

/** The canonical query of a state: empty filters left out, so the plain /admin/audit is the first page of everything. */
export function auditStateToSearch(s: AuditState): URLSearchParams {
  const out = new URLSearchParams();
  for (const f of AUDIT_FILTERS) if (s.filters[f] !== '') out.set(f, s.filters[f]);
  for (const p of s.pages) out.append('page', p);
  return out;
}

/** New filters start again at the first page: a cursor belongs to one query. */
export const withFilters = (s: AuditState, filters: AuditFilters): AuditState => ({ filters: { ...filters }, pages: [] });
export const nextAuditPage = (s: AuditState, cursor: string): AuditState => ({ ...s, pages: [...s.pages, cursor] });
export const previousAuditPage = (s: AuditState): AuditState => ({ ...s, pages: s.pages.slice(0, -1) });

/**
 * The API query of the filters. The date inputs give a local date-time (`2026-12-04T10:30`) or a date;
 * the API compares ISO 8601 UTC text, so they are sent as UTC instants (`from` inclusive, `to` exclusive).
 */
export function auditQuery(f: AuditFilters): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of ['actor', 'action', 'entity_type', 'entity_id'] as const) if (f[k] !== '') out[k] = f[k];
  for (const k of ['from', 'to'] as const) {
    const iso = toUtcIso(f[k]);
    if (iso) out[k] = iso;
  }
  return out;
}

/** `2026-12-04` or `2026-12-04T10:30` (read as UTC, as the labels say) → `2026-12-04T10:30:00.000Z`; anything else as typed. */
export function toUtcIso(value: string): string | undefined {
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(v)) return `${v}T00:00:00.000Z`;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?$/.test(v)) {
    const d = new Date(`${v}Z`);
    return Number.isNaN(d.getTime()) ? v : d.toISOString();
  }
  return v;
}

export const activeAuditFilters = (f: AuditFilters) => AUDIT_FILTERS.filter((k) => f[k] !== '').length;
