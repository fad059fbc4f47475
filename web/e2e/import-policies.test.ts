/// <reference lib="dom" />
// Page code runs in the browser (page.evaluate): these files see the DOM types too.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL } from '../../tests/helpers/server-process.js';
import { TEST_PASSWORD } from '../../tests/helpers/app.js';
import { E2E_SKIP, HAVE_CHROMIUM, launchBrowser, screenshot, seriousA11yViolations, signedInPage, startDashboardServer, type DashboardServer, apiCall } from './helpers/browser.js';

/**
 * The Import/Export and Policies views end to end (issue 9, views 9 and 10): two files chosen in the
 * page (one JSON, one YAML) give a dry-run plan with an invalid record and an unresolved reference;
 * confirmed with "continue on error", the valid records are written. The export links download through
 * the cookie session. Then a seeded metric's Rego and data, and the evaluate form answering allow and deny.
 */
const FILE_A = JSON.stringify({
  metrics: [{ metric_id: 'IMP-1', name: 'Imported orders', definition: { formula: 'count(orders)', unit: 'orders' }, governance: { owner_team: 'ops', status: 'active' }, relationships: { upstream_metric_ids: ['NOWHERE-1'] } }],
});
const FILE_B = [
  'metrics:',
  '  - metric_id: IMP-2',
  '    name: Imported visits',
  '    definition: { formula: count(visits), unit: visits }',
  '    governance: { owner_team: ops, status: active }',
  '  - metric_id: IMP-BAD',
  '    name: Broken metric',
  '    definition: { formula: x, unit: [not, a, string] }',
  '',
].join('\n');

const SEEDED = {
  metric_id: 'REV-CONF', name: 'Confidential revenue', definition: { formula: 'sum(amount)', unit: 'EUR' },
  governance: { owner_team: 'finance', data_classification: 'confidential', pii_involved: false, status: 'active' },
};

