import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.js';
import { isUniqueViolation } from '../../db/errors.js';
import { asSystem } from '../../db/tenant-context.js';
import type { RequestContext } from '../../shared/context.js';
import { AccountSharedError, AuthenticationError, ConflictError, LastAdminError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { isRole, ROLES, type Role } from '../auth/permissions.js';
import { HistoryRepository } from '../catalog/history-repository.js';
import type { Trx } from '../catalog/kind.js';
import {
  appendAudit, auditUser, normalizeEmail, toMember, toUser, validateDisplayName, validateEmail,
  type AuditSink, type CredentialRevoker, type Member, type Membership, type User, type Workspace,
} from './model.js';
import { checkPasswordPolicy, dummyVerify, hashPassword, needsRehash, passwordLength, PASSWORD_MAX_LENGTH, verifyPassword } from './passwords.js';
import { UsersRepository, type UserRow } from './users-repository.js';
import { WorkspacesRepository } from '../workspaces/repository.js';
import { createWorkspaceRow } from '../workspaces/service.js';

export interface NewUserInput {
  email: string;
  /** Optional: a user without a password cannot log in with one (e.g. test fixtures, future SSO). */
  password?: string;
  displayName?: string;
  /** Also make the user a member of this workspace, in the same transaction. */
  membership?: { workspaceId: string; role: Role };
  /** An instance admin (account-level: may create workspaces under MDL_WORKSPACE_CREATION=instance-admins). */
  instanceAdmin?: boolean;
}

export interface UsersServiceDeps {
  revoker: CredentialRevoker;
  audit?: AuditSink;
  repo?: UsersRepository;
  clock?: () => Date;
}

/** A new user checked and hashed, ready to insert inside a transaction (see `insertPrepared`). */
export interface PreparedUser {
  row: UserRow;
  membership?: { workspaceId: string; role: Role };
}

/** The one message for every failed login: unknown email, wrong password and disabled account look alike. */
export const INVALID_CREDENTIALS = 'invalid email or password';

const ROLE_RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

/** A password change's `current_password` is wrong (403 FORBIDDEN): what the route's throttle counts. */
export class CurrentPasswordError extends ForbiddenError {}

/** Users, passwords and workspace memberships. Every mutation writes an audit event in its transaction. */
export class UsersService {
  private readonly revoker: CredentialRevoker;
  private readonly audit: AuditSink;
  private readonly repo: UsersRepository;
  private readonly clock: () => Date;
  private readonly workspaces: WorkspacesRepository;

  constructor(private readonly db: Db, deps: UsersServiceDeps) {
    this.workspaces = new WorkspacesRepository(db);
    this.revoker = deps.revoker;
    this.audit = deps.audit ?? new HistoryRepository();
    this.repo = deps.repo ?? new UsersRepository();
    this.clock = deps.clock ?? (() => new Date());
  }

  private now(): string {
    return this.clock().toISOString();
  }

  /** Validates the input, checks the password policy and hashes the password (slow; outside any transaction). */
  async prepare(input: NewUserInput): Promise<PreparedUser> {
    const email = validateEmail(input.email);
    const displayName = validateDisplayName(input.displayName);
    let passwordHash: string | null = null;
    if (input.password !== undefined) {
      await this.assertPolicy(input.password, email, 'password');
      passwordHash = await hashPassword(input.password);
    }
    if (input.membership && !isRole(input.membership.role)) throw roleError();
    const now = this.now();
    return {
      row: { id: `usr_${randomUUID()}`, email, display_name: displayName, password_hash: passwordHash, status: 'active', created_at: now, updated_at: now, kind: 'person', instance_admin: input.instanceAdmin ? 1 : 0 },
      membership: input.membership,
    };
  }

  /** Inserts a prepared user (and membership) with their audit events, in the caller's transaction. */
  async insertPrepared(trx: Trx, ctx: RequestContext, p: PreparedUser): Promise<User> {
    const ws = p.membership?.workspaceId;
    if (ws !== undefined && !(await this.repo.findWorkspace(trx, ws))) throw new NotFoundError(`workspace ${ws} not found`);
    try {
      await this.repo.insertUser(trx, p.row);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError(`a user with email ${p.row.email} already exists`);
      throw err;
    }
    const user = toUser(p.row);
    await this.record(trx, ctx, ctx.workspaceId, 'user.create', 'user', user.id, null, auditUser(user));
    if (p.membership) {
      const { workspaceId, role } = p.membership;
      await this.repo.insertMembership(trx, { workspace_id: workspaceId, user_id: user.id, role, created_at: p.row.created_at });
      await this.record(trx, ctx, workspaceId, 'membership.create', 'membership', user.id, null, { email: user.email, role });
    }
    return user;
  }

  async createUser(ctx: RequestContext, input: NewUserInput): Promise<User> {
    if (await this.repo.findUserByEmail(this.db, normalizeEmail(input.email))) {
      throw new ConflictError(`a user with email ${normalizeEmail(input.email)} already exists`);
    }
    const prepared = await this.prepare(input);
    return this.db.transaction().execute((trx) => this.insertPrepared(trx, ctx, prepared));
  }

  async get(userId: string): Promise<User> {
    const row = await this.repo.findUserById(this.db, userId);
    if (!row) throw new NotFoundError(`user ${userId} not found`);
    return toUser(row);
  }

  async findByEmail(email: string): Promise<User | undefined> {
    const row = await this.repo.findUserByEmail(this.db, normalizeEmail(email));
    return row ? toUser(row) : undefined;
  }

  async getByEmail(email: string): Promise<User> {
    const user = await this.findByEmail(email);
    if (!user) throw new NotFoundError(`no user with email ${normalizeEmail(email)}`);
    return user;
  }

  /** An active person: service accounts exist for API keys and never open a session. */
  async canSignIn(userId: string): Promise<boolean> {
    const row = await this.repo.findUserById(this.db, userId);
    return row?.status === 'active' && row.kind === 'person';
  }

  async isActive(userId: string): Promise<boolean> {
    return (await this.repo.findUserById(this.db, userId))?.status === 'active';
  }

  /**
   * The user for a correct email and password of an active account. Every failure throws the same
   * AuthenticationError, and an unknown email still costs one argon2 verification.
   */
  async authenticate(email: string, password: string): Promise<User> {
    if (passwordLength(password) > PASSWORD_MAX_LENGTH) throw new AuthenticationError(INVALID_CREDENTIALS);
    const row = await this.repo.findUserByEmail(this.db, normalizeEmail(email));
    if (!row?.password_hash) {
      await dummyVerify(password);
      throw new AuthenticationError(INVALID_CREDENTIALS);
    }
    const ok = await verifyPassword(row.password_hash, password);
    if (!ok || row.status !== 'active') throw new AuthenticationError(INVALID_CREDENTIALS);
    if (needsRehash(row.password_hash)) await this.repo.setPasswordHash(this.db, row.id, await hashPassword(password), this.now());
    return toUser(row);
  }

  /**
   * The user changes their own password: the current one must match; all sessions and keys end.
   * The new password is judged first, on what was sent alone ("must differ" compares the two strings
   * given), so a refusal says nothing about whether the current password was right.
   */
  async changePassword(ctx: RequestContext, userId: string, currentPassword: string, newPassword: string): Promise<void> {
    const row = await this.repo.findUserById(this.db, userId);
    if (!row || row.status !== 'active') throw new NotFoundError(`user ${userId} not found`);
    if (newPassword === currentPassword) {
      throw new ValidationError('the password does not meet the policy', [{ path: 'new_password', message: 'must differ from the current password' }]);
    }
    await this.assertPolicy(newPassword, row.email, 'new_password');
    if (!row.password_hash || !(await verifyPassword(row.password_hash, currentPassword))) {
      throw new CurrentPasswordError('the current password is incorrect');
    }
    await this.setPassword(ctx, row, newPassword, 'new_password', 'user.password_change', 'password_changed');
  }

  /** An administrator sets a new password; all sessions and keys of the user end. */
  async resetPassword(ctx: RequestContext, userId: string, newPassword: string): Promise<void> {
    const row = await this.repo.findUserById(this.db, userId);
    if (!row) throw new NotFoundError(`user ${userId} not found`);
    await this.setPassword(ctx, row, newPassword, 'password', 'user.password_reset', 'password_reset');
  }

  /**
   * A workspace admin resets a member's password. The password opens every workspace of the account,
   * so it is refused (AccountSharedError) while the account also belongs to another workspace: that
   * would let one workspace's admins sign in as someone other workspaces rely on.
   */
  async resetMemberPassword(ctx: RequestContext, workspaceId: string, userId: string, newPassword: string): Promise<void> {
    await this.assertAccountOfWorkspaceAlone(workspaceId, userId, 'reset the password of');
    await this.resetPassword(ctx, userId, newPassword);
  }

  /**
   * A workspace admin disables a member's account: refused while the account also belongs to another
   * workspace, and for the workspace's last active admin (which would leave nobody to administer it).
   */
  async disableMember(ctx: RequestContext, workspaceId: string, userId: string): Promise<User> {
    await this.assertAccountOfWorkspaceAlone(workspaceId, userId, 'disable');
    return this.disableAccount(ctx, userId, async (trx) => {
      if ((await this.repo.findMembership(trx, workspaceId, userId))?.role === 'admin') await this.assertNotLastAdmin(trx, workspaceId, userId);
    });
  }

  /** NotFound unless the user is a member of the workspace; AccountSharedError when also a member elsewhere. */
  private async assertAccountOfWorkspaceAlone(workspaceId: string, userId: string, what: string): Promise<void> {
    if (!(await this.repo.findMembership(this.db, workspaceId, userId))) throw new NotFoundError(`member "${userId}" not found`);
    if (await this.belongsElsewhere(userId, workspaceId)) {
      throw new AccountSharedError(`cannot ${what} an account that also belongs to other workspaces: remove the member instead, or ask the operator (mdl admin)`);
    }
  }

  private async setPassword(ctx: RequestContext, row: UserRow, password: string, path: string, action: string, reason: string): Promise<void> {
    // A service account never signs in: giving it a password would make it a second, unowned login.
    if (row.kind === 'service') throw new ValidationError('a service account has no password: it authenticates with API keys only', [{ path, message: 'not allowed for a service account' }]);
    await this.assertPolicy(password, row.email, path);
    const passwordHash = await hashPassword(password);
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.setPasswordHash(trx, row.id, passwordHash, this.now()))) throw new NotFoundError(`user ${row.id} not found`);
      await this.record(trx, ctx, ctx.workspaceId, action, 'user', row.id, null, { email: row.email });
    });
    await this.revoker.revokeAllForUser(row.id, reason);
  }

  /** Disables the account (login refused) and ends all its sessions and API keys. Idempotent. The host's `mdl admin disable`. */
  async disable(ctx: RequestContext, userId: string): Promise<User> {
    return this.disableAccount(ctx, userId);
  }

  /** `guard` runs in the status change's transaction, so its check and the change cannot interleave with another. */
  private async disableAccount(ctx: RequestContext, userId: string, guard?: (trx: Trx) => Promise<void>): Promise<User> {
    const user = await this.setStatus(ctx, userId, 'disabled', 'user.disable', guard);
    await this.revoker.revokeAllForUser(userId, 'user_disabled');
    return user;
  }

  async enable(ctx: RequestContext, userId: string): Promise<User> {
    return this.setStatus(ctx, userId, 'active', 'user.enable');
  }

  private async setStatus(
    ctx: RequestContext, userId: string, status: 'active' | 'disabled', action: string, guard?: (trx: Trx) => Promise<void>,
  ): Promise<User> {
    return this.db.transaction().execute(async (trx) => {
      const row = await this.repo.findUserById(trx, userId);
      if (!row) throw new NotFoundError(`user ${userId} not found`);
      if (row.status === status) return toUser(row);
      await guard?.(trx);
      const now = this.now();
      await this.repo.setStatus(trx, userId, status, now);
      const after = toUser({ ...row, status, updated_at: now });
      await this.record(trx, ctx, ctx.workspaceId, action, 'user', userId, auditUser(toUser(row)), auditUser(after));
      return after;
    });
  }

  /** A new workspace, no members (system mode; the host, tests). The workspaces module owns this: see WorkspacesService. */
  async createWorkspace(ctx: RequestContext, input: { id: string; name: string }): Promise<Workspace> {
    const at = this.now();
    return this.db.transaction().execute((trx) => createWorkspaceRow(trx, { repo: this.workspaces, audit: this.audit }, ctx, input, at));
  }

  async listMembers(workspaceId: string): Promise<Member[]> {
    if (!(await this.repo.findWorkspace(this.db, workspaceId))) throw new NotFoundError(`workspace ${workspaceId} not found`);
    return (await this.repo.listMembers(this.db, workspaceId)).map(toMember);
  }

  /** One member of the workspace with their account; undefined when the user is not a member. */
  async getMember(workspaceId: string, userId: string): Promise<Member | undefined> {
    const row = await this.repo.findMember(this.db, workspaceId, userId);
    return row ? toMember(row) : undefined;
  }

  async getMembership(workspaceId: string, userId: string): Promise<Membership | undefined> {
    const row = await this.repo.findMembership(this.db, workspaceId, userId);
    return row ? toMembership(row) : undefined;
  }

  /**
   * Whether the account is also a member of a workspace other than `workspaceId`: then that workspace
   * alone (its admins, its identity provider, its sessions) must not act on the whole account.
   */
  async belongsElsewhere(userId: string, workspaceId: string): Promise<boolean> {
    // The account's memberships in every workspace: row-level security would show a request only its own.
    const memberships = await asSystem(() => this.repo.membershipsOfUser(this.db, userId));
    return memberships.some((m) => m.workspace_id !== workspaceId);
  }

  async membershipsOf(userId: string): Promise<Membership[]> {
    return (await this.repo.membershipsOfUser(this.db, userId)).map(toMembership);
  }

  async addMember(ctx: RequestContext, workspaceId: string, userId: string, role: Role): Promise<Membership> {
    return this.db.transaction().execute((trx) => this.addMemberIn(trx, ctx, workspaceId, userId, role));
  }

  /** `addMember` in the caller's transaction (accepting an invitation consumes it in the same one). */
  async addMemberIn(trx: Trx, ctx: RequestContext, workspaceId: string, userId: string, role: Role): Promise<Membership> {
    if (!isRole(role)) throw roleError();
    if (!(await this.repo.findWorkspace(trx, workspaceId))) throw new NotFoundError(`workspace ${workspaceId} not found`);
    const user = await this.repo.findUserById(trx, userId);
    if (!user) throw new NotFoundError(`user ${userId} not found`);
    // A service account belongs to the workspace that created it (its keys, its deletion): it joins no other.
    if (user.kind === 'service') throw new ValidationError('a service account cannot be added as a member', [{ path: 'email', message: 'is a service account' }]);
    if (await this.repo.findMembership(trx, workspaceId, userId)) throw new ConflictError(`user ${userId} is already a member of ${workspaceId}`);
    const row = { workspace_id: workspaceId, user_id: userId, role, created_at: this.now() };
    try {
      await this.repo.insertMembership(trx, row);
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError(`user ${userId} is already a member of ${workspaceId}`);
      throw err;
    }
    await this.record(trx, ctx, workspaceId, 'membership.create', 'membership', userId, null, { email: user.email, role });
    return toMembership(row);
  }

  /** Changes a member's role. A demotion ends the user's sessions and keys in this workspace (they carry the old scopes). */
  async updateMember(ctx: RequestContext, workspaceId: string, userId: string, role: Role): Promise<Membership> {
    if (!isRole(role)) throw roleError();
    const { before, after } = await this.db.transaction().execute(async (trx) => {
      const current = await this.repo.findMembership(trx, workspaceId, userId);
      if (!current) throw new NotFoundError(`user ${userId} is not a member of ${workspaceId}`);
      if (current.role === role) return { before: current, after: current };
      if (current.role === 'admin') await this.assertNotLastAdmin(trx, workspaceId, userId);
      await this.repo.setMembershipRole(trx, workspaceId, userId, role);
      await this.record(trx, ctx, workspaceId, 'membership.update', 'membership', userId, { role: current.role }, { role });
      return { before: current, after: { ...current, role } };
    });
    if (isRole(before.role) && ROLE_RANK[role] < ROLE_RANK[before.role]) await this.revoker.revokeAllForUser(userId, 'role_changed', workspaceId);
    return toMembership(after);
  }

  /**
   * Removes a member and ends the user's sessions and keys in this workspace; those of the account's
   * other workspaces are not this workspace's to end. The last active admin cannot be removed.
   */
  async removeMember(ctx: RequestContext, workspaceId: string, userId: string): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const current = await this.repo.findMembership(trx, workspaceId, userId);
      if (!current) throw new NotFoundError(`user ${userId} is not a member of ${workspaceId}`);
      if (current.role === 'admin') await this.assertNotLastAdmin(trx, workspaceId, userId);
      await this.repo.deleteMembership(trx, workspaceId, userId);
      await this.record(trx, ctx, workspaceId, 'membership.delete', 'membership', userId, { role: current.role }, null);
    });
    await this.revoker.revokeAllForUser(userId, 'membership_removed', workspaceId);
  }

  private async assertNotLastAdmin(trx: Trx, workspaceId: string, userId: string): Promise<void> {
    // Counted under the workspace lock: two admins demoting, removing or disabling each other at once
    // would otherwise each count two admins before the other commits, and leave none.
    await this.audit.lockWorkspace(trx, workspaceId);
    const user = await this.repo.findUserById(trx, userId);
    if (user?.status === 'active' && (await this.repo.countActiveAdmins(trx, workspaceId)) <= 1) {
      throw new LastAdminError(`user ${userId} is the last active admin of workspace ${workspaceId}`);
    }
  }

  /**
   * What a new account's password and display name must meet, judged on their own: invitation accept
   * runs it before looking for an account, so its 400 says nothing about whether the address has one.
   */
  async assertNewAccountInput(email: string, password: string, displayName: string | undefined): Promise<void> {
    validateDisplayName(displayName);
    await this.assertPolicy(password, email, 'password');
  }

  private async assertPolicy(password: string, email: string, path: string): Promise<void> {
    const problems = await checkPasswordPolicy(password, { email });
    if (problems.length) throw new ValidationError('the password does not meet the policy', problems.map((message) => ({ path, message })));
  }

  private record(trx: Trx, ctx: RequestContext, workspaceId: string, action: string, entityType: string, entityId: string, before: unknown, after: unknown) {
    return appendAudit(this.audit, trx, { workspaceId, actor: ctx.actor, requestId: ctx.requestId, ip: ctx.ip, action, entityType, entityId, before, after, at: this.now() });
  }
}

function toMembership(row: { workspace_id: string; user_id: string; role: string; created_at: string }): Membership {
  return { workspaceId: row.workspace_id, userId: row.user_id, role: row.role as Role, createdAt: row.created_at };
}

function roleError(): ValidationError {
  return new ValidationError('invalid role', [{ path: 'role', message: `must be one of ${ROLES.join(', ')}` }]);
}
