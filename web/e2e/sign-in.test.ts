/// <reference lib="dom" />
// Page code runs in the browser (page.evaluate): these files see the DOM types too.
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totp } from '../../src/modules/mfa/totp.js';
import { E2E_SKIP, HAVE_CHROMIUM, launchBrowser, recordCspViolations, screenshot, seriousA11yViolations, startDashboardServer, watchPage, type DashboardServer } from './helpers/browser.js';

/**
 * The dashboard's first view end to end: a fresh server (no accounts), first-run setup through the page,
 * sign-in and the shell, sign-out, a wrong password, the keyboard alone, the CSRF wall from the page,
 * a session that ends mid-way, and the MFA step. One server and one browser for the file; the cases run
 * in order and build on each other (the admin made by setup signs in below; MFA is enrolled last).
 */
const EMAIL = 'first.admin@example.com';
const PASSWORD = 'a long passphrase for the e2e admin';

describe.skipIf(!HAVE_CHROMIUM)(`dashboard sign-in in Chromium${E2E_SKIP}`, () => {
  let srv: DashboardServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let cspViolations: () => Promise<string[]>;
  let problems: string[];

  beforeAll(async () => {
    [srv, browser] = await Promise.all([startDashboardServer(), launchBrowser()]);
    context = await browser.newContext({ baseURL: srv.base, viewport: { width: 1280, height: 800 } });
    cspViolations = await recordCspViolations(context);
    page = await context.newPage();
    // A bound on a hang, not a speed claim: a sign-in (argon2) took over 15 s with the full suite loading both cores.
    page.setDefaultTimeout(30_000);
    ({ problems } = watchPage(page));
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  const shellVisible = async () => {
    await expect.poll(() => page.getByRole('button', { name: 'Sign out' }).isVisible()).toBe(true);
    const nav = page.getByRole('navigation', { name: 'Views' });
    for (const name of ['Overview', 'Catalog', 'Domains', 'Objectives', 'Import/Export', 'Policies', 'Admin']) {
      expect(await nav.getByRole('link', { name, exact: true }).count(), name).toBe(1);
    }
  };
  const signOut = async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in\?signed_out=1$/);
    await page.getByText('You are signed out.').waitFor();
  };
  const fillSignIn = async (email: string, password: string) => {
    await page.getByLabel('Email').fill(email);
    await page.getByLabel(/^Password/).fill(password);
    await page.getByRole('button', { name: 'Sign in' }).click();
  };

  it('a fresh server sends / to sign-in, which points to first-run setup; setup through the page makes the admin', async () => {
    await page.goto('/catalog');
    await page.waitForURL(/\/sign-in\?next=%2Fcatalog$/);
    await page.getByRole('link', { name: 'Create the first admin' }).click();
    await page.waitForURL(/\/setup$/);
    await page.getByLabel('Setup token').waitFor(); // rendered (the route is a lazy chunk): axe checks the real form
    expect(await seriousA11yViolations(page)).toEqual([]);
    // A wrong token is refused with the server's reason, and nothing is created.
    await page.getByLabel('Setup token').fill('not-the-token');
    await page.getByLabel('Email').fill(EMAIL);
    await page.getByLabel(/^Password/).fill(PASSWORD);
    await page.getByLabel('Repeat the password').fill(PASSWORD);
    await page.getByRole('button', { name: 'Create the admin account' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/invalid, expired or already used setup token/);
    await page.getByLabel('Setup token').fill(srv.setupToken());
    await page.getByRole('button', { name: 'Create the admin account' }).click();
    await page.waitForURL(/\/sign-in\?set_up=1&email=/);
    expect(await page.getByLabel('Email').inputValue()).toBe(EMAIL);
    // Setup is closed now: the page says so instead of offering the form again.
    const open = await page.evaluate(() => fetch('/api/v1/setup').then((r) => r.json()));
    expect(open).toEqual({ needs_setup: false });
  });

  it('signs in with the password and shows the shell; no serious accessibility violation on either page', async () => {
    await page.goto('/sign-in');
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await screenshot(page, 'sign-in');
    expect(await seriousA11yViolations(page)).toEqual([]);
    await fillSignIn(EMAIL, PASSWORD);
    await page.waitForURL(`${srv.base}/`);
    await shellVisible();
    expect(await page.getByTestId('workspace-name').innerText()).toMatch(/default/i);
    // A view from the navigation (exact: the header's account link names the role, "admin", too).
    await page.getByRole('link', { name: 'Admin', exact: true }).click();
    await page.waitForURL(/\/admin$/);
    await page.getByRole('navigation', { name: 'Admin sections' }).waitFor();
    await screenshot(page, 'shell');
    expect(await seriousA11yViolations(page)).toEqual([]);
    // No token where script can read it: only the CSRF cookie is visible to the page.
    const visible = await page.evaluate(() => document.cookie);
    expect(visible).toMatch(/^mdl_csrf=/);
    expect(visible).not.toContain('mdl_access');
    expect(await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }))).not.toMatch(/eyJ|mdl_access|refresh/);
  });

  it('a write from the page without the CSRF header is refused (403 CSRF_FAILED); with it, it runs', async () => {
    const without = await page.evaluate(async () => {
      const r = await fetch('/api/v1/api-keys', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ name: 'csrf-probe', scopes: ['metrics:read'] }) });
      return { status: r.status, body: (await r.json()) as { error: { code: string } } };
    });
    expect(without.status).toBe(403);
    expect(without.body.error.code).toBe('CSRF_FAILED');
    const withHeader = await page.evaluate(async () => {
      const token = decodeURIComponent(/(?:^|; )mdl_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '');
      const r = await fetch('/api/v1/api-keys', { method: 'POST', credentials: 'same-origin', headers: { 'content-type': 'application/json', 'x-csrf-token': token }, body: JSON.stringify({ name: 'csrf-probe', scopes: ['metrics:read'] }) });
      return r.status;
    });
    expect(withHeader).toBe(201);
  });

  it('a session that ends mid-way returns to sign-in, then back to the page it was on', async () => {
    await page.goto('/domains?sort=name');
    await shellVisible();
    // The server ends the session (as an expiry or a revocation elsewhere would): the cookies are gone.
    await context.clearCookies();
    await page.reload();
    await page.waitForURL(/\/sign-in\?next=%2Fdomains%3Fsort%3Dname$/);
    await page.getByText('Sign in to continue.').waitFor();
    await fillSignIn(EMAIL, PASSWORD);
    await page.waitForURL(/\/domains\?sort=name$/);
    await shellVisible();
    // A crafted next= never leaves the origin.
    await signOut();
    await page.goto('/sign-in?next=//evil.example.com/x');
    await fillSignIn(EMAIL, PASSWORD);
    await page.waitForURL(`${srv.base}/`);
    await signOut();
  });

  it('a network failure shows a retry, which recovers once the server answers again', async () => {
    await page.goto('/sign-in');
    await fillSignIn(EMAIL, PASSWORD);
    await page.waitForURL(`${srv.base}/`);
    await shellVisible();
    await page.route('**/api/v1/me', (route) => route.abort('connectionrefused'));
    await page.goto('/objectives');
    await page.getByText('The server could not be reached').waitFor();
    await page.unroute('**/api/v1/me');
    await page.getByRole('button', { name: 'Retry' }).click();
    await shellVisible();
    expect(new URL(page.url()).pathname).toBe('/objectives');
    await signOut();
  });

  it('a wrong password says so and stays on sign-in', async () => {
    await page.goto('/sign-in');
    await fillSignIn(EMAIL, 'not the password at all');
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/invalid email or password/i);
    expect(new URL(page.url()).pathname).toBe('/sign-in');
    expect(await page.getByRole('button', { name: 'Sign out' }).count()).toBe(0);
  });

  it('works from the keyboard alone: sign in, reach the navigation, sign out', async () => {
    await page.goto('/sign-in');
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.getAttribute('autocomplete') ?? document.activeElement?.textContent ?? '');
    for (let i = 0; i < 10 && (await focused()) !== 'username'; i++) await page.keyboard.press('Tab');
    expect(await focused()).toBe('username');
    await page.keyboard.type(EMAIL);
    await page.keyboard.press('Tab');
    expect(await focused()).toBe('current-password');
    await page.keyboard.type(PASSWORD);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${srv.base}/`);
    await shellVisible();
    // Tab reaches every navigation link and the sign-out button; Enter follows and presses them.
    let reached = '';
    for (let i = 0; i < 20 && reached !== 'Policies'; i++) {
      await page.keyboard.press('Tab');
      reached = (await page.evaluate(() => (document.activeElement as HTMLElement | null)?.innerText ?? '')).trim().split('\n').pop() ?? '';
    }
    expect(reached).toBe('Policies');
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/policies$/);
    await page.getByRole('button', { name: 'Sign out' }).focus();
    await page.keyboard.press('Enter');
    await page.waitForURL(/\/sign-in\?signed_out=1$/);
  });

  it('an account in several workspaces chooses one at sign-in, and switches in the header', async () => {
    // The first admin is an instance admin: it may create a workspace, and becomes its admin.
    const login = await fetch(`${srv.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD }) });
    const { access_token } = await login.json() as { access_token: string };
    const created = await fetch(`${srv.base}/api/v1/workspaces`, { method: 'POST', headers: { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' }, body: JSON.stringify({ id: 'acme', name: 'Acme <Analytics>' }) });
    expect(created.status).toBe(201);

    await page.goto('/sign-in');
    await fillSignIn(EMAIL, PASSWORD);
    const choice = page.getByRole('combobox', { name: /^Workspace/ });
    await choice.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await choice.selectOption('acme');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${srv.base}/`);
    await shellVisible();
    // The name is shown as text, markup and all.
    const switcher = page.getByTestId('workspace-switcher');
    await expect.poll(() => switcher.innerText()).toContain('Acme <Analytics>');
    await switcher.click();
    await page.getByRole('menuitem', { name: 'Default workspace' }).click();
    await expect.poll(() => switcher.innerText()).toContain('Default workspace');
    await signOut();
  });

  it('asks for the TOTP code after the password when the account has MFA; a wrong code is refused', async () => {
    // Enrol the admin over the API (a bearer session of its own), as the MFA settings view later will.
    const login = await fetch(`${srv.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: EMAIL, password: PASSWORD, workspace: 'default' }) });
    const { access_token } = await login.json() as { access_token: string };
    const auth = { authorization: `Bearer ${access_token}`, 'content-type': 'application/json' };
    const start = await fetch(`${srv.base}/api/v1/me/mfa/totp`, { method: 'POST', headers: auth, body: '{}' });
    expect(start.status).toBe(201);
    const key = base32Decode(((await start.json()) as { secret: string }).secret);
    const confirm = await fetch(`${srv.base}/api/v1/me/mfa/totp/confirm`, { method: 'POST', headers: auth, body: JSON.stringify({ code: totp(key, Date.now()) }) });
    expect(confirm.status).toBe(200);

    await page.goto('/sign-in');
    await fillSignIn(EMAIL, PASSWORD);
    await page.getByRole('combobox', { name: /^Workspace/ }).selectOption('default'); // two workspaces since the case above
    await page.getByRole('button', { name: 'Sign in' }).click();
    const code = page.getByLabel('Authentication code');
    await code.waitFor();
    expect(await seriousA11yViolations(page)).toEqual([]);
    await code.fill('000000' === totp(key, Date.now()) ? '111111' : '000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.getByRole('alert').innerText()).toMatch(/code was not accepted/);
    // The next step's code (the confirm above spent this step's).
    await code.fill(totp(key, Date.now() + 30_000));
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${srv.base}/`);
    await shellVisible();
  });

  it('raised no CSP violation, page error or console error along the way', async () => {
    expect(await cspViolations()).toEqual([]);
    expect(problems).toEqual([]);
  });
});
