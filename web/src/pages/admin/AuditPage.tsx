import { Alert, Anchor, Button, Group, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError } from '../../api/client.js';
import { EmptyState, ErrorState, Loading } from '../../components/States.js';
import { AUDIT_PAGE_SIZE, exportHref, fetchAuditPage } from './security/api.js';
import { AuditTable } from './security/AuditTable.js';
import {
  activeAuditFilters, AUDIT_FILTERS, auditStateToSearch, emptyFilters, FILTER_LABELS, nextAuditPage, parseAuditState, previousAuditPage, withFilters,
  type AuditFilters, type AuditState,
} from './security/audit-state.js';
import { ChainStatus } from './security/ChainStatus.js';

const PLACEHOLDERS: Record<string, string> = { actor: 'user id, email or key', action: 'e.g. metric.update', entity_type: 'e.g. metric', entity_id: 'e.g. checkout_conversion' };

/**
 * /admin/audit: the workspace's audit log, newest first. Filters and the page (a cursor stack) are in
 * the address; export downloads every matching event (not only this page) as JSON Lines or CSV; the
 * chain's verification is shown above.
 */
export function Component() {
  const [search, setSearch] = useSearchParams();
  const state = parseAuditState(search);
  const [draft, setDraft] = useState<AuditFilters>(state.filters);
  const key = auditStateToSearch({ ...state, pages: [] }).toString();
  // The address changed under the form (back/forward, a link): the form follows.
  useEffect(() => setDraft(parseAuditState(new URLSearchParams(key)).filters), [key]);
  const go = (s: AuditState) => setSearch(auditStateToSearch(s));
  const cursor = state.pages[state.pages.length - 1];
  const page = useQuery({ queryKey: ['audit', 'list', key, cursor ?? ''], queryFn: () => fetchAuditPage(state.filters, cursor), placeholderData: keepPreviousData });

  const apply = (event: FormEvent) => {
    event.preventDefault();
    go(withFilters(state, draft));
  };
  const n = state.pages.length + 1;
  let body;
  if (page.isPending) body = <Loading label="Loading the audit log…" />;
  else if (page.isError) {
    const badCursor = page.error instanceof ApiError && page.error.status === 400 && state.pages.length > 0;
    body = badCursor
      ? <Alert color="red" role="alert" title="This page cannot be opened">The link points to a page of another query. <Anchor component="button" onClick={() => go({ ...state, pages: [] })} underline="always">Go to the first page</Anchor>.</Alert>
      : <ErrorState error={page.error} onRetry={() => void page.refetch()} />;
  } else if (page.data.items.length === 0) {
    body = <EmptyState title={activeAuditFilters(state.filters) ? 'No events match' : 'No events yet'} mark="§">
      {activeAuditFilters(state.filters) ? 'No audit event matches these filters. Clear some to see more.' : 'Changes to this workspace are recorded here as they happen.'}
    </EmptyState>;
  } else {
    const first = (n - 1) * AUDIT_PAGE_SIZE + 1;
    body = <AuditTable items={page.data.items} caption={`Page ${n}: events ${first}–${first + page.data.items.length - 1}${page.data.nextCursor ? '' : ' (the last page)'}, newest first`} />;
  }

  return (
    <Stack gap="md">
      <Title order={2} size="h3">Audit log</Title>
      <ChainStatus />
      <form onSubmit={apply} aria-label="Filter the audit log">
        <Stack gap="xs">
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }} spacing="xs">
            {AUDIT_FILTERS.map((f) => (
              <TextInput key={f} label={FILTER_LABELS[f]} name={f} value={draft[f]} type={f === 'from' || f === 'to' ? 'datetime-local' : 'text'}
                placeholder={PLACEHOLDERS[f]} onChange={(e) => { const v = e.currentTarget.value; setDraft((d) => ({ ...d, [f]: v })); }} />
            ))}
          </SimpleGrid>
          <Group gap="xs">
            <Button type="submit">Apply filters</Button>
            <Button variant="default" disabled={activeAuditFilters(state.filters) === 0 && activeAuditFilters(draft) === 0}
              onClick={() => { setDraft(emptyFilters()); go({ filters: emptyFilters(), pages: [] }); }}>Clear filters</Button>
            <Text size="sm" c="gray.7">Dates are UTC; “Until” is exclusive.</Text>
          </Group>
        </Stack>
      </form>
      <Group gap="xs" justify="space-between">
        <Group gap="xs" role="navigation" aria-label="Audit pages">
          <Button size="xs" variant="default" disabled={n === 1} onClick={() => go({ ...state, pages: [] })}>First page</Button>
          <Button size="xs" variant="default" disabled={n === 1} onClick={() => go(previousAuditPage(state))}>Previous page</Button>
          <Text size="sm" aria-live="polite">Page {n}</Text>
          <Button size="xs" variant="default" disabled={!page.data?.nextCursor || page.isPlaceholderData} onClick={() => page.data?.nextCursor && go(nextAuditPage(state, page.data.nextCursor))}>Next page</Button>
        </Group>
        <Group gap="xs">
          <Text size="sm">Export every matching event:</Text>
          <Button size="xs" variant="default" component="a" href={exportHref(state.filters, 'jsonl')} download="audit.jsonl">JSON Lines</Button>
          <Button size="xs" variant="default" component="a" href={exportHref(state.filters, 'csv')} download="audit.csv">CSV</Button>
        </Group>
      </Group>
      {/* While the next query loads, the previous rows stay, marked busy (and dimmed) so they are not taken for its answer. */}
      <div aria-busy={page.isPlaceholderData} data-testid="audit-results" style={{ opacity: page.isPlaceholderData ? 0.6 : 1 }}>{body}</div>
    </Stack>
  );
}
