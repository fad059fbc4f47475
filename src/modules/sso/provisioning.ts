import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../shared/context.js';
import { isUniqueViolation } from '../../db/errors.js';
import { ConflictError } from '../../shared/errors.js';
import type { Role } from '../auth/permissions.js';
import type { Trx } from '../catalog/kind.js';
import { appendAudit, normalizeEmail, validateEmail, type AuditSink } from '../identity/model.js';
import type { UsersService } from '../identity/users-service.js';
import type { VerifiedLogin } from './oidc-client.js';
import type { SsoRepository } from './repository.js';
import { emailDomainAllowed, mapRole } from './role-mapping.js';
import type { SsoConfig } from './schema.js';

/** Who the verified login is, or why it is refused (`reason` goes to the audit log, never to the client). */
export type Resolution = { ok: true; userId: string } | { ok: false; reason: string; userId?: string };

/** The actor of changes that SSO logins make (new users, memberships, role updates, identity links). */
export const SSO_ACTOR = 'sso';

/**
 * Turns a verified OIDC login into an MDL user of the workspace:
 * - the user linked to (issuer, subject), else the account with the login's email (linked now; the
 *   email must not be marked unverified), else, with JIT provisioning, a new user without a password;
 * - the role comes from the claims on every login: a missing membership is created (JIT only), a
 *   different role replaces the member's (except that the last active admin is never demoted);
 * - refused: no role mapping matches, the email domain is not allowed, the account is disabled,
 *   the user is unknown or not a member while JIT is off.
 */
export class SsoProvisioner {
  constructor(
    private readonly db: Db, private readonly users: UsersService, private readonly repo: SsoRepository,
    private readonly audit: AuditSink, private readonly now: () => Date,
  ) {}

  async resolve(config: SsoConfig, login: VerifiedLogin, origin: { requestId?: string; ip?: string }): Promise<Resolution> {
    const ws = config.workspaceId;
    const ctx: RequestContext = { workspaceId: ws, actor: SSO_ACTOR, requestId: origin.requestId, ip: origin.ip };
    const rawEmail = typeof login.claims.email === 'string' ? login.claims.email : undefined;
    const emailUnverified = login.claims.email_verified === false;
    if (config.allowedEmailDomains.length > 0 && (!rawEmail || emailUnverified || !emailDomainAllowed(config.allowedEmailDomains, normalizeEmail(rawEmail)))) {
      return { ok: false, reason: 'email domain not allowed (or the email is missing or unverified)' };
    }
    const role = mapRole(config, login.claims);

    const linked = await this.repo.findIdentity(this.db, ws, login.issuer, login.subject);
    if (linked) {
      if (!(await this.users.isActive(linked.userId))) return { ok: false, reason: 'user disabled', userId: linked.userId };
      if (!role) return { ok: false, reason: 'no role mapping matched', userId: linked.userId };
      const refused = await this.ensureMembership(ctx, config, linked.userId, role);
      if (refused) return refused;
      await this.repo.touchIdentity(this.db, ws, login.issuer, login.subject, this.now().toISOString());
      return { ok: true, userId: linked.userId };
    }

    if (!rawEmail) return { ok: false, reason: 'the ID token and userinfo carry no email' };
    if (emailUnverified) return { ok: false, reason: 'the provider marks the email unverified' };
    let email: string;
    try {
      email = validateEmail(rawEmail);
    } catch {
      return { ok: false, reason: 'the email claim is not a usable email address' };
    }
    // RFC 2606 `.invalid` is never a mailbox: it names accounts that must not sign in (service accounts).
    if (email.endsWith('.invalid')) return { ok: false, reason: 'the email is in a reserved domain (.invalid)' };
    if (!role) return { ok: false, reason: 'no role mapping matched' };

    const existing = await this.users.findByEmail(email);
    if (existing) {
      if (existing.status !== 'active') return { ok: false, reason: 'user disabled', userId: existing.id };
      // A workspace's provider is chosen by that workspace's admins. Linking by email an account that
      // also belongs to other workspaces would let them sign in as someone they do not manage (and
      // reach that person's account-wide settings): only accounts of this workspace alone are linked.
      if (await this.users.belongsElsewhere(existing.id, ws)) {
        return { ok: false, reason: 'the email belongs to an account that is also a member of other workspaces: not linked automatically', userId: existing.id };
      }
      const refused = await this.ensureMembership(ctx, config, existing.id, role);
      if (refused) return refused;
      await this.link(ctx, login, existing.id);
      return { ok: true, userId: existing.id };
    }

    if (!config.jitProvisioning) return { ok: false, reason: 'unknown user and JIT provisioning is off' };
    const name = typeof login.claims.name === 'string' ? login.claims.name.trim().slice(0, 200) : undefined;
    // No password: the account can sign in through SSO only (a password login finds no hash to verify).
    const prepared = await this.users.prepare({ email, displayName: name, membership: { workspaceId: ws, role } });
    try {
      const user = await this.db.transaction().execute(async (trx) => {
        const u = await this.users.insertPrepared(trx, ctx, prepared);
        await this.linkIn(trx, ctx, login, u.id);
        return u;
      });
      return { ok: true, userId: user.id };
    } catch (err) {
      // Two first logins of the same person at once: the other one created the account.
      if (err instanceof ConflictError) return { ok: false, reason: 'the account was created concurrently: sign in again' };
      throw err;
    }
  }

  /** The member with the role the claims give; undefined when fine, else the refusal. */
  private async ensureMembership(ctx: RequestContext, config: SsoConfig, userId: string, role: Role): Promise<Resolution | undefined> {
    const ws = config.workspaceId;
    const current = await this.users.getMembership(ws, userId);
    if (!current) {
      if (!config.jitProvisioning) return { ok: false, reason: 'not a member of the workspace and JIT provisioning is off', userId };
      try {
        await this.users.addMember(ctx, ws, userId, role);
      } catch (err) {
        if (!(err instanceof ConflictError)) throw err; // added concurrently
      }
      return undefined;
    }
    if (current.role === role) return undefined;
    try {
      await this.users.updateMember(ctx, ws, userId, role);
    } catch (err) {
      // The last active admin keeps the role: the provider cannot lock everyone out of administration.
      if (!(err instanceof ConflictError)) throw err;
    }
    return undefined;
  }

  private async link(ctx: RequestContext, login: VerifiedLogin, userId: string): Promise<void> {
    try {
      await this.db.transaction().execute((trx) => this.linkIn(trx, ctx, login, userId));
    } catch (err) {
      if (!isUniqueViolation(err)) throw err; // linked concurrently
    }
  }

  private async linkIn(trx: Trx, ctx: RequestContext, login: VerifiedLogin, userId: string): Promise<void> {
    const at = this.now().toISOString();
    await this.repo.insertIdentity(trx, { workspaceId: ctx.workspaceId, issuer: login.issuer, subject: login.subject, userId, now: at });
    await appendAudit(this.audit, trx, {
      workspaceId: ctx.workspaceId, actor: ctx.actor, requestId: ctx.requestId, ip: ctx.ip, at,
      action: 'sso.identity.link', entityType: 'user', entityId: userId, before: null, after: { issuer: login.issuer, subject: login.subject },
    });
  }
}
