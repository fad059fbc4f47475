import { Button, Checkbox, Grid, Group, Popover, Select, Stack, Text, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { memo, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { fetchMe } from '../../api/auth.js';
import { ApiError } from '../../api/client.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { facetsKey, fetchFacets, fetchMetricPage, listKey } from './api.js';
import { FacetPanel } from './FacetPanel.js';
import { ResultTable } from './ResultTable.js';
import {
  activeFilterCount, COLUMN_LABELS, COLUMNS, MAX_SEARCH_LENGTH, nextPage, PAGE_SIZE, parseState, previousPage, SORTS, stateToSearch,
  toggleFacet, withQuery, type CatalogState, type Column, type FacetName,
} from './url-state.js';

/** Typing waits this long after the last key before the URL (and so the search) changes. */
const DEBOUNCE_MS = 150;
const SORT_DATA = SORTS.map(([value, label]) => ({ value, label }));

/**
 * The catalog: search as you type, facets with counts, sort, cursor pages and column choice, all held in
 * the URL (url-state.ts) so reload, back/forward and a shared link restore the same view. Only one page
 * (at most PAGE_SIZE rows) is ever fetched; the previous answer stays on screen while the next loads.
 */
export function Component() {
  const [params, setParams] = useSearchParams();
  const state = useMemo(() => parseState(params), [params]);
  const go = (next: CatalogState, replace = false) => setParams(stateToSearch(next), { replace });
  // Stable handlers (the facet panel and table are memoised): they read the latest state from a ref.
  const current = useRef(state);
  current.current = state;
  const goLatest = useRef(go);
  goLatest.current = go;
  const queryClient = useQueryClient();
  // Offer "New metric" only to a role that may write (the shell has asked already: this reads its cache).
  const me = useQuery({ queryKey: ['me'], queryFn: fetchMe, retry: false });
  const canWrite = me.data?.scopes.includes('metrics:write') ?? false;
  // The same values keep the same arrays, so the memoised panel and table skip renders a search does not need.
  const facetsJson = JSON.stringify(state.facets);
  const selected = useMemo(() => state.facets, [facetsJson]);
  const columnsKey = state.columns.join(',');
  const columns = useMemo(() => state.columns, [columnsKey]);
  const onFacet = useCallback((f: FacetName, v: string[]) => goLatest.current(toggleFacet(current.current, f, v)), []);
  const onSort = useCallback((sort: string) => goLatest.current(withQuery(current.current, { sort })), []);
  const onColumns = useCallback((cols: Column[]) => goLatest.current({ ...current.current, columns: cols }), []);
  // The request leaves as the debounce fires, before React re-renders the page for the new URL.
  const onSearch = useCallback((q: string) => {
    const next = withQuery(current.current, { q });
    void queryClient.prefetchQuery({ queryKey: listKey(next), queryFn: ({ signal }) => fetchMetricPage(next, signal) });
    goLatest.current(next, true);
  }, [queryClient]);

  const list = useQuery({ queryKey: listKey(state), queryFn: ({ signal }) => fetchMetricPage(state, signal), placeholderData: keepPreviousData });
  // Facets wait for the list: on SQLite the server answers one query at a time, and the rows are what the
  // user is waiting for (the 300 ms budget); the previous counts stay shown meanwhile.
  const listSettled = (list.isSuccess && !list.isPlaceholderData) || list.isError;
  const facets = useQuery({ queryKey: facetsKey(state), queryFn: ({ signal }) => fetchFacets(state, signal), placeholderData: keepPreviousData, enabled: listSettled });

  // A cursor from an old bookmark (a sort changed, a malformed link) answers 400: start from page one.
  const badCursor = list.error instanceof ApiError && list.error.status === 400 && state.pages.length > 0;
  const first = (state.pages.length) * PAGE_SIZE;
  const page = list.data;
  const settled = !list.isPlaceholderData && !list.isFetching;

  return (
    <Stack gap="md">
      {/* The shell's heading names the view; search, sort and columns share one row. */}
      <Group align="flex-end" wrap="wrap" gap="sm">
        <SearchBox value={state.q} onSearch={onSearch} />
        <SortSelect sort={state.sort} onChange={onSort} />
        <ColumnChooser columns={columns} onChange={onColumns} />
        {canWrite && <Button component={Link} to="/metrics/new" variant="light" ml="auto">New metric</Button>}
      </Group>
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 3 }}>
          {facets.isError && !facets.data ? <ErrorState error={facets.error} onRetry={() => void facets.refetch()} />
            : <FacetPanel facets={facets.data} selected={selected} onChange={onFacet} />}
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 9 }}>
          <section aria-label="Results" data-state={settled ? 'ready' : 'loading'} data-q={state.q} data-total={page?.total ?? ''}>
            {list.isPending ? <Loading label="Loading metrics…" />
              : badCursor ? (
                <EmptyState title="This page is no longer there" mark="↺">
                  The link points into an older list. <Button variant="subtle" size="compact-sm" onClick={() => go({ ...state, pages: [] })}>Go to the first page</Button>
                </EmptyState>
              )
              : list.isError && !page ? <ErrorState error={list.error} onRetry={() => void list.refetch()} />
              : page ? (
                <Stack gap="sm">
                  <Group justify="space-between">
                    <Text size="sm" role="status" aria-live="polite">
                      {page.total === 0 ? 'No metrics match' : `Showing ${(first + 1).toLocaleString()}–${(first + page.items.length).toLocaleString()} of ${page.total.toLocaleString()} metrics`}
                      {list.isFetching ? ' (updating…)' : ''}
                    </Text>
                    <Pager state={state} nextCursor={page.next_cursor} onGo={go} />
                  </Group>
                  {list.isError ? <ErrorState error={list.error} onRetry={() => void list.refetch()} /> : null}
                  {page.items.length === 0 ? (
                    <EmptyState title="No metrics match" mark="∅">
                      {activeFilterCount(state) > 0 ? 'Try fewer words or untick a filter.' : 'This workspace has no metrics yet: import a catalog or create one through the API.'}
                    </EmptyState>
                  ) : <ResultTable items={page.items} columns={columns} />}
                </Stack>
              ) : null}
          </section>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}

