/// <reference lib="dom" />
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../../tests/helpers/databases.js';
import { E2E_SKIP, HAVE_CHROMIUM, launchBrowser, seriousA11yViolations, signedInPage, startDashboardServer, type DashboardServer, apiCall } from './helpers/browser.js';

/**
 * The dashboard against PostgreSQL (issue 9: "include one run against PostgreSQL"): the server runs on
 * a fresh schema as the suite's non-superuser role, so row-level security is in force for every request
 * the pages make. One path through the main views: catalog search and facets, a metric's page, an edit
 * saved with If-Match, its history, a domain page, an objective with its key-result progress, the
 * overview, an import planned and confirmed in the page, the export download, and a policy evaluated.
 */
const POSTGRES = ENGINES.find((e) => e.name === 'postgres')!;

const catalog = {
  domains: [{ domain_id: 'sales', name: 'Sales', owner_team: 'sales-team', key_metric_ids: ['PG-ORDERS'] }],
  objectives: [{
    objective_id: 'PG-OBJ', name: 'Sell more', status: 'on-track', business_domain: 'sales', metric_ids: ['PG-ORDERS'],
    key_results: [{ kr_id: 'PG-KR', name: 'Orders up', baseline_value: 100, target_value: 200, current_value: 175, unit: 'orders', direction: 'increase' }],
  }],
  metrics: [
    { metric_id: 'PG-ORDERS', name: 'Orders placed', business_domain: 'sales', tier: 'Tier-1', tags: ['orders'],
      definition: { formula: 'COUNT(*)', unit: 'orders' }, governance: { owner_team: 'sales-team', status: 'active', data_classification: 'confidential' } },
    { metric_id: 'PG-REFUNDS', name: 'Refund rate', business_domain: 'sales', tier: 'Tier-2',
      definition: { formula: 'refunds / orders', unit: 'percent' }, governance: { status: 'draft' },
      relationships: { upstream_metric_ids: ['PG-ORDERS'] } },
  ],
};

describe.skipIf(!HAVE_CHROMIUM || !POSTGRES.available)(`dashboard on ${POSTGRES.label} in Chromium${E2E_SKIP}`, () => {
  let srv: DashboardServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let cspViolations: () => Promise<string[]>;
  let token: string;

  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => apiCall(srv.base, token, method, path, body, headers);

  beforeAll(async () => {
    [srv, browser] = await Promise.all([startDashboardServer({ seed: true, engine: 'postgres' }), launchBrowser()]);
    token = await srv.server.login();
    const imported = await call('POST', '/import', catalog);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    ({ context, page, cspViolations, problems } = await signedInPage(browser, srv.base, { next: '/catalog', timeout: 30_000, acceptDownloads: true }));
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('searches the catalog, narrows by a facet, opens a metric, edits it, and shows the new version in its history', async () => {
    const results = page.getByRole('region', { name: 'Results' });
    /** The list has settled for this query (the catalog marks its results section so). */
    const settled = (q: string) => page.locator(`section[aria-label="Results"][data-state="ready"][data-q="${q}"]`).waitFor();
    await page.getByLabel('Search metrics').fill('refund');
    await settled('refund');
    await results.getByText('Refund rate').waitFor();
    expect(await results.getByText('Orders placed').count()).toBe(0);
    await page.getByLabel('Search metrics').fill('');
    await settled('');
    await results.getByText('Orders placed').waitFor();
    await page.getByRole('checkbox', { name: /^Tier-1, / }).click();
    await page.waitForURL(/tier=Tier-1/);
    await results.getByText('Refund rate').waitFor({ state: 'detached' });
    await results.getByText('Orders placed').click();

    await page.waitForURL(/\/metrics\/PG-ORDERS$/);
    await page.getByRole('heading', { level: 1, name: 'Orders placed' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('link', { name: 'Edit' }).click();
    await page.waitForURL(/\/metrics\/PG-ORDERS\/edit$/);
    const name = page.locator('#f-name');
    await name.fill('Orders placed (all channels)');
    await page.getByRole('button', { name: 'Save' }).first().click();
    await page.getByTestId('saved-notice').waitFor();
    const stored = (await call('GET', '/metrics/PG-ORDERS')).body;
    expect(stored.name).toBe('Orders placed (all channels)');
    expect(stored.governance.version).not.toBe('1.0.0');

    await page.goto('/metrics/PG-ORDERS/history');
    await page.getByText(stored.governance.version).first().waitFor();
  });

  it('shows a domain with its metrics, an objective with its key-result progress, and the overview counts', async () => {
    await page.goto('/domains/sales');
    await page.getByRole('heading', { level: 1, name: 'Sales' }).waitFor();
    await page.getByRole('link', { name: 'PG-REFUNDS' }).first().waitFor();
    await page.goto('/objectives/PG-OBJ');
    await page.getByRole('heading', { level: 1, name: 'Sell more' }).waitFor();
    // (175 - 100) / (200 - 100), computed by the server.
    expect(await page.getByRole('listitem', { name: 'Key result PG-KR' }).getByRole('progressbar').getAttribute('aria-valuenow')).toBe('75');
    await page.getByTestId('objective-metrics').getByText('Orders placed (all channels)').waitFor();
    await page.goto('/');
    await page.getByText('Tier-1').first().waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('plans an import dropped in the page, confirms it, and downloads the export with the new metric', async () => {
    await page.goto('/import-export');
    await page.getByRole('heading', { level: 2, name: 'Import' }).waitFor();
    const file = JSON.stringify({ metrics: [{ metric_id: 'PG-IMPORTED', name: 'Imported on PostgreSQL', definition: { formula: 'count(x)', unit: 'x' }, governance: { owner_team: 'ops', status: 'active' } }] });
    await page.getByTestId('import-file-input').setInputFiles([{ name: 'pg.json', mimeType: 'application/json', buffer: Buffer.from(file) }]);
    await page.locator('[data-testid="import-report"][data-stage="plan"]').waitFor();
    expect((await call('GET', '/metrics/PG-IMPORTED')).status).toBe(404);
    await page.getByRole('button', { name: 'Confirm import' }).click();
    await page.locator('[data-testid="import-report"][data-stage="done"]').waitFor();
    expect((await call('GET', '/metrics/PG-IMPORTED')).body.name).toBe('Imported on PostgreSQL');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Catalog as JSON' }).click()]);
    const doc = JSON.parse(readFileSync(await download.path(), 'utf8')) as { metrics: Array<{ metric_id: string }> };
    expect(doc.metrics.map((m) => m.metric_id).sort()).toEqual(['PG-IMPORTED', 'PG-ORDERS', 'PG-REFUNDS']);
    expect((await context.request.get('/api/v1/policies/bundle.tar.gz')).status()).toBe(200);
  });

  it('evaluates a policy for a confidential metric (allowed with clearance, denied without), with no CSP violation or page error', async () => {
    await page.goto('/policies?metric=PG-ORDERS');
    expect(await page.getByTestId('policy-rego').textContent()).toMatch(/^package mdl/m);
    const form = page.getByRole('form', { name: 'Would this request be allowed?' });
    await form.getByLabel('Action').selectOption('read_values');
    await form.getByLabel('Clearance').selectOption('confidential');
    await form.getByRole('button', { name: 'Check' }).click();
    await page.locator('[data-testid="policy-decision"][data-allow="true"]').waitFor();
    await form.getByLabel('Clearance').selectOption('public');
    await form.getByRole('button', { name: 'Check' }).click();
    await page.locator('[data-testid="policy-decision"][data-allow="false"]').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await cspViolations()).toEqual([]);
    expect(problems).toEqual([]);
  });
});
