import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { base32Decode, totp } from '../../src/modules/mfa/totp.js';
import { TEST_PASSWORD, createTestApp, type TestApp } from '../helpers/app.js';
import { ENGINES } from '../helpers/databases.js';

/**
 * One account's password guesses from one IP share one bucket of 5 (hostile review): login, POST
 * /me/password and DELETE /me/mfa/totp with a password each had their own, so a session holder (a
 * stolen token) got 15 guesses at the password instead of 5.
 */
for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`One password-guess bucket per account, on ${engine.label}`, () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp(engine.name);
    });
    afterAll(async () => t?.close());
    const ip = '10.11.0.1';
    const login = (email: string, password: string) => t.raw.inject({ method: 'POST', url: '/api/v1/auth/login', remoteAddress: ip, payload: { email, password } });
    const change = (token: string, current: string) =>
      t.as(token).inject({ method: 'POST', url: '/api/v1/me/password', remoteAddress: ip, payload: { current_password: current, new_password: 'a brand new long passphrase 77' } });
    const mfaOff = (token: string, password: string) => t.as(token).inject({ method: 'DELETE', url: '/api/v1/me/mfa/totp', remoteAddress: ip, payload: { password } });

    it('counts wrong passwords of login, /me/password and MFA-off together: 5 in all, then each is refused', async () => {
      const email = 'shared-bucket@example.com';
      const { token } = await t.login(email, 'viewer');
      const start = await t.as(token).inject({ method: 'POST', url: '/api/v1/me/mfa/totp' });
      expect(start.statusCode, start.body).toBe(201);
      const key = base32Decode((start.json() as { secret: string }).secret);
      const confirm = await t.as(token).inject({ method: 'POST', url: '/api/v1/me/mfa/totp/confirm', payload: { code: totp(key, Date.now()) } });
      expect(confirm.statusCode, confirm.body).toBe(200);

      expect((await login(email, 'wrong guess 1')).statusCode).toBe(401);
      expect((await login(email, 'wrong guess 2')).statusCode).toBe(401);
      expect((await change(token, 'wrong guess 3')).statusCode).toBe(403);
      expect((await change(token, 'wrong guess 4')).statusCode).toBe(403);
      expect((await mfaOff(token, 'wrong guess 5')).statusCode).toBe(403);

      const right = await login(email, TEST_PASSWORD);
      expect(right.statusCode, right.body).toBe(429);
      expect((await change(token, TEST_PASSWORD)).statusCode).toBe(429);
      expect((await mfaOff(token, TEST_PASSWORD)).statusCode).toBe(429);
      // Another account from the same IP is not affected.
      const other = await t.login('shared-bystander@example.com', 'viewer');
      expect((await login('shared-bystander@example.com', TEST_PASSWORD)).statusCode).toBe(200);
      expect((await change(other.token, 'wrong once')).statusCode).toBe(403);
    });
  });
}
