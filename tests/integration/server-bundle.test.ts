import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseEnv } from '../helpers/cli.js';
import { createTestDatabase, ENGINES, type TestDatabase } from '../helpers/databases.js';

/**
 * `npm start` runs the one-file server (scripts/bundle-server.mjs, issue 10's start-up). What a bundle
 * can break is what a module finds at run time by its own location or loads late: package.json (the
 * version), policy/ (the Rego module), web/dist (the dashboard), the swagger assets, and the packages
 * loaded at first use (pg, ioredis). So the real bundle is built, started as a process on each engine
 * (with Redis when it is configured), and walked through first-run setup, a write, the policy and the
 * bundle download, the OpenAPI document and the dashboard.
 */
const ROOT = join(import.meta.dirname, '../..');
const REDIS_URL = process.env.MDL_TEST_REDIS_URL;
const PASSWORD = 'bundle check passphrase 42';

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = createServer();
  s.on('error', reject);
  s.listen(0, '127.0.0.1', () => { const a = s.address(); s.close(() => resolve(typeof a === 'object' && a ? a.port : 0)); });
});

let bundleDir: string;
let bundle: string;

beforeAll(async () => {
  // Inside the package (dist/), as the real bundle is: it finds package.json and node_modules above itself.
  bundleDir = mkdtempSync(join(ROOT, 'dist', '.bundle-test-'));
  const { bundleServer } = (await import(join(ROOT, 'scripts', 'bundle-server.mjs'))) as { bundleServer(out: string): Promise<string> };
  bundle = await bundleServer(join(bundleDir, 'server.bundle.mjs'));
}, 120_000);
afterAll(() => rmSync(bundleDir, { recursive: true, force: true }));

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`the bundled server on ${engine.label}${REDIS_URL ? ' with Redis' : ''}`, () => {
    let tdb: TestDatabase;
    let dataDir: string;
    let child: ChildProcess;
    let base: string;
    let output = '';

    beforeAll(async () => {
      tdb = await createTestDatabase(engine.name, { migrate: false });
      dataDir = mkdtempSync(join(tmpdir(), 'mdl-bundle-'));
      const port = await freePort();
      base = `http://127.0.0.1:${port}`;
      child = spawn(process.execPath, [bundle], {
        cwd: dataDir, stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          PATH: process.env.PATH, HOME: dataDir, ...databaseEnv(tdb.config), MDL_DATA_DIR: join(dataDir, '.mdl'),
          MDL_HOST: '127.0.0.1', MDL_PORT: String(port), MDL_LOG_LEVEL: 'warn', ...(REDIS_URL ? { MDL_REDIS_URL: REDIS_URL } : {}),
        },
      });
      child.stdout!.on('data', (d: Buffer) => { output += d.toString(); });
      child.stderr!.on('data', (d: Buffer) => { output += d.toString(); });
      const started = Date.now();
      for (;;) {
        if (child.exitCode !== null) throw new Error(`the bundle exited (${child.exitCode}):\n${output}`);
        if (Date.now() - started > 30_000) throw new Error(`not ready after 30 s:\n${output}`);
        const ready = await fetch(`${base}/health/ready`).then((r) => r.status === 200, () => false);
        if (ready && /"token":"([^"]+)"/.test(output)) break;
        await new Promise((r) => setTimeout(r, 50));
      }
    }, 60_000);
    afterAll(async () => {
      if (child && child.exitCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await exited;
      }
      await tdb?.destroy();
      if (dataDir) rmSync(dataDir, { recursive: true, force: true });
    });

    it('sets up the first admin, writes a metric, and serves its policy and the policy bundle', async () => {
      const token = /"token":"([^"]+)"/.exec(output)![1];
      const json = { 'content-type': 'application/json' };
      const setup = await fetch(`${base}/api/v1/setup`, { method: 'POST', headers: json, body: JSON.stringify({ token, email: 'admin@example.com', password: PASSWORD }) });
      expect(setup.status, await setup.clone().text()).toBeLessThan(300);
      const login = await fetch(`${base}/api/v1/auth/login`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'admin@example.com', password: PASSWORD }) });
      expect(login.status).toBe(200);
      const auth = { authorization: `Bearer ${((await login.json()) as { access_token: string }).access_token}` };
      const metric = { metric_id: 'BUNDLE-1', name: 'Bundled', definition: { formula: 'a / b', unit: '%' }, governance: { data_classification: 'internal' } };
      const created = await fetch(`${base}/api/v1/metrics`, { method: 'POST', headers: { ...auth, ...json }, body: JSON.stringify(metric) });
      expect(created.status, await created.clone().text()).toBe(201);
      const list = await fetch(`${base}/api/v1/metrics?limit=5`, { headers: auth });
      expect(((await list.json()) as { items: Array<{ metric_id: string }> }).items.map((m) => m.metric_id)).toEqual(['BUNDLE-1']);

      // The Rego module is read from policy/ at the package root, found from the bundle's own place.
      const rego = readFileSync(join(ROOT, 'policy', 'mdl', 'metrics.rego'), 'utf8');
      const policy = await fetch(`${base}/api/v1/metrics/BUNDLE-1/policy`, { headers: auth });
      expect(policy.status).toBe(200);
      expect(await policy.text()).toContain(JSON.stringify(rego).slice(1, 80));
      const tarball = await fetch(`${base}/api/v1/policies/bundle.tar.gz`, { headers: auth });
      expect(tarball.status).toBe(200);
      expect(Buffer.from(await tarball.arrayBuffer()).subarray(0, 2)).toEqual(Buffer.from([0x1f, 0x8b]));
    });

    it('serves the OpenAPI document with the package version, Swagger UI and the dashboard', async () => {
      const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;
      const doc = (await (await fetch(`${base}/api-docs/json`)).json()) as { openapi: string; info: { version: string } };
      expect(doc.openapi).toMatch(/^3\.1\./);
      expect(doc.info.version).toBe(version);
      const ui = await fetch(`${base}/api-docs/static/index.html`);
      expect(ui.status).toBe(200);
      const page = await fetch(`${base}/`);
      expect(page.status).toBe(200);
      const html = await page.text();
      // The built dashboard when web/dist has one (npm install builds it), else the page that says how to build it.
      if (existsSync(join(ROOT, 'web', 'dist', 'index.html'))) expect(html).toMatch(/<script type="module"[^>]+src="\/assets\//);
      else expect(html).toContain('dashboard not built');
    });
  });
}
