// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, within } from '@testing-library/react';
import type { ReactNode } from 'react';
import { MemoryRouter } from 'react-router';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ROLE_SCOPES as SERVER_ROLE_SCOPES, SCOPES } from '../../src/modules/auth/permissions.js';
import { ApiError } from '../../web/src/api/client.js';
import { Component as AdminLayout } from '../../web/src/pages/admin/AdminLayout.js';
import { isServiceAccount, keyState, type CreatedKey, type NewKey } from '../../web/src/pages/admin/people/api.js';
import { CreateKeyModal, ScopePicker } from '../../web/src/pages/admin/people/keys.js';
import { detailLines, OnceSecret, Problem } from '../../web/src/pages/admin/people/parts.js';
import { allowedScopes, expiryOf, readOnly, ROLE_SCOPES, SCOPE_INFO } from '../../web/src/pages/admin/people/scopes.js';

/** The admin people pages' logic in jsdom: the scope picker, the once-shown secret, refusals as text, the non-admin state. */
const wrap = (ui: ReactNode, client = new QueryClient({ defaultOptions: { queries: { retry: false } } }), path = '/admin/members') =>
  render(<QueryClientProvider client={client}><MantineProvider><MemoryRouter initialEntries={[path]}>{ui}</MemoryRouter></MantineProvider></QueryClientProvider>);
afterEach(() => {
  cleanup();
  vi.restoreAllMocks();
});

const ALL = [...SCOPES] as string[];
const VIEWER = ['metrics:read', 'domains:read', 'objectives:read', 'policies:read', 'export', 'self'];

describe('scopes', () => {
  it('mirror the server: every scope is offered in the picker, and each role grants what the server grants', () => {
    expect(SCOPE_INFO.map((s) => s.scope).sort()).toEqual([...SCOPES].sort());
    for (const role of ['viewer', 'editor', 'admin'] as const) expect([...ROLE_SCOPES[role]].sort()).toEqual([...SERVER_ROLE_SCOPES[role]].sort());
  });

  it('offers only what the creator holds, and for a service account also only what its role grants, in picker order', () => {
    expect(allowedScopes(['self', 'metrics:read', 'made:up'])).toEqual(['metrics:read', 'self']);
    expect(allowedScopes(ALL, 'viewer')).toEqual(VIEWER);
    expect(allowedScopes(VIEWER, 'admin')).toEqual(VIEWER);
    expect(allowedScopes(ALL, 'editor')).not.toContain('admin');
    expect(allowedScopes(ALL)).toContain('admin');
  });

  it('"read only" keeps the read scopes and export, never a write, self or admin', () => {
    expect(readOnly(ALL)).toEqual(['metrics:read', 'domains:read', 'objectives:read', 'policies:read', 'export']);
  });

  it('turns an expiry choice into a date that many days ahead, or none', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(expiryOf('30', now)).toBe('2026-01-31T00:00:00.000Z');
    expect(expiryOf('never', now)).toBeUndefined();
  });
});

describe('small helpers', () => {
  it('names a key\'s state: revoked before expired before active', () => {
    const now = Date.parse('2026-06-01T00:00:00Z');
    expect(keyState({ revoked_at: '2026-01-01T00:00:00Z', expires_at: '2026-01-02T00:00:00Z' }, now)).toBe('revoked');
    expect(keyState({ revoked_at: null, expires_at: '2026-05-01T00:00:00Z' }, now)).toBe('expired');
    expect(keyState({ revoked_at: null, expires_at: null }, now)).toBe('active');
  });

  it('tells service accounts from people by their reserved address', () => {
    expect(isServiceAccount({ email: 'svc_1@service-accounts.invalid' })).toBe(true);
    expect(isServiceAccount({ email: 'ann@example.com' })).toBe(false);
  });

  it('writes the server\'s details as lines: field issues as path: message, anything else as JSON', () => {
    expect(detailLines([{ path: 'email', message: 'must be an email address' }, { message: 'no path' }])).toEqual(['email: must be an email address', 'no path']);
    expect(detailLines({ scopes: ['admin'] })).toEqual(['{"scopes":["admin"]}']);
    expect(detailLines(undefined)).toEqual([]);
  });

  it('shows a refusal\'s message, code and details as text (markup stays text)', () => {
    wrap(<Problem error={new ApiError(409, 'LAST_ADMIN', 'user u1 is the last active admin <b>x</b>', [{ path: 'role', message: '<img src=x>' }])} />);
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toContain('user u1 is the last active admin <b>x</b> (LAST_ADMIN)');
    expect(within(alert).getByTestId('problem-details').textContent).toBe('role: <img src=x>');
    expect(alert.querySelector('b, img')).toBeNull();
  });
});

describe('the once-shown secret', () => {
  it('shows the value as text, says it will not be shown again, and has a named copy button', () => {
    wrap(<OnceSecret label="API key secret" value="mdl_abc<script>" warning="You will not see it again." />);
    expect(screen.getByTestId('secret-value').textContent).toBe('mdl_abc<script>');
    expect(screen.getByText('You will not see it again.')).toBeTruthy();
    expect(screen.getByRole('button', { name: 'Copy the API key secret' })).toBeTruthy();
  });
});

