/// <reference lib="dom" />
// Page code runs in the browser (page.evaluate): these files see the DOM types too.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestIdp, type TestIdp } from '../../tests/helpers/oidc-provider.js';
import { ENGINES } from '../../tests/helpers/databases.js';
import {
  E2E_SKIP, HAVE_CHROMIUM, launchBrowser, recordCspViolations, screenshot, seriousA11yViolations, signedInPage, startDashboardServer, watchPage, type DashboardServer, apiCall } from './helpers/browser.js';

/**
 * Admin, the security half, end to end: the audit log (filters in the address, the next page, both
 * exports downloaded and read, the chain's status in words), the SSO settings (saved; the secret never
 * comes back), single sign-on from the sign-in page through a real OpenID provider (oidc-provider) into
 * a cookie session, and the MFA policy with the "you must enrol" hold it puts on an admin without MFA.
 * The cases build on each other in order.
 */
const SECRET_KEY = randomBytes(32).toString('base64');
const POSTGRES = ENGINES.find((e) => e.name === 'postgres')!;

describe.skipIf(!HAVE_CHROMIUM)(`admin security and audit in Chromium${E2E_SKIP}`, () => {
  let srv: DashboardServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let cspViolations: () => Promise<string[]>;
  let token: string;
  let idp: TestIdp;
  let notFound: string[] = [];

  const call = (method: string, path: string, body?: unknown, headers?: Record<string, string>) => apiCall(srv.base, token, method, path, body, headers);

  beforeAll(async () => {
    [srv, browser] = await Promise.all([
      startDashboardServer({ seed: true, env: { MDL_SECRET_KEY: SECRET_KEY, MDL_SSO_ALLOW_PRIVATE_ISSUERS: 'true' } }),
      launchBrowser(),
    ]);
    idp = await startTestIdp({ redirectUris: [`${srv.base}/api/v1/auth/sso/default/callback`] });
    idp.accounts.set('sam', { email: 'sam.sso@example.com', email_verified: true, name: 'Sam SSO' });
    token = await srv.server.login();
    // 55 audited changes of one kind, so the filtered list has a second page (50 a page).
    for (let i = 0; i < 55; i++) expect((await call('POST', '/api-keys', { name: `audit-fill-${i}`, scopes: ['metrics:read'] })).status).toBe(201);
    ({ context, page, cspViolations, problems } = await signedInPage(browser, srv.base, { next: '/admin/audit', acceptDownloads: true, onPage: (p) => { notFound = expectedNotFound(p); } }));
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
    await idp?.close();
  });

  const rows = () => page.getByTestId('audit-row');

  it('audit: the chain verified in words, filters from the keyboard into the address, the next page and back', async () => {
    await page.getByTestId('chain-status').getByText(/Verified: all \d+ events link up/).waitFor();
    expect(await page.getByTestId('chain-status').innerText()).toContain('Audit chain verified');
    await rows().first().waitFor();
    // The keyboard: the Action filter, then Enter submits the filter form.
    await page.getByLabel('Action').focus();
    await page.keyboard.type('api_key.create');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/admin\/audit\?action=api_key.create$/);
    // The address changes before React renders the new query's rows: wait for them.
    await expect.poll(async () => [...new Set(await rows().locator('td:nth-child(3)').allInnerTexts())]).toEqual(['api_key.create']);
    await page.locator('[data-testid="audit-results"][aria-busy="false"]').waitFor();
    await page.getByText(/^Page 1: events 1–50, newest first$/).waitFor();
    expect(await rows().count()).toBe(50);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'admin-audit');
    await page.getByRole('button', { name: 'Next page' }).click();
    await page.waitForURL(/\?action=api_key.create&page=[^&]+$/);
    await page.locator('[data-testid="audit-results"][aria-busy="false"]').waitFor();
    await page.getByText(/^Page 2: events 51–55 \(the last page\)/).waitFor();
    expect(await rows().count()).toBe(5);
    expect(await page.getByRole('button', { name: 'Next page' }).isDisabled()).toBe(true);
    // The address alone opens page 2 again (a bookmark); Previous pops back to page 1.
    const pageTwo = page.url();
    await page.goto(pageTwo);
    await page.getByText(/^Page 2: events 51–55/).waitFor();
    expect(await page.getByLabel('Action').inputValue()).toBe('api_key.create');
    await page.getByRole('button', { name: 'Previous page' }).click();
    await page.waitForURL(/\/admin\/audit\?action=api_key.create$/);
    await page.getByText(/^Page 1: events 1–50/).waitFor();
  });

  it('audit: both exports download every matching event with the same filters', async () => {
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'CSV' }).click()]);
    expect(csv.suggestedFilename()).toBe('audit.csv');
    // Records end with CRLF (a cell may hold a bare newline).
    const lines = readFileSync((await csv.path())!, 'utf8').trim().split('\r\n');
    expect(lines).toHaveLength(56); // header + 55
    expect(lines[0]).toMatch(/action/);
    expect(lines.slice(1).every((l) => l.includes('api_key.create'))).toBe(true);
    const [jsonl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'JSON Lines' }).click()]);
    const events = readFileSync((await jsonl.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string; entity_type: string });
    expect(events).toHaveLength(55);
    expect(events.every((e) => e.action === 'api_key.create')).toBe(true);
  });

  const CLIENT_SECRET_MARK = 'test-client-secret-';
  it('SSO settings: off at first with the redirect URI to register; saved from the keyboard; the secret never comes back', async () => {
    await page.goto('/admin/sso');
    await page.getByTestId('sso-state').getByText(/is off/).waitFor();
    expect(await page.getByTestId('sso-redirect-uri').innerText()).toBe(`${srv.base}/api/v1/auth/sso/default/callback`);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByLabel('Issuer URL').fill(idp.issuer);
    await page.getByLabel('Client id').fill(idp.clientId);
    await page.getByLabel('Client secret').fill(idp.clientSecret);
    await page.getByLabel('Default role').selectOption('viewer');
    await page.getByLabel(/just-in-time provisioning/).check();
    await page.getByLabel('Client id').focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').filter({ hasText: 'The settings are saved' }).waitFor();
    await page.getByTestId('sso-state').getByText(/is on/).waitFor();
    expect(await page.getByLabel('Client secret').inputValue()).toBe('');
    expect(await page.content()).not.toContain(idp.clientSecret);
    const stored = await call('GET', '/settings/sso');
    expect(stored.text).not.toContain(idp.clientSecret);
    expect(stored.text).not.toContain(CLIENT_SECRET_MARK);
    expect(await page.getByTestId('sso-sign-in-link').innerText()).toBe(`${srv.base}/sign-in?workspace=default`);
    // A second save without a secret keeps the stored one (same issuer and client).
    await page.getByLabel('Allowed email domains').fill('example.com');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByRole('status').filter({ hasText: 'The settings are saved' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, 'admin-sso');
  });

  it('single sign-on from the sign-in page: the button only for a workspace with it, and a click lands signed in (cookie mode)', async () => {
    const sso = await browser.newContext({ baseURL: srv.base, viewport: { width: 1280, height: 900 } });
    const ssoCsp = await recordCspViolations(sso);
    const p = await sso.newPage();
    p.setDefaultTimeout(30_000);
    const { problems: ssoProblems } = watchPage(p);
    // The provider's sign-in step is scripted: authorize() records who signs in before it plays the
    // provider's pages; given an address that does not redirect it stops there, and the browser plays them.
    await idp.authorize(`${idp.issuer}/.well-known/openid-configuration`, { accountId: 'sam' }).catch(() => undefined);
    const notFound = expectedNotFound(p);
    await p.goto('/sign-in?workspace=no-such-workspace');
    await p.getByText(/Single sign-on is not available for “no-such-workspace”/).waitFor();
    expect(await p.getByRole('link', { name: /with single sign-on/ }).count()).toBe(0);
    await p.goto('/sign-in?workspace=default&next=%2Fcatalog');
    const button = p.getByRole('link', { name: 'Sign in to default with single sign-on' });
    await button.waitFor();
    expect(await button.getAttribute('href')).toBe('/api/v1/auth/sso/default/start?mode=cookie&return_to=%2Fcatalog');
    expect(await seriousA11yViolations(p)).toEqual([]);
    // From the keyboard: focus the button, Enter follows it.
    await button.focus();
    await p.keyboard.press('Enter');
    await p.waitForURL(`${srv.base}/catalog`);
    await p.getByRole('button', { name: 'Sign out' }).waitFor();
    expect(await p.getByRole('link', { name: /^Your account: sam\.sso@example\.com, viewer$/ }).count()).toBe(1);
    // The workspace id is remembered (not a token): the next sign-in offers the button without a link.
    await p.getByRole('button', { name: 'Sign out' }).click();
    await p.waitForURL(/\/sign-in\?signed_out=1$/);
    await p.getByRole('link', { name: 'Sign in to default with single sign-on' }).waitFor();
    expect(await p.evaluate(() => JSON.stringify({ ...localStorage }))).toBe('{"mdl:sso-workspace":"default"}');
    expect(await ssoCsp()).toEqual([]);
    expect(withoutExpectedNotFound(ssoProblems, notFound)).toEqual([]);
    await sso.close();
  });

  it('MFA policy: choosing "every member" warns an admin without MFA, saves, and holds them to their account page until they enrol', async () => {
    await page.goto('/admin/security');
    expect(await page.getByTestId('mfa-policy-current').innerText()).toBe('Not required');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // The keyboard: arrows move within the radio group, Tab to Save, Enter.
    await page.getByRole('radio', { name: 'Not required' }).focus();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown');
    expect(await page.getByRole('radio', { name: 'Required of every member' }).isChecked()).toBe(true);
    await page.getByText('This applies to you too').waitFor();
    await page.getByRole('button', { name: 'Save policy' }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('status').getByText(/The policy is now “Required of every member”/).waitFor();
    expect(JSON.parse((await call('GET', '/me/mfa')).text)).toMatchObject({ policy: 'all', enrolment_required: true });
    // Other views are held back now: the shell says so and links to the account page.
    await page.goto('/admin/audit');
    await page.getByRole('alert').filter({ hasText: 'Set up two-factor authentication' }).waitFor();
    await page.getByRole('link', { name: 'your account page' }).click();
    await page.waitForURL(/\/account$/);
    await page.getByTestId('enrolment-required').waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
  });

  it('raised no CSP violation, page error or console error along the way', async () => {
    expect(await cspViolations()).toEqual([]);
    expect(withoutExpectedNotFound(problems, notFound)).toEqual([]);
  });
});

