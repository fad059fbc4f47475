import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { sampleDomain, sampleMetric } from '../helpers/samples.js';

const DOC = new URL('../../docs/policies.md', import.meta.url);

/** The OPA configuration block of docs/policies.md (the yaml block that has `services:`). */
function documentedOpaConfig(): { services: Record<string, { url: string; credentials?: { bearer?: { token?: string; scheme?: string } } }>; bundles: Record<string, { service: string; resource: string }> } {
  const blocks = [...readFileSync(DOC, 'utf8').matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => parse(m[1]!));
  const config = blocks.find((b) => b && typeof b === 'object' && 'services' in b && 'bundles' in b);
  if (!config) throw new Error('docs/policies.md has no OPA configuration block');
  return config;
}

/** What `opa run` does with `${VAR}` in its configuration file. */
const substitute = (value: string, env: Record<string, string>) => value.replace(/\$\{(\w+)\}/g, (_m, name: string) => env[name] ?? '');

/**
 * OPA set up exactly as docs/policies.md says gets the bundle: the same URL (service url + resource), the
 * same header (bearer credentials with a service-account key scoped to policies:read), and 304 on the
 * ETag it polls with. If the page and the route ever disagree, this fails.
 */
describe('the documented OPA configuration fetches the bundle', () => {
  let t: TestApp;
  let key: string;
  beforeAll(async () => {
    t = await createTestApp('sqlite');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/domains', payload: sampleDomain() })).statusCode).toBe(201);
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/metrics', payload: sampleMetric() })).statusCode).toBe(201);
    const account = await t.app.inject({ method: 'POST', url: '/api/v1/service-accounts', payload: { name: 'opa', role: 'viewer' } });
    expect(account.statusCode, account.body).toBe(201);
    const created = await t.app.inject({ method: 'POST', url: `/api/v1/service-accounts/${account.json().id}/api-keys`, payload: { name: 'opa bundle', scopes: ['policies:read'] } });
    expect(created.statusCode, created.body).toBe(201);
    key = created.json().key;
  });
  afterAll(async () => t?.close());

  it('answers the bundle to the request OPA builds from the page, and 304 on its next poll', async () => {
    const config = documentedOpaConfig();
    const [bundle] = Object.values(config.bundles);
    const service = config.services[bundle!.service];
    expect(service, 'the bundle names a configured service').toBeDefined();
    const bearer = service!.credentials?.bearer;
    expect(bearer?.token, 'the documented service has bearer credentials').toBeDefined();
    const url = new URL(`${service!.url.replace(/\/$/, '')}/${bundle!.resource.replace(/^\//, '')}`);
    const authorization = `${bearer!.scheme ?? 'Bearer'} ${substitute(bearer!.token!, { MDL_API_KEY: key })}`;

    const first = await t.raw.inject({ method: 'GET', url: url.pathname, headers: { authorization } });
    expect(first.statusCode, first.body).toBe(200);
    expect(gunzipSync(first.rawPayload).toString('latin1')).toContain('package mdl.policy.metrics');
    const again = await t.raw.inject({ method: 'GET', url: url.pathname, headers: { authorization, 'if-none-match': String(first.headers.etag) } });
    expect(again.statusCode).toBe(304);
    // Without the documented credentials OPA would get 401.
    expect((await t.raw.inject({ method: 'GET', url: url.pathname })).statusCode).toBe(401);
  });
});
