// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  auditQuery, auditStateToSearch, emptyFilters, nextAuditPage, parseAuditState, previousAuditPage, toUtcIso, withFilters,
} from '../../web/src/pages/admin/security/audit-state.js';

const api = vi.hoisted(() => ({ fetchAuditPage: vi.fn(), verifyChain: vi.fn() }));
vi.mock('../../web/src/pages/admin/security/api.js', async (importOriginal) => ({ ...(await importOriginal<object>()), ...api }));
const { exportHref } = await import('../../web/src/pages/admin/security/api.js');
const { Component: AuditPage } = await import('../../web/src/pages/admin/AuditPage.js');

afterEach(cleanup);
beforeEach(() => { api.fetchAuditPage.mockReset(); api.verifyChain.mockReset(); });

describe('the audit view state in the URL', () => {
  it('parses filters and the cursor stack, and writes back only what is set', () => {
    const s = parseAuditState(new URLSearchParams('action=metric.update&actor=%20ann%20&page=c1&page=c2&junk=1'));
    expect(s.filters).toEqual({ ...emptyFilters(), action: 'metric.update', actor: 'ann' });
    expect(s.pages).toEqual(['c1', 'c2']);
    expect(auditStateToSearch(s).toString()).toBe('actor=ann&action=metric.update&page=c1&page=c2');
    expect(auditStateToSearch(parseAuditState(new URLSearchParams(''))).toString()).toBe('');
  });

  it('next pushes a cursor, previous pops it, and new filters start at the first page', () => {
    const s = parseAuditState(new URLSearchParams('action=x'));
    const two = nextAuditPage(nextAuditPage(s, 'c1'), 'c2');
    expect(two.pages).toEqual(['c1', 'c2']);
    expect(previousAuditPage(two).pages).toEqual(['c1']);
    expect(withFilters(two, { ...two.filters, actor: 'bob' })).toEqual({ filters: { ...two.filters, actor: 'bob' }, pages: [] });
  });

  it('sends date inputs as UTC instants; the export link carries the same filters', () => {
    expect(toUtcIso('2026-12-04')).toBe('2026-12-04T00:00:00.000Z');
    expect(toUtcIso('2026-12-04T10:30')).toBe('2026-12-04T10:30:00.000Z');
    expect(toUtcIso('')).toBeUndefined();
    const f = { ...emptyFilters(), action: 'metric.update', from: '2026-12-01T08:00', entity_id: 'a&b' };
    expect(auditQuery(f)).toEqual({ action: 'metric.update', entity_id: 'a&b', from: '2026-12-01T08:00:00.000Z' });
    const href = new URL(exportHref(f, 'csv'), 'http://x');
    expect(href.pathname).toBe('/api/v1/audit/export');
    expect(Object.fromEntries(href.searchParams)).toEqual({ action: 'metric.update', entity_id: 'a&b', from: '2026-12-01T08:00:00.000Z', format: 'csv' });
  });
});

const event = (id: number) => ({
  id, occurred_at: `2026-12-04T10:00:${String(id % 60).padStart(2, '0')}.000Z`, actor: 'admin@example.com', action: 'metric.update', entity_type: 'metric',
  entity_id: `<img src=x onerror=alert(${id})>`, request_id: null, outcome: id === 2 ? 'failure' : 'success', before: null, after: { name: 'N' }, ip: '127.0.0.1',
});

function renderAt(url: string) {
  const router = createMemoryRouter([{ path: '/admin/audit', element: <AuditPage /> }], { initialEntries: [url] });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(<MantineProvider><QueryClientProvider client={client}><RouterProvider router={router} /></QueryClientProvider></MantineProvider>);
  return { router, user: userEvent.setup() };
}

describe('the audit page', () => {
  it('loads the page the address names, walks to the next page and back, and keeps the filters', async () => {
    api.verifyChain.mockResolvedValue({ ok: true, count: 120 });
    api.fetchAuditPage.mockImplementation(async (_f, cursor) => ({ items: [event(cursor ? 3 : 1), event(2)], nextCursor: cursor === 'c2' ? null : cursor ? 'c2' : 'c1' }));
    const { router, user } = renderAt('/admin/audit?action=metric.update&page=c1');
    await screen.findByText(/^Page 2: events 51–52/);
    expect(api.fetchAuditPage).toHaveBeenLastCalledWith(expect.objectContaining({ action: 'metric.update' }), 'c1');
    // Hostile text stays text; the outcome is a word.
    expect(screen.getAllByText('<img src=x onerror=alert(3)>').length).toBe(1);
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByText('failure')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await waitFor(() => expect(router.state.location.search).toBe('?action=metric.update&page=c1&page=c2'));
    await screen.findByText(/^Page 3: .*\(the last page\)/);
    expect((screen.getByRole('button', { name: 'Next page' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    await waitFor(() => expect(router.state.location.search).toBe('?action=metric.update&page=c1'));
    // The export links carry the filters, not the page.
    expect(screen.getByRole('link', { name: 'CSV' }).getAttribute('href')).toBe('/api/v1/audit/export?action=metric.update&format=csv');
    expect(screen.getByRole('link', { name: 'JSON Lines' }).getAttribute('href')).toBe('/api/v1/audit/export?action=metric.update&format=jsonl');
    expect(await screen.findByText(/Verified: all 120 events link up/)).toBeTruthy();
  });

  it('applying filters writes them to the address and starts at page one', async () => {
    api.verifyChain.mockResolvedValue({ ok: true, count: 1 });
    api.fetchAuditPage.mockResolvedValue({ items: [event(1)], nextCursor: null });
    const { router, user } = renderAt('/admin/audit?page=c9');
    await user.type(await screen.findByLabelText('Actor'), 'bob@example.com');
    await user.type(screen.getByLabelText('Entity type'), 'metric');
    await user.click(screen.getByRole('button', { name: 'Apply filters' }));
    await waitFor(() => expect(router.state.location.search).toBe('?actor=bob%40example.com&entity_type=metric'));
    await waitFor(() => expect(api.fetchAuditPage).toHaveBeenLastCalledWith(expect.objectContaining({ actor: 'bob@example.com', entity_type: 'metric' }), undefined));
    await user.click(screen.getByRole('button', { name: 'Clear filters' }));
    await waitFor(() => expect(router.state.location.search).toBe(''));
    expect((screen.getByLabelText('Actor') as HTMLInputElement).value).toBe('');
  });

  it('says where the chain breaks, in words', async () => {
    api.verifyChain.mockResolvedValue({ ok: false, count: 40, firstBroken: { id: 17, reason: 'hash mismatch' } });
    api.fetchAuditPage.mockResolvedValue({ items: [], nextCursor: null });
    renderAt('/admin/audit');
    expect(await screen.findByText('Audit chain broken')).toBeTruthy();
    expect(screen.getByText(/Broken at event #17 \(hash mismatch\)/)).toBeTruthy();
    expect(await screen.findByText('No events yet')).toBeTruthy();
  });
});