describe.skipIf(!HAVE_CHROMIUM)(`dashboard import/export and policies in Chromium${E2E_SKIP}`, () => {
  let srv: DashboardServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  let cspViolations: () => Promise<string[]>;
  let problems: string[];

  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => apiCall(srv.base, token, method, path, body, headers);

  beforeAll(async () => {
    [srv, browser] = await Promise.all([startDashboardServer({ seed: true }), launchBrowser()]);
    token = await srv.server.login();
    const seeded = await call('POST', '/import', { metrics: [SEEDED] });
    expect(seeded.status, JSON.stringify(seeded.body)).toBe(200);
    ({ context, page, cspViolations, problems } = await signedInPage(browser, srv.base, { acceptDownloads: true }));
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('plans two files (an invalid record, an unresolved reference), then imports the valid ones on confirm', async () => {
    await page.goto('/import-export');
    await page.getByRole('heading', { level: 2, name: 'Import' }).waitFor();
    // The picker is a real button: Enter opens the (multiple) file chooser.
    const chooser = page.waitForEvent('filechooser');
    await page.getByRole('button', { name: 'Choose files…' }).focus();
    await page.keyboard.press('Enter');
    expect((await chooser).isMultiple()).toBe(true);
    await page.getByTestId('import-file-input').setInputFiles([
      { name: 'a.json', mimeType: 'application/json', buffer: Buffer.from(FILE_A) },
      { name: 'b.yaml', mimeType: 'application/yaml', buffer: Buffer.from(FILE_B) },
    ]);
    const report = page.locator('[data-testid="import-report"][data-stage="plan"]');
    await report.waitFor();
    const invalid = page.getByRole('table', { name: 'Invalid records' });
    expect(await invalid.getByText('b.yaml:metrics[1]').count()).toBeGreaterThan(0);
    expect(await invalid.getByText('definition.unit').count()).toBeGreaterThan(0);
    const unresolved = page.getByRole('table', { name: 'Unresolved references' });
    expect(await unresolved.getByText('relationships.upstream_metric_ids[0]').count()).toBe(1);
    expect(await unresolved.getByText('metric “NOWHERE-1”').count()).toBe(1);
    const counts = page.getByRole('table', { name: 'Records by kind and outcome' });
    const metricCells = () => counts.getByRole('row', { name: /^Metrics/ }).getByRole('cell').allTextContents();
    expect(await metricCells()).toEqual(['2', '0', '0', '1']);
    // All-or-nothing would refuse it: confirming waits for "continue on error", which plans again.
    expect(await page.getByRole('button', { name: 'Confirm import' }).isDisabled()).toBe(true);
    expect((await call('GET', '/metrics/IMP-1')).status).toBe(404);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'import');

    await page.getByRole('checkbox', { name: /^Continue on error/ }).check();
    await page.waitForFunction(() => !document.querySelector('[data-testid="import-progress"]') && document.querySelector('[data-testid="import-report"][data-stage="plan"]'));
    await page.getByRole('button', { name: 'Confirm import' }).waitFor({ state: 'visible' });
    // The progress display appears while the real import runs (recorded in the page: it may be brief).
    await page.evaluate(() => {
      const w = window as unknown as { __sawProgress: boolean };
      w.__sawProgress = false;
      new MutationObserver(() => { if (document.querySelector('[data-testid="import-progress"]')) w.__sawProgress = true; }).observe(document.body, { childList: true, subtree: true });
    });
    await page.getByRole('button', { name: 'Confirm import' }).click();
    await page.locator('[data-testid="import-report"][data-stage="done"]').waitFor();
    expect(await page.evaluate(() => (window as unknown as { __sawProgress: boolean }).__sawProgress)).toBe(true);
    expect(await page.getByText('Imported.', { exact: true }).count()).toBe(1);
    expect(await metricCells()).toEqual(['2', '0', '0', '1']);
    expect((await call('GET', '/metrics/IMP-1')).status).toBe(200);
    expect((await call('GET', '/metrics/IMP-2')).status).toBe(200);
    expect((await call('GET', '/metrics/IMP-BAD')).status).toBe(404);
  });

  it('downloads the export through the cookie session, named by Content-Disposition, with no token in the URL', async () => {
    const link = page.getByRole('link', { name: 'Catalog as JSON' });
    const href = await link.getAttribute('href');
    expect(href).toBe('/api/v1/export?format=json');
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe('mdl-catalog.json');
    const doc = JSON.parse(readFileSync(await download.path(), 'utf8')) as { metrics: Array<{ metric_id: string }> };
    expect(doc.metrics.map((m) => m.metric_id).sort()).toEqual(['IMP-1', 'IMP-2', 'REV-CONF']);
    // The same links answered with the session's cookies (the context's request shares them).
    for (const [name, file] of [['Catalog as YAML', 'mdl-catalog.yaml'], ['Metrics as OSI (YAML)', 'mdl-osi.yaml']] as const) {
      const url = await page.getByRole('link', { name }).getAttribute('href');
      expect(url).not.toMatch(/token|key/i);
      const res = await context.request.get(url!);
      expect(res.status(), name).toBe(200);
      expect(res.headers()['content-disposition']).toBe(`attachment; filename="${file}"`);
    }
  });

  it('shows a seeded metric\'s Rego and data, and the evaluate form answers allow and deny', async () => {
    await page.goto('/policies');
    await page.getByRole('heading', { name: 'Choose a metric' }).waitFor();
    await page.getByRole('searchbox', { name: 'Search metrics' }).fill('confidential');
    await page.getByRole('list', { name: 'Matching metrics' }).getByRole('link', { name: 'Confidential revenue' }).click();
    await page.waitForURL(/\/policies\?metric=REV-CONF$/);
    const rego = page.getByTestId('policy-rego');
    await rego.waitFor();
    expect(await rego.textContent()).toMatch(/^package mdl/m);
    expect(JSON.stringify(JSON.parse((await page.getByTestId('policy-data').textContent())!))).toContain('confidential');
    expect(await page.getByRole('link', { name: 'Download bundle.tar.gz' }).getAttribute('href')).toBe('/api/v1/policies/bundle.tar.gz');
    const bundle = await context.request.get('/api/v1/policies/bundle.tar.gz');
    expect(bundle.status()).toBe(200);

    const form = page.getByRole('form', { name: 'Would this request be allowed?' });
    // Reading values is gated on clearance (reading the definition only on a role).
    await form.getByLabel('Action').selectOption('read_values');
    await form.getByLabel('Clearance').selectOption('confidential');
    await form.getByRole('button', { name: 'Check' }).click();
    const decision = page.getByTestId('policy-decision');
    await page.locator('[data-testid="policy-decision"][data-allow="true"]').waitFor();
    expect(await decision.getByText('Allowed', { exact: true }).count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'policies');

    await form.getByLabel('Clearance').selectOption('public');
    await form.getByRole('button', { name: 'Check' }).click();
    await page.locator('[data-testid="policy-decision"][data-allow="false"]').waitFor();
    expect(await decision.getByText('Denied', { exact: true }).count()).toBe(1);
    expect(await decision.getByRole('listitem').allTextContents()).toEqual(['clearance public is below the metric classification confidential']);
    expect(await cspViolations()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('an import whose session has ended goes to sign-in, and back to the page after it', async () => {
    await page.goto('/import-export');
    await page.getByRole('heading', { level: 2, name: 'Import' }).waitFor();
    await context.clearCookies();
    await page.getByTestId('import-file-input').setInputFiles([{ name: 'a.json', mimeType: 'application/json', buffer: Buffer.from(FILE_A) }]);
    await page.waitForURL(/\/sign-in\?next=%2Fimport-export$/);
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel(/^Password/).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${srv.base}/import-export`);
    await page.getByRole('heading', { level: 2, name: 'Import' }).waitFor();
  });
});
