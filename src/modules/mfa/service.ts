import { randomBytes } from 'node:crypto';
import { hashToken } from '../../shared/token-hash.js';
import type { Db } from '../../db/connect.js';
import type { SecretBox } from '../../shared/secret-box.js';
import { asSystem } from '../../db/tenant-context.js';
import type { RequestContext } from '../../shared/context.js';
import { ConflictError, NotFoundError, ValidationError } from '../../shared/errors.js';
import type { AuditRecord } from '../audit/chain.js';
import type { Role } from '../auth/permissions.js';
import type { Trx } from '../catalog/kind.js';
import type { AuditSink } from '../identity/model.js';
import type { Resealable, ResealReport } from '../secrets/reseal.js';
import { verifyPassword } from '../identity/passwords.js';
import { MfaCodeRejectedError, MfaLoginRejectedError } from './errors.js';
import { generateRecoveryCodes, hashRecoveryCode, normalizeRecoveryCode, RECOVERY_CODE_COUNT } from './recovery-codes.js';
import { isMfaPolicy, MFA_POLICIES, MfaRepository, type Executor, type MfaPolicy } from './repository.js';
import { base32Decode, generateTotpSecret, matchTotpStep, otpauthUri } from './totp.js';

export const MFA_ISSUER = 'MDL';
/** A second-factor login must be completed within this time (default 5 minutes). */
export const DEFAULT_CHALLENGE_TTL_SECONDS = 300;
/** Wrong codes allowed per login challenge; the challenge is void after that many attempts. */
export const DEFAULT_CHALLENGE_MAX_ATTEMPTS = 5;
/** 32 random bytes, base64url without padding. */
const CHALLENGE_TOKEN_FORMAT = /^[A-Za-z0-9_-]{43}$/;
const MAX_CODE_LENGTH = 64;

export interface MfaServiceOptions {
  audit: AuditSink;
  /** Seals TOTP secrets at rest (context `totp:<user id>`). */
  secretBox: SecretBox;
  now?: () => Date;
  challengeTtlSeconds?: number;
  challengeMaxAttempts?: number;
}

export interface MfaStatus {
  /** TOTP is confirmed and asked for at login. */
  enabled: boolean;
  /** An enrolment was started and awaits its first code. */
  pending: boolean;
  enabled_at: string | null;
  recovery_codes_left: number;
  /** The workspace policy. */
  policy: MfaPolicy;
  /** The policy applies to you and you have not enrolled: only `self` routes answer until you do. */
  enrolment_required: boolean;
}

export interface TotpEnrolment {
  secret: string;
  otpauth_uri: string;
}

export interface MfaChallengeIssued {
  mfaToken: string;
  expiresIn: number;
}

export type SecondFactorMethod = 'totp' | 'recovery_code';
type FactorOutcome = { ok: true; method: SecondFactorMethod } | { ok: false; reason: 'not_enrolled' | 'invalid_code' | 'replayed_code' };
type Outcome<T> = { ok: true; value: T } | { ok: false; reason: string };

/** The only form a challenge token is stored in. */
export const hashChallengeToken = hashToken;

export function policyApplies(policy: MfaPolicy, role: Role): boolean {
  return policy === 'all' || (policy === 'admins' && role === 'admin');
}

/**
 * TOTP enrolment (RFC 6238: SHA-1, 6 digits, 30 s), verification with a ±1 step window and replay
 * protection, single-use recovery codes, the second step of a password login, and the workspace
 * policy. Every enrolment, verification and failure is an audit event; no event carries a secret,
 * a code, a recovery code or a token (not even hashed).
 *
 * Failures are audited in a transaction that commits, and thrown after it.
 */
export class MfaService implements Resealable {
  private readonly repo: MfaRepository;
  private readonly audit: AuditSink;
  private readonly now: () => Date;
  private readonly challengeTtlMs: number;
  readonly challengeTtlSeconds: number;
  readonly challengeMaxAttempts: number;

  constructor(private readonly db: Db, opts: MfaServiceOptions) {
    this.audit = opts.audit;
    this.repo = new MfaRepository(opts.secretBox);
    this.now = opts.now ?? (() => new Date());
    this.challengeTtlSeconds = opts.challengeTtlSeconds ?? DEFAULT_CHALLENGE_TTL_SECONDS;
    this.challengeMaxAttempts = opts.challengeMaxAttempts ?? DEFAULT_CHALLENGE_MAX_ATTEMPTS;
    if (!Number.isInteger(this.challengeTtlSeconds) || this.challengeTtlSeconds < 1) throw new RangeError('challengeTtlSeconds must be a positive integer');
    if (!Number.isInteger(this.challengeMaxAttempts) || this.challengeMaxAttempts < 1) throw new RangeError('challengeMaxAttempts must be a positive integer');
    this.challengeTtlMs = this.challengeTtlSeconds * 1000;
  }

