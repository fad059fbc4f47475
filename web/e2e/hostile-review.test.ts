/// <reference lib="dom" />
// Page code runs in the browser (page.evaluate): these files see the DOM types too.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD } from '../../tests/helpers/app.js';
import { ADMIN_EMAIL } from '../../tests/helpers/server-process.js';
import { E2E_SKIP, HAVE_CHROMIUM, launchBrowser, recordCspViolations, startDashboardServer, watchPage, type DashboardServer, apiCall } from './helpers/browser.js';

/**
 * The dashboard attacked from outside, as a careless or malicious user would (issue 9, hostile review):
 * hostile strings in every entity the views render, crafted sign-in links, long unbroken values, two
 * people on one browser tab, and a viewer offered what the role cannot do. Each case failed before its fix.
 */
const IMG = '<img src=x onerror="window.__pwned=\'img\';alert(1)">';
const SCRIPT = '<script>window.__pwned="script"</script>';
const RTL = '\u202Eevil\u202C';
const OTHER_PASSWORD = 'another long passphrase for e2e 99';
/** Unbroken values at their field limits: a facet value, an owner, a domain reference. */
const LONG_TIER = 'T'.repeat(500);
const LONG_OWNER = 'o'.repeat(500);
const LONG_DOMAIN = 'W'.repeat(500);

const catalog = {
  domains: [{ domain_id: 'dx', name: `${IMG} ${SCRIPT} ${RTL}`, description: IMG, owner_team: IMG, contact_email: 'javascript:alert(1)', stakeholders: [IMG], key_areas: [SCRIPT], key_metric_ids: ['MX'] }],
  objectives: [{
    objective_id: 'OX', name: `${IMG}${RTL}`, description: SCRIPT, owner_team: IMG, business_domain: 'dx', metric_ids: ['MX'],
    key_results: [{ kr_id: 'KX', name: IMG, unit: SCRIPT, baseline_value: 0, target_value: 10, current_value: 5, direction: 'increase', metric_ids: ['MX'] }],
  }],
  metrics: [
    { metric_id: 'MX', name: `${IMG} ${RTL}`, business_domain: 'dx', tier: IMG, metric_type: SCRIPT, tags: [IMG, 'javascript:alert(1)'], definition: { formula: IMG, unit: SCRIPT }, governance: { owner_team: IMG, status: 'active', data_classification: 'internal' }, alignment: { primary_objective_ids: ['OX'] } },
    { metric_id: 'MBIG', name: 'B'.repeat(500), business_domain: LONG_DOMAIN, tier: LONG_TIER, definition: { formula: 'x' }, governance: { owner_team: LONG_OWNER, status: 'active' } },
  ],
};

