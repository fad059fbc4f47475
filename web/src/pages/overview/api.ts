import { api, unwrap } from '../../api/client.js';
import type { Json } from '../domains/shared.js';
import type { Bar } from './Bars.js';

export type Stats = Json<'/api/v1/metrics/stats'>;
export type Gaps = Json<'/api/v1/metrics/governance-gaps'>;
export type ReferencePage = Json<'/api/v1/references'>;

export const fetchRecent = () => unwrap(api.GET('/api/v1/metrics', { params: { query: { sort: '-updated_at', limit: 10 } } }));
export const fetchGaps = () => unwrap(api.GET('/api/v1/metrics/governance-gaps'));
export const fetchUnresolved = () => unwrap(api.GET('/api/v1/references', { params: { query: { state: 'unresolved', limit: 10 } } }));

/** The overview's four charts: the stats dimension each draws and the catalog filter its bars link to. */
export const CHARTS = [
  { key: 'tier', title: 'Metrics by tier', filter: 'tier' },
  { key: 'domain', title: 'Metrics by domain', filter: 'domain' },
  { key: 'status', title: 'Metrics by status', filter: 'status' },
  { key: 'classification', title: 'Metrics by classification', filter: 'classification' },
] as const;

/** How many values a chart draws; the rest are summed into one "other values" bar. */
export const BARS_SHOWN = 12;
/** The stats' name for metrics without a value. */
const NONE = '(none)';

/**
 * Bars for one stats dimension: by count (descending) then value; "(none)" becomes "Not set" (no link:
 * the catalog cannot filter on an empty value); past BARS_SHOWN the rest are one unlinked bar.
 */
export function barsOf(counts: Record<string, number>, filter: string): Bar[] {
  const entries = Object.entries(counts).filter(([, n]) => n > 0).sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  const bars: Bar[] = entries.slice(0, BARS_SHOWN).map(([value, count]) => (value === NONE
    ? { label: 'Not set', count }
    : { label: value, count, to: `/catalog?${new URLSearchParams({ [filter]: value }).toString()}` }));
  const rest = entries.slice(BARS_SHOWN);
  if (rest.length > 0) bars.push({ label: `${rest.length} other values`, count: rest.reduce((s, [, n]) => s + n, 0) });
  return bars;
}
