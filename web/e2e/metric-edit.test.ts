/// <reference lib="dom" />
// Page code runs in the browser (page.evaluate): these files see the DOM types too.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL } from '../../tests/helpers/server-process.js';
import { TEST_PASSWORD } from '../../tests/helpers/app.js';
import { E2E_SKIP, HAVE_CHROMIUM, launchBrowser, screenshot, seriousA11yViolations, signedInPage, startDashboardServer, type DashboardServer, apiCall } from './helpers/browser.js';

/**
 * Editing and creating a metric end to end (issue 9, view 4): a seeded server with a small catalog
 * imported through the API, then the form in Chromium. Create through the form (an unresolved reference
 * comes back as a warning), a server-side field error (strict reference policy, 422) shown at its field,
 * a 412 after an API write in between → diff → overwrite, a draft surviving a reload, the keyboard alone,
 * axe and CSP.
 */
const catalog = {
  domains: [{ domain_id: 'sales', name: 'Sales' }],
  metrics: [
    { metric_id: 'M-EDIT', name: 'Orders', description: 'All orders.', business_domain: 'sales', tier: 'Tier-1', tags: ['orders'],
      definition: { formula: 'count(orders)', unit: 'orders', expected_direction: 'increase' },
      governance: { owner_team: 'sales-team', status: 'active', data_classification: 'internal' },
      targets_and_alerts: { target_value: 100, alert_rules: [{ rule_id: 'R1', name: 'Drop', severity: 'high', notify_channels: ['#sales'] }] } },
    { metric_id: 'M-UP', name: 'Visits', governance: { status: 'active' } },
  ],
};

