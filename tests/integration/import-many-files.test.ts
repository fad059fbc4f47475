import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { multipartBody } from '../../src/modules/import/multipart.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { runMdl } from '../helpers/cli.js';
import { startRemoteTestServer, type RemoteTestServer } from '../helpers/remote.js';
import { dbState, getJson, metric } from '../helpers/transfer.js';

/**
 * `mdl import a.json b.yaml dir/` and POST /api/v1/import with several multipart files: one batch,
 * one transaction, references across files resolved whatever the order of the files.
 */

const lines = (text: string) => text.split('\n').filter((l) => l !== '');

/** a.json's metric names b.yaml's domain, and b.yaml's domain names a.json's metric: neither imports alone under --strict. */
const A = JSON.stringify({ metrics: [metric('MF-1', { business_domain: 'mf-dom' })] });
const B = stringify({ domains: [{ domain_id: 'mf-dom', name: 'Many files', owner_team: 'data', key_metric_ids: ['MF-1'] }] });

describe('mdl import with several files (local SQLite)', () => {
  let dir: string;
  const file = (name: string) => join(dir, name);
  const mdl = (args: string[]) => runMdl(['--database', file('mdl.db'), ...args]);

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mdl-many-'));
    writeFileSync(file('a.json'), A);
    writeFileSync(file('b.yaml'), B);
    mkdirSync(file('defs/sub'), { recursive: true });
    writeFileSync(file('defs/m2.json'), JSON.stringify([metric('MF-2', { business_domain: 'mf-dom2' })]));
    writeFileSync(file('defs/sub/d2.yml'), stringify({ domain_id: 'mf-dom2', name: 'Many files 2', owner_team: 'data' }));
    writeFileSync(file('defs/package.json'), JSON.stringify({ name: 'tooling', private: true }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('imports files that refer to each other, in the "wrong" order, as one batch; again changes nothing', async () => {
    const alone = await mdl(['import', file('a.json'), '--strict']);
    expect(alone.code).toBe(1);
    expect(alone.stderr).toMatch(/refused/);

    const first = await mdl(['import', file('a.json'), file('b.yaml'), '--strict']);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    expect(lines(first.stdout)).toEqual([
      expect.stringMatching(/^imported — batch, all-or-nothing, \d+\.\d s$/),
      '  domains: 1 created, 0 updated, 0 unchanged, 0 invalid',
      '  objectives: 0 created, 0 updated, 0 unchanged, 0 invalid',
      '  metrics: 1 created, 0 updated, 0 unchanged, 0 invalid',
    ]);
    const again = await mdl(['import', file('b.yaml'), file('a.json'), '--strict', '--json']);
    expect(again.code).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({
      shape: 'batch', committed: true, changes: [],
      counts: { domain: { created: 0, updated: 0, unchanged: 1 }, metric: { created: 0, updated: 0, unchanged: 1 } },
    });
  });

  it('walks a directory, lists what it skipped on stderr, and names each record\'s file in its issues', async () => {
    const r = await mdl(['import', file('defs'), '--strict']);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`^mdl: skipped ${file('defs')}/package\\.json: neither an MDL file nor a .+ definition\\n$`));
    expect(r.stdout).toContain('  metrics: 1 created');
    expect(r.stdout).toContain('  domains: 1 created');

    writeFileSync(file('bad.yaml'), stringify({ metrics: [metric('MF-BAD', { definition: { unit: 5 } } as never)] }));
    const bad = await mdl(['import', file('a.json'), file('bad.yaml')]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`  ${file('bad.yaml')}:metrics[0].definition.unit: Invalid input: expected string, received number`);
    expect((await mdl(['import', file('a.json'), file('nowhere.json')])).stderr).toMatch(/nowhere\.json: no such file or directory/);
    expect((await mdl(['import', file('a.json'), '--from', 'xml'])).code).toBe(2);
  });
});

