/// <reference lib="dom" />
// Page code runs in the browser (page.evaluate): this file sees the DOM types too.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSyntheticCatalog } from '../../bench/generate.js';
import { TEST_PASSWORD } from '../../tests/helpers/app.js';
import { runMdl } from '../../tests/helpers/cli.js';
import { seedSqlite, ServerProcess } from '../../tests/helpers/server-process.js';
import { E2E_SKIP, HAVE_CHROMIUM, launchBrowser, screenshot, seriousA11yViolations, signedInPage } from './helpers/browser.js';
import { ensureWebBuild } from './helpers/web-build.js';

/**
 * The catalog view at 10,000 metrics (bench/generate.ts, imported with the CLI into the server's database
 * before it starts): search as you type timed in the browser, facets that narrow the list and recount,
 * cursor pages, the URL holding the whole state through reload and back/forward, the keyboard alone, axe.
 */
const N = 10_000;
const BUDGET_MS = 300;

describe.skipIf(!HAVE_CHROMIUM)(`dashboard catalog in Chromium at ${N} metrics${E2E_SKIP}`, () => {
  let dir: string;
  let server: ServerProcess;
  let browser: Browser;
  let page: Page;
  let problems: string[];
  let cspViolations: () => Promise<string[]>;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'mdl-e2e-catalog-'));
    const seed = async () => {
      await seedSqlite(dir);
      await writeSyntheticCatalog(join(dir, 'catalog.json'), N);
      const r = await runMdl(['--database', join(dir, 'mdl.db'), 'import', join(dir, 'catalog.json')]);
      if (r.code !== 0) throw new Error(`import failed: ${r.stderr}`);
    };
    [, , browser] = await Promise.all([ensureWebBuild(), seed(), launchBrowser()]);
    server = new ServerProcess(dir);
    await server.ready();
    ({ page, cspViolations, problems } = await signedInPage(browser, server.base, { next: '/catalog' }));
  });
  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  const results = () => page.locator('section[aria-label="Results"]');
  const ready = async (q: string, total?: number) => {
    await page.locator(`section[aria-label="Results"][data-state="ready"][data-q="${q}"]${total === undefined ? '' : `[data-total="${total}"]`}`).waitFor();
  };
  const rowIds = () => page.locator('[data-metric-id]').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-metric-id')));
  const checkbox = (value: string) => page.getByRole('checkbox', { name: new RegExp(`^${value}, `) });

  it('lists the first page of the catalog (never all of it), with facet counts', async () => {
    await ready('', N);
    expect(await page.getByText(`Showing 1–100 of ${N.toLocaleString()} metrics`).isVisible()).toBe(true);
    // Virtualised: far fewer rows in the DOM than the page holds.
    const rendered = (await rowIds()).length;
    expect(rendered).toBeGreaterThan(5);
    expect(rendered).toBeLessThan(60);
    await expect.poll(() => checkbox('Tier-1').getAttribute('aria-label')).toBe('Tier-1, 3334 metrics');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it(`shows search results within ${BUDGET_MS} ms of the last keystroke, measured in the browser`, async () => {
    const box = page.getByLabel('Search metrics');
    const timings: Array<{ sent: number; answered: number; rendered: number }> = [];
    for (const [query, total] of [['metric 77', 111], ['churn', 2500], ['metric 123', 11], ['latency', 2500], ['metric 45', 111]] as const) {
      await box.fill('');
      await ready('', N);
      await box.focus();
      // In the page: the time of the last input event, and the time the results for `query` are in the DOM
      // (plus when the list request left and was answered, from Resource Timing).
      const measured = page.evaluate(({ query, total }) => new Promise<{ sent: number; answered: number; rendered: number }>((resolve, reject) => {
        let last = 0;
        const input = document.querySelector('input[type="search"]')!;
        input.addEventListener('input', () => { last = performance.now(); });
        const done = () => document.querySelector(`section[aria-label="Results"][data-state="ready"][data-total="${total}"]`)?.getAttribute('data-q') === query
          && document.querySelector('[data-metric-id]') !== null;
        const observer = new MutationObserver(() => {
          if (last > 0 && (input as HTMLInputElement).value === query && done()) {
            observer.disconnect();
            const now = performance.now();
            const res = performance.getEntriesByType('resource').filter((e) => e.name.includes('/api/v1/metrics?')).pop() as PerformanceResourceTiming;
            resolve({ sent: res.startTime - last, answered: res.responseEnd - last, rendered: now - last });
          }
        });
        observer.observe(document.body, { subtree: true, childList: true, attributes: true });
        setTimeout(() => {
          const section = document.querySelector('section[aria-label="Results"]');
          reject(new Error(`no results within 10 s: input "${(input as HTMLInputElement).value}", results ${section?.getAttribute('data-state')} q="${section?.getAttribute('data-q')}" total=${section?.getAttribute('data-total')}`));
        }, 10_000);
      }), { query, total });
      await page.keyboard.type(query, { delay: 40 });
      timings.push(await measured);
      if (query === 'metric 77') expect((await rowIds())[0]).toBe('M-000077'); // sorted by name: "Synthetic metric 77" first
    }
    const ms = (n: number) => `${n.toFixed(0)} ms`;
    console.log(`catalog search at ${N} metrics, last keystroke → results rendered (budget ${BUDGET_MS} ms; 150 ms of it is the debounce): `
      + timings.map((t) => `${ms(t.rendered)} (request sent +${ms(t.sent)}, answered +${ms(t.answered)})`).join('; '));
    // The median of five searches: one outlier on a loaded 2-core machine is not the view's speed.
    const sorted = timings.map((t) => t.rendered).sort((a, b) => a - b);
    expect(sorted[2]).toBeLessThan(BUDGET_MS);
  });

  it('facets narrow the list and recount the other facets; values within a facet combine', async () => {
    await page.getByLabel('Search metrics').fill('churn');
    await ready('churn', 2500);
    await expect.poll(() => checkbox('public').getAttribute('aria-label')).toBe('public, 833 metrics');
    await checkbox('Tier-1').click();
    await ready('churn', 833);
    // Tier-1 holds only "public" metrics in the synthetic catalog: the other classifications drop out.
    await expect.poll(() => checkbox('internal').count()).toBe(0);
    expect(await checkbox('public').getAttribute('aria-label')).toBe('public, 833 metrics');
    // Its own facet keeps the other tiers choosable; ticking one adds (OR) to the list.
    await expect.poll(() => checkbox('Tier-2').getAttribute('aria-label')).toBe('Tier-2, 834 metrics');
    await checkbox('Tier-2').click();
    await ready('churn', 1667);
    expect(new URL(page.url()).searchParams.getAll('tier')).toEqual(['Tier-1', 'Tier-2']);
  });

  it('pages with cursors, keeps every state in the URL, and restores it on reload and back/forward', async () => {
    await page.getByRole('combobox', { name: 'Sort by' }).click();
    await page.getByRole('option', { name: 'Name (Z–A)' }).click();
    await ready('churn', 1667);
    await page.getByRole('button', { name: /^Columns/ }).click();
    await page.getByRole('checkbox', { name: 'Unit' }).click();
    await page.getByRole('columnheader', { name: 'Unit' }).waitFor();
    await page.keyboard.press('Escape');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Showing 101–200 of 1,667 metrics').waitFor();
    await ready('churn', 1667);
    const pageTwo = await rowIds();
    const url = page.url();
    expect(new URL(url).searchParams.getAll('page')).toHaveLength(1);

    await page.reload();
    await page.getByText('Showing 101–200 of 1,667 metrics').waitFor();
    await ready('churn', 1667);
    expect(await page.getByLabel('Search metrics').inputValue()).toBe('churn');
    expect(await checkbox('Tier-1').isChecked()).toBe(true);
    expect(await page.getByRole('columnheader', { name: 'Unit' }).count()).toBe(1);
    expect(await page.getByRole('combobox', { name: 'Sort by' }).inputValue()).toBe('Name (Z–A)');
    expect(await rowIds()).toEqual(pageTwo);

    await page.getByRole('button', { name: 'Next page' }).click();
    await page.getByText('Showing 201–300 of 1,667 metrics').waitFor();
    await ready('churn', 1667);
    // Back twice (page 3 → 2 → 1), forward once: the address alone brings each page back.
    await page.goBack();
    await page.getByText('Showing 101–200 of 1,667 metrics').waitFor();
    await ready('churn', 1667);
    await page.goBack();
    await page.getByText('Showing 1–100 of 1,667 metrics').waitFor();
    await ready('churn', 1667);
    await page.goForward();
    await page.getByText('Showing 101–200 of 1,667 metrics').waitFor();
    await ready('churn', 1667);
    expect(page.url()).toBe(url);
    expect(await rowIds()).toEqual(pageTwo);
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.getByText('Showing 1–100 of 1,667 metrics').waitFor();
    await ready('churn', 1667);
    expect(new URL(page.url()).searchParams.getAll('page')).toEqual([]);
    await screenshot(page, 'catalog');
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('works from the keyboard alone: search, tick a facet, open a metric', async () => {
    await page.goto('/catalog');
    await ready('', N);
    const focused = () => page.evaluate(() => {
      const el = document.activeElement as HTMLElement | null;
      return { label: el?.getAttribute('aria-label') ?? el?.getAttribute('type') ?? '', row: el?.closest('[data-metric-id]')?.getAttribute('data-metric-id') ?? null };
    });
    for (let i = 0; i < 40 && (await focused()).label !== 'search'; i++) await page.keyboard.press('Tab');
    await page.keyboard.type('metric 123');
    await ready('metric 123', 11);
    for (let i = 0; i < 40 && !(await focused()).label.startsWith('Tier-3, '); i++) await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await ready('metric 123', 3);
    let row: string | null = null;
    for (let i = 0; i < 120 && !(row = (await focused()).row); i++) await page.keyboard.press('Tab');
    expect(row).toMatch(/^M-/);
    await page.keyboard.press('Enter');
    await page.waitForURL(new RegExp(`/metrics/${row}$`));
    expect(problems).toEqual([]);
    expect(await cspViolations()).toEqual([]);
  });
});
