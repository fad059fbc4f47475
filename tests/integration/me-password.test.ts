import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_PASSWORD, createTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';

/**
 * POST /me/password (issue 7, finding 4): it must not be a password oracle. Wrong current passwords
 * are throttled like login (per account and IP), an API key of any scope never changes a password,
 * and a refused new password is answered the same whether or not the current one was right.
 */
const NEW_PASSWORD = 'a brand new long passphrase 77';

/** The answer without what differs per request. */
function answer(res: LightMyRequestResponse) {
  const body = res.json() as { requestId?: string };
  delete body.requestId;
  return { status: res.statusCode, body };
}

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`POST /me/password on ${engine.label}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(engine.name);
    });
    afterAll(async () => t?.close());

    const change = (token: string, current: string, next: string, remoteAddress = '10.9.0.1') =>
      t.as(token).inject({ method: 'POST', url: '/api/v1/me/password', remoteAddress, payload: { current_password: current, new_password: next } });
    const canLogIn = async (email: string, password: string) =>
      (await t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: '10.9.9.9', payload: { email, password } })).statusCode === 200;

    it('throttles wrong current passwords like login: after 5, the right one is refused with 429 (per account and IP)', async () => {
      const { token } = await t.login('guess@example.com', 'viewer');
      for (let i = 0; i < 5; i++) {
        const res = await change(token, `wrong guess ${i} of many`, NEW_PASSWORD);
        expect(res.statusCode, res.body).toBe(403);
      }
      const refused = await change(token, TEST_PASSWORD, NEW_PASSWORD);
      expect(refused.statusCode, refused.body).toBe(429);
      expect(refused.json().error).toMatchObject({ code: 'RATE_LIMITED', details: { limit: 5 } });
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      expect(await canLogIn('guess@example.com', TEST_PASSWORD)).toBe(true); // unchanged

      // Another account from the same IP is not affected; neither is this account from another IP.
      const other = await t.login('bystander@example.com', 'viewer');
      expect((await change(other.token, TEST_PASSWORD, NEW_PASSWORD)).statusCode).toBe(204);
      const again = (await t.services.login.login('guess@example.com', TEST_PASSWORD, 'default', {})).access_token;
      expect((await change(again, TEST_PASSWORD, NEW_PASSWORD, '10.9.0.2')).statusCode).toBe(204);
    });

    it('never lets an API key change a password, whatever its scopes: 403 REAUTHENTICATION_REQUIRED', async () => {
      const { token } = await t.login('keyholder@example.com', 'admin');
      for (const scopes of [['self'], ['self', 'admin', 'metrics:write']]) {
        const created = await t.as(token).inject({ method: 'POST', url: '/api/v1/api-keys', payload: { name: `k ${scopes.length}`, scopes } });
        expect(created.statusCode, created.body).toBe(201);
        const key = created.json().key as string;
        const res = await change(key, TEST_PASSWORD, NEW_PASSWORD);
        expect(res.statusCode, res.body).toBe(403);
        expect(res.json().error.code).toBe('REAUTHENTICATION_REQUIRED');
        expect(res.json().error.message).toMatch(/session/);
      }
      expect(await canLogIn('keyholder@example.com', TEST_PASSWORD)).toBe(true);
      // Nor does trying count against the account: its session still may.
      expect((await change(token, TEST_PASSWORD, NEW_PASSWORD)).statusCode).toBe(204);
    });

    it('answers a refused new password the same whether the current password is right or wrong', async () => {
      const { token } = await t.login('oracle@example.com', 'viewer');
      const wrong = 'not my password at all 31';
      const refusedNew = ['short', 'password123', 'oracle@example.com'];
      for (const next of refusedNew) {
        const right = answer(await change(token, TEST_PASSWORD, next));
        expect(right.status).toBe(400);
        expect(right.body).toMatchObject({ error: { code: 'VALIDATION_FAILED' } });
        expect(answer(await change(token, wrong, next)), next).toEqual(right);
      }
      // "Must differ" compares what was sent: the right password sent twice answers as a wrong one sent twice.
      const same = answer(await change(token, TEST_PASSWORD, TEST_PASSWORD));
      expect(same.status).toBe(400);
      expect(answer(await change(token, 'a wrong but long passphrase 5', 'a wrong but long passphrase 5'))).toEqual(same);
      // None of that counted as a failure, and the password is unchanged.
      expect((await change(token, wrong, NEW_PASSWORD)).statusCode).toBe(403);
      expect(await canLogIn('oracle@example.com', TEST_PASSWORD)).toBe(true);
    });
  });
}
