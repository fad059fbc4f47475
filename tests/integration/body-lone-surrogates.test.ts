import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';
import { sampleDomain } from '../helpers/samples.js';

/**
 * "\ud800" in a JSON body is a lone surrogate, no character: PostgreSQL stored U+FFFD while SQLite kept
 * it (and the create answer echoed the original), so the engines disagreed about what was written.
 * Refused, naming the field; real astral characters (a surrogate pair) are kept.
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`lone surrogates in a JSON body on ${engine.label}`, () => {
    let t: TestApp;
    beforeAll(async () => { t = await createTestApp(engine.name); });
    afterAll(async () => t?.close());
    const post = (body: string) => t.app.inject({ method: 'POST', url: '/api/v1/domains', headers: { 'content-type': 'application/json' }, payload: body });

    it('refuses one in a value or a key with 400 naming where', async () => {
      const inValue = await post(JSON.stringify(sampleDomain({ domain_id: 'lone' })).replace('"name":"', '"name":"x\\ud800'));
      expect(inValue.statusCode, inValue.body).toBe(400);
      expect(inValue.json().error.details).toEqual([{ path: 'name', message: expect.stringMatching(/well-formed Unicode/) }]);
      const inKey = await post(JSON.stringify({ ...sampleDomain({ domain_id: 'lone-key' }), metadata: { 'k\\udc00': 1 } }).replace('k\\\\udc00', 'k\\udc00'));
      expect(inKey.statusCode, inKey.body).toBe(400);
      expect(inKey.json().error.details[0].message).toMatch(/well-formed Unicode/);
    });

    it('keeps a surrogate pair (an emoji) exactly', async () => {
      const r = await post(JSON.stringify(sampleDomain({ domain_id: 'emoji', name: 'Growth \u{1F680}' })));
      expect(r.statusCode, r.body).toBe(201);
      expect((await t.app.inject({ method: 'GET', url: '/api/v1/domains/emoji' })).json().name).toBe('Growth \u{1F680}');
    });
  });
}
