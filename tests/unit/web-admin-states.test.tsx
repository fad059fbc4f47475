// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ComponentType } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';

/**
 * The admin people pages' designed states against a scripted fetch: an error with Retry, empty lists,
 * and a non-admin who gets "Admins only" without a request being made.
 */
const calls: string[] = [];
let answers: Array<() => Response> = [];
const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const fakeFetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
  const req = input instanceof Request ? input : new Request(new URL(String(input), location.origin), init);
  calls.push(`${req.method} ${new URL(req.url).pathname}${new URL(req.url).search}`);
  const next = answers.shift();
  if (!next) throw new Error(`unexpected ${req.method} ${req.url}`);
  return next();
});

let pages: Record<'members' | 'invitations' | 'apiKeys', ComponentType>;
beforeAll(async () => {
  vi.stubGlobal('fetch', fakeFetch); // before the client is imported: openapi-fetch takes fetch at creation
  pages = {
    members: (await import('../../web/src/pages/admin/MembersPage.js')).Component,
    invitations: (await import('../../web/src/pages/admin/InvitationsPage.js')).Component,
    apiKeys: (await import('../../web/src/pages/admin/ApiKeysPage.js')).Component,
  };
});
afterEach(() => {
  cleanup();
  calls.length = 0;
  answers = [];
});

const ADMIN = { user: { id: 'u1', email: 'a@example.com' }, workspace_id: 'w', role: 'admin', scopes: ['admin', 'self', 'metrics:read'], credential: 'user' };
const VIEWER = { ...ADMIN, user: { id: 'u2', email: 'v@example.com' }, role: 'viewer', scopes: ['self', 'metrics:read'] };
const member = (id: string, email: string, role = 'viewer') => ({ id, email, displayName: id, status: 'active', createdAt: '2026-01-01T00:00:00Z', updatedAt: '2026-01-01T00:00:00Z', role, joinedAt: '2026-01-01T00:00:00Z' });

function show(Page: ComponentType, me: unknown, path = '/admin') {
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  client.setQueryData(['me'], me);
  client.setQueryDefaults(['me'], { staleTime: Infinity });
  return render(<QueryClientProvider client={client}><MantineProvider><MemoryRouter initialEntries={[path]}><Page /></MemoryRouter></MantineProvider></QueryClientProvider>);
}

describe('admin people pages: designed states', () => {
  it('members: a failed load says what the server said, and Retry loads the list (service accounts left out, names as text)', async () => {
    answers = [
      () => json(500, { error: { code: 'INTERNAL', message: 'the database is unavailable' } }),
      () => json(200, { items: [member('u1', 'a@example.com', 'admin'), member('svc_1', 'svc_1@service-accounts.invalid'), { ...member('u3', 'x@example.com'), displayName: '<img src=x onerror=alert(1)>' }] }),
    ];
    show(pages.members, ADMIN);
    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toContain('the database is unavailable');
    fireEvent.click(within(alert).getByRole('button', { name: 'Retry' }));
    const rows = await screen.findAllByTestId('member-row');
    expect(rows.map((r) => within(r).getAllByRole('cell')[1]!.textContent)).toEqual(['a@example.com', 'x@example.com']);
    expect(screen.getByText('2 members')).toBeTruthy();
    // A name is text, never markup.
    expect(within(rows[1]!).getAllByRole('cell')[0]!.textContent).toBe('<img src=x onerror=alert(1)>');
    expect(document.querySelector('img')).toBeNull();
    expect(calls).toEqual(['GET /api/v1/members', 'GET /api/v1/members']);
  });

  it('invitations: an empty pending list says how to invite; the state filter is in the request', async () => {
    answers = [() => json(200, { items: [] })];
    show(pages.invitations, ADMIN, '/admin/invitations');
    expect(await screen.findByRole('heading', { name: 'No pending invitations' })).toBeTruthy();
    expect(calls).toEqual(['GET /api/v1/invitations?status=pending&limit=100']);
  });

  it('a non-admin: "Admins only" on members and invitations with no request; their own keys load (and nobody else\'s members)', async () => {
    show(pages.members, VIEWER);
    expect(await screen.findByRole('heading', { name: 'Admins only' })).toBeTruthy();
    cleanup();
    show(pages.invitations, VIEWER);
    expect(await screen.findByRole('heading', { name: 'Admins only' })).toBeTruthy();
    expect(calls).toEqual([]);
    cleanup();
    answers = [() => json(200, { items: [] })];
    show(pages.apiKeys, VIEWER, '/admin/api-keys');
    expect(await screen.findByRole('heading', { name: 'No API keys' })).toBeTruthy();
    expect(calls).toEqual(['GET /api/v1/api-keys']);
    expect(screen.queryByRole('heading', { name: 'Other keys in the workspace' })).toBeNull();
  });
});
