// @vitest-environment jsdom
import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { detailsToIssues, draftKey, fieldId, getAt, issuesAt, parsePath, setAt, toBody, validate } from '../../web/src/pages/metric-edit/model.js';

/**
 * The metric editor (web/src/pages/metric-edit/) against a scripted API: server field errors land at
 * their field (array indices included), the shared Zod schema stops a bad save before it leaves, the
 * draft survives a remount, and a 412 shows the diff and overwrites with the new ETag.
 */
type Call = { method: string; path: string; ifMatch: string | null; body: unknown };
const calls: Call[] = [];
let routes: Record<string, Array<() => Response> | (() => Response)> = {};
const json = (status: number, body: unknown, headers: Record<string, string> = {}) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

const fakeFetch = vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
  const req = input instanceof Request ? input : new Request(new URL(String(input), location.origin), init);
  const path = new URL(req.url).pathname;
  const text = req.method === 'GET' ? '' : await req.text();
  calls.push({ method: req.method, path, ifMatch: req.headers.get('if-match'), body: text ? JSON.parse(text) : undefined });
  const r = routes[`${req.method} ${path}`];
  const next = Array.isArray(r) ? r.shift() : r;
  if (!next) throw new Error(`unexpected ${req.method} ${path}`);
  return next();
});

const VOCABS = {
  items: [
    { name: 'severity', ordered: true, closed: true, customized: false, values: ['info', 'low', 'high', 'critical'], aliases: [] },
    { name: 'status', ordered: false, closed: true, customized: false, values: ['draft', 'active'], aliases: [] },
    { name: 'data_classification', ordered: true, closed: true, customized: false, values: ['public', 'internal'], aliases: [] },
    { name: 'tier', ordered: false, closed: false, customized: false, values: ['Tier-1', 'Tier-2'], aliases: [] },
    { name: 'metric_type', ordered: false, closed: false, customized: false, values: ['ratio'], aliases: [] },
  ],
};
const M1 = {
  metric_id: 'M-1', name: 'Orders', definition: { unit: 'count' },
  governance: { version: '1.0.0', status: 'active', created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z' },
  targets_and_alerts: { alert_rules: [{ rule_id: 'R1', severity: 'low' }, { rule_id: 'R2', severity: 'high' }] },
};

let EditPage: typeof import('../../web/src/pages/metric-edit/EditPage.js');
beforeAll(async () => {
  vi.stubGlobal('fetch', fakeFetch);
  EditPage = await import('../../web/src/pages/metric-edit/EditPage.js'); // after the stub: openapi-fetch takes fetch at creation
});
afterEach(() => {
  cleanup();
  calls.length = 0;
  sessionStorage.clear();
});

function open(url: string, extra: typeof routes = {}) {
  routes = {
    'GET /api/v1/me': () => json(200, { user: { id: 'u1', email: 'a@example.com' }, workspace_id: 'ws-1', role: 'editor', scopes: [], credential: 'session' }),
    'GET /api/v1/vocabularies': () => json(200, VOCABS),
    'GET /api/v1/metrics/M-1': () => json(200, M1, { etag: '"e1"' }),
    ...extra,
  };
  const router = createMemoryRouter([{ path: '/metrics/new', Component: EditPage.Component }, { path: '/metrics/:id/edit', Component: EditPage.Component }, { path: '*', element: <p>elsewhere</p> }], { initialEntries: [url] });
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(<MantineProvider><QueryClientProvider client={client}><RouterProvider router={router} /></QueryClientProvider></MantineProvider>);
  return router;
}

const byId = (path: string) => document.getElementById(fieldId(path)) as HTMLInputElement;
const described = (el: HTMLElement) => (el.getAttribute('aria-describedby') ?? '').split(' ').map((id) => document.getElementById(id)?.textContent ?? '').join(' ');

describe('the edit model', () => {
  it('reads and writes by API path, array indices included; a cleared value removes its key', () => {
    expect(parsePath('targets_and_alerts.alert_rules[1].severity')).toEqual(['targets_and_alerts', 'alert_rules', 1, 'severity']);
    const doc = setAt({ a: { b: [{ c: 1 }, { c: 2 }] } }, 'a.b[1].c', 3);
    expect(doc).toEqual({ a: { b: [{ c: 1 }, { c: 3 }] } });
    expect(getAt(doc, 'a.b[1].c')).toBe(3);
    expect(setAt({ x: 1, y: 2 }, 'x', undefined)).toEqual({ y: 2 });
    expect(setAt({}, 'tags[0]', 't')).toEqual({ tags: ['t'] });
    expect(fieldId('targets_and_alerts.alert_rules[1].severity')).toBe('f-targets_and_alerts__alert_rules-1__severity');
  });

  it('maps API details to field issues; a JSON area takes the issues inside it', () => {
    const issues = detailsToIssues([{ path: 'extensions./v/x', message: 'bad' }, { path: 'tags[0]', message: 'empty' }, 'junk', { path: 1 }]);
    expect(issues).toEqual([{ path: 'extensions./v/x', message: 'bad' }, { path: 'tags[0]', message: 'empty' }]);
    expect(issuesAt(issues, 'extensions')).toEqual([]);
    expect(issuesAt(issues, 'extensions', true)).toHaveLength(1);
    expect(detailsToIssues({ referrers: [] })).toEqual([]);
  });

  it('sends no server-managed fields and checks the body with the shared schema, with the server\'s paths', () => {
    expect(toBody({ ...M1, warnings: [] })).toEqual({ metric_id: 'M-1', name: 'Orders', definition: { unit: 'count' }, governance: { status: 'active' }, targets_and_alerts: M1.targets_and_alerts });
    const issues = validate({ metric_id: 'bad id', name: 'x', tags: ['ok', ''], definition: { expected_direction: 'sideways' } });
    expect(issues.map((i) => i.path).sort()).toEqual(['definition.expected_direction', 'metric_id', 'tags[1]']);
    expect(validate({ metric_id: 'M', name: 'N', surprise: 1 })).toEqual([{ path: 'surprise', message: expect.stringContaining('unknown field') }]);
  });
});

describe('the metric editor', () => {
  it('shows the server\'s field errors at their fields (the second alert rule, not the first) and in a summary whose links focus them', async () => {
    open('/metrics/M-1/edit', {
      'PUT /api/v1/metrics/M-1': () => json(400, { error: { code: 'VALIDATION_FAILED', message: 'invalid', details: [
        { path: 'definition.unit', message: 'unit too odd' },
        { path: 'targets_and_alerts.alert_rules[1].severity', message: 'unknown severity "urgent"' },
        { path: 'extensions./vendor/x', message: 'nested too deep' },
      ] }, requestId: 'r' }),
    });
    await screen.findByRole('heading', { level: 1, name: 'Edit Orders' });
    fireEvent.change(byId('definition.unit'), { target: { value: 'orders' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Save' })[0]!);

    const summary = await screen.findByTestId('error-summary');
    const put = calls.find((c) => c.method === 'PUT')!;
    expect(put.ifMatch).toBe('"e1"');
    expect(put.body).toMatchObject({ definition: { unit: 'orders' }, governance: { status: 'active' } });
    expect((put.body as { governance: object }).governance).not.toHaveProperty('version');

    expect(byId('definition.unit').getAttribute('aria-invalid')).toBe('true');
    expect(described(byId('definition.unit'))).toContain('unit too odd');
    const second = byId('targets_and_alerts.alert_rules[1].severity');
    expect(second.getAttribute('aria-invalid')).toBe('true');
    expect(described(second)).toContain('unknown severity "urgent"');
    expect(byId('targets_and_alerts.alert_rules[0].severity').getAttribute('aria-invalid')).not.toBe('true');
    expect(within(screen.getByRole('group', { name: 'alert rule 2' })).getByText('unknown severity "urgent"')).toBeTruthy();
    expect(described(byId('extensions'))).toContain('/vendor/x: nested too deep');

    const links = within(summary).getAllByRole('link');
    expect(links.map((l) => l.textContent)).toEqual(['definition.unit', 'targets_and_alerts.alert_rules[1].severity', 'extensions./vendor/x']);
    fireEvent.click(links[1]!);
    expect(document.activeElement).toBe(second);
    fireEvent.click(links[2]!);
    expect(document.activeElement).toBe(byId('extensions'));
    // Fixing one field drops its issue, and the focus stays where the user types.
    byId('definition.unit').focus();
    fireEvent.change(byId('definition.unit'), { target: { value: 'pieces' } });
    await waitFor(() => expect(within(summary).getAllByRole('link')).toHaveLength(2));
    expect(document.activeElement).toBe(byId('definition.unit'));
    expect(byId('definition.unit').getAttribute('aria-invalid')).not.toBe('true');
  });

  it('says so for an unknown metric, and tells a viewer the role cannot edit (no form)', async () => {
    open('/metrics/NOPE/edit', { 'GET /api/v1/metrics/NOPE': () => json(404, { error: { code: 'NOT_FOUND', message: 'no such metric' }, requestId: 'r' }) });
    await screen.findByRole('heading', { name: 'Metric not found' });
    cleanup();
    open('/metrics/M-1/edit', { 'GET /api/v1/me': () => json(200, { user: { id: 'u2', email: 'v@example.com' }, workspace_id: 'ws-1', role: 'viewer', scopes: [], credential: 'session' }) });
    await screen.findByRole('heading', { name: 'You can read, not edit' });
    expect(document.querySelector('form')).toBeNull();
  });

  it('puts hostile strings into inputs as text: no element comes from a value', async () => {
    const hostile = '<script>window.__pwned=1</script><img src=x onerror="window.__pwned=2">';
    open('/metrics/M-1/edit', { 'GET /api/v1/metrics/M-1': () => json(200, { ...M1, name: hostile, tags: [hostile], extensions: { '/x': hostile } }, { etag: '"e1"' }) });
    await screen.findByRole('heading', { level: 1, name: `Edit ${hostile}` });
    expect(byId('name').value).toBe(hostile);
    expect(byId('tags[0]').value).toBe(hostile);
    expect(byId('extensions').value).toContain('onerror');
    expect(document.querySelectorAll('script, img').length).toBe(0);
    expect((window as unknown as { __pwned?: unknown }).__pwned).toBeUndefined();
  });

  it('checks with the shared schema before sending: nothing is posted while the id or a tag is invalid', async () => {
    open('/metrics/new');
    await screen.findByRole('heading', { level: 1, name: 'New metric' });
    fireEvent.change(byId('name'), { target: { value: 'Revenue' } });
    fireEvent.click(screen.getByRole('button', { name: 'Add tag' }));
    fireEvent.click(screen.getAllByRole('button', { name: 'Create metric' })[0]!);
    const summary = await screen.findByTestId('error-summary');
    expect(within(summary).getAllByRole('link').map((l) => l.textContent).sort()).toEqual(['metric_id', 'tags[0]']);
    expect(byId('tags[0]').getAttribute('aria-invalid')).toBe('true');
    expect(calls.some((c) => c.method === 'POST')).toBe(false);
    // Invalid JSON in a free-object area blocks the save too, with its own message.
    fireEvent.change(byId('extensions'), { target: { value: '{ nope' } });
    expect(described(byId('extensions'))).toContain('not valid JSON');
  });

  it('keeps the draft per workspace and metric across a remount, says so, and discards it on request', async () => {
    open('/metrics/M-1/edit');
    await screen.findByRole('heading', { level: 1, name: 'Edit Orders' });
    fireEvent.change(byId('name'), { target: { value: 'Orders (draft)' } });
    fireEvent.click(screen.getByRole('button', { name: 'Move alert rule 1 down' }));
    await waitFor(() => expect(sessionStorage.getItem(draftKey('ws-1', 'u1', 'M-1'))).toContain('Orders (draft)'));
    expect(Object.keys(sessionStorage)).toEqual(['mdl:metric-draft:ws-1:u1:M-1']);
    cleanup();

    open('/metrics/M-1/edit');
    await screen.findByTestId('draft-restored');
    expect(byId('name').value).toBe('Orders (draft)');
    expect(byId('targets_and_alerts.alert_rules[0].rule_id').value).toBe('R2');
    fireEvent.click(screen.getByRole('button', { name: 'Discard draft' }));
    expect(byId('name').value).toBe('Orders');
    expect(byId('targets_and_alerts.alert_rules[0].rule_id').value).toBe('R1');
    expect(sessionStorage.getItem(draftKey('ws-1', 'u1', 'M-1'))).toBeNull();
  });

  it('a 412 shows "changed since you opened it" with the diff; overwrite sends the new ETag, and the warnings show', async () => {
    const newer = { ...M1, name: 'Orders placed', governance: { ...M1.governance, version: '1.1.0' } };
    open('/metrics/M-1/edit', {
      'PUT /api/v1/metrics/M-1': [
        () => json(412, { error: { code: 'PRECONDITION_FAILED', message: 'changed' }, requestId: 'r' }),
        () => json(200, { ...newer, definition: { unit: 'pieces' }, governance: { ...newer.governance, version: '1.2.0' }, warnings: [{ code: 'UNRESOLVED_REFERENCE', path: 'relationships.upstream_metric_ids[0]', message: 'no metric M-NONE' }] }, { etag: '"e3"' }),
      ],
    });
    await screen.findByRole('heading', { level: 1, name: 'Edit Orders' });
    routes['GET /api/v1/metrics/M-1'] = () => json(200, newer, { etag: '"e2"' });
    fireEvent.change(byId('definition.unit'), { target: { value: 'pieces' } });
    fireEvent.click(screen.getAllByRole('button', { name: 'Save' })[0]!);

    const conflict = await screen.findByTestId('conflict');
    expect(within(conflict).getByText('Changed since you opened it')).toBeTruthy();
    const table = within(conflict).getByRole('table');
    expect(within(table).getByText('name')).toBeTruthy();
    expect(within(table).getByText('Orders placed')).toBeTruthy();
    expect(within(table).getByText('definition.unit')).toBeTruthy();
    expect(within(table).queryByText('governance.version')).toBeNull();

    fireEvent.click(within(conflict).getByRole('button', { name: 'Overwrite with my draft' }));
    const saved = await screen.findByTestId('saved-notice');
    expect(calls.filter((c) => c.method === 'PUT').map((c) => c.ifMatch)).toEqual(['"e1"', '"e2"']);
    expect(within(saved).getByText('Saved as version 1.2.0')).toBeTruthy();
    expect(within(saved).getByText('relationships.upstream_metric_ids[0]')).toBeTruthy();
    expect(screen.queryByTestId('conflict')).toBeNull();
    expect(sessionStorage.getItem(draftKey('ws-1', 'u1', 'M-1'))).toBeNull();
  });
});
