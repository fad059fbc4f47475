import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runMdl, seededLocalDatabase } from '../helpers/cli.js';
import { startRemoteTestServer, type RemoteTestServer } from '../helpers/remote.js';
import { sampleDomain } from '../helpers/samples.js';

const EARLIER_METRICS = fileURLToPath(new URL('../fixtures/earlier-mdl/metrics.json', import.meta.url));

describe('mdl vocab (local SQLite)', () => {
  let dbArg: string[];
  let dir: string;
  let cleanup: (() => void) | undefined;
  const mdl = (...args: string[]) => runMdl([...dbArg, ...args]);

  beforeAll(async () => {
    const local = await seededLocalDatabase('mdl-vocab-', async (s, ctx) => {
      await s.domains.create(ctx, sampleDomain());
    });
    dbArg = local.dbArg;
    dir = local.dir;
    cleanup = local.cleanup;
  });
  afterAll(() => cleanup?.());

  it('lists the vocabularies, one or all, as lines or JSON', async () => {
    const all = await mdl('vocab');
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout.trim().split('\n')).toEqual([
      'data_classification (ordered, closed, default): public < internal < confidential < restricted',
      'status (closed, default): draft, proposed, active, deprecated, retired',
      'severity (closed, default): info, low, medium, warning, high, critical',
      'tier (open, default): (no values)',
      'metric_type (open, default): (no values)',
    ]);
    const one = await mdl('vocab', 'tier', '--json');
    expect(JSON.parse(one.stdout)).toEqual({ name: 'tier', ordered: false, closed: false, customized: false, values: [], aliases: [] });
    const unknown = await mdl('vocab', 'colour');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('no vocabulary "colour"');
  });

  it('imports the earlier MDL metrics after `mdl vocab alias data_classification Non-PII internal`, stored as internal', async () => {
    const before = await mdl('import', EARLIER_METRICS);
    expect(before.code).not.toBe(0);
    expect(before.stdout + before.stderr).toContain('mdl vocab add data_classification "Non-PII"');

    const alias = await mdl('vocab', 'alias', 'data_classification', 'Non-PII', 'internal');
    expect(alias.code, alias.stderr).toBe(0);
    expect(alias.stdout).toContain('  alias Non-PII → internal');
    const imported = await mdl('import', EARLIER_METRICS);
    expect(imported.code, imported.stdout + imported.stderr).toBe(0);
    const shown = await mdl('show', 'METRIC-SESSIONS', '--json');
    expect(JSON.parse(shown.stdout).governance.data_classification).toBe('internal');
  });

  it('adds ordered levels where asked, refuses what does not apply, and opens or closes a vocabulary', async () => {
    const added = await mdl('vocab', 'add', 'data_classification', 'sensitive', '--after', 'confidential');
    expect(added.code, added.stderr).toBe(0);
    expect(added.stdout.split('\n')[0]).toBe('data_classification (ordered, closed): public < internal < confidential < sensitive < restricted');
    expect(added.stderr).toBe('added "sensitive" to data_classification\n');
    // The policy commands carry the workspace's order for OPA.
    const policy = await mdl('policy', 'METRIC-DAU');
    expect(policy.stdout).toContain('# classification levels of this workspace, lowest first, at data.mdl.classification_levels:');
    expect(JSON.parse((await mdl('policy', 'METRIC-DAU', '--json')).stdout).classification_levels).toEqual(['public', 'internal', 'confidential', 'sensitive', 'restricted']);
    const out = join(dir, 'bundle');
    expect((await mdl('policies', '--output', out)).code).toBe(0);
    expect(JSON.parse(readFileSync(join(out, 'data.json'), 'utf8')).mdl.classification_levels).toEqual(['public', 'internal', 'confidential', 'sensitive', 'restricted']);
    expect((await mdl('vocab', 'add', 'data_classification', 'x', '--before', 'public', '--after', 'public')).code).toBe(2);
    const unordered = await mdl('vocab', 'add', 'status', 'paused', '--after', 'active');
    expect(unordered.code).toBe(1);
    expect(unordered.stderr).toContain('status is not ordered');

    // `internal` is in use (METRIC-DAU, and METRIC-SESSIONS through the alias): refused with the count.
    const inUse = await mdl('vocab', 'remove', 'data_classification', 'internal');
    expect(inUse.code).toBe(1);
    expect(inUse.stderr).toMatch(/^mdl: 2 metric\(s\) use data_classification "internal"/);

    expect((await mdl('vocab', 'add', 'tier', 'Tier-1')).code).toBe(0);
    const closed = await mdl('vocab', 'close', 'tier');
    expect(closed.stdout.trim()).toBe('tier (closed): Tier-1');
    expect((await mdl('vocab', 'open', 'tier')).stdout.trim()).toBe('tier (open): Tier-1');
    const unalias = await mdl('vocab', 'unalias', 'data_classification', 'non-pii');
    expect(unalias.code, unalias.stderr).toBe(0);
    expect(unalias.stdout).not.toContain('alias');
    expect((await mdl('vocab', 'remove', 'data_classification', 'sensitive')).code).toBe(0);
    expect(JSON.parse((await mdl('vocab', 'data_classification', '--json')).stdout).values).toEqual(['public', 'internal', 'confidential', 'restricted']);
  });
});

describe('mdl vocab (remote, real server on a loopback port)', () => {
  let server: RemoteTestServer;
  let adminKey: string;
  let readKey: string;
  beforeAll(async () => {
    server = await startRemoteTestServer({ dirPrefix: 'mdl-vocab-remote-' });
    adminKey = await server.createKey(['admin']);
    readKey = await server.createKey(['metrics:read']);
  });
  afterAll(async () => server?.close());
  const remote = (key: string, ...args: string[]) => runMdl(['--server', server.url, '--api-key', key, ...args]);
  const local = (...args: string[]) => runMdl(['--database', server.dbFile, ...args]);

  it('prints what local mode prints, and changes need an admin key', async () => {
    for (const args of [['vocab'], ['vocab', 'severity', '--json']]) expect(await remote(readKey, ...args)).toEqual(await local(...args));
    const refused = await remote(readKey, 'vocab', 'add', 'tier', 'Tier-1');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/scope|permission|forbidden/i);
    for (const args of [['add', 'data_classification', 'sensitive', '--before', 'restricted'], ['alias', 'data_classification', 'Non-PII', 'internal'],
      ['unalias', 'data_classification', 'Non-PII'], ['close', 'tier'], ['open', 'tier'], ['remove', 'data_classification', 'sensitive']]) {
      const r = await remote(adminKey, 'vocab', ...args);
      expect(r.code, `${args.join(' ')}: ${r.stderr}`).toBe(0);
    }
    const inUse = await remote(adminKey, 'vocab', 'remove', 'data_classification', 'internal');
    expect(inUse.code).toBe(1);
    expect(inUse.stderr).toContain('metric(s) use data_classification "internal"');
    const audit = await server.t.app.inject({ method: 'GET', url: '/api/v1/audit?action=workspace.vocabulary.update' });
    expect(audit.json().items).toHaveLength(6);
  });
});