/**
 * The designed 404s: GET /settings/sso before SSO is configured, and the sign-in page's probe for a
 * workspace without it. Chromium logs each as a failed load; any other 404 fails the test.
 */
const EXPECTED_404 = /\/api\/v1\/(settings\/sso|auth\/sso\/[^/]+)$/;
function expectedNotFound(page: Page): string[] {
  const seen: string[] = [];
  page.on('response', (r) => { if (r.status() === 404) seen.push(new URL(r.url()).pathname); });
  return seen;
}
function withoutExpectedNotFound(problems: string[], seen: string[]): string[] {
  expect(seen.filter((u) => !EXPECTED_404.test(u))).toEqual([]);
  const logged = problems.filter((p) => /status of 404/.test(p));
  expect(logged.length).toBeLessThanOrEqual(seen.length);
  return problems.filter((p) => !/status of 404/.test(p));
}

describe.skipIf(!HAVE_CHROMIUM || !POSTGRES.available)(`admin audit and account on ${POSTGRES.label} in Chromium${E2E_SKIP}`, () => {
  let srv: DashboardServer;
  let browser: Browser;

  beforeAll(async () => {
    [srv, browser] = await Promise.all([startDashboardServer({ seed: true, engine: 'postgres' }), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  it('the audit log, its chain status and an export, and the account page with its session, under row-level security', async () => {
    const { page, cspViolations, problems, context } = await signedInPage(browser, srv.base, { next: '/admin/audit', acceptDownloads: true });
    await page.getByTestId('chain-status').getByText('Audit chain verified').waitFor();
    await page.getByTestId('audit-row').first().waitFor();
    const [jsonl] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'JSON Lines' }).click()]);
    const events = readFileSync((await jsonl.path())!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { action: string });
    expect(events.some((e) => e.action === 'auth.login')).toBe(true);
    await page.goto('/account');
    await page.getByTestId('session-row').filter({ hasText: 'This session' }).waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    expect(await cspViolations()).toEqual([]);
    expect(problems).toEqual([]);
    await context.close();
  });
});