describe.skipIf(!HAVE_CHROMIUM)(`dashboard hostile review in Chromium${E2E_SKIP}`, () => {
  let srv: DashboardServer;
  let browser: Browser;
  let token: string;

  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => apiCall(srv.base, token, method, path, body, headers);
  /** A member with `role`, joined through an invitation (the way people join). */
  const addMember = async (email: string, role: string) => {
    const invited = await call('POST', '/invitations', { email, role });
    expect(invited.status, JSON.stringify(invited.body)).toBe(201);
    const link = String(invited.body.link);
    const inviteToken = /token=([^&]+)/.exec(link)?.[1];
    const accepted = await fetch(`${srv.base}/api/v1/invitations/accept`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: inviteToken, password: OTHER_PASSWORD }) });
    expect(accepted.status).toBe(200);
  };

  /** A fresh tab, watched; `signIn` goes through the sign-in page and waits for `next` (or returns where it landed). */
  const newTab = async () => {
    const context: BrowserContext = await browser.newContext({ baseURL: srv.base, viewport: { width: 1280, height: 900 } });
    const csp = await recordCspViolations(context);
    const page: Page = await context.newPage();
    page.setDefaultTimeout(30_000);
    const { problems } = watchPage(page);
    const dialogs: string[] = [];
    page.on('dialog', (d) => { dialogs.push(d.message()); void d.dismiss(); });
    const signIn = async (email: string, password: string, next?: string) => {
      const r = await page.goto(next === undefined ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`);
      expect(r?.status(), await r?.text()).toBe(200);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel(/^Password/).fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.getByRole('button', { name: 'Sign out' }).waitFor();
    };
    const signOut = async () => {
      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByText('You are signed out.').waitFor();
    };
    return { context, page, problems, dialogs, csp, signIn, signOut };
  };

  beforeAll(async () => {
    [srv, browser] = await Promise.all([startDashboardServer({ seed: true }), launchBrowser()]);
    token = await srv.server.login();
    const imported = await call('POST', '/import', catalog);
    expect(imported.status, JSON.stringify(imported.body)).toBe(200);
    await addMember('editor@example.com', 'editor');
    await addMember('viewer@example.com', 'viewer');
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('a draft one user left in the tab is not offered to the next user who signs in there, and sign-out removes it', async () => {
    const tab = await newTab();
    await tab.signIn(ADMIN_EMAIL, TEST_PASSWORD, '/metrics/MX/edit');
    const name = tab.page.getByLabel(/^Name/).first();
    await name.fill('Admin draft: confidential rename');
    await expect.poll(() => tab.page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('mdl:metric-draft:')).length)).toBe(1);
    await tab.signOut();
    expect(await tab.page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('mdl:metric-draft:')))).toEqual([]);

    // Even a draft that outlives its session (the session ended, nobody signed out) is its user's only.
    await tab.signIn(ADMIN_EMAIL, TEST_PASSWORD, '/metrics/MX/edit');
    await tab.page.getByLabel(/^Name/).first().fill('Admin draft, left behind');
    await expect.poll(() => tab.page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('mdl:metric-draft:')).length)).toBe(1);
    await tab.context.clearCookies();
    await tab.signIn('editor@example.com', OTHER_PASSWORD, '/metrics/MX/edit');
    await tab.page.getByRole('heading', { level: 1 }).filter({ hasText: 'Edit' }).waitFor();
    expect(await tab.page.getByLabel(/^Name/).first().inputValue()).not.toContain('Admin draft');
    expect(await tab.page.getByRole('button', { name: 'Discard draft' }).count()).toBe(0);
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });

  it('sign-in with a ?next= holding a tab or newline (/<TAB>/evil.example) lands on this app, with no page error', async () => {
    for (const next of ['/\t/evil.example', '/\n/evil.example', '/\r/evil.example']) {
      const tab = await newTab();
      await tab.signIn('viewer@example.com', OTHER_PASSWORD, next);
      expect(new URL(tab.page.url()).origin).toBe(srv.base);
      expect(new URL(tab.page.url()).pathname).not.toBe('/sign-in');
      expect(tab.problems, JSON.stringify(next)).toEqual([]);
      await tab.context.close();
    }
  });

  it('long unbroken values (a facet value, a domain reference) wrap in their column: no page-wide horizontal scroll', async () => {
    const tab = await newTab();
    await tab.signIn(ADMIN_EMAIL, TEST_PASSWORD, '/catalog');
    await tab.page.getByRole('checkbox', { name: new RegExp(`^${LONG_TIER.slice(0, 50)}`) }).waitFor();
    const overflow = () => tab.page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(await overflow()).toBeLessThanOrEqual(0);
    await tab.page.goto('/metrics/MBIG');
    await tab.page.getByTestId('section-classification').waitFor();
    await tab.page.getByTestId('section-unresolved').waitFor();
    expect(await overflow()).toBeLessThanOrEqual(0);
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });

  it('a viewer is not offered New metric, nor an import the server would refuse; the export stays', async () => {
    const tab = await newTab();
    await tab.signIn('viewer@example.com', OTHER_PASSWORD, '/catalog');
    await tab.page.getByRole('link', { name: 'MX', exact: true }).waitFor();
    expect(await tab.page.getByRole('link', { name: 'New metric' }).count()).toBe(0);
    await tab.page.goto('/import-export');
    await tab.page.getByRole('heading', { name: 'Export', exact: true }).waitFor();
    await tab.page.getByText(/role .*viewer.* cannot import/i).waitFor();
    expect(await tab.page.getByRole('button', { name: /choose files/i }).count()).toBe(0);
    expect(await tab.page.getByRole('link', { name: 'Catalog as JSON' }).count()).toBe(1);

    // An editor still gets both.
    await tab.signOut();
    await tab.signIn('editor@example.com', OTHER_PASSWORD, '/catalog');
    await tab.page.getByRole('link', { name: 'New metric' }).waitFor();
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });

  it('a viewer reading a history is not offered "Restore this version" (the server refuses the write)', async () => {
    // A second version of MX, written through the API, so the history has something to restore.
    const read = await fetch(`${srv.base}/api/v1/metrics/MX`, { headers: { authorization: `Bearer ${token}` } });
    const doc = (await read.json()) as Record<string, unknown>;
    const put = await fetch(`${srv.base}/api/v1/metrics/MX`, { method: 'PUT', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'if-match': read.headers.get('etag') ?? '' }, body: JSON.stringify({ ...doc, description: 'second version' }) });
    expect(put.status, await put.clone().text()).toBe(200);

    const tab = await newTab();
    await tab.signIn('viewer@example.com', OTHER_PASSWORD, '/metrics/MX/history');
    await tab.page.getByRole('radio', { name: 'Compare from version 1.0.0' }).waitFor();
    expect(await tab.page.getByRole('button', { name: /Restore this version/ }).count()).toBe(0);
    await tab.signOut();
    await tab.signIn(ADMIN_EMAIL, TEST_PASSWORD, '/metrics/MX/history');
    await tab.page.getByRole('button', { name: /Restore this version/ }).first().waitFor();
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });

  it('an address no route can match (an encoded newline: /%0A/x) is "Page not found", not "Something went wrong, reload"', async () => {
    const tab = await newTab();
    await tab.signIn(ADMIN_EMAIL, TEST_PASSWORD);
    for (const path of ['/%0A/evil.example', '/catalog%0A']) {
      await tab.page.goto(path);
      await tab.page.getByRole('heading', { name: 'Page not found' }).waitFor();
      expect(await tab.page.getByText('Something went wrong').count(), path).toBe(0);
      await tab.page.getByRole('link', { name: 'Go to the overview' }).click();
      await tab.page.getByRole('heading', { level: 1, name: 'Overview' }).waitFor();
    }
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });

  // MetricPage.tsx showed Edit to every role; the editor then said "You can read, not edit".
  it('a viewer on the metric page is not offered Edit', async () => {
    const tab = await newTab();
    try {
      await tab.signIn('viewer@example.com', OTHER_PASSWORD, '/metrics/MX');
      await tab.page.getByTestId('section-classification').waitFor();
      expect(await tab.page.getByRole('link', { name: 'Edit' }).or(tab.page.getByRole('button', { name: 'Edit' })).count()).toBe(0);
    } finally {
      await tab.context.close();
    }
  });

  it('held: no token in storage, in a readable cookie or in the address, and Back after sign-out shows no data', async () => {
    const tab = await newTab();
    await tab.signIn(ADMIN_EMAIL, TEST_PASSWORD, '/domains/dx');
    await tab.page.getByRole('heading', { name: /<img src=x/ }).first().waitFor();
    const stored = await tab.page.evaluate(() => ({ local: Object.keys(localStorage), session: Object.keys(sessionStorage), cookie: document.cookie, url: location.href }));
    expect(stored.local).toEqual([]);
    expect(stored.session).toEqual([]);
    expect(stored.cookie).not.toMatch(/mdl_access|mdl_refresh|eyJ/);
    expect(stored.url).not.toMatch(/token|eyJ/i);
    await tab.page.goto('/domains');
    await tab.page.getByRole('heading', { level: 1, name: 'Domains' }).waitFor();
    await tab.signOut();
    await tab.page.goBack();
    await tab.page.getByLabel('Email').waitFor();
    expect(await tab.page.getByText('<img src=x', { exact: false }).count()).toBe(0);
    expect(tab.problems).toEqual([]);
    await tab.context.close();
  });

  it('a file name with an RTL override cannot spoof its extension or reverse the error message around it', async () => {
    const tab = await newTab();
    await tab.signIn(ADMIN_EMAIL, TEST_PASSWORD, '/import-export');
    // Shown as is, "\u202Egnp.yaml" reads "lmay.png", and the server's "<name>: malformed YAML…" reads backwards.
    await tab.page.getByTestId('import-file-input').setInputFiles([
      { name: 'ok.json', mimeType: 'application/json', buffer: Buffer.from('{"metrics":[]}') },
      { name: '\u202Egnp.yaml', mimeType: 'application/yaml', buffer: Buffer.from(': : :\n- [') },
    ]);
    const alert = tab.page.getByRole('alert').filter({ hasText: 'malformed YAML' });
    await alert.waitFor();
    const files = tab.page.getByRole('list', { name: 'Chosen files' });
    for (const text of [await alert.innerText(), await files.innerText()]) {
      expect(text).not.toMatch(/[\u202A-\u202E\u2066-\u2069]/);
      expect(text).toContain('[U+202E]gnp.yaml');
    }
    expect(tab.problems.filter((p) => !/status of 400/.test(p))).toEqual([]);
    await tab.context.close();
  });

  it('hostile strings in domains, objectives, key results, tags and owners stay text on every view', async () => {
    const tab = await newTab();
    await tab.signIn(ADMIN_EMAIL, TEST_PASSWORD);
    for (const path of ['/', '/catalog', '/catalog?tag=javascript%3Aalert(1)', '/metrics/MX', '/metrics/MX/history', '/domains', '/domains/dx', '/objectives', '/objectives/OX', '/policies?metric=MX', '/metrics/%3Cimg%20src%3Dx%20onerror%3Dalert(1)%3E', '/domains/%3Cb%3Ex%3C%2Fb%3E']) {
      await tab.page.goto(path);
      await tab.page.waitForLoadState('networkidle');
      await tab.page.locator('main h1, main h2').first().waitFor().catch(async (err: unknown) => {
        // Which view, where it ended up and what it showed: a bare locator timeout said none of it.
        const shown = await tab.page.locator('body').innerText().catch(() => '(unreadable)');
        throw new Error(`${path}: no heading in main at ${tab.page.url()} (${String(err).split('\n')[0]}); the page read: ${shown.slice(0, 500)}`);
      });
      const seen = await tab.page.evaluate(() => ({
        pwned: (window as unknown as { __pwned?: string }).__pwned ?? null,
        imgs: document.querySelectorAll('main img').length,
        bold: document.querySelectorAll('main b').length,
        links: Array.from(document.querySelectorAll('[href]')).map((e) => e.getAttribute('href') ?? '').filter((h) => /^\s*(javascript|data|vbscript):/i.test(h)),
      }));
      expect(seen, path).toEqual({ pwned: null, imgs: 0, bold: 0, links: [] });
    }
    expect(tab.dialogs).toEqual([]);
    expect(await tab.csp()).toEqual([]);
    expect(tab.problems.filter((p) => !/status of 404/.test(p))).toEqual([]);
    await tab.context.close();
  });
});
