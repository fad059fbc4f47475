import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ENGINES } from '../helpers/databases.js';
import { createTestApp, type Injector, type TestApp } from '../helpers/app.js';
import { sampleDomain } from '../helpers/samples.js';
import { getJson, metric, postImport } from '../helpers/transfer.js';

/**
 * Issue 8: classification levels, statuses, severities, tiers and metric types are workspace
 * vocabularies with today's values as defaults. Admins add values and aliases; every change is
 * audited; an unknown value is refused with the known values and the command that adds one; the
 * generated policies compare classifications in the workspace's order.
 */
const fixture = (name: string) => readFileSync(new URL(`../fixtures/earlier-mdl/${name}`, import.meta.url), 'utf8');
const post = (app: Injector, url: string, payload: object) => app.inject({ method: 'POST', url, payload });
const withClass = (id: string, data_classification: string, over = {}) =>
  metric(id, { governance: { owner_team: 'finance', data_classification, pii_involved: false, status: 'active' }, ...over });

/** The file names of a gzipped tar, with their text (small archives only). */
function untar(gz: Buffer): Map<string, string> {
  const tar = gunzipSync(gz);
  const out = new Map<string, string>();
  for (let at = 0; at + 512 <= tar.length;) {
    const name = tar.subarray(at, at + 100).toString('utf8').replace(/\0.*$/s, '');
    if (!name) break;
    const size = parseInt(tar.subarray(at + 124, at + 136).toString('utf8').replace(/\0.*$/s, '').trim(), 8);
    out.set(name, tar.subarray(at + 512, at + 512 + size).toString('utf8'));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return out;
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`workspace vocabularies on ${engine.label}`, () => {
    let t: TestApp;
    let editor: Injector;
    beforeAll(async () => {
      t = await createTestApp(engine.name);
      editor = t.as((await t.login('editor@example.com', 'editor')).token);
      expect((await post(t.app, '/api/v1/domains', sampleDomain())).statusCode).toBe(201);
    });
    afterAll(async () => t?.close());

    it('lists the five vocabularies with today\'s values as defaults', async () => {
      const all = await getJson(editor, '/api/v1/vocabularies');
      expect(all.items.map((v: { name: string }) => v.name)).toEqual(['data_classification', 'status', 'severity', 'tier', 'metric_type']);
      expect(all.items[0]).toEqual({ name: 'data_classification', ordered: true, closed: true, customized: false, values: ['public', 'internal', 'confidential', 'restricted'], aliases: [] });
      expect(all.items.find((v: { name: string }) => v.name === 'tier')).toEqual({ name: 'tier', ordered: false, closed: false, customized: false, values: [], aliases: [] });
      const severity = await getJson(editor, '/api/v1/vocabularies/severity');
      expect(severity).toMatchObject({ closed: true, values: ['info', 'low', 'medium', 'warning', 'high', 'critical'] });
      expect((await editor.inject({ method: 'GET', url: '/api/v1/vocabularies/colour' })).statusCode).toBe(404);
    });

    it('lets only admins change a vocabulary, and audits every change', async () => {
      const refused = [
        await post(editor, '/api/v1/vocabularies/data_classification/values', { value: 'sensitive' }),
        await post(editor, '/api/v1/vocabularies/data_classification/aliases', { alias: 'Non-PII', value: 'internal' }),
        await editor.inject({ method: 'DELETE', url: '/api/v1/vocabularies/status/values/draft' }),
        await editor.inject({ method: 'DELETE', url: '/api/v1/vocabularies/status/aliases/x' }),
        await editor.inject({ method: 'PATCH', url: '/api/v1/vocabularies/tier', payload: { closed: true } }),
      ];
      expect(refused.map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403]);
      expect((await getJson(t.app, '/api/v1/vocabularies/data_classification')).customized).toBe(false);

      const alias = await post(t.app, '/api/v1/vocabularies/data_classification/aliases', { alias: 'Non-PII', value: 'Internal' });
      expect(alias.statusCode, alias.body).toBe(201);
      expect(alias.json()).toMatchObject({ customized: true, aliases: [{ alias: 'Non-PII', value: 'internal' }] });
      // Values and aliases are unique ignoring case.
      expect((await post(t.app, '/api/v1/vocabularies/data_classification/aliases', { alias: 'non-pii', value: 'public' })).statusCode).toBe(409);
      expect((await post(t.app, '/api/v1/vocabularies/data_classification/values', { value: 'PUBLIC' })).statusCode).toBe(409);
      expect((await post(t.app, '/api/v1/vocabularies/data_classification/aliases', { alias: 'x', value: 'nowhere' })).statusCode).toBe(400);

      const audit = await getJson(t.app, '/api/v1/audit?action=workspace.vocabulary.update');
      expect(audit.items).toHaveLength(1);
      expect(audit.items[0]).toMatchObject({
        entity_type: 'vocabulary', entity_id: 'data_classification',
        before: { aliases: [] }, after: { change: 'add_alias', alias: 'Non-PII', value: 'internal', aliases: [{ alias: 'Non-PII', value: 'internal' }] },
      });
    });

    it('stores an alias or another case as the canonical value, and refuses an unknown one with the values and the command', async () => {
      const viaAlias = await post(t.app, '/api/v1/metrics', withClass('V-ALIAS', 'non-pii'));
      expect(viaAlias.statusCode, viaAlias.body).toBe(201);
      expect(viaAlias.json().governance.data_classification).toBe('internal');
      const upper = await post(t.app, '/api/v1/metrics', withClass('V-UPPER', 'CONFIDENTIAL', { targets_and_alerts: { alert_rules: [{ rule_id: 'r', severity: 'High' }] } }));
      expect(upper.statusCode, upper.body).toBe(201);
      expect(upper.json().governance.data_classification).toBe('confidential');
      expect(upper.json().targets_and_alerts.alert_rules[0].severity).toBe('high');
      const patched = await t.app.inject({ method: 'PATCH', url: '/api/v1/metrics/V-UPPER', headers: { 'content-type': 'application/merge-patch+json' }, payload: { governance: { data_classification: 'Non-PII' } } });
      expect(patched.statusCode, patched.body).toBe(200);
      expect(patched.json().governance.data_classification).toBe('internal');
      // '' stays "not set", as before.
      const blank = await post(t.app, '/api/v1/metrics', withClass('V-BLANK', ''));
      expect(blank.statusCode, blank.body).toBe(201);
      expect(blank.json().governance.data_classification).toBe('');

      const unknown = await post(t.app, '/api/v1/metrics', withClass('V-SECRET', 'secret', { targets_and_alerts: { alert_rules: [{ rule_id: 'r', severity: 'sev1' }] } }));
      expect(unknown.statusCode).toBe(422);
      expect(unknown.json().error.code).toBe('UNKNOWN_VALUE');
      const issues = unknown.json().error.details as Array<{ path: string; message: string }>;
      expect(issues.map((i) => i.path)).toEqual(['governance.data_classification', 'targets_and_alerts.alert_rules[0].severity']);
      expect(issues[0]!.message).toContain('public, internal, confidential, restricted');
      expect(issues[0]!.message).toContain('mdl vocab add data_classification "secret"');
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/metrics/V-SECRET' })).statusCode).toBe(404);
      const replace = await t.app.inject({ method: 'PUT', url: '/api/v1/metrics/V-ALIAS', payload: withClass('V-ALIAS', 'top-secret') });
      expect(replace.statusCode).toBe(422);
    });

    it('places a new ordered level where asked, and the generated policies compare by that order', async () => {
      const added = await post(t.app, '/api/v1/vocabularies/data_classification/values', { value: 'sensitive', after: 'confidential' });
      expect(added.statusCode, added.body).toBe(201);
      expect(added.json().values).toEqual(['public', 'internal', 'confidential', 'sensitive', 'restricted']);
      const first = await post(t.app, '/api/v1/vocabularies/data_classification/values', { value: 'open-data', before: 'public' });
      expect(first.json().values).toEqual(['open-data', 'public', 'internal', 'confidential', 'sensitive', 'restricted']);
      expect((await post(t.app, '/api/v1/vocabularies/status/values', { value: 'paused', after: 'active' })).statusCode).toBe(400);
      expect((await post(t.app, '/api/v1/vocabularies/data_classification/values', { value: 'x', after: 'nowhere' })).statusCode).toBe(400);
      expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/vocabularies/data_classification/values/open-data' })).statusCode).toBe(200);

      expect((await post(t.app, '/api/v1/metrics', withClass('V-SENS', 'Sensitive'))).json().governance.data_classification).toBe('sensitive');
      expect((await post(t.app, '/api/v1/metrics', withClass('V-REST', 'restricted'))).statusCode).toBe(201);
      const decide = async (id: string, clearance: string) => (await post(t.app, `/api/v1/metrics/${id}/policy/evaluate`, { action: 'read_values', user: { id: 'u', roles: ['viewer'], clearance, pii_access: true } })).json();
      expect(await decide('V-SENS', 'sensitive')).toEqual({ allow: true, deny_reasons: [] });
      expect(await decide('V-SENS', 'confidential')).toEqual({ allow: false, deny_reasons: ['clearance confidential is below the metric classification sensitive'] });
      expect(await decide('V-REST', 'sensitive')).toEqual({ allow: false, deny_reasons: ['clearance sensitive is below the metric classification restricted'] });
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/metrics/V-SENS/policy' })).json().classification_levels).toEqual(['public', 'internal', 'confidential', 'sensitive', 'restricted']);
      const bundle = await t.app.inject({ method: 'GET', url: '/api/v1/policies/bundle.tar.gz' });
      expect(bundle.statusCode).toBe(200);
      const data = JSON.parse(untar(bundle.rawPayload).get('data.json')!);
      expect(data.mdl.classification_levels).toEqual(['public', 'internal', 'confidential', 'sensitive', 'restricted']);
      expect(data.mdl.metrics['V-SENS'].data_classification).toBe('sensitive');
    });

    it('refuses removing a value metrics use, with their count', async () => {
      expect((await post(t.app, '/api/v1/metrics', withClass('V-SENS-2', 'sensitive'))).statusCode).toBe(201);
      const inUse = await t.app.inject({ method: 'DELETE', url: '/api/v1/vocabularies/data_classification/values/sensitive' });
      expect(inUse.statusCode).toBe(409);
      expect(inUse.json().error).toMatchObject({ code: 'VALUE_IN_USE', details: { vocabulary: 'data_classification', value: 'sensitive', metrics: 2 } });
      const severity = await t.app.inject({ method: 'DELETE', url: '/api/v1/vocabularies/severity/values/high' });
      expect(severity.json().error).toMatchObject({ code: 'VALUE_IN_USE', details: { metrics: 1 } });
      for (const id of ['V-SENS', 'V-SENS-2']) expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/metrics/${id}` })).statusCode).toBe(204);
      const removed = await t.app.inject({ method: 'DELETE', url: '/api/v1/vocabularies/data_classification/values/sensitive' });
      expect(removed.statusCode, removed.body).toBe(200);
      expect(removed.json().values).toEqual(['public', 'internal', 'confidential', 'restricted']);
      expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/vocabularies/data_classification/aliases/NON-PII' })).json().aliases).toEqual([]);
      expect((await t.app.inject({ method: 'DELETE', url: '/api/v1/vocabularies/data_classification/aliases/Non-PII' })).statusCode).toBe(404);
      expect((await post(t.app, '/api/v1/metrics', withClass('V-GONE', 'Non-PII'))).statusCode).toBe(422);
    });

    it('keeps tier open (any value) until an admin closes it; known spellings are canonical either way', async () => {
      expect((await post(t.app, '/api/v1/metrics', metric('V-T9', { tier: 'Tier-9' }))).statusCode).toBe(201);
      for (const value of ['Tier-1', 'Tier-2']) expect((await post(t.app, '/api/v1/vocabularies/tier/values', { value })).statusCode).toBe(201);
      expect((await post(t.app, '/api/v1/metrics', metric('V-T1', { tier: 'tier-1' }))).json().tier).toBe('Tier-1');
      const closed = await t.app.inject({ method: 'PATCH', url: '/api/v1/vocabularies/tier', payload: { closed: true } });
      expect(closed.json()).toMatchObject({ closed: true, values: ['Tier-1', 'Tier-2'] });
      const refused = await post(t.app, '/api/v1/metrics', metric('V-T3', { tier: 'Tier-3' }));
      expect(refused.statusCode).toBe(422);
      expect(refused.json().error.details).toEqual([{ path: 'tier', message: expect.stringContaining('one of Tier-1, Tier-2') }]);
      // A value stored before the vocabulary closed does not block edits of other fields; changing it to another unknown one is refused.
      const patch = (payload: object) => t.app.inject({ method: 'PATCH', url: '/api/v1/metrics/V-T9', headers: { 'content-type': 'application/merge-patch+json' }, payload });
      expect((await patch({ description: 'still Tier-9' })).statusCode).toBe(200);
      expect((await patch({ tier: 'Tier-8' })).statusCode).toBe(422);
      expect((await t.app.inject({ method: 'PATCH', url: '/api/v1/vocabularies/tier', payload: { closed: false } })).json().closed).toBe(false);
      expect((await post(t.app, '/api/v1/metrics', metric('V-T3', { tier: 'Tier-3' }))).statusCode).toBe(201);
      const changes = await getJson(t.app, '/api/v1/audit?action=workspace.vocabulary.update&entity_id=tier');
      expect(changes.items.map((e: { after: { change: string } }) => e.after.change).sort()).toEqual(['add_value', 'add_value', 'close', 'open']);
    });

    it('imports the earlier MDL metrics once Non-PII is an alias of internal, and refuses an unknown value for its own record only', async () => {
      expect((await post(t.app, '/api/v1/vocabularies/data_classification/aliases', { alias: 'Non-PII', value: 'internal' })).statusCode).toBe(201);
      const r = await postImport(t.app, fixture('metrics.json'));
      expect(r.statusCode, r.body).toBe(200);
      expect(r.json()).toMatchObject({ errors_total: 0 });
      expect((await getJson(t.app, '/api/v1/metrics/METRIC-SESSIONS')).governance.data_classification).toBe('internal');

      const body = { metrics: [withClass('IMP-OK', 'confidential'), withClass('IMP-BAD', 'ultra')] };
      const mixed = await postImport(t.app, body, { query: 'continue_on_error=true' });
      expect(mixed.statusCode, mixed.body).toBe(200);
      expect(mixed.json().errors).toEqual([{ kind: 'metric', path: 'metrics[1]', id: 'IMP-BAD', issues: [{ path: 'metrics[1].governance.data_classification', message: expect.stringContaining('mdl vocab add data_classification "ultra"') }] }]);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/metrics/IMP-OK' })).statusCode).toBe(200);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/metrics/IMP-BAD' })).statusCode).toBe(404);
    });

    it('keeps each workspace\'s vocabulary its own', async () => {
      const b = t.as((await t.login('admin-b@example.com', 'admin', 'beta')).token);
      expect((await post(b, '/api/v1/domains', sampleDomain())).statusCode).toBe(201);
      // Workspace default has the Non-PII alias; beta does not.
      expect(await getJson(b, '/api/v1/vocabularies/data_classification')).toMatchObject({ customized: false, aliases: [] });
      expect((await post(b, '/api/v1/metrics', withClass('B-1', 'Non-PII'))).statusCode).toBe(422);
      expect((await post(b, '/api/v1/vocabularies/data_classification/values', { value: 'beta-only', after: 'restricted' })).statusCode).toBe(201);
      expect((await getJson(t.app, '/api/v1/vocabularies/data_classification')).values).toEqual(['public', 'internal', 'confidential', 'restricted']);
      expect((await post(t.app, '/api/v1/metrics', withClass('A-1', 'beta-only'))).statusCode).toBe(422);
      expect((await post(b, '/api/v1/metrics', withClass('B-2', 'beta-only'))).statusCode).toBe(201);
      // Audit rows stay in their own workspace's chain.
      expect((await getJson(b, '/api/v1/audit?action=workspace.vocabulary.update')).items).toHaveLength(1);
    });
  });
}
