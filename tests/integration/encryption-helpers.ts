import { exportJWK, generateKeyPair, type JWK } from 'jose';
import { hashPassword } from '../../src/modules/identity/passwords.js';
import { MfaService } from '../../src/modules/mfa/service.js';
import { base32Decode, generateTotpSecret, totp } from '../../src/modules/mfa/totp.js';
import { createServices, type Services } from '../../src/modules/services.js';
import { SecretBox } from '../../src/shared/secret-box.js';
import type { TestDatabase } from '../helpers/databases.js';

/**
 * Secrets-at-rest fixtures shared by the encryption-* suites: "processes" (services built on the same
 * database with given keys), users with TOTP, and raw rows as an attacker with a database dump sees them.
 */

export const PASSWORD = 'correct horse battery staple 42';
export const TOKEN_INPUT = { sub: 'user-1', ws: 'default', role: 'viewer' as const, sid: 'sess-1' };

/** The reports of the tables these suites seal (other modules register their own tables too). */
export function mine<R extends { table: string }>(reports: readonly R[]): R[] {
  return reports.filter((r) => r.table === 'signing_keys' || r.table === 'mfa_totp');
}

export interface Process {
  services: Services;
  box: SecretBox;
  /** MFA on a clock the test moves, so every check uses a step never used before. */
  mfa: MfaService;
}

export function fixtures(t: () => TestDatabase) {
  let clock = Date.now();
  let seq = 0;

  /** A new "process" on the same database: its own services, caches and SecretBox (first key seals). */
  const start = (...keys: Buffer[]): Process => {
    const box = new SecretBox(keys);
    const services = createServices(t().db, undefined, { secretBox: box });
    return { services, box, mfa: new MfaService(t().db, { audit: services.history, secretBox: box, now: () => new Date(clock) }) };
  };

  async function newUser(opts: { password?: boolean } = {}): Promise<string> {
    const id = `enc-${process.pid}-${++seq}`;
    const at = new Date().toISOString();
    const password_hash = opts.password ? await hashPassword(PASSWORD) : null;
    await t().db.insertInto('users').values({ id, email: `${id}@example.test`, display_name: id, password_hash, status: 'active', created_at: at, updated_at: at }).execute();
    await t().db.insertInto('memberships').values({ workspace_id: 'default', user_id: id, role: 'editor', created_at: at }).execute();
    return id;
  }

  /** Enrols and confirms TOTP for a new user through `p`; returns the user and the base32 secret. */
  async function enrolled(p: Process, opts: { password?: boolean } = {}): Promise<{ userId: string; secret: string }> {
    const userId = await newUser(opts);
    const ctx = { workspaceId: 'default', actor: `user:${userId}` };
    const { secret } = await p.mfa.beginEnrolment(ctx, userId);
    clock += 30_000;
    await p.mfa.confirmEnrolment(ctx, userId, totp(base32Decode(secret), clock));
    return { userId, secret };
  }

  /** A second-factor login through `p` with the next fresh code: resolves when the code is accepted. */
  async function checkCode(p: Process, userId: string, secret: string): Promise<void> {
    clock += 30_000;
    const { mfaToken } = await p.mfa.createChallenge(userId, 'default');
    await p.mfa.completeChallenge(mfaToken, totp(base32Decode(secret), clock));
  }

  /** A TOTP row written before encryption: the secret in clear. */
  async function legacyTotp(): Promise<{ userId: string; secret: string }> {
    const userId = await newUser();
    const secret = generateTotpSecret();
    await t().db.insertInto('mfa_totp').values({ user_id: userId, secret, created_at: new Date().toISOString(), enabled_at: new Date().toISOString(), last_used_step: null }).execute();
    return { userId, secret };
  }

  /** A signing key written before encryption: the private JWK in clear. */
  async function legacySigningKey(): Promise<{ kid: string; d: string }> {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { extractable: true });
    const pub = await exportJWK(publicKey);
    const priv = await exportJWK(privateKey);
    const kid = `legacy-${++seq}`;
    await t().db.insertInto('signing_keys').values({
      kid, alg: 'EdDSA', public_jwk: JSON.stringify({ kty: pub.kty, crv: pub.crv, x: pub.x }), private_jwk: JSON.stringify(priv),
      created_at: new Date().toISOString(), retired_at: null,
    }).execute();
    return { kid, d: priv.d! };
  }

  const signingRows = () => t().db.selectFrom('signing_keys').selectAll().orderBy('created_at').execute();
  const totpRow = (userId: string) => t().db.selectFrom('mfa_totp').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
  /** Everything in the two tables, as text: what a dump would show. */
  const dump = async () => JSON.stringify([await signingRows(), await t().db.selectFrom('mfa_totp').selectAll().execute()]);
  const privateD = (box: SecretBox, row: { kid: string; private_jwk: string }) => (JSON.parse(box.open(row.private_jwk, `signing-key:${row.kid}`)) as JWK).d!;

  async function clean(): Promise<void> {
    for (const table of ['mfa_challenges', 'mfa_recovery_codes', 'mfa_totp', 'signing_keys'] as const) await t().db.deleteFrom(table).execute();
  }

  return { start, newUser, enrolled, checkCode, legacyTotp, legacySigningKey, signingRows, totpRow, dump, privateD, clean };
}