  /** Re-seals TOTP secrets in clear or sealed by an older key under the current one (SecretsAtRest). */
  reseal(): Promise<ResealReport> {
    return this.repo.resealSecrets(this.db);
  }

  // ---- status and policy -------------------------------------------------------------------

  /** `providerMfa`: the session's identity provider reported a second factor the workspace counts. */
  async status(userId: string, workspaceId: string, role: Role, providerMfa = false): Promise<MfaStatus> {
    const [row, left, policy] = await Promise.all([
      this.repo.findTotp(this.db, userId), this.repo.recoveryCodesLeft(this.db, userId), this.repo.policy(this.db, workspaceId),
    ]);
    const enabled = row?.enabled_at != null;
    const p = policy ?? 'none';
    return {
      enabled, pending: row !== undefined && !enabled, enabled_at: row?.enabled_at ?? null,
      recovery_codes_left: enabled ? left : 0, policy: p, enrolment_required: policyApplies(p, role) && !enabled && !providerMfa,
    };
  }

  /** The workspace policy and whether the user has TOTP enabled, in one query (the resolver asks on every request). */
  async state(userId: string, workspaceId: string): Promise<{ policy: MfaPolicy; enabled: boolean } | undefined> {
    return this.repo.gate(this.db, workspaceId, userId);
  }

  /** Whether the user must enrol before anything but `self` routes answers. */
  async enrolmentRequired(userId: string, workspaceId: string, role: Role): Promise<boolean> {
    const gate = await this.state(userId, workspaceId);
    return gate !== undefined && !gate.enabled && policyApplies(gate.policy, role);
  }

  async isEnabled(userId: string): Promise<boolean> {
    return (await this.repo.findTotp(this.db, userId))?.enabled_at != null;
  }

  async policy(workspaceId: string): Promise<MfaPolicy> {
    const p = await this.repo.policy(this.db, workspaceId);
    if (p === undefined) throw new NotFoundError(`workspace ${workspaceId} not found`);
    return p;
  }

  async setPolicy(ctx: RequestContext, required: unknown): Promise<MfaPolicy> {
    if (!isMfaPolicy(required)) {
      throw new ValidationError('invalid MFA policy', [{ path: 'required', message: `must be one of ${MFA_POLICIES.join(', ')}` }]);
    }
    return this.db.transaction().execute(async (trx) => {
      const before = await this.repo.policy(trx, ctx.workspaceId);
      if (before === undefined) throw new NotFoundError(`workspace ${ctx.workspaceId} not found`);
      if (before === required) return required;
      await this.repo.setPolicy(trx, ctx.workspaceId, required);
      await this.record(trx, ctx, {
        action: 'mfa.policy.update', entityType: 'workspace', entityId: ctx.workspaceId, outcome: 'success', before: { required: before }, after: { required },
      });
      return required;
    });
  }

  // ---- enrolment ---------------------------------------------------------------------------

