/// <reference lib="dom" />
// Page code runs in the browser (page.evaluate): these files see the DOM types too.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { TEST_PASSWORD } from '../../../tests/helpers/app.js';
import { createTestDatabase, type EngineName, type TestDatabase } from '../../../tests/helpers/databases.js';
import { ADMIN_EMAIL, seedAdmin, seedSqlite, ServerProcess } from '../../../tests/helpers/server-process.js';
import { skippedBecause } from '../../../tests/helpers/skips.js';
import { ensureWebBuild } from './web-build.js';

/**
 * The end-to-end harness: Debian's Chromium driven by playwright-core (no browser download), against the
 * real server as a child process on an SQLite file of its own, serving a real build of web/. `.ci/run`
 * installs the chromium package; without it the e2e suites are registered as skipped, saying why.
 */
export const CHROMIUM = process.env.MDL_E2E_CHROMIUM ?? '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const E2E_SKIP = skippedBecause(!HAVE_CHROMIUM, `no Chromium at ${CHROMIUM} (apt-get install chromium)`);

/** The network here is closed: without these flags Chromium stalls on its own background requests. */
const ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 60_000 });
}

export interface DashboardServer {
  server: ServerProcess;
  base: string;
  /** The one-time setup token it printed (fresh, unseeded servers only). */
  setupToken(): string;
  stop(): Promise<void>;
}

/**
 * Builds web/ if stale, then starts a server on a new database: a SQLite file, or (`engine: 'postgres'`)
 * a fresh PostgreSQL schema reached as the suite's non-superuser role, so row-level security binds it.
 * `seed` creates admin@example.com first.
 */
export async function startDashboardServer(opts: { seed?: boolean; env?: Record<string, string>; engine?: EngineName } = {}): Promise<DashboardServer> {
  await ensureWebBuild();
  const dir = mkdtempSync(join(tmpdir(), 'mdl-e2e-'));
  let tdb: TestDatabase | undefined;
  let env = opts.env ?? {};
  if (opts.engine === 'postgres') {
    tdb = await createTestDatabase('postgres');
    if (opts.seed) await seedAdmin(tdb.db);
    const c = tdb.config as { url: string; schema: string };
    env = { MDL_DATABASE_URL: c.url, MDL_DB_SCHEMA: c.schema, ...env };
  } else if (opts.seed) {
    await seedSqlite(dir);
  }
  const server = new ServerProcess(dir, env);
  const cleanup = async () => {
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
    await tdb?.destroy();
  };
  try {
    await server.ready();
  } catch (err) {
    await cleanup();
    throw err;
  }
  return {
    server,
    base: server.base,
    setupToken() {
      const token = /"token":"([^"]+)"/.exec(server.output)?.[1];
      if (!token) throw new Error(`no setup token in the server's output:\n${server.output}`);
      return token;
    },
    stop: cleanup,
  };
}

export interface SignedInPage {
  context: BrowserContext;
  page: Page;
  cspViolations: () => Promise<string[]>;
  problems: string[];
}

/**
 * A fresh context and page, watched (CSP violations, page errors) from before the first navigation,
 * signed in as the seeded admin through the sign-in page, and left on `next` (default `/`).
 */
export async function signedInPage(browser: Browser, base: string, opts: {
  next?: string; viewport?: { width: number; height: number }; timeout?: number; acceptDownloads?: boolean; onPage?: (page: Page) => void;
} = {}): Promise<SignedInPage> {
  const context = await browser.newContext({ baseURL: base, viewport: opts.viewport ?? { width: 1280, height: 900 }, acceptDownloads: opts.acceptDownloads });
  const cspViolations = await recordCspViolations(context);
  const page = await context.newPage();
  page.setDefaultTimeout(opts.timeout ?? 30_000); // bounds a hang on a loaded 2-core machine; no speed claim
  opts.onPage?.(page);
  const { problems } = watchPage(page);
  const next = opts.next ?? '/';
  await page.goto(next === '/' ? '/sign-in' : `/sign-in?next=${encodeURIComponent(next)}`);
  await page.getByLabel('Email').fill(ADMIN_EMAIL);
  await page.getByLabel(/^Password/).fill(TEST_PASSWORD);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(`${base}${next}`);
  return { context, page, cspViolations, problems };
}

/** Everything that goes wrong in a page and must not: CSP violations, uncaught errors, console errors. */
export function watchPage(page: Page): { problems: string[] } {
  const problems: string[] = [];
  page.on('pageerror', (err) => problems.push(`pageerror: ${err.message}`));
  page.on('console', (msg) => {
    // A refused sign-in or an ended session logs the failed request (401/403), and a test that cuts the
    // network logs that: expected, not a fault.
    if (msg.type() === 'error' && !/status of 40[13]|ERR_CONNECTION_REFUSED/.test(msg.text())) problems.push(`console: ${msg.text()}`);
  });
  return { problems };
}

/** Listens for securitypolicyviolation in every document of the context (set before the first navigation). */
export async function recordCspViolations(context: BrowserContext): Promise<() => Promise<string[]>> {
  await context.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener('securitypolicyviolation', (e: SecurityPolicyViolationEvent) => w.__csp.push(`${e.violatedDirective} ${e.blockedURI} ${e.sample}`));
  });
  return async () => {
    const pages = context.pages();
    const all = await Promise.all(pages.map((p) => p.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []).catch(() => [])));
    return all.flat();
  };
}

/** axe's serious and critical violations on the page as it is now (WCAG 2.1 A and AA rules). */
export async function seriousA11yViolations(page: Page): Promise<string[]> {
  // Checked at rest: mid-transition (a dialog or its overlay fading in, a menu closing) axe measured the
  // blended colours of the frame it caught, a contrast no user is left looking at.
  // (Endless ones, a loader's spin, are not waited for; nor anything past 2 s.)
  await page.evaluate(() => Promise.race([
    Promise.all(document.getAnimations()
      .filter((a) => a.effect?.getComputedTiming().iterations !== Infinity)
      .map((a) => a.finished.catch(() => undefined))),
    new Promise((resolve) => setTimeout(resolve, 2000)),
  ]));
  const result = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.impact} ${v.id}: ${v.help} (${v.nodes.map((n) => `${n.target.join(' ')}: ${n.failureSummary ?? ''}`).join('; ')})`);
}

/** Where docs/images screenshots go when MDL_E2E_SCREENSHOTS names a folder (docs/dashboard.md shows them). */
export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.MDL_E2E_SCREENSHOTS;
  if (dir) await page.screenshot({ path: join(dir, `${name}.png`), fullPage: false });
}

/** What apiCall answers: the status, the ETag, the body as text and as JSON (null when it is not JSON). */
export interface ApiAnswer {
  status: number;
  etag: string | null;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the suites read whatever each route answers
  body: Record<string, any>;
}

/** One API request as a script would make it (bearer token, JSON body): how the suites seed and check. */
export async function apiCall(base: string, token: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> {
  const r = await fetch(`${base}/api/v1${path}`, {
    method, headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}), ...headers },
    body: body !== undefined ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  let parsed: Record<string, unknown> | null = null;
  try { parsed = text ? JSON.parse(text) as Record<string, unknown> : null; } catch { /* not JSON */ }
  return { status: r.status, etag: r.headers.get('etag'), text, body: parsed as Record<string, any> };
}
