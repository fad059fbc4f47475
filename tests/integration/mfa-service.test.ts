import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HistoryRepository } from '../../src/modules/catalog/history-repository.js';
import { hashPassword } from '../../src/modules/identity/passwords.js';
import { MfaCodeRejectedError, MfaLoginRejectedError } from '../../src/modules/mfa/errors.js';
import { hashRecoveryCode, normalizeRecoveryCode } from '../../src/modules/mfa/recovery-codes.js';
import { hashChallengeToken, MfaService } from '../../src/modules/mfa/service.js';
import { base32Decode, timeStep, totp } from '../../src/modules/mfa/totp.js';
import type { RequestContext } from '../../src/shared/context.js';
import { SecretBox } from '../../src/shared/secret-box.js';
import { ConflictError, NotFoundError, ValidationError } from '../../src/shared/errors.js';
import { createTestDatabase, ENGINES, type TestDatabase } from '../helpers/databases.js';

/** 10 s into a 30 s step, so ±30 s offsets land exactly one step away. */
const T0 = new Date(Math.floor(Date.parse('2031-03-01T12:00:00.000Z') / 30_000) * 30_000 + 10_000);
const PASSWORD = 'a long passphrase for mfa tests';

for (const engine of ENGINES) {
  describe.skipIf(!engine.available)(`MFA service on ${engine.label}`, () => {
    let t: TestDatabase;
    let clock: Date;
    let mfa: MfaService;
    const advance = (seconds: number) => { clock = new Date(clock.getTime() + seconds * 1000); };
    const ctx = (userId: string): RequestContext => ({ workspaceId: 'default', actor: `user:${userId}`, requestId: 'req-1' });
    /** Everything secret seen by the test, checked against the audit trail at the end. */
    const secrets = new Set<string>();
    let seq = 0;

    async function newUser(): Promise<string> {
      const id = `u${++seq}`;
      const at = T0.toISOString();
      await t.db.insertInto('users').values({ id, email: `${id}@example.test`, display_name: id, password_hash: await hashPassword(PASSWORD), status: 'active', created_at: at, updated_at: at }).execute();
      await t.db.insertInto('memberships').values({ workspace_id: 'default', user_id: id, role: 'editor', created_at: at }).execute();
      return id;
    }

    /** A user with TOTP enabled (confirmed at step T0 - 1) and their recovery codes. */
    async function enrolled(): Promise<{ userId: string; key: Buffer; secret: string; codes: string[] }> {
      const userId = await newUser();
      const { secret } = await mfa.beginEnrolment(ctx(userId), userId);
      const key = base32Decode(secret);
      const codes = await mfa.confirmEnrolment(ctx(userId), userId, totp(key, clock.getTime() - 30_000));
      secrets.add(secret);
      codes.forEach((c) => secrets.add(c));
      return { userId, key, secret, codes };
    }

    async function challenge(userId: string): Promise<string> {
      const { mfaToken } = await mfa.createChallenge(userId, 'default');
      secrets.add(mfaToken);
      return mfaToken;
    }

    /** Completes a fresh challenge with a code; the failure reason or 'ok'. */
    async function verify(userId: string, code: string, token?: string): Promise<string> {
      return mfa.completeChallenge(token ?? (await challenge(userId)), code, 'req-2').then(
        (r) => { expect(r.userId).toBe(userId); return `ok:${r.method}`; },
        (e: unknown) => { expect(e).toBeInstanceOf(MfaLoginRejectedError); return (e as MfaLoginRejectedError).reason; },
      );
    }

    const events = (userId: string) => t.db.selectFrom('audit_events').selectAll().where('entity_id', '=', userId).orderBy('id').execute();

    const secretBox = SecretBox.ephemeral(); // one key for the file: enrolments outlive each test's service
    beforeAll(async () => { t = await createTestDatabase(engine.name); });
    afterAll(async () => { await t?.destroy(); });
    beforeEach(() => {
      clock = T0;
      mfa = new MfaService(t.db, { audit: new HistoryRepository(), now: () => clock, secretBox });
    });

    it('enrols: a pending secret, then a first code enables it and returns 10 recovery codes stored as hashes', async () => {
      const userId = await newUser();
      const { secret, otpauth_uri } = await mfa.beginEnrolment(ctx(userId), userId);
      secrets.add(secret);
      expect(secret).toMatch(/^[A-Z2-7]{32}$/);
      expect(otpauth_uri).toBe(`otpauth://totp/MDL:${userId}%40example.test?secret=${secret}&issuer=MDL&algorithm=SHA1&digits=6&period=30`);
      expect(await mfa.status(userId, 'default', 'editor')).toMatchObject({ enabled: false, pending: true, recovery_codes_left: 0 });
      expect(await mfa.isEnabled(userId)).toBe(false);

      // Starting again replaces the pending secret; the old one is worthless.
      const again = await mfa.beginEnrolment(ctx(userId), userId);
      secrets.add(again.secret);
      expect(again.secret).not.toBe(secret);
      const oldCode = totp(base32Decode(secret), clock.getTime());
      // (Two random secrets share the current code once in a million: then use a code nobody has.)
      const stale = oldCode === totp(base32Decode(again.secret), clock.getTime()) ? '' : oldCode;
      await expect(mfa.confirmEnrolment(ctx(userId), userId, stale)).rejects.toBeInstanceOf(MfaCodeRejectedError);
      await expect(mfa.confirmEnrolment(ctx(userId), userId, '12345')).rejects.toBeInstanceOf(MfaCodeRejectedError);

      const codes = await mfa.confirmEnrolment(ctx(userId), userId, totp(base32Decode(again.secret), clock.getTime()));
      codes.forEach((c) => secrets.add(c));
      expect(codes).toHaveLength(10);
      for (const c of codes) expect(c).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
      const stored = await t.db.selectFrom('mfa_recovery_codes').selectAll().where('user_id', '=', userId).execute();
      expect(stored.map((r) => r.code_hash).sort()).toEqual(codes.map((c) => hashRecoveryCode(normalizeRecoveryCode(c)!)).sort());
      for (const c of codes) expect(JSON.stringify(stored)).not.toContain(c);
      const row = await t.db.selectFrom('mfa_totp').selectAll().where('user_id', '=', userId).executeTakeFirstOrThrow();
      expect(row).toMatchObject({ enabled_at: clock.toISOString(), last_used_step: timeStep(clock.getTime()) });
      expect(await mfa.status(userId, 'default', 'editor')).toEqual({
        enabled: true, pending: false, enabled_at: clock.toISOString(), recovery_codes_left: 10, policy: 'none', enrolment_required: false,
      });

      await expect(mfa.beginEnrolment(ctx(userId), userId)).rejects.toBeInstanceOf(ConflictError);
      await expect(mfa.confirmEnrolment(ctx(userId), userId, '123456')).rejects.toBeInstanceOf(ConflictError);
      await expect(mfa.confirmEnrolment(ctx('nobody'), 'nobody', '123456')).rejects.toBeInstanceOf(NotFoundError);

      expect((await events(userId)).map((e) => `${e.action}:${e.outcome}`)).toEqual([
        'mfa.totp.enrol:success', 'mfa.totp.enrol:success', 'mfa.totp.confirm:failure', 'mfa.totp.confirm:failure', 'mfa.totp.enable:success',
      ]);
    });

    it('accepts codes of the current step ±1 (in rising order), refuses ±2, and never accepts a step twice', async () => {
      const { userId, key } = await enrolled(); // last used step: T-1
      advance(60); // now T+2 relative to the confirmation's clock; call it S
      const at = (offset: number) => totp(key, clock.getTime() + offset * 1000);
      const collides = (offset: number) => [-30, 0, 30].some((o) => o !== offset && at(o) === at(offset));
      if (!collides(-60)) expect(await verify(userId, at(-60))).toBe('code: invalid_code');
      if (!collides(60)) expect(await verify(userId, at(60))).toBe('code: invalid_code');
      expect(await verify(userId, at(-30))).toBe('ok:totp');
      expect(await verify(userId, at(0))).toBe('ok:totp');
      expect(await verify(userId, at(30))).toBe('ok:totp');
      // Replays: the same code, and any older step still inside the window.
      expect(await verify(userId, at(30))).toBe('code: replayed_code');
      expect(await verify(userId, at(0))).toBe('code: replayed_code');
      expect(await verify(userId, at(-30))).toBe('code: replayed_code');
      const row = await t.db.selectFrom('mfa_totp').select('last_used_step').where('user_id', '=', userId).executeTakeFirstOrThrow();
      expect(row.last_used_step).toBe(timeStep(clock.getTime()) + 1);
      // Time moves on: the next step's code is fresh.
      advance(60);
      expect(await verify(userId, at(0))).toBe('ok:totp');
    });

    it('lets exactly one of two concurrent logins with the same code through', async () => {
      const { userId, key } = await enrolled();
      advance(30);
      const code = totp(key, clock.getTime());
      const [a, b] = await Promise.all([challenge(userId), challenge(userId)]);
      const results = await Promise.all([verify(userId, code, a), verify(userId, code, b)]);
      expect(results.sort()).toEqual(['code: replayed_code', 'ok:totp']);
    });

    it('takes each recovery code once, whatever its spelling', async () => {
      const { userId, codes } = await enrolled();
      const code = codes[3]!;
      expect(await verify(userId, ` ${code.toUpperCase().replace(/-/g, ' ')} `)).toBe('ok:recovery_code');
      expect(await verify(userId, code)).toBe('code: invalid_code');
      expect(await verify(userId, 'abcd-efgh-2345')).toBe('code: invalid_code');
      expect((await mfa.status(userId, 'default', 'editor')).recovery_codes_left).toBe(9);
      const used = await t.db.selectFrom('mfa_recovery_codes').select('used_at').where('user_id', '=', userId).where('used_at', 'is not', null).execute();
      expect(used).toEqual([{ used_at: clock.toISOString() }]);
      const ok = (await events(userId)).filter((e) => e.action === 'mfa.verify' && e.outcome === 'success');
      expect(JSON.parse(ok.at(-1)!.after!)).toEqual({ method: 'recovery_code', recovery_codes_left: 9 });
    });

    it('voids a challenge after 5 attempts, when used, and when expired; stores only its hash', async () => {
      const { userId, key } = await enrolled();
      advance(30);
      const token = await challenge(userId);
      const stored = await t.db.selectFrom('mfa_challenges').selectAll().where('token_hash', '=', hashChallengeToken(token)).executeTakeFirstOrThrow();
      expect(stored).toMatchObject({ user_id: userId, workspace_id: 'default', attempts: 0, used_at: null, expires_at: new Date(clock.getTime() + 300_000).toISOString() });
      expect(JSON.stringify(stored)).not.toContain(token);
      const good = totp(key, clock.getTime());
      const wrong = good === '000000' ? '000001' : '000000';
      for (let i = 0; i < 5; i++) expect(await verify(userId, wrong, token)).toBe('code: invalid_code');
      expect(await verify(userId, good, token)).toBe('mfa token: challenge_exhausted');
      const fails = (await events(userId)).filter((e) => e.action === 'mfa.verify').map((e) => JSON.parse(e.after!));
      expect(fails.map((f) => f.attempts_left)).toEqual([4, 3, 2, 1, 0, undefined]);
      expect(fails.at(-1)).toEqual({ reason: 'challenge_exhausted' });

      // Single use.
      const once = await challenge(userId);
      expect(await verify(userId, good, once)).toBe('ok:totp');
      expect(await verify(userId, totp(key, clock.getTime() + 30_000), once)).toBe('mfa token: challenge_used');

      // Five minutes.
      const late = await challenge(userId);
      advance(300);
      expect(await verify(userId, totp(key, clock.getTime()), late)).toBe('mfa token: challenge_expired');
      // Unknown and malformed tokens say nothing more.
      expect(await verify(userId, '123456', 'A'.repeat(43))).toBe('mfa token: unknown');
      expect(await verify(userId, '123456', 'not a token')).toBe('mfa token: malformed');
      // An expired challenge is purged when the next one is made.
      await challenge(userId);
      expect(await t.db.selectFrom('mfa_challenges').select('token_hash').where('token_hash', '=', hashChallengeToken(late)).executeTakeFirst()).toBeUndefined();
    });

    it('disables with a code, a recovery code or the password, never without one', async () => {
      const a = await enrolled();
      await expect(mfa.disable(ctx(a.userId), a.userId, { password: 'wrong password, surely' })).rejects.toMatchObject({ code: 'FORBIDDEN', reason: 'invalid_password' });
      await expect(mfa.disable(ctx(a.userId), a.userId, { code: '000000' === totp(a.key, clock.getTime()) ? '111111' : '000000' })).rejects.toBeInstanceOf(MfaCodeRejectedError);
      await expect(mfa.disable(ctx(a.userId), a.userId, {})).rejects.toBeInstanceOf(ValidationError);
      await expect(mfa.disable(ctx(a.userId), a.userId, { code: '1', password: 'x' })).rejects.toBeInstanceOf(ValidationError);
      const pending = await challenge(a.userId);
      await mfa.disable(ctx(a.userId), a.userId, { password: PASSWORD });
      expect(await mfa.isEnabled(a.userId)).toBe(false);
      expect(await t.db.selectFrom('mfa_recovery_codes').select('user_id').where('user_id', '=', a.userId).execute()).toEqual([]);
      // A challenge issued before cannot complete any more.
      expect(await verify(a.userId, totp(a.key, clock.getTime() + 30_000), pending)).toBe('mfa token: unknown');
      await expect(mfa.disable(ctx(a.userId), a.userId, { password: PASSWORD })).rejects.toBeInstanceOf(NotFoundError);

      const b = await enrolled();
      await mfa.disable(ctx(b.userId), b.userId, { code: totp(b.key, clock.getTime()) });
      const c = await enrolled();
      await mfa.disable(ctx(c.userId), c.userId, { code: c.codes[0]! });
      expect(await mfa.isEnabled(b.userId) || await mfa.isEnabled(c.userId)).toBe(false);

      const actions = (await events(a.userId)).filter((e) => e.action === 'mfa.totp.disable').map((e) => [e.outcome, JSON.parse(e.after!)]);
      expect(actions).toEqual([
        ['failure', { reason: 'invalid_password', proof: 'password' }],
        ['failure', { reason: 'invalid_code', proof: 'code' }],
        ['success', { was: 'enabled', proof: 'password' }],
      ]);
    });

    it('keeps the workspace policy and says to whom it applies', async () => {
      const userId = await newUser();
      expect(await mfa.policy('default')).toBe('none');
      await expect(mfa.setPolicy(ctx('admin'), 'sometimes')).rejects.toBeInstanceOf(ValidationError);
      expect(await mfa.setPolicy(ctx('admin'), 'admins')).toBe('admins');
      expect(await mfa.enrolmentRequired(userId, 'default', 'editor')).toBe(false);
      expect(await mfa.enrolmentRequired(userId, 'default', 'admin')).toBe(true);
      expect(await mfa.setPolicy(ctx('admin'), 'all')).toBe('all');
      expect(await mfa.enrolmentRequired(userId, 'default', 'viewer')).toBe(true);
      expect((await mfa.status(userId, 'default', 'viewer')).enrolment_required).toBe(true);
      const { userId: done } = await enrolled();
      expect(await mfa.enrolmentRequired(done, 'default', 'viewer')).toBe(false);
      expect(await mfa.state(done, 'nowhere')).toBeUndefined();
      await expect(mfa.policy('nowhere')).rejects.toBeInstanceOf(NotFoundError);
      expect(await mfa.setPolicy(ctx('admin'), 'none')).toBe('none');
      const changes = await t.db.selectFrom('audit_events').selectAll().where('action', '=', 'mfa.policy.update').orderBy('id').execute();
      expect(changes.map((e) => [e.actor, e.entity_type, e.entity_id, JSON.parse(e.before!).required, JSON.parse(e.after!).required])).toEqual([
        ['user:admin', 'workspace', 'default', 'none', 'admins'],
        ['user:admin', 'workspace', 'default', 'admins', 'all'],
        ['user:admin', 'workspace', 'default', 'all', 'none'],
      ]);
    });

    it('audits enrolment, verification and failures without any secret, code or token', async () => {
      const all = await t.db.selectFrom('audit_events').selectAll().execute();
      const mfaEvents = all.filter((e) => e.action.startsWith('mfa.'));
      expect(new Set(mfaEvents.map((e) => `${e.action}:${e.outcome}`))).toEqual(new Set([
        'mfa.totp.enrol:success', 'mfa.totp.confirm:failure', 'mfa.totp.enable:success', 'mfa.verify:success', 'mfa.verify:failure',
        'mfa.totp.disable:success', 'mfa.totp.disable:failure', 'mfa.policy.update:success',
      ]));
      const text = JSON.stringify(all);
      expect(secrets.size).toBeGreaterThan(20);
      for (const s of secrets) {
        expect(text).not.toContain(s);
        expect(text).not.toContain(hashChallengeToken(s));
        const n = normalizeRecoveryCode(s);
        if (n) { expect(text).not.toContain(n); expect(text).not.toContain(hashRecoveryCode(n)); }
      }
      expect(text).not.toMatch(/"code"|"secret"|"token"/);
      // The chain stays intact with the MFA events in it.
      const { AuditService } = await import('../../src/modules/audit/service.js');
      expect(await new AuditService(t.db).verify('default')).toMatchObject({ ok: true });
    });
  });
}
