/// <reference lib="dom" />
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_EMAIL } from '../../tests/helpers/server-process.js';
import { TEST_PASSWORD } from '../../tests/helpers/app.js';
import { E2E_SKIP, HAVE_CHROMIUM, launchBrowser, screenshot, seriousA11yViolations, signedInPage, startDashboardServer, type DashboardServer } from './helpers/browser.js';

/**
 * The Overview, Domains and Objectives views end to end (issue 9, views 7 and 8): a catalog imported
 * through the API with governance gaps in it (a metric without an owner, PII without a classification,
 * a deprecated metric still referenced, unresolved references), then each page in Chromium: the right
 * numbers, links that navigate, designed 404s, axe and no CSP violation.
 */
const gov = (owner_team: string | null, data_classification: string | null, status: string, pii_involved = false) =>
  ({ ...(owner_team ? { owner_team } : {}), ...(data_classification ? { data_classification } : {}), status, pii_involved });

const catalog = {
  domains: [
    { domain_id: 'sales', name: 'Sales', description: 'Everything from lead to paid order.', owner_team: 'sales-team', contact_email: 'sales@example.com', stakeholders: ['CRO'], key_areas: ['pipeline', 'checkout'], key_metric_ids: ['REV', 'M-GHOST'], objective_ids: ['OBJ-GROW'] },
    { domain_id: 'ops', name: 'Operations', owner_team: 'platform' },
    { domain_id: 'people', name: 'People' },
  ],
  objectives: [
    {
      objective_id: 'OBJ-GROW', name: 'Grow revenue profitably', status: 'on-track', owner_team: 'sales-team', business_domain: 'sales', timeframe: { start: '2026-01-01', end: '2026-12-31' }, metric_ids: ['REV'],
      key_results: [
        { kr_id: 'KR-1', name: 'Double monthly revenue', baseline_value: 100, target_value: 200, current_value: 150, unit: 'k USD', direction: 'increase', metric_ids: ['ORDERS'] },
        { kr_id: 'KR-2', name: 'Cut refund rate', baseline_value: 10, target_value: 5, current_value: 9, unit: '%', direction: 'decrease' },
        { kr_id: 'KR-3', name: 'Launch in two markets', target_value: 2, unit: 'markets', direction: 'increase' },
      ],
    },
    { objective_id: 'OBJ-QUIET', name: 'Keep the lights on', status: 'draft' },
  ],
  metrics: [
    { metric_id: 'REV', name: 'Revenue', business_domain: 'sales', tier: 'Tier-1', definition: { formula: 'sum(amount)' }, governance: gov('sales-team', 'internal', 'active'), relationships: { upstream_metric_ids: ['OLD-REV'] } },
    { metric_id: 'ORDERS', name: 'Orders', business_domain: 'sales', tier: 'Tier-2', definition: { formula: 'count(orders)' }, governance: gov(null, 'internal', 'active') },
    { metric_id: 'EMAILS', name: 'Email signups', business_domain: 'Sales', tier: 'Tier-2', definition: { formula: 'count(signups)' }, governance: gov('crm', null, 'active', true), alignment: { primary_objective_ids: ['OBJ-GROW'] } },
    { metric_id: 'OLD-REV', name: 'Legacy revenue', business_domain: 'sales', tier: 'Tier-3', definition: { formula: 'sum(old)' }, governance: gov('sales-team', 'internal', 'deprecated') },
    { metric_id: 'LATENCY', name: 'Page latency', business_domain: 'ops', tier: 'Tier-1', definition: { formula: 'p95(ms)' }, governance: gov('platform', 'public', 'active'), relationships: { downstream_metric_ids: ['M-GHOST'] } },
    { metric_id: 'UNUSED-OLD', name: 'Old uptime', business_domain: 'ops', tier: 'Tier-3', definition: { formula: 'avg(up)' }, governance: gov('platform', null, 'deprecated') },
  ],
};

