import { consumeOnce } from '../../db/single-use.js';
import type { Db } from '../../db/connect.js';
import { engineOf } from '../../db/dialect.js';
import type { MfaChallengesTable, MfaTotpTable } from '../../db/tables.js';
import { SecretBoxError, type SecretBox } from '../../shared/secret-box.js';
import type { Trx } from '../catalog/kind.js';
import { resealRows, takeSqliteWriteLock, type ResealReport } from '../secrets/reseal.js';

/** A query runner: the database, or the caller's transaction (on SQLite, always the trx inside one). */
export type Executor = Db | Trx;

/** A TOTP row as stored: `secret` is sealed (or in clear, when written before encryption); see secretOf(). */
export type TotpRow = MfaTotpTable;

/** What a TOTP secret (sealed with the SecretBox) is bound to: its user's row. */
export function totpContext(userId: string): string {
  return `totp:${userId}`;
}
export type ChallengeRow = Omit<MfaChallengesTable, 'attempts'> & { attempts: number };

export const MFA_POLICIES = ['none', 'admins', 'all'] as const;
export type MfaPolicy = (typeof MFA_POLICIES)[number];

export function isMfaPolicy(v: unknown): v is MfaPolicy {
  return typeof v === 'string' && (MFA_POLICIES as readonly string[]).includes(v);
}

/**
 * TOTP enrolments, recovery codes, login challenges and the workspace policy. Every "use" is one
 * conditional UPDATE whose row count decides the winner, so concurrent requests cannot both succeed.
 * TOTP secrets are sealed by the SecretBox (MDL_SECRET_KEY) and opened only to check a code.
 */
export class MfaRepository {
  constructor(private readonly box: SecretBox) {}

  /** The base32 secret of a row (opened; a clear legacy value as is). */
  secretOf(row: TotpRow): string {
    try {
      return this.box.openStored(row.secret, totpContext(row.user_id));
    } catch (err) {
      if (err instanceof SecretBoxError) throw new SecretBoxError(`cannot open the TOTP secret of user ${row.user_id}: ${err.message}`);
      throw err;
    }
  }

  async findTotp(ex: Executor, userId: string): Promise<TotpRow | undefined> {
    return ex.selectFrom('mfa_totp').selectAll().where('user_id', '=', userId).executeTakeFirst();
  }

  /** Replaces a pending (unconfirmed) enrolment with `secret` (base32, sealed here); false when an enabled one exists. */
  async putPending(ex: Executor, userId: string, secret: string, now: string): Promise<boolean> {
    const sealed = this.box.seal(secret, totpContext(userId));
    await ex.deleteFrom('mfa_totp').where('user_id', '=', userId).where('enabled_at', 'is', null).execute();
    const existing = await ex.selectFrom('mfa_totp').select('user_id').where('user_id', '=', userId).executeTakeFirst();
    if (existing) return false;
    await ex.insertInto('mfa_totp').values({ user_id: userId, secret: sealed, created_at: now, enabled_at: null, last_used_step: null }).execute();
    return true;
  }

