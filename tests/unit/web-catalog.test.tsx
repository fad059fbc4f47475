// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { cleanup, render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { Facets } from '../../web/src/pages/catalog/api.js';
import { FacetPanel } from '../../web/src/pages/catalog/FacetPanel.js';
import {
  DEFAULT_COLUMNS, filterQuery, nextPage, parseState, previousPage, stateToSearch, toggleFacet, withQuery,
} from '../../web/src/pages/catalog/url-state.js';

afterEach(cleanup);

describe('the catalog URL state', () => {
  it('round-trips every part of the state through the query string', () => {
    const search = new URLSearchParams('q=churn+rate&tier=Tier-1&tier=Tier-2&tag=kpi&sort=-updated_at&cols=name,unit&page=c1&page=c2');
    const s = parseState(search);
    expect(s).toMatchObject({ q: 'churn rate', sort: '-updated_at', columns: ['name', 'unit'], pages: ['c1', 'c2'] });
    expect(s.facets.tier).toEqual(['Tier-1', 'Tier-2']);
    expect(s.facets.tag).toEqual(['kpi']);
    expect(parseState(stateToSearch(s))).toEqual(s);
  });

  it('cuts a search longer than the API takes to its 500 characters, never through a surrogate pair', () => {
    expect(parseState(new URLSearchParams({ q: 'a'.repeat(600) })).q).toBe('a'.repeat(500));
    const astral = parseState(new URLSearchParams({ q: `${'a'.repeat(499)}😀tail` })).q;
    expect(astral).toBe('a'.repeat(499));
    expect(parseState(new URLSearchParams({ q: 'churn' })).q).toBe('churn');
  });

  it('leaves defaults out of the URL and ignores what it does not know', () => {
    const s = parseState(new URLSearchParams('sort=password&cols=name,evil,name&tier='));
    expect(s.sort).toBe('name');
    expect(s.columns).toEqual(['name']);
    expect(s.facets.tier).toEqual([]);
    expect(stateToSearch(parseState(new URLSearchParams(''))).toString()).toBe('');
    expect(parseState(new URLSearchParams('')).columns).toEqual(DEFAULT_COLUMNS);
    // No columns chosen is a choice too: kept as an empty list, not reset to the defaults.
    expect(parseState(new URLSearchParams('cols=')).columns).toEqual([]);
  });

  it('keeps a cursor stack: next pushes, previous pops, and any change of query starts at page one', () => {
    let s = parseState(new URLSearchParams('q=x'));
    s = nextPage(nextPage(s, 'c1'), 'c2');
    expect(stateToSearch(s).getAll('page')).toEqual(['c1', 'c2']);
    expect(previousPage(s).pages).toEqual(['c1']);
    expect(withQuery(s, { q: 'y' }).pages).toEqual([]);
    expect(withQuery(s, { sort: '-name' }).pages).toEqual([]);
    expect(toggleFacet(s, 'status', ['active']).pages).toEqual([]);
    // Changing columns is not a new query: the page stays.
    expect(stateToSearch({ ...s, columns: ['name'] }).getAll('page')).toEqual(['c1', 'c2']);
  });

  it('sends only the filters set (blank search left out)', () => {
    const s = toggleFacet(parseState(new URLSearchParams('q=%20%20')), 'owner_team', ['finance']);
    expect(filterQuery(s)).toEqual({ owner_team: ['finance'] });
  });
});

const facets = (over: Partial<Facets['facets']> = {}): Facets => {
  const none = { values: [], other: 0 };
  return {
    total: 5,
    facets: {
      domain: none, status: none, owner_team: none, classification: none, metric_type: none, tag: none,
      tier: { values: [{ value: 'Tier-1', count: 3 }, { value: 'Tier-2', count: 2 }], other: 0 },
      ...over,
    },
  };
};
const selected = (over: Record<string, string[]> = {}) => ({ domain: [], tier: [], status: [], owner_team: [], classification: [], metric_type: [], tag: [], ...over });

describe('the facet panel', () => {
  it('shows each value with its count as text, and reports ticks as the facet\'s new values', async () => {
    const onChange = vi.fn();
    render(<MantineProvider><FacetPanel facets={facets()} selected={selected({ tier: ['Tier-2'] })} onChange={onChange} /></MantineProvider>);
    expect((screen.getByRole('checkbox', { name: 'Tier-1, 3 metrics' }) as HTMLInputElement).checked).toBe(false);
    expect((screen.getByRole('checkbox', { name: 'Tier-2, 2 metrics' }) as HTMLInputElement).checked).toBe(true);
    await userEvent.setup().click(screen.getByRole('checkbox', { name: 'Tier-1, 3 metrics' }));
    expect(onChange).toHaveBeenCalledWith('tier', ['Tier-2', 'Tier-1']);
  });

  it('keeps a chosen value the counts no longer list (count 0) so it can be unticked; says how many are past the cap', () => {
    const tag = { values: [{ value: '<b>kpi</b>', count: 1 }], other: 7 };
    render(<MantineProvider><FacetPanel facets={facets({ tag })} selected={selected({ tag: ['gone'] })} onChange={() => {}} /></MantineProvider>);
    expect((screen.getByRole('checkbox', { name: 'gone, 0 metrics' }) as HTMLInputElement).checked).toBe(true);
    expect(screen.getByText('<b>kpi</b>')).toBeTruthy(); // markup in a value is text
    expect(screen.getByText('and 7 more past the first 50 values')).toBeTruthy();
  });

  it('shows the first 8 values of a long facet and the rest on request', async () => {
    const domain = { values: Array.from({ length: 12 }, (_, i) => ({ value: `d${i}`, count: 12 - i })), other: 0 };
    render(<MantineProvider><FacetPanel facets={facets({ domain })} selected={selected()} onChange={() => {}} /></MantineProvider>);
    expect(screen.queryByRole('checkbox', { name: /^d8,/ })).toBeNull();
    await userEvent.setup().click(screen.getByRole('button', { name: 'Show all 12 domain values' }));
    expect(screen.getByRole('checkbox', { name: 'd11, 1 metric' })).toBeTruthy();
  });
});
