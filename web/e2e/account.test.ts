/// <reference lib="dom" />
// Page code runs in the browser (page.evaluate): these files see the DOM types too.
import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totp } from '../../src/modules/mfa/totp.js';
import { TEST_PASSWORD } from '../../tests/helpers/app.js';
import { ADMIN_EMAIL } from '../../tests/helpers/server-process.js';
import { E2E_SKIP, HAVE_CHROMIUM, launchBrowser, screenshot, seriousA11yViolations, signedInPage, startDashboardServer, type DashboardServer } from './helpers/browser.js';

/**
 * The account page end to end: another session (made through the API) revoked from the page, TOTP
 * enrolment with the QR code (the code computed from the key the page shows), the recovery codes shown
 * once and downloaded, sign-out and sign-in with a recovery code, and MFA turned off again. The secret
 * and the codes must never reach the URL or storage. The cases build on each other in order.
 */
const FIREFOX = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';

describe.skipIf(!HAVE_CHROMIUM)(`the account page in Chromium${E2E_SKIP}`, () => {
  let srv: DashboardServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let problems: string[];
  let cspViolations: () => Promise<string[]>;
  let secret = '';
  let codes: string[] = [];

  beforeAll(async () => {
    [srv, browser] = await Promise.all([startDashboardServer({ seed: true }), launchBrowser()]);
    ({ context, page, cspViolations, problems } = await signedInPage(browser, srv.base, { next: '/account', acceptDownloads: true }));
  });
  afterAll(async () => {
    await browser?.close();
    await srv?.stop();
  });

  /** Nothing secret where script or a shared link could find it. */
  const leaksNothing = async (values: string[]) => {
    const where = await page.evaluate(() => location.href + JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }) + document.cookie);
    for (const v of values) expect(where).not.toContain(v);
  };

  it('is reached from the header; lists the sessions with this one marked, and revokes another from the keyboard', async () => {
    await page.goto('/');
    await page.getByRole('link', { name: `Your account: ${ADMIN_EMAIL}, admin` }).click();
    await page.waitForURL(/\/account$/);
    await page.getByRole('heading', { name: 'Your account' }).waitFor();
    const login = await fetch(`${srv.base}/api/v1/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json', 'user-agent': FIREFOX }, body: JSON.stringify({ email: ADMIN_EMAIL, password: TEST_PASSWORD }) });
    const { access_token: other } = await login.json() as { access_token: string };
    await page.reload();
    const rows = page.getByTestId('session-row');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.filter({ hasText: 'This session' }).count()).toBe(1);
    const firefox = rows.filter({ hasText: 'Firefox on Windows' });
    expect(await firefox.getByText('This session').count()).toBe(0);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await firefox.getByRole('button', { name: /^Revoke the session on Firefox on Windows/ }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('This session');
    // The revoked session is cut off on its next request.
    expect((await fetch(`${srv.base}/api/v1/me`, { headers: { authorization: `Bearer ${other}` } })).status).toBe(401);
  });

  it('enrols TOTP: the QR code is drawn (CSP allows its data: image), the key is shown as text, and a first code turns it on', async () => {
    const start = page.getByRole('button', { name: 'Set up an authenticator app' });
    await start.focus();
    await page.keyboard.press('Enter');
    const qr = page.getByRole('img', { name: `QR code to add ${ADMIN_EMAIL} to an authenticator app` });
    await qr.waitFor();
    await expect.poll(() => qr.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth > 0)).toBe(true);
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    secret = (await page.getByTestId('totp-secret').innerText()).replace(/\s/g, '');
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await screenshot(page, 'account');
    await leaksNothing([secret]);
    // From the keyboard: the code, then Enter.
    await page.getByLabel(/Enter the code it shows/).focus();
    await page.keyboard.type(totp(base32Decode(secret), Date.now()));
    await page.keyboard.press('Enter');
    const list = page.getByRole('list', { name: 'Recovery codes' });
    await list.waitFor();
    codes = (await list.getByRole('listitem').allInnerTexts()).map((c) => c.trim());
    expect(codes).toHaveLength(10);
    expect(new Set(codes).size).toBe(10);
    expect(await page.getByText(/shown only this once/).count()).toBe(1);
    expect(await seriousA11yViolations(page)).toEqual([]);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download as text' }).click()]);
    expect(download.suggestedFilename()).toBe('mdl-recovery-codes.txt');
    const text = readFileSync((await download.path())!, 'utf8');
    for (const c of codes) expect(text).toContain(c);
    await leaksNothing([secret, ...codes]);
    await page.getByRole('button', { name: 'I have saved them' }).click();
    await page.getByText(/10 recovery codes left/).waitFor();
    expect(await page.content()).not.toContain(codes[0]!);
  });

  it('after sign-out, signs in with a recovery code; the page then counts one fewer', async () => {
    await page.getByRole('button', { name: 'Sign out', exact: true }).click();
    await page.waitForURL(/\/sign-in\?signed_out=1$/);
    await page.getByLabel('Email').fill(ADMIN_EMAIL);
    await page.getByLabel(/^Password/).fill(TEST_PASSWORD);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Use a recovery code instead' }).click();
    await page.getByLabel('Recovery code').fill(codes[3]!);
    await page.getByRole('button', { name: 'Verify' }).click();
    await page.waitForURL(`${srv.base}/`);
    await page.goto('/account');
    await page.getByText(/9 recovery codes left/).waitFor();
  });

  it('turns MFA off with the password', async () => {
    await page.getByRole('button', { name: 'Turn off two-factor authentication' }).click();
    await page.locator('label', { hasText: /^Password$/ }).click();
    await page.getByLabel('Your password', { exact: true }).fill(TEST_PASSWORD);
    expect(await seriousA11yViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Turn off', exact: true }).click();
    await page.getByRole('button', { name: 'Set up an authenticator app' }).waitFor();
    const status = await page.evaluate(() => fetch('/api/v1/me/mfa').then((r) => r.json())) as { enabled: boolean };
    expect(status.enabled).toBe(false);
  });

  it('raised no CSP violation, page error or console error along the way', async () => {
    expect(await cspViolations()).toEqual([]);
    expect(problems).toEqual([]);
  });
});