describe('POST /api/v1/import with several files (multipart/form-data)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp('sqlite', { importBodyLimit: 64 * 1024 });
  });
  afterAll(async () => t?.close());

  const post = (parts: Array<{ filename: string; text: string }>, query = '') => {
    const { body, contentType } = multipartBody(parts);
    return t.app.inject({ method: 'POST', url: `/api/v1/import${query}`, headers: { 'content-type': contentType }, payload: body });
  };

  it('imports two files referring to each other as one batch, under strict; again changes nothing', async () => {
    const r = await post([{ filename: 'a.json', text: A }, { filename: 'models/b.yaml', text: B }], '?strict=true');
    expect(r.statusCode, r.body).toBe(200);
    expect(r.json()).toMatchObject({ shape: 'batch', committed: true, counts: { domain: { created: 1 }, metric: { created: 1 } } });
    expect((await getJson(t.app, '/api/v1/metrics/MF-1')).business_domain).toBe('mf-dom');
    const before = await dbState(t.tdb.db);
    const again = await post([{ filename: 'models/b.yaml', text: B }, { filename: 'a.json', text: A }], '?strict=true');
    expect(again.statusCode, again.body).toBe(200);
    expect(again.json()).toMatchObject({ changes: [], counts: { domain: { unchanged: 1 }, metric: { unchanged: 1 } } });
    expect(await dbState(t.tdb.db)).toEqual(before);
  });

  it('names the file in record paths, refuses malformed bodies with 400 and keeps the body limit (413)', async () => {
    const bad = await post([{ filename: 'a.json', text: A }, { filename: 'bad.json', text: JSON.stringify([metric('MF-X', { definition: { unit: 5 } } as never)]) }]);
    expect(bad.statusCode).toBe(422); // IMPORT_REJECTED, as for one file
    expect(bad.json().error.details.errors[0].path).toBe('bad.json:[0]');
    const noBoundary = await t.app.inject({ method: 'POST', url: '/api/v1/import', headers: { 'content-type': 'multipart/form-data' }, payload: 'x' });
    expect(noBoundary.statusCode).toBe(400);
    expect(noBoundary.json().error.message).toMatch(/malformed multipart body/);
    const dup = await post([{ filename: 'a.json', text: A }, { filename: 'a.json', text: A }]);
    expect(dup.statusCode).toBe(400);
    const big = await post([{ filename: 'big.json', text: JSON.stringify([metric('MF-BIG', { description: 'x'.repeat(70 * 1024) })]) }]);
    expect(big.statusCode).toBe(413);
  });
});

describe('mdl import with several files (remote)', () => {
  let server: RemoteTestServer;
  let key: string;
  let dir: string;
  beforeAll(async () => {
    server = await startRemoteTestServer({ dirPrefix: 'mdl-many-remote-' });
    key = await server.createKey(['metrics:read', 'import']);
    dir = mkdtempSync(join(tmpdir(), 'mdl-many-remote-files-'));
    mkdirSync(join(dir, 'cat'));
    writeFileSync(join(dir, 'cat/a.json'), A);
    writeFileSync(join(dir, 'cat/b.yaml'), B);
    writeFileSync(join(dir, 'cat/tsconfig.json'), JSON.stringify({ compilerOptions: {} }));
  });
  afterAll(async () => {
    rmSync(dir, { recursive: true, force: true });
    await server?.close();
  });

  it('sends a directory as multipart parts; local mode then finds the same records unchanged', async () => {
    const remote = await runMdl(['--server', server.url, '--api-key', key, 'import', join(dir, 'cat'), '--strict']);
    expect(remote.code, remote.stderr).toBe(0);
    expect(remote.stderr).toMatch(/^mdl: skipped .*cat\/tsconfig\.json: neither an MDL file/);
    expect(remote.stdout).toMatch(/^imported — batch/);
    expect(remote.stdout).toContain('  metrics: 1 created');
    const local = await runMdl(['--database', server.dbFile, 'import', join(dir, 'cat'), '--strict']);
    expect(local.code, local.stderr).toBe(0);
    expect(local.stdout).toContain('  domains: 0 created, 0 updated, 1 unchanged, 0 invalid');
    expect(local.stdout).toContain('  metrics: 0 created, 0 updated, 1 unchanged, 0 invalid');
  });
});
