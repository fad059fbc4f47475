import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import tar from 'tar-stream';
import { afterAll, describe, expect, it } from 'vitest';
import { buildPolicyBundle, writePolicyDirectory } from '../../../src/modules/policies/bundle.js';
import { policyDataForAll } from '../../../src/modules/policies/policy-data.js';
import { ValidationError } from '../../../src/shared/errors.js';
import { HOSTILE, metric, moduleText } from './fixtures.js';

interface Entry {
  header: tar.Header;
  body: Buffer;
}

async function unpack(gz: Buffer): Promise<Entry[]> {
  const extract = tar.extract();
  const entries: Entry[] = [];
  const done = (async () => {
    for await (const entry of extract) {
      const chunks: Buffer[] = [];
      for await (const chunk of entry) chunks.push(chunk as Buffer);
      entries.push({ header: entry.header, body: Buffer.concat(chunks) });
    }
  })();
  extract.end(gunzipSync(gz));
  await done;
  return entries;
}

const metrics = [
  metric('b.conversion'),
  metric('a.churn', { definition: { expected_direction: 'decrease' } }),
  metric('c.hostile', { governance: { owner_team: HOSTILE[0], technical_owner: HOSTILE[1], business_owner: HOSTILE[3] } }),
];

describe('buildPolicyBundle', () => {
  it('contains exactly the manifest, data and the fixed module, with fixed metadata', async () => {
    const bundle = await buildPolicyBundle(metrics);
    const entries = await unpack(bundle.body);
    expect(entries.map((e) => e.header.name)).toEqual(['.manifest', 'data.json', 'mdl/policy/metrics.rego']);
    for (const { header, body } of entries) {
      expect(header.type).toBe('file');
      expect(header.mtime?.getTime()).toBe(0);
      expect(header.mode).toBe(0o644);
      expect(header.size).toBe(body.length);
      expect([header.uid, header.gid, header.uname, header.gname]).toEqual([0, 0, '', '']);
    }
    const [manifest, data, module] = entries.map((e) => e.body.toString('utf8'));
    expect(JSON.parse(manifest!)).toStrictEqual({ revision: bundle.revision, roots: ['mdl'] });
    expect(module).toBe(moduleText());
    expect(JSON.parse(data!)).toStrictEqual(policyDataForAll(metrics));
    expect(Object.keys(JSON.parse(data!).mdl.metrics)).toEqual(['a.churn', 'b.conversion', 'c.hostile']);
  });

  it('revision is sha256(module NUL data.json) and the ETag is that revision, quoted', async () => {
    const bundle = await buildPolicyBundle(metrics);
    const data = (await unpack(bundle.body)).find((e) => e.header.name === 'data.json')!.body;
    const expected = createHash('sha256').update(moduleText()).update('\0').update(data).digest('hex');
    expect(bundle.revision).toBe(expected);
    expect(bundle.etag).toBe(`"${expected}"`);
  });

  it('keeps hostile strings byte-exact in data.json and out of the module', async () => {
    const entries = await unpack((await buildPolicyBundle(metrics)).body);
    const data = JSON.parse(entries[1]!.body.toString('utf8'));
    expect(data.mdl.metrics['c.hostile']).toMatchObject({
      owner_team: HOSTILE[0],
      technical_owner: HOSTILE[1],
      business_owner: HOSTILE[3],
    });
    expect(entries[2]!.body.equals(Buffer.from(moduleText()))).toBe(true);
  });

  it('is byte-identical for the same metrics, in any order', async () => {
    const a = await buildPolicyBundle(metrics);
    const b = await buildPolicyBundle([...metrics].reverse());
    expect(b.body.equals(a.body)).toBe(true);
    expect(b.etag).toBe(a.etag);
  });

  it('writes a fixed gzip header: no mtime, unix OS byte', async () => {
    const { body } = await buildPolicyBundle(metrics);
    expect([body[0], body[1], body[2]]).toEqual([0x1f, 0x8b, 8]);
    expect(body.readUInt32LE(4)).toBe(0);
    expect(body[9]).toBe(3);
  });

  it('changes revision and ETag when any policy fact changes', async () => {
    const base = await buildPolicyBundle(metrics);
    const variants = [
      [metric('b.conversion', { targets_and_alerts: { warning_threshold: 81 } }), metrics[1]!, metrics[2]!],
      [metrics[0]!, metric('a.churn', { governance: { status: 'retired' } }), metrics[2]!],
      metrics.slice(0, 2),
    ];
    const revisions = new Set([base.revision]);
    for (const v of variants) revisions.add((await buildPolicyBundle(v)).revision);
    expect(revisions.size).toBe(variants.length + 1);
  });

  it('ignores fields the policy does not read (revision depends on policy facts only)', async () => {
    const renamed = metrics.map((m) => ({ ...m, description: 'edited prose' }));
    expect((await buildPolicyBundle(renamed)).revision).toBe((await buildPolicyBundle(metrics)).revision);
  });

  it('refuses duplicate metric ids', async () => {
    await expect(buildPolicyBundle([metrics[0]!, metrics[0]!])).rejects.toBeInstanceOf(ValidationError);
  });

  it('builds an empty bundle for no metrics', async () => {
    const entries = await unpack((await buildPolicyBundle([])).body);
    expect(JSON.parse(entries[1]!.body.toString('utf8'))).toStrictEqual({ mdl: { metrics: {} } });
  });
});

describe('writePolicyDirectory', () => {
  const dirs: string[] = [];
  afterAll(async () => {
    await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  });

  it('writes the same files as the bundle, unpacked', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'mdl-policies-'));
    dirs.push(dir);
    const written = await writePolicyDirectory(dir, metrics);
    const bundle = await buildPolicyBundle(metrics);
    expect(written.revision).toBe(bundle.revision);
    const entries = await unpack(bundle.body);
    expect(written.files).toEqual(entries.map((e) => e.header.name));
    for (const e of entries) {
      const onDisk = await readFile(join(dir, ...e.header.name.split('/')));
      expect(onDisk.equals(e.body), e.header.name).toBe(true);
    }
  });
});