/** The input is local while typing; the URL follows 150 ms after the last key (and follows back/forward). */
const SearchBox = memo(function SearchBox({ value, onSearch }: { value: string; onSearch(q: string): void }) {
  const [text, setText] = useState(value);
  const sent = useRef(value);
  const push = useDebouncedCallback((q: string) => {
    sent.current = q;
    onSearch(q);
  }, DEBOUNCE_MS);
  useEffect(() => {
    // The URL changed under us (back/forward, a link): show its query.
    if (value !== sent.current) {
      sent.current = value;
      setText(value);
    }
  }, [value]);
  return (
    <TextInput style={{ flex: '1 1 20rem' }} label="Search metrics" type="search" placeholder="Name, description, formula or tag" value={text} maxLength={MAX_SEARCH_LENGTH}
      description="Every word is matched as a prefix" onChange={(e) => { setText(e.currentTarget.value); push(e.currentTarget.value); }} />
  );
});

const SortSelect = memo(function SortSelect({ sort, onChange }: { sort: string; onChange(sort: string): void }) {
  return <Select label="Sort by" data={SORT_DATA} value={sort} allowDeselect={false} onChange={(v) => v && onChange(v)} w={220} />;
});

function Pager({ state, nextCursor, onGo }: { state: CatalogState; nextCursor: string | null; onGo(s: CatalogState): void }) {
  return (
    <Group gap="xs" component="nav" aria-label="Pages">
      <Button size="xs" variant="default" disabled={state.pages.length === 0} onClick={() => onGo(previousPage(state))}>Previous page</Button>
      <Text size="sm">Page {state.pages.length + 1}</Text>
      <Button size="xs" variant="default" disabled={!nextCursor} onClick={() => nextCursor && onGo(nextPage(state, nextCursor))}>Next page</Button>
    </Group>
  );
}

const ColumnChooser = memo(function ColumnChooser({ columns, onChange }: { columns: Column[]; onChange(c: Column[]): void }) {
  return (
    <Popover position="bottom-end" shadow="md" trapFocus>
      <Popover.Target>
        <Button variant="default">Columns ({columns.length})</Button>
      </Popover.Target>
      <Popover.Dropdown>
        {/* Kept in the list's own order whatever order they are ticked in. */}
        <Checkbox.Group label="Columns shown" value={columns} onChange={(v) => onChange(COLUMNS.filter((c) => v.includes(c)))}>
          <Stack gap={6} mt={6}>
            {COLUMNS.map((c) => <Checkbox key={c} value={c} label={COLUMN_LABELS[c]} />)}
          </Stack>
        </Checkbox.Group>
      </Popover.Dropdown>
    </Popover>
  );
});