  /** Starts (or restarts) an enrolment: a new pending secret. Refused while TOTP is enabled. */
  async beginEnrolment(ctx: RequestContext, userId: string): Promise<TotpEnrolment> {
    const email = await this.repo.email(this.db, userId);
    if (email === undefined) throw new NotFoundError(`user ${userId} not found`);
    const secret = generateTotpSecret();
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.putPending(trx, userId, secret, this.now().toISOString()))) {
        throw new ConflictError('TOTP is already enabled: disable it before enrolling again');
      }
      await this.record(trx, ctx, { action: 'mfa.totp.enrol', entityType: 'user', entityId: userId, outcome: 'success', after: { status: 'pending' } });
    });
    return { secret, otpauth_uri: otpauthUri({ issuer: MFA_ISSUER, account: email, secret }) };
  }

  /** Confirms the pending enrolment with a first code; returns the recovery codes (shown once). */
  async confirmEnrolment(ctx: RequestContext, userId: string, code: unknown): Promise<string[]> {
    const given = typeof code === 'string' ? code.replace(/\s/g, '') : '';
    const codes = generateRecoveryCodes(RECOVERY_CODE_COUNT);
    const outcome = await this.db.transaction().execute(async (trx): Promise<Outcome<string[]>> => {
      const row = await this.repo.findTotp(trx, userId);
      if (!row) throw new NotFoundError('no TOTP enrolment is pending: start one first');
      if (row.enabled_at !== null) throw new ConflictError('TOTP is already enabled');
      const now = this.now();
      const step = matchTotpStep(base32Decode(this.repo.secretOf(row)), given, now.getTime());
      const enabled = step !== undefined && (await this.repo.enable(trx, userId, row.secret, step, now.toISOString()));
      if (!enabled) {
        await this.record(trx, ctx, { action: 'mfa.totp.confirm', entityType: 'user', entityId: userId, outcome: 'failure', after: { reason: 'invalid_code' } });
        return { ok: false, reason: 'invalid_code' };
      }
      await this.repo.replaceRecoveryCodes(trx, userId, codes.map((c) => hashRecoveryCode(normalizeRecoveryCode(c)!)), now.toISOString());
      await this.record(trx, ctx, { action: 'mfa.totp.enable', entityType: 'user', entityId: userId, outcome: 'success', after: { method: 'totp', recovery_codes: codes.length } });
      return { ok: true, value: codes };
    });
    if (!outcome.ok) throw new MfaCodeRejectedError('invalid code', outcome.reason);
    return outcome.value;
  }

  /**
   * Turns TOTP off (and deletes the recovery codes) after a valid code, recovery code or the
   * account password. A pending enrolment is simply cancelled.
   */
  async disable(ctx: RequestContext, userId: string, proof: { code?: string; password?: string }): Promise<void> {
    if ((proof.code === undefined) === (proof.password === undefined)) {
      throw new ValidationError('give either a code or your password', [{ path: 'code', message: 'exactly one of code and password is required' }]);
    }
    // argon2 is slow: verified before the transaction.
    let passwordOk: boolean | undefined;
    if (proof.password !== undefined) {
      const hash = await this.repo.passwordHash(this.db, userId);
      passwordOk = typeof hash === 'string' && (await verifyPassword(hash, proof.password));
    }
    // System mode: the user's pending login challenges are deleted in every workspace, not just this one.
    const outcome = await asSystem(() => this.db.transaction().execute(async (trx): Promise<Outcome<null>> => {
      const row = await this.repo.findTotp(trx, userId);
      if (!row) throw new NotFoundError('TOTP is not enabled');
      const entity = { entityType: 'user', entityId: userId, action: 'mfa.totp.disable' };
      if (row.enabled_at !== null) {
        let failure: string | undefined;
        if (passwordOk !== undefined) failure = passwordOk ? undefined : 'invalid_password';
        else {
          const f = await this.checkFactor(trx, userId, proof.code ?? '');
          failure = f.ok ? undefined : f.reason;
        }
        if (failure) {
          await this.record(trx, ctx, { ...entity, outcome: 'failure', after: { reason: failure, proof: passwordOk !== undefined ? 'password' : 'code' } });
          return { ok: false, reason: failure };
        }
      }
      await this.repo.deleteTotp(trx, userId);
      await this.repo.deleteChallengesOf(trx, userId);
      await this.record(trx, ctx, { ...entity, outcome: 'success', after: { was: row.enabled_at !== null ? 'enabled' : 'pending', proof: passwordOk !== undefined ? 'password' : 'code' } });
      return { ok: true, value: null };
    }));
    if (!outcome.ok) throw new MfaCodeRejectedError(outcome.reason === 'invalid_password' ? 'invalid password' : 'invalid code', outcome.reason);
  }

  // ---- login -------------------------------------------------------------------------------

  /** After a correct password: an opaque, single-use token that a code turns into a session. */
  async createChallenge(userId: string, workspaceId: string): Promise<MfaChallengeIssued> {
    const now = this.now();
    const mfaToken = randomBytes(32).toString('base64url');
    await this.repo.purgeChallenges(this.db, now.toISOString());
    await this.repo.insertChallenge(this.db, {
      token_hash: hashChallengeToken(mfaToken), user_id: userId, workspace_id: workspaceId,
      created_at: now.toISOString(), expires_at: new Date(now.getTime() + this.challengeTtlMs).toISOString(),
    });
    return { mfaToken, expiresIn: this.challengeTtlSeconds };
  }

  /**
   * Completes a login challenge with a TOTP code or a recovery code. Each attempt is counted before
   * the code is checked; after `challengeMaxAttempts` the challenge is void. Returns who logged in
   * where; the caller opens the session. Every failure is the same MfaLoginRejectedError (401).
   */
  async completeChallenge(mfaToken: unknown, code: unknown, requestId?: string, ip?: string): Promise<{ userId: string; workspaceId: string; method: SecondFactorMethod }> {
    if (typeof mfaToken !== 'string' || !CHALLENGE_TOKEN_FORMAT.test(mfaToken)) throw new MfaLoginRejectedError('mfa token: malformed');
    const given = typeof code === 'string' && code.length <= MAX_CODE_LENGTH ? code : '';
    const tokenHash = hashChallengeToken(mfaToken);
    const outcome = await this.db.transaction().execute(async (trx): Promise<Outcome<{ userId: string; workspaceId: string; method: SecondFactorMethod }>> => {
      const nowIso = this.now().toISOString();
      // The conditional write first: it counts the attempt and, on PostgreSQL, locks the challenge row.
      const reserved = await this.repo.reserveAttempt(trx, tokenHash, nowIso, this.challengeMaxAttempts);
      const row = await this.repo.findChallenge(trx, tokenHash);
      if (!row) return { ok: false, reason: 'mfa token: unknown' };
      const ctx: RequestContext = { workspaceId: row.workspace_id, actor: `user:${row.user_id}`, requestId, ip };
      const entity = { action: 'mfa.verify', entityType: 'user', entityId: row.user_id };
      if (!reserved) {
        const reason = row.used_at !== null ? 'challenge_used' : row.expires_at <= nowIso ? 'challenge_expired' : 'challenge_exhausted';
        await this.record(trx, ctx, { ...entity, outcome: 'failure', after: { reason } });
        return { ok: false, reason: `mfa token: ${reason}` };
      }
      const f = await this.checkFactor(trx, row.user_id, given);
      if (!f.ok) {
        const attemptsLeft = Math.max(0, this.challengeMaxAttempts - row.attempts);
        await this.record(trx, ctx, { ...entity, outcome: 'failure', after: { reason: f.reason, attempts_left: attemptsLeft } });
        return { ok: false, reason: `code: ${f.reason}` };
      }
      await this.repo.consumeChallenge(trx, tokenHash, nowIso);
      const after: Record<string, unknown> = { method: f.method };
      if (f.method === 'recovery_code') after.recovery_codes_left = await this.repo.recoveryCodesLeft(trx, row.user_id);
      await this.record(trx, ctx, { ...entity, outcome: 'success', after });
      return { ok: true, value: { userId: row.user_id, workspaceId: row.workspace_id, method: f.method } };
    });
    if (!outcome.ok) throw new MfaLoginRejectedError(outcome.reason);
    return outcome.value;
  }

  /**
   * A second factor for a step that has proved the password itself (accepting an invitation): a TOTP
   * or recovery code, audited as `mfa.verify` in `ctx`'s workspace. A wrong code throws MfaLoginRejectedError.
   */
  async verifyCode(ctx: RequestContext, userId: string, code: unknown): Promise<SecondFactorMethod> {
    const given = typeof code === 'string' && code.length <= MAX_CODE_LENGTH ? code : '';
    const f = await this.db.transaction().execute(async (trx) => {
      const outcome = await this.checkFactor(trx, userId, given);
      await this.record(trx, ctx, {
        action: 'mfa.verify', entityType: 'user', entityId: userId, outcome: outcome.ok ? 'success' : 'failure',
        after: outcome.ok ? { method: outcome.method } : { reason: outcome.reason },
      });
      return outcome;
    });
    if (!f.ok) throw new MfaLoginRejectedError(`code: ${f.reason}`);
    return f.method;
  }

  /**
   * A TOTP code (current step ±1, newer than the last step accepted) or an unused recovery code.
   * Each success is recorded by one conditional UPDATE, so a code cannot be used twice even by
   * concurrent requests.
   */
  private async checkFactor(ex: Executor, userId: string, code: string): Promise<FactorOutcome> {
    const row = await this.repo.findTotp(ex, userId);
    if (!row || row.enabled_at === null) return { ok: false, reason: 'not_enrolled' };
    const now = this.now();
    const digits = code.replace(/\s/g, '');
    if (/^\d{6}$/.test(digits)) {
      const step = matchTotpStep(base32Decode(this.repo.secretOf(row)), digits, now.getTime());
      if (step === undefined) return { ok: false, reason: 'invalid_code' };
      return (await this.repo.useStep(ex, userId, step)) ? { ok: true, method: 'totp' } : { ok: false, reason: 'replayed_code' };
    }
    const normalized = normalizeRecoveryCode(code);
    if (!normalized) return { ok: false, reason: 'invalid_code' };
    return (await this.repo.useRecoveryCode(ex, userId, hashRecoveryCode(normalized), now.toISOString()))
      ? { ok: true, method: 'recovery_code' }
      : { ok: false, reason: 'invalid_code' };
  }

  private async record(
    trx: Trx, ctx: RequestContext,
    e: { action: string; entityType: string; entityId: string; outcome: AuditRecord['outcome']; before?: unknown; after?: unknown },
  ): Promise<void> {
    await this.audit.append(trx, ctx.workspaceId, [], [{
      occurred_at: this.now().toISOString(), actor: ctx.actor, action: e.action, entity_type: e.entityType, entity_id: e.entityId,
      request_id: ctx.requestId ?? null, ip: ctx.ip ?? null, outcome: e.outcome, before: e.before ?? null, after: e.after ?? null,
    }]);
  }
}