describe('creating a key', () => {
  const created: CreatedKey = {
    key: 'mdl_live_SECRET123', record: { id: 'k1', workspace_id: 'w', user_id: 'u', name: 'ci', prefix: 'mdl_live', scopes: ['metrics:read'], created_at: '2026-01-01T00:00:00Z', expires_at: null, last_used_at: null, revoked_at: null },
  };

  it('offers only the allowed scopes; "All I can grant" and "None" set them', () => {
    const onChange = vi.fn();
    wrap(<ScopePicker allowed={['metrics:read', 'self']} value={['metrics:read']} onChange={onChange} />);
    expect(screen.getAllByRole('checkbox').map((c) => (c as HTMLInputElement).value)).toEqual(['metrics:read', 'self']);
    fireEvent.click(screen.getByRole('button', { name: 'All I can grant' }));
    expect(onChange).toHaveBeenLastCalledWith(['metrics:read', 'self']);
    fireEvent.click(screen.getByRole('button', { name: 'None' }));
    expect(onChange).toHaveBeenLastCalledWith([]);
  });

  it('refuses to send without a name or a scope, then sends the choice and shows the secret once; closing drops it', async () => {
    const create = vi.fn(async (_k: NewKey) => created);
    const onClose = vi.fn();
    const { rerender } = wrap(<CreateKeyModal opened title="New personal API key" allowed={VIEWER} create={create} onClose={onClose} />);
    const dialog = await screen.findByRole('dialog', { name: 'New personal API key' });
    fireEvent.click(within(dialog).getByRole('button', { name: 'None' }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create key' }));
    expect(await within(dialog).findByText('Give the key a name')).toBeTruthy();
    expect(within(dialog).getByText('Choose at least one scope')).toBeTruthy();
    expect(create).not.toHaveBeenCalled();

    fireEvent.change(within(dialog).getByRole('textbox', { name: /^Name/ }), { target: { value: '  ci  ' } });
    fireEvent.click(within(dialog).getByRole('checkbox', { name: /metrics:read/ }));
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create key' }));
    const done = await screen.findByRole('dialog', { name: 'API key created' });
    expect(create).toHaveBeenCalledTimes(1);
    const sent = create.mock.calls[0]![0];
    expect(sent.name).toBe('ci');
    expect(sent.scopes).toEqual(['metrics:read']);
    expect(Date.parse(sent.expires_at!) - Date.now()).toBeGreaterThan(89 * 86_400_000);
    expect(within(done).getByTestId('secret-value').textContent).toBe('mdl_live_SECRET123');

    fireEvent.click(within(done).getByRole('button', { name: 'Done' }));
    expect(onClose).toHaveBeenCalled();
    rerender(<QueryClientProvider client={new QueryClient()}><MantineProvider><MemoryRouter><CreateKeyModal opened title="New personal API key" allowed={VIEWER} create={create} onClose={onClose} /></MemoryRouter></MantineProvider></QueryClientProvider>);
    await screen.findByRole('dialog', { name: 'New personal API key' });
    expect(document.body.innerHTML).not.toContain('SECRET123');
  });

  it('keeps the form and shows the server\'s refusal with its details', async () => {
    const create = vi.fn(async () => { throw new ApiError(403, 'FORBIDDEN', 'an API key cannot have scopes its creator lacks: admin', { scopes: ['admin'] }); });
    wrap(<CreateKeyModal opened title="New key" allowed={VIEWER} create={create} onClose={() => {}} />);
    const dialog = await screen.findByRole('dialog', { name: 'New key' });
    fireEvent.change(within(dialog).getByRole('textbox', { name: /^Name/ }), { target: { value: 'x' } });
    fireEvent.click(within(dialog).getByRole('button', { name: 'Create key' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert.textContent).toContain('creator lacks: admin (FORBIDDEN)');
    expect(alert.textContent).toContain('{"scopes":["admin"]}');
    expect(within(dialog).getByRole('button', { name: 'Create key' })).toBeTruthy();
  });
});

describe('a non-admin', () => {
  const me = { user: { id: 'u2', email: 'v@example.com' }, workspace_id: 'w', role: 'viewer', scopes: VIEWER, credential: 'user' };

  it('has only the API keys tab in the admin frame', async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    client.setQueryData(['me'], me);
    wrap(<AdminLayout />, client, '/admin/api-keys');
    const nav = await screen.findByRole('navigation', { name: 'Admin sections' });
    expect(within(nav).getAllByRole('link').map((a) => a.textContent)).toEqual(['API keys']);
    expect(within(nav).getByRole('link', { name: 'API keys' }).getAttribute('aria-current')).toBe('page');
  });

  it('an admin has every tab, the current one marked', async () => {
    const client = new QueryClient({ defaultOptions: { queries: { retry: false, staleTime: Infinity } } });
    client.setQueryData(['me'], { ...me, role: 'admin', scopes: ALL });
    wrap(<AdminLayout />, client, '/admin/invitations');
    const nav = await screen.findByRole('navigation', { name: 'Admin sections' });
    expect(within(nav).getAllByRole('link')).toHaveLength(7);
    expect(within(nav).getByRole('link', { name: 'Invitations' }).getAttribute('aria-current')).toBe('page');
    expect(within(nav).getByRole('link', { name: 'Members' }).getAttribute('aria-current')).toBeNull();
  });
});