describe.skipIf(!HAVE_CHROMIUM)(`dashboard metric editor in Chromium${E2E_SKIP}`, () => {
  let srv: DashboardServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let token: string;
  let cspViolations: () => Promise<string[]>;
  let problems: string[];

  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => apiCall(srv.base, token, method, path, body, headers);
  const field = (path: string) => page.locator(`#f-${path.replace(/\./g, '__').replace(/\[(\d+)\]/g, '-$1')}`);
  /** Refused saves log their 400/412/422 in the console: expected here, every other problem is not. */
  const unexpected = () => problems.filter((p) => !/status of (400|412|422)/.test(p));

  beforeAll(async () => {
    [srv, browser] = await Promise.all([startDashboardServer({ seed: true }), launchBrowser()]);
    token = await srv.server.login();
    const imported = await call('POST', '/import', catalog);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    ({ context, page, cspViolations, problems } = await signedInPage(browser, srv.base));
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('creates a metric through the form: lists, a closed-vocabulary select, and the unresolved reference as a warning', async () => {
    // Reached from the catalog, as a user finds it.
    await page.goto('/catalog');
    await page.getByRole('link', { name: 'New metric' }).click();
    await page.getByRole('heading', { level: 1, name: 'New metric' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/metrics/new');
    await field('metric_id').fill('NEW-1');
    await field('name').fill('Refund rate');
    await field('definition.unit').fill('percent');
    await field('tier').fill('Tier-2');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await field('tags[0]').fill('refunds');
    await page.getByRole('button', { name: 'Add tag' }).click();
    await field('tags[1]').fill('finance');
    await page.getByRole('button', { name: 'Move tag 2 up' }).click();
    await page.getByRole('button', { name: 'Add alert rule' }).click();
    await field('targets_and_alerts.alert_rules[0].rule_id').fill('RR-1');
    await field('targets_and_alerts.alert_rules[0].severity').click();
    await page.getByRole('option', { name: 'critical', exact: true }).click();
    await page.getByRole('button', { name: 'Add upstream metric id' }).click();
    await field('relationships.upstream_metric_ids[0]').fill('M-NOT-YET');
    await field('extensions').fill('{"/vendor/x": {"a": 1}}');
    await page.getByRole('button', { name: 'Create metric' }).first().click();

    await page.waitForURL(/\/metrics\/NEW-1\/edit$/);
    const saved = page.getByTestId('saved-notice');
    await saved.getByText('Saved as version 1.0.0').waitFor();
    expect(await saved.getByText('relationships.upstream_metric_ids[0]').count()).toBe(1);
    const stored = await call('GET', '/metrics/NEW-1');
    expect(stored.body).toMatchObject({ name: 'Refund rate', tier: 'Tier-2', tags: ['finance', 'refunds'], definition: { unit: 'percent' },
      targets_and_alerts: { alert_rules: [{ rule_id: 'RR-1', severity: 'critical' }] }, extensions: { '/vendor/x': { a: 1 } } });
    expect(await field('name').inputValue()).toBe('Refund rate');
  });

  it('shows a server-side field error at its field and in the summary (strict references: 422 at upstream_metric_ids[1])', async () => {
    expect((await call('PUT', '/settings/references', { reference_policy: 'strict' })).status).toBe(200);
    try {
      await page.goto('/metrics/M-EDIT/edit');
      await page.getByRole('heading', { level: 1, name: 'Edit Orders' }).waitFor();
      await page.getByRole('button', { name: 'Add upstream metric id' }).click();
      await field('relationships.upstream_metric_ids[0]').fill('M-UP');
      await page.getByRole('button', { name: 'Add upstream metric id' }).click();
      await field('relationships.upstream_metric_ids[1]').fill('M-GHOST');
      await page.getByRole('button', { name: 'Save' }).first().click();
      const summary = page.getByTestId('error-summary');
      await summary.waitFor();
      const bad = field('relationships.upstream_metric_ids[1]');
      expect(await bad.getAttribute('aria-invalid')).toBe('true');
      expect(await field('relationships.upstream_metric_ids[0]').getAttribute('aria-invalid')).not.toBe('true');
      expect(await page.getByRole('group', { name: 'upstream metric id 2' }).getByText(/M-GHOST/).count()).toBeGreaterThan(0);
      await summary.getByRole('link', { name: 'relationships.upstream_metric_ids[1]' }).click();
      expect(await bad.evaluate((el) => el === document.activeElement)).toBe(true);
      expect(await seriousA11yViolations(page)).toEqual([]);
      await screenshot(page, 'metric-edit');
    } finally {
      await call('PUT', '/settings/references', { reference_policy: 'warn' });
    }
    // Nothing was written; the draft (with both ids) is still there for the next test to discard.
    expect((await call('GET', '/metrics/M-EDIT')).body).not.toHaveProperty('relationships');
  });

  it('keeps the draft across a reload, says so, and discards it', async () => {
    await field('name').fill('Orders (draft)');
    await page.reload();
    await page.getByTestId('draft-restored').waitFor();
    expect(await field('name').inputValue()).toBe('Orders (draft)');
    expect(await field('relationships.upstream_metric_ids[1]').inputValue()).toBe('M-GHOST');
    await page.getByRole('button', { name: 'Discard draft' }).click();
    expect(await field('name').inputValue()).toBe('Orders');
    expect(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('mdl:metric-draft:')))).toEqual([]);
  });

  it('a change in between answers 412: "changed since you opened it", the diff, then overwrite with the new ETag', async () => {
    await page.goto('/metrics/M-EDIT/edit');
    await page.getByRole('heading', { level: 1, name: 'Edit Orders' }).waitFor();
    await field('description').fill('Paid orders only.');
    const current = await call('GET', '/metrics/M-EDIT');
    const { governance: _g, ...rest } = current.body as Record<string, unknown>;
    expect((await call('PUT', '/metrics/M-EDIT', { ...rest, governance: { owner_team: 'sales-team', status: 'active', data_classification: 'internal' }, name: 'Orders placed' }, { 'if-match': current.etag! })).status).toBe(200);

    await page.getByRole('button', { name: 'Save' }).first().click();
    const conflict = page.getByTestId('conflict');
    await conflict.getByText('Changed since you opened it').waitFor();
    const diff = conflict.getByRole('table');
    expect(await diff.getByText('name', { exact: true }).count()).toBe(1);
    expect(await diff.getByText('Orders placed', { exact: true }).count()).toBe(1);
    expect(await diff.getByText('description', { exact: true }).count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await conflict.getByRole('button', { name: 'Overwrite with my draft' }).click();
    await page.getByTestId('saved-notice').waitFor();
    const after = await call('GET', '/metrics/M-EDIT');
    expect(after.body).toMatchObject({ name: 'Orders', description: 'Paid orders only.' });
    expect((after.body.governance as { version: string }).version).not.toBe((current.body.governance as { version: string }).version);
  });

  it('works from the keyboard alone: Tab to a field, type, Enter saves; a refused save\'s summary link focuses the field', async () => {
    await page.goto('/metrics/M-EDIT/edit');
    await page.getByRole('heading', { level: 1, name: 'Edit Orders' }).waitFor();
    const tabTo = async (id: string) => {
      for (let i = 0; i < 60; i++) {
        await page.keyboard.press('Tab');
        if (await page.evaluate((want) => document.activeElement?.id === want, id)) return;
      }
      throw new Error(`Tab never reached #${id}`);
    };
    await tabTo('f-name');
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.press('Delete');
    await page.keyboard.press('Enter'); // submits: the shared schema refuses an empty name before sending
    const summary = page.getByTestId('error-summary');
    await summary.waitFor();
    expect(await summary.evaluate((el) => el === document.activeElement)).toBe(true);
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('name');
    await page.keyboard.press('Enter');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('f-name');
    await page.keyboard.type('Orders by keyboard');
    await page.keyboard.press('Enter');
    await page.getByTestId('saved-notice').waitFor();
    expect((await call('GET', '/metrics/M-EDIT')).body).toMatchObject({ name: 'Orders by keyboard' });

    // The metric page's Edit button opens the editor.
    await page.goto('/metrics/M-EDIT');
    await page.getByRole('link', { name: 'Edit', exact: true }).click();
    await page.waitForURL(/\/metrics\/M-EDIT\/edit$/);
    await page.getByRole('heading', { level: 1, name: 'Edit Orders by keyboard' }).waitFor();
    expect(await cspViolations()).toEqual([]);
    expect(unexpected()).toEqual([]);
  });
});
