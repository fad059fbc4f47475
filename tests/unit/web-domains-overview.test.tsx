// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it } from 'vitest';
import { matchesSearch, metricCount } from '../../web/src/pages/domains/api.js';
import { objectiveMetricIds, summaryProgress, type KeyResult } from '../../web/src/pages/objectives/api.js';
import { KeyResultCard } from '../../web/src/pages/objectives/KeyResults.js';
import { barsOf, BARS_SHOWN, type Gaps } from '../../web/src/pages/overview/api.js';
import { BarList, percentText, ProgressBar, share } from '../../web/src/pages/overview/Bars.js';
import { GapCards } from '../../web/src/pages/overview/Gaps.js';

/** The overview's bars, the key-result progress bars and the domain/objective helpers, in jsdom. */
const wrap = (ui: ReactNode) => render(<MantineProvider><MemoryRouter>{ui}</MemoryRouter></MantineProvider>);
afterEach(cleanup);

describe('bar lists (charts as text)', () => {
  it('writes each bar\'s label, count and share as text, and links only the bars that have a target', () => {
    wrap(<BarList title="Metrics by tier" total={8} bars={[{ label: 'Tier-1', count: 5, to: '/catalog?tier=Tier-1' }, { label: 'Not set', count: 3 }]} />);
    const fig = screen.getByRole('figure', { name: 'Metrics by tier' });
    const items = within(fig).getAllByRole('listitem');
    expect(items.map((li) => li.textContent)).toEqual(['Tier-15 (63%)', 'Not set3 (38%)']);
    expect(within(items[0]!).getByRole('link', { name: 'Tier-1' }).getAttribute('href')).toBe('/catalog?tier=Tier-1');
    expect(within(items[1]!).queryByRole('link')).toBeNull();
    // The drawn bar is decoration: hidden from assistive technology, the text carries the value.
    expect(items[0]!.querySelector('[aria-hidden="true"]')).not.toBeNull();
  });

  it('says so when there is nothing to draw', () => {
    wrap(<BarList title="Metrics by status" total={0} bars={[]} />);
    expect(screen.getByText('Nothing to count yet.')).toBeTruthy();
  });

  it('rounds shares, shows a sliver as <1% and nothing as 0%', () => {
    expect([share(1, 3), share(1, 1000), share(0, 5), share(3, 0), share(5, 5)]).toEqual(['33%', '<1%', '0%', '0%', '100%']);
  });

  it('orders bars by count then value, names empty values "Not set" without a link, and folds the tail into one bar', () => {
    const counts: Record<string, number> = { '(none)': 4, 'Tier-2': 4, 'Tier-1': 9, 'a&b=c': 1, zero: 0 };
    expect(barsOf(counts, 'tier')).toEqual([
      { label: 'Tier-1', count: 9, to: '/catalog?tier=Tier-1' },
      { label: 'Not set', count: 4 },
      { label: 'Tier-2', count: 4, to: '/catalog?tier=Tier-2' },
      { label: 'a&b=c', count: 1, to: '/catalog?tier=a%26b%3Dc' },
    ]);
    const many = Object.fromEntries(Array.from({ length: BARS_SHOWN + 3 }, (_, i) => [`d${String(i).padStart(2, '0')}`, 100 - i]));
    const bars = barsOf(many, 'domain');
    expect(bars).toHaveLength(BARS_SHOWN + 1);
    expect(bars.at(-1)).toEqual({ label: '3 other values', count: (100 - BARS_SHOWN) + (99 - BARS_SHOWN) + (98 - BARS_SHOWN) });
  });
});

describe('progress bars', () => {
  it('is a named progressbar whose value is also written as text', () => {
    wrap(<ProgressBar label="Progress of Grow" progress={45.5} />);
    const bar = screen.getByRole('progressbar', { name: 'Progress of Grow' });
    expect(bar.getAttribute('aria-valuenow')).toBe('45.5');
    expect(bar.getAttribute('aria-valuetext')).toBe('45.5%');
    expect(screen.getByText('45.5%')).toBeTruthy();
  });

  it('says "not measurable" instead of drawing an empty bar, and clamps out-of-range figures', () => {
    wrap(<><ProgressBar label="a" progress={null} /><ProgressBar label="b" progress={140} /></>);
    expect(screen.getAllByRole('progressbar')).toHaveLength(1);
    expect(screen.getByText(/not measurable/)).toBeTruthy();
    expect(screen.getByRole('progressbar', { name: 'b' }).getAttribute('aria-valuenow')).toBe('100');
    expect([percentText(0), percentText(100), percentText(33.333), percentText(undefined), percentText(Number.NaN)]).toEqual(['0%', '100%', '33.3%', null, null]);
  });

  it('shows a key result\'s stored progress, not one recomputed from its values, with values and direction in words', () => {
    // From baseline 0 to target 200, current 150 would be 75%; the server's stored figure (40) is what shows.
    const kr: KeyResult = { kr_id: 'KR-1', name: 'Lift signups', baseline_value: 0, target_value: 200, current_value: 150, unit: 'signups', direction: 'increase', progress: 40, reported_progress_percentage: 90, metric_ids: ['M-1', 'M 2'] };
    wrap(<ul><KeyResultCard kr={kr} /></ul>);
    const card = screen.getByRole('listitem', { name: 'Key result KR-1' });
    expect(within(card).getByRole('progressbar', { name: 'Progress of Lift signups' }).getAttribute('aria-valuenow')).toBe('40');
    expect(card.textContent).toContain('40%');
    expect(card.textContent).not.toContain('75%');
    const rows = within(card).getAllByRole('row').map((r) => r.textContent);
    expect(rows).toEqual(expect.arrayContaining(['Target200 signups', 'Current150 signups', 'Baseline0 signups', 'DirectionIncrease (higher is better)']));
    expect(rows.some((r) => r?.includes('90% (not used'))).toBe(true);
    expect(within(card).getByRole('link', { name: 'M 2' }).getAttribute('href')).toBe('/metrics/M%202');
  });
});