  /** Enables the pending enrolment whose stored (sealed) secret is `storedSecret`, recording the step of the confirming code. */
  async enable(ex: Executor, userId: string, storedSecret: string, step: number, now: string): Promise<boolean> {
    const r = await ex.updateTable('mfa_totp').set({ enabled_at: now, last_used_step: step })
      .where('user_id', '=', userId).where('secret', '=', storedSecret).where('enabled_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Records `step` as used when it is newer than every step used before (replay protection). */
  async useStep(ex: Executor, userId: string, step: number): Promise<boolean> {
    const r = await ex.updateTable('mfa_totp').set({ last_used_step: step })
      .where('user_id', '=', userId).where('enabled_at', 'is not', null)
      .where((eb) => eb.or([eb('last_used_step', 'is', null), eb('last_used_step', '<', step)]))
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async deleteTotp(ex: Executor, userId: string): Promise<boolean> {
    const r = await ex.deleteFrom('mfa_totp').where('user_id', '=', userId).executeTakeFirst();
    await ex.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
    return Number(r.numDeletedRows) === 1;
  }

  /** Re-seals every TOTP secret in clear or sealed by an older key, in one transaction (rows locked on PostgreSQL). */
  async resealSecrets(db: Db): Promise<ResealReport> {
    return db.transaction().execute(async (trx) => {
      await takeSqliteWriteLock(trx, 'mfa_totp', 'secret');
      const query = trx.selectFrom('mfa_totp').select(['user_id', 'secret']).orderBy('user_id');
      const rows = await (engineOf(trx) === 'postgres' ? query.forUpdate() : query).execute();
      return resealRows(this.box, 'mfa_totp', rows, (r) => ({ id: `of user ${r.user_id}`, value: r.secret, context: totpContext(r.user_id) }), async (r, sealed) => {
        await trx.updateTable('mfa_totp').set({ secret: sealed }).where('user_id', '=', r.user_id).where('secret', '=', r.secret).execute();
      });
    });
  }

  async replaceRecoveryCodes(ex: Executor, userId: string, hashes: readonly string[], now: string): Promise<void> {
    await ex.deleteFrom('mfa_recovery_codes').where('user_id', '=', userId).execute();
    if (hashes.length) {
      await ex.insertInto('mfa_recovery_codes').values(hashes.map((code_hash) => ({ user_id: userId, code_hash, created_at: now, used_at: null }))).execute();
    }
  }

  /** Marks an unused recovery code used; false when it is unknown or already used. */
  async useRecoveryCode(ex: Executor, userId: string, codeHash: string, now: string): Promise<boolean> {
    const r = await ex.updateTable('mfa_recovery_codes').set({ used_at: now })
      .where('user_id', '=', userId).where('code_hash', '=', codeHash).where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async recoveryCodesLeft(ex: Executor, userId: string): Promise<number> {
    const row = await ex.selectFrom('mfa_recovery_codes').select((eb) => eb.fn.countAll().as('n'))
      .where('user_id', '=', userId).where('used_at', 'is', null).executeTakeFirst();
    return Number(row?.n ?? 0);
  }

  async passwordHash(ex: Executor, userId: string): Promise<string | null | undefined> {
    return (await ex.selectFrom('users').select('password_hash').where('id', '=', userId).executeTakeFirst())?.password_hash;
  }

  async email(ex: Executor, userId: string): Promise<string | undefined> {
    return (await ex.selectFrom('users').select('email').where('id', '=', userId).executeTakeFirst())?.email;
  }

  /** The workspace policy; undefined for an unknown workspace. */
  async policy(ex: Executor, workspaceId: string): Promise<MfaPolicy | undefined> {
    const row = await ex.selectFrom('workspaces').select('mfa_required').where('id', '=', workspaceId).executeTakeFirst();
    if (!row) return undefined;
    return isMfaPolicy(row.mfa_required) ? row.mfa_required : 'none';
  }

  async setPolicy(ex: Executor, workspaceId: string, policy: MfaPolicy): Promise<boolean> {
    const r = await ex.updateTable('workspaces').set({ mfa_required: policy }).where('id', '=', workspaceId).executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The workspace policy and whether the user has TOTP enabled, in one query (it runs on every request). */
  async gate(ex: Executor, workspaceId: string, userId: string): Promise<{ policy: MfaPolicy; enabled: boolean } | undefined> {
    const row = await ex.selectFrom('workspaces as w')
      .leftJoin('mfa_totp as t', (join) => join.on('t.user_id', '=', userId).on('t.enabled_at', 'is not', null))
      .select(['w.mfa_required as policy', 't.user_id as enrolled'])
      .where('w.id', '=', workspaceId)
      .executeTakeFirst();
    if (!row) return undefined;
    return { policy: isMfaPolicy(row.policy) ? row.policy : 'none', enabled: row.enrolled !== null && row.enrolled !== undefined };
  }

  async insertChallenge(ex: Executor, row: Omit<ChallengeRow, 'attempts' | 'used_at'>): Promise<void> {
    await ex.insertInto('mfa_challenges').values({ ...row, attempts: 0, used_at: null }).execute();
  }

  /** Housekeeping on each new challenge: challenges expired by `now` are deleted. */
  async purgeChallenges(ex: Executor, now: string): Promise<void> {
    await ex.deleteFrom('mfa_challenges').where('expires_at', '<=', now).execute();
  }

  async findChallenge(ex: Executor, tokenHash: string): Promise<ChallengeRow | undefined> {
    const row = await ex.selectFrom('mfa_challenges').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
    return row ? { ...row, attempts: Number(row.attempts) } : undefined;
  }

  /**
   * Counts one attempt against a live challenge before its code is checked (a reservation: parallel
   * guesses cannot exceed the limit). False when the challenge is unknown, used, expired or used up.
   */
  async reserveAttempt(ex: Executor, tokenHash: string, now: string, maxAttempts: number): Promise<boolean> {
    const r = await ex.updateTable('mfa_challenges').set((eb) => ({ attempts: eb('attempts', '+', 1) }))
      .where('token_hash', '=', tokenHash).where('used_at', 'is', null).where('expires_at', '>', now).where('attempts', '<', maxAttempts)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  consumeChallenge(ex: Executor, tokenHash: string, now: string): Promise<boolean> {
    return consumeOnce(ex, 'mfa_challenges', tokenHash, now, { unexpired: false });
  }

  /** Ends every open challenge of a user (TOTP disabled: a challenge issued before must not complete). */
  async deleteChallengesOf(ex: Executor, userId: string): Promise<void> {
    await ex.deleteFrom('mfa_challenges').where('user_id', '=', userId).execute();
  }
}