describe.skipIf(!HAVE_CHROMIUM)(`dashboard overview, domains and objectives in Chromium${E2E_SKIP}`, () => {
  let srv: DashboardServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cspViolations: () => Promise<string[]>;
  let problems: string[];

  /** A bar list's rows as their text (label, count, share), in order; `bar` spells one as it reads. */
  const bars = async (testId: string) => page.getByTestId(testId).getByTestId('bar').allTextContents();
  const bar = (label: string, count: number, pct: string) => `${label}${count} (${pct})`;

  beforeAll(async () => {
    [srv, browser] = await Promise.all([startDashboardServer({ seed: true }), launchBrowser()]);
    const token = await srv.server.login();
    const r = await fetch(`${srv.base}/api/v1/import`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: JSON.stringify(catalog) });
    expect(r.status, await r.clone().text()).toBe(200);
    // A generous timeout: the suite shares the machine with others.
    ({ context, page, cspViolations, problems } = await signedInPage(browser, srv.base, { viewport: { width: 1280, height: 1000 }, timeout: 30_000 }));
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('the overview: counts by tier, domain, status and classification as text, the gaps with their counts, recent changes', async () => {
    // The shell's heading names the view; the overview's parts are its sections.
    await page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    await page.getByRole('heading', { level: 2, name: 'Governance gaps' }).waitFor();
    await page.getByTestId('chart-tier').getByTestId('bar').first().waitFor();
    expect(await page.getByTestId('total').textContent()).toContain('6 metrics in this workspace');
    expect(await bars('chart-tier')).toEqual([bar('Tier-1', 2, '33%'), bar('Tier-2', 2, '33%'), bar('Tier-3', 2, '33%')]);
    expect(await bars('chart-domain')).toEqual([bar('sales', 3, '50%'), bar('ops', 2, '33%'), bar('Sales', 1, '17%')]);
    expect(await bars('chart-status')).toEqual([bar('active', 4, '67%'), bar('deprecated', 2, '33%')]);
    expect(await bars('chart-classification')).toEqual([bar('internal', 3, '50%'), bar('Not set', 2, '33%'), bar('public', 1, '17%')]);

    const count = async (testId: string) => page.getByTestId(testId).getByTestId('gap-count').textContent();
    await page.getByTestId('gap-unresolved').waitFor();
    expect([await count('gap-no-owner'), await count('gap-pii'), await count('gap-deprecated'), await count('gap-unresolved')]).toEqual(['1', '1', '1', '2']);
    expect(await page.getByRole('list', { name: 'Metrics without an owner' }).getByRole('link').allTextContents()).toEqual(['Orders']);
    expect(await page.getByRole('list', { name: 'PII metrics without a classification' }).getByRole('link').allTextContents()).toEqual(['Email signups']);
    expect(await page.getByRole('list', { name: 'Deprecated metrics still referenced' }).getByRole('link').allTextContents()).toEqual(['Legacy revenue']);
    expect(await page.getByTestId('gap-unresolved').textContent()).toContain('M-GHOST');

    expect(await page.getByTestId('recent-row').count()).toBe(6);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'overview');

    // A bar opens the catalog filtered to it; a gap's metric opens its page.
    await page.getByTestId('chart-tier').getByRole('link', { name: 'Tier-1' }).click();
    await page.waitForURL(/\/catalog\?tier=Tier-1$/);
    await page.getByRole('link', { name: 'LATENCY' }).first().waitFor();
    await page.goBack();
    await page.getByRole('list', { name: 'Metrics without an owner' }).getByRole('link', { name: 'Orders' }).click();
    await page.waitForURL(/\/metrics\/ORDERS$/);
    await page.getByRole('heading', { level: 1, name: 'Orders' }).waitFor();
    await page.goBack();
    await page.getByTestId('gap-deprecated').getByRole('link', { name: 'All deprecated metrics in the catalog' }).click();
    await page.waitForURL(/\/catalog\?status=deprecated$/);
    await page.getByRole('link', { name: 'UNUSED-OLD' }).first().waitFor();
    expect(await cspViolations()).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('domains: the list with owner and metric counts, the search box, a domain page with key metrics and its metrics', async () => {
    await page.getByRole('navigation').getByRole('link', { name: /Domains/ }).click();
    await page.waitForURL(/\/domains$/);
    await page.getByTestId('domain-row').first().waitFor();
    await page.getByTestId('domain-row').filter({ hasText: 'Sales' }).getByText('4', { exact: true }).waitFor();
    const rows = (await page.getByTestId('domain-row').allTextContents());
    expect(rows).toEqual(['Operationsopsplatform2', 'PeoplepeopleNo owner team0', 'Salessalessales-team4']);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Search domains').fill('oper');
    await page.waitForURL(/\/domains\?q=oper$/);
    await expect.poll(() => page.getByTestId('domain-row').allTextContents()).toEqual(['Operationsopsplatform2']);
    await page.getByLabel('Search domains').fill('nothing-like-it');
    await page.getByRole('heading', { name: 'No domains match' }).waitFor();
    await page.getByLabel('Search domains').fill('');

    await page.getByRole('link', { name: 'Sales', exact: true }).click();
    await page.waitForURL(/\/domains\/sales$/);
    await page.getByRole('heading', { level: 1, name: 'Sales' }).waitFor();
    const key = page.getByTestId('key-metrics');
    await key.getByText('Status: active').waitFor();
    await key.getByText(/^Not found/).waitFor();
    expect(await key.getByRole('link').allTextContents()).toEqual(['REV', 'M-GHOST']);
    const filed = page.getByTestId('domain-metrics');
    await filed.getByTestId('metric-row').first().waitFor();
    // Filed under its id or its name ("Sales"), in any case: 4 metrics, by name, each with its status in words.
    expect(await filed.getByTestId('metric-row').allTextContents()).toEqual(['EMAILSEmail signupsStatus: activeTier-2', 'OLD-REVLegacy revenueStatus: deprecatedTier-3', 'ORDERSOrdersStatus: activeTier-2', 'REVRevenueStatus: activeTier-1']);
    expect(await page.getByText('sales@example.com').count()).toBe(1);
    expect(await page.getByRole('link', { name: 'OBJ-GROW' }).getAttribute('href')).toBe('/objectives/OBJ-GROW');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'domain');
    await key.getByRole('link', { name: 'REV' }).click();
    await page.waitForURL(/\/metrics\/REV$/);
    await page.getByRole('heading', { level: 1, name: 'Revenue' }).waitFor();
    expect(await cspViolations()).toEqual([]);
    expect(problems.filter((p) => !p.includes('status of 404'))).toEqual([]);
    problems.splice(0);
  });

  it('objectives: the list with the server\'s progress, an objective page with key-result bars, values and direction, and its metrics', async () => {
    await page.goto('/objectives');
    const grow = page.getByTestId('objective-row').filter({ hasText: 'Grow revenue profitably' });
    await grow.waitFor();
    // The mean of the stored key-result progress: 50 and 20 (KR-3 has no current value).
    expect(await grow.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('35');
    expect(await grow.textContent()).toContain('2 of 3 key results measured');
    expect(await page.getByTestId('objective-row').filter({ hasText: 'Keep the lights on' }).textContent()).toContain('No key results');
    expect(await seriousA11yViolations(page)).toEqual([]);

    await grow.getByRole('link', { name: 'Grow revenue profitably' }).click();
    await page.waitForURL(/\/objectives\/OBJ-GROW$/);
    await page.getByRole('heading', { level: 1, name: 'Grow revenue profitably' }).waitFor();
    const kr1 = page.getByRole('listitem', { name: 'Key result KR-1' });
    expect(await kr1.getByRole('progressbar', { name: 'Progress of Double monthly revenue' }).getAttribute('aria-valuenow')).toBe('50');
    const kr1Text = (await kr1.textContent()) ?? '';
    for (const t of ['50%', 'Target200 k USD', 'Current150 k USD', 'Baseline100 k USD', 'Increase (higher is better)']) expect(kr1Text).toContain(t);
    const kr2 = page.getByRole('listitem', { name: 'Key result KR-2' });
    expect(await kr2.getByRole('progressbar').getAttribute('aria-valuenow')).toBe('20');
    expect(await kr2.textContent()).toContain('Decrease (lower is better)');
    expect(await page.getByRole('listitem', { name: 'Key result KR-3' }).textContent()).toContain('not measurable');

    // Its metrics: its own (REV), KR-1's (ORDERS) and the one that links to it (EMAILS), with status.
    const metrics = page.getByTestId('objective-metrics');
    await metrics.getByTestId('metric-row').nth(2).getByText(/^Status:/).waitFor();
    expect(await metrics.getByTestId('metric-row').allTextContents()).toEqual(['REVRevenueStatus: activeTier-1', 'ORDERSOrdersStatus: activeTier-2', 'EMAILSEmail signupsStatus: activeTier-2']);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'objective');
    await page.getByRole('link', { name: 'sales', exact: true }).click();
    await page.waitForURL(/\/domains\/sales$/);
    await page.getByRole('heading', { level: 1, name: 'Sales' }).waitFor();
    expect(await cspViolations()).toEqual([]);
    expect(problems.filter((p) => !p.includes('status of 404'))).toEqual([]);
    problems.splice(0);
  });

  it('a domain named by its name opens its page; unknown ids are designed 404s', async () => {
    // EMAILS files itself under "Sales" (the name): its page links /domains/Sales, which moves to the id.
    await page.goto('/metrics/EMAILS');
    await page.getByRole('link', { name: 'Sales', exact: true }).click();
    await page.waitForURL(/\/domains\/sales$/);
    await page.getByRole('heading', { level: 1, name: 'Sales' }).waitFor();
    await page.goto('/domains/NO-SUCH');
    await page.getByRole('heading', { name: 'Domain not found' }).waitFor();
    expect(await page.getByRole('link', { name: 'All domains' }).getAttribute('href')).toBe('/domains');
    await page.goto('/objectives/NO-SUCH');
    await page.getByRole('heading', { name: 'Objective not found' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(problems.splice(0).every((p) => p.includes('status of 404'))).toBe(true);
    expect(await cspViolations()).toEqual([]);
  });
});