describe('domain and objective helpers', () => {
  it('counts a domain\'s metrics over its id and name in any spelling, each stored value once', () => {
    const by = { revenue: 3, Revenue: 2, REVENUE: 1, sales: 7, '(none)': 4 };
    expect(metricCount(by, { domain_id: 'revenue', name: 'Revenue' })).toBe(6);
    expect(metricCount(by, { domain_id: 'sales-dom', name: 'Sales' })).toBe(7);
    expect(metricCount(by, { domain_id: 'ops', name: 'Operations' })).toBe(0);
  });

  it('matches every search word against id, name, owner team and description', () => {
    const d = { domain_id: 'rev', name: 'Revenue', owner_team: 'Finance', description: 'How we make money' };
    expect(matchesSearch(d, '')).toBe(true);
    expect(matchesSearch(d, 'fin MONEY')).toBe(true);
    expect(matchesSearch(d, 'finance ops')).toBe(false);
  });

  it('summarises an objective from its key results\' stored progress, over those that have one', () => {
    expect(summaryProgress({ key_results: [{ kr_id: 'a', progress: 50 }, { kr_id: 'b', progress: 25 }, { kr_id: 'c', progress: null }] })).toEqual({ mean: 37.5, measured: 2, total: 3 });
    expect(summaryProgress({ key_results: [{ kr_id: 'a' }] })).toEqual({ mean: null, measured: 0, total: 1 });
    expect(summaryProgress({})).toEqual({ mean: null, measured: 0, total: 0 });
  });

  it('collects an objective\'s metrics once: its own, its key results\', then metrics linking to it', () => {
    const o = { metric_ids: ['M-1', 'M-2'], key_results: [{ kr_id: 'k', metric_ids: ['M-2', 'M-3'] }] };
    expect(objectiveMetricIds(o, [{ type: 'metric', id: 'M-4' }, { type: 'domain', id: 'd' }, { type: 'metric', id: 'M-1' }])).toEqual(['M-1', 'M-2', 'M-3', 'M-4']);
  });
});

describe('governance gap cards', () => {
  const gaps: Gaps = {
    no_owner: { count: 23, metrics: [{ metric_id: 'M-1', name: '<b>Orphan</b>' }] },
    pii_unclassified: { count: 0, metrics: [] },
    deprecated_referenced: { count: 1, metrics: [{ metric_id: 'M-OLD', name: 'Old' }] },
  };
  const unresolved = { items: [{ from_type: 'objective', from_id: 'OBJ-1', field: 'metric_ids[0]', to_type: 'metric', to_id: 'M-GONE', state: 'unresolved' as const }], total: 4, next_cursor: null };

  it('shows each count as text with its metrics to open, the rest counted, and none as none', () => {
    wrap(<GapCards gaps={gaps} unresolved={unresolved as never} />);
    const owner = screen.getByRole('region', { name: 'Metrics without an owner' });
    expect(within(owner).getByTestId('gap-count').textContent).toBe('23');
    expect(within(owner).getByRole('link', { name: '<b>Orphan</b>' }).getAttribute('href')).toBe('/metrics/M-1');
    expect(owner.textContent).toContain('and 22 more');
    expect(owner.querySelector('b')).toBeNull();
    const pii = screen.getByRole('region', { name: 'PII without a classification' });
    expect(within(pii).getByTestId('gap-count').textContent).toBe('0');
    expect(pii.textContent).toContain('None');
    const dep = screen.getByRole('region', { name: 'Deprecated metrics still referenced' });
    expect(within(dep).getByRole('link', { name: 'All deprecated metrics in the catalog' }).getAttribute('href')).toBe('/catalog?status=deprecated');
    const refs = screen.getByRole('region', { name: 'Unresolved references' });
    expect(within(refs).getByTestId('gap-count').textContent).toBe('4');
    expect(within(refs).getByRole('link', { name: 'OBJ-1' }).getAttribute('href')).toBe('/objectives/OBJ-1');
    expect(refs.textContent).toContain('M-GONE');
    expect(refs.textContent).toContain('and 3 more');
  });
});
