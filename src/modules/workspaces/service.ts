import { KeptWhile } from '../../shared/kept-while.js';
import type { Db } from '../../db/connect.js';
import type { WorkspaceCreationMode } from '../../config/index.js';
import { isUniqueViolation } from '../../db/errors.js';
import { asSystem } from '../../db/tenant-context.js';
import { DEFAULT_WORKSPACE, SYSTEM_WORKSPACE, type RequestContext } from '../../shared/context.js';
import { BadRequestError, ConflictError, ForbiddenError, NotFoundError, ValidationError } from '../../shared/errors.js';
import { ReauthenticationRequiredError, type AccountReach } from '../auth/account-reach.js';
import type { Principal, Role } from '../auth/permissions.js';
import { provesAccount } from '../auth/sessions.js';
import type { HistoryRepository } from '../catalog/history-repository.js';
import type { Trx } from '../catalog/kind.js';
import { appendAudit, type AuditSink, type User } from '../identity/model.js';
import { UsersRepository } from '../identity/users-repository.js';
import type { NewUserInput, UsersService } from '../identity/users-service.js';
import { isMfaPolicy, MFA_POLICIES, type MfaPolicy } from '../mfa/repository.js';
import type { MfaService } from '../mfa/service.js';
import {
  deletedMessage, validateWorkspace, validateWorkspaceName, WorkspaceDeletedError, type MyWorkspace, type Workspace, type WorkspaceView,
} from './model.js';
import type { WorkspacePurger } from './purge.js';
import { WorkspacesRepository, type WorkspaceRow } from './repository.js';
import type { WorkspaceSwitcher } from './switch.js';

export interface WorkspaceSettings {
  /** MDL_WORKSPACE_CREATION: who creates workspaces through the API. */
  creation: WorkspaceCreationMode;
  /** MDL_WORKSPACE_RETENTION_DAYS: how long a deleted workspace stays read-only before it is purged. */
  retentionDays: number;
  /** MDL_WORKSPACE_ARCHIVE_DIR: where purged workspaces' audit chains are archived. */
  archiveDir?: string;
}

export const DEFAULT_WORKSPACE_SETTINGS: WorkspaceSettings = { creation: 'instance-admins', retentionDays: 7 };

export interface WorkspacesDeps {
  history: HistoryRepository;
  users: UsersService;
  mfa: MfaService;
  reach: AccountReach;
  repo: WorkspacesRepository;
  purger: WorkspacePurger;
  switcher: WorkspaceSwitcher;
  settings: WorkspaceSettings;
  clock: () => Date;
  /** The principal cache's view of auth_epoch: with it, find() keeps rows while the counter stands still. */
  epoch?: { readonly epoch: number | undefined };
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Inserts a workspace row with its `workspace.create` events (in its own chain and the instance-level
 * `_system` one), in the caller's transaction. Needs system mode on PostgreSQL: a new workspace is
 * outside any request's scope. `UsersService.createWorkspace` (tests, fixtures) calls this too.
 */
export async function createWorkspaceRow(
  trx: Trx, deps: { repo: WorkspacesRepository; audit: AuditSink }, ctx: RequestContext, input: { id: unknown; name: unknown }, at: string,
): Promise<Workspace> {
  const { id, name } = validateWorkspace(input);
  if (await deps.repo.find(trx, id)) throw new ConflictError(`workspace ${id} already exists`);
  try {
    await deps.repo.insert(trx, { id, name, created_at: at });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError(`workspace ${id} already exists`);
    throw err;
  }
  const e = { actor: ctx.actor, requestId: ctx.requestId, ip: ctx.ip, action: 'workspace.create', entityType: 'workspace', entityId: id, before: null, at };
  await appendAudit(deps.audit, trx, { ...e, workspaceId: id, after: { name } });
  await appendAudit(deps.audit, trx, { ...e, workspaceId: SYSTEM_WORKSPACE, after: { name, created_by: ctx.actor } });
  return { id, name, createdAt: at };
}

export function toView(r: WorkspaceRow): WorkspaceView {
  return {
    id: r.id, name: r.name, created_at: r.created_at, mfa_required: isMfaPolicy(r.mfa_required) ? r.mfa_required : 'none',
    deleted_at: r.deleted_at ?? null, purge_after: r.purge_after ?? null,
  };
}

/**
 * Workspaces: creating (through the API as MDL_WORKSPACE_CREATION allows, or on the host), listing,
 * renaming, deleting (soft: read-only for the retention period, then purged), restoring, and the
 * instance-admin flag. Every change is an audit event in the workspace's chain and in `_system`.
 */
export class WorkspacesService {
  readonly purger: WorkspacePurger;
  readonly switcher: WorkspaceSwitcher;
  readonly settings: WorkspaceSettings;
  private readonly repo: WorkspacesRepository;
  private readonly usersRepo = new UsersRepository();
  /** Rows find() answers, kept while auth_epoch stands still (see find). */
  private readonly rows = new KeptWhile<WorkspaceRow | undefined>({ max: 10_000, ttlMs: 60_000 });

  constructor(private readonly db: Db, private readonly deps: WorkspacesDeps) {
    this.repo = deps.repo;
    this.purger = deps.purger;
    this.switcher = deps.switcher;
    this.settings = deps.settings;
  }

  private now(): string {
    return this.deps.clock().toISOString();
  }

  /** Whether a workspace the catalog can use exists (never `_system`). */
  exists(id: string): Promise<boolean> {
    return this.repo.exists(id);
  }

  async get(id: string): Promise<WorkspaceView> {
    const row = await this.repo.find(this.db, id);
    if (!row) throw new NotFoundError(`workspace ${id} not found`);
    return toView(row);
  }

  /**
   * The workspace row, or undefined. The read-only guard asks on every request, so the row is kept
   * while auth_epoch stands still: a delete, restore or purge bumps it (migration 0016), which this
   * instance reads before answering the request that made it and other instances within a second,
   * as for a revoked credential. Only what the epoch watches may be relied on from it (deleted_at,
   * purge_after, and the fixed id and created_at), not a name changed since.
   */
  find(id: string): Promise<WorkspaceRow | undefined> {
    const load = () => this.repo.find(this.db, id);
    // The epoch is read before the load, as PrincipalCache.set asks; none (the CLI, the cache off): load.
    return this.rows.get(id, this.deps.epoch?.epoch, load);
  }

  /** The host's list: every workspace (deleted ones too) with its number of members. */
  async listAll(): Promise<Array<WorkspaceView & { members: number }>> {
    return (await asSystem(() => this.repo.listAll(this.db))).map((r) => ({ ...toView(r), members: r.members }));
  }

  /**
   * The caller's workspaces with their role in each. A principal whose reach is one workspace (an SSO
   * session or API key of an account that is also elsewhere, see AccountReach) sees that one only.
   */
  async listMine(p: Principal): Promise<MyWorkspace[]> {
    const within = await this.deps.reach.of(p);
    // The account's memberships in every workspace: row-level security would show only the current one.
    const rows = await asSystem(() => this.repo.listOfUser(this.db, p.userId));
    return rows.filter((r) => within === undefined || r.id === within)
      .map((r) => ({ ...toView(r), role: r.role as Role, current: r.id === p.workspaceId }));
  }

  /** A workspace created through the API: its creator becomes its admin. */
  async createFor(ctx: RequestContext, p: Principal, input: { id: unknown; name: unknown }): Promise<MyWorkspace> {
    await this.assertMayCreate(p);
    const at = this.now();
    // A new workspace is outside the request's own scope.
    const ws = await asSystem(() => this.db.transaction().execute(async (trx) => {
      const created = await createWorkspaceRow(trx, { repo: this.repo, audit: this.deps.history }, ctx, input, at);
      await this.addAdmin(trx, ctx, created.id, p.userId, at);
      return created;
    }));
    return { ...toView({ id: ws.id, name: ws.name, created_at: ws.createdAt, mfa_required: 'none', deleted_at: null, purge_after: null }), role: 'admin', current: false };
  }

  /** `mdl workspace create`: on the host, whatever MDL_WORKSPACE_CREATION says; `adminEmail` an existing account made its admin. */
  async createOnHost(ctx: RequestContext, input: { id: unknown; name: unknown }, adminEmail?: string): Promise<WorkspaceView> {
    const admin = adminEmail === undefined ? undefined : await this.deps.users.getByEmail(adminEmail);
    const at = this.now();
    const ws = await asSystem(() => this.db.transaction().execute(async (trx) => {
      const created = await createWorkspaceRow(trx, { repo: this.repo, audit: this.deps.history }, ctx, input, at);
      if (admin) await this.addAdmin(trx, ctx, created.id, admin.id, at);
      return created;
    }));
    return this.get(ws.id);
  }

  /** `mdl admin create --create-workspace`: a new workspace and a new account as its admin, in one transaction. */
  async createWithNewAdmin(ctx: RequestContext, input: { id: unknown; name: unknown }, user: NewUserInput): Promise<{ workspace: Workspace; user: User }> {
    const prepared = await this.deps.users.prepare({ ...user, membership: { workspaceId: String(input.id), role: 'admin' } });
    const at = this.now();
    return asSystem(() => this.db.transaction().execute(async (trx) => {
      const workspace = await createWorkspaceRow(trx, { repo: this.repo, audit: this.deps.history }, ctx, input, at);
      return { workspace, user: await this.deps.users.insertPrepared(trx, { ...ctx, workspaceId: workspace.id }, prepared) };
    }));
  }

  /** Rename and settings (the MFA policy). The caller (route or CLI) has checked that `ctx` may act on `id`. */
  async update(ctx: RequestContext, id: string, patch: { name?: unknown; mfa_required?: unknown }): Promise<WorkspaceView> {
    const name = patch.name === undefined ? undefined : validateWorkspaceName(patch.name);
    if (patch.mfa_required !== undefined && !isMfaPolicy(patch.mfa_required)) {
      throw new ValidationError('invalid workspace', [{ path: 'mfa_required', message: `must be one of ${MFA_POLICIES.join(', ')}` }]);
    }
    const wctx = { ...ctx, workspaceId: id };
    if (name !== undefined) {
      await this.db.transaction().execute(async (trx) => {
        const before = await this.current(trx, id);
        if (before.name === name) return;
        await this.repo.rename(trx, id, name);
        await this.record(trx, wctx, id, 'workspace.update', { name: before.name }, { name });
      });
    } else {
      await this.current(this.db, id);
    }
    if (patch.mfa_required !== undefined) await this.deps.mfa.setPolicy(wctx, patch.mfa_required as MfaPolicy);
    return this.get(id);
  }

  /**
   * Deletes a workspace, softly: it is read-only from now on and purged after the retention period
   * (MDL_WORKSPACE_RETENTION_DAYS). `confirm` must repeat its id. `default` cannot be deleted.
   */
  async softDelete(ctx: RequestContext, id: string, confirm: string | undefined): Promise<WorkspaceView> {
    if (id === DEFAULT_WORKSPACE) throw new BadRequestError('the default workspace cannot be deleted: first-run setup and the host CLI\'s catalog commands use it');
    if (confirm !== id) throw new BadRequestError(`deleting workspace ${id} needs its id repeated as confirmation: ?confirm=${id}`);
    const now = this.deps.clock();
    const deletedAt = now.toISOString();
    const purgeAfter = new Date(now.getTime() + this.settings.retentionDays * DAY_MS).toISOString();
    // Also written to the instance-level `_system` chain.
    await asSystem(() => this.db.transaction().execute(async (trx) => {
      await this.deps.history.lockWorkspace(trx, id); // serialises with a purge
      await this.current(trx, id);
      await this.repo.setDeleted(trx, id, deletedAt, purgeAfter);
      await this.record(trx, { ...ctx, workspaceId: id }, id, 'workspace.delete', null, { deleted_at: deletedAt, purge_after: purgeAfter }, true);
    }));
    this.rows.forget(id);
    return this.get(id);
  }

  /** Undoes a deletion before the purge (`mdl workspace restore`). */
  async restore(ctx: RequestContext, id: string): Promise<WorkspaceView> {
    await asSystem(() => this.db.transaction().execute(async (trx) => {
      await this.deps.history.lockWorkspace(trx, id);
      const ws = await this.repo.find(trx, id);
      if (!ws) throw new NotFoundError(`workspace ${id} not found`);
      if (!ws.deleted_at) throw new BadRequestError(`workspace ${id} is not deleted`);
      await this.repo.setDeleted(trx, id, null, null);
      await this.record(trx, { ...ctx, workspaceId: id }, id, 'workspace.restore', { deleted_at: ws.deleted_at, purge_after: ws.purge_after }, null, true);
    }));
    this.rows.forget(id);
    return this.get(id);
  }

  async isInstanceAdmin(userId: string): Promise<boolean> {
    return this.repo.isInstanceAdmin(this.db, userId);
  }

  /** Grants or revokes the account-level instance-admin flag (`mdl admin instance-admin`); audited in `_system`. */
  async setInstanceAdmin(ctx: RequestContext, email: string, on: boolean): Promise<User> {
    const user = await this.deps.users.getByEmail(email);
    await this.db.transaction().execute(async (trx) => {
      await this.repo.setInstanceAdmin(trx, user.id, on);
      await appendAudit(this.deps.history, trx, {
        workspaceId: SYSTEM_WORKSPACE, actor: ctx.actor, requestId: ctx.requestId, ip: ctx.ip, action: on ? 'user.instance_admin.grant' : 'user.instance_admin.revoke',
        entityType: 'user', entityId: user.id, after: { email: user.email, instance_admin: on }, at: this.now(),
      });
    });
    return user;
  }

  /** MDL_WORKSPACE_CREATION, then a session that proves the account (creating one reaches beyond the current workspace). */
  private async assertMayCreate(p: Principal): Promise<void> {
    if (this.settings.creation === 'host') throw new ForbiddenError('workspaces are created on the host here (MDL_WORKSPACE_CREATION=host): mdl workspace create');
    if (p.kind !== 'user' || !provesAccount(p.authMethod)) {
      throw new ReauthenticationRequiredError('creating a workspace needs a session signed in with your password (not single sign-on or an API key)');
    }
    if (this.settings.creation === 'instance-admins' && !(await this.repo.isInstanceAdmin(this.db, p.userId))) {
      throw new ForbiddenError('only instance admins create workspaces here (MDL_WORKSPACE_CREATION=instance-admins)');
    }
  }

  /** The workspace, refused when missing or deleted (no writes in a deleted workspace). */
  private async current(ex: Db | Trx, id: string): Promise<WorkspaceRow> {
    const ws = await this.repo.find(ex, id);
    if (!ws) throw new NotFoundError(`workspace ${id} not found`);
    if (ws.deleted_at) throw new WorkspaceDeletedError(deletedMessage(id, ws.purge_after));
    return ws;
  }

  private async addAdmin(trx: Trx, ctx: RequestContext, workspaceId: string, userId: string, at: string): Promise<void> {
    const user = await this.usersRepo.findUserById(trx, userId);
    if (!user) throw new NotFoundError(`user ${userId} not found`);
    if (user.kind === 'service') throw new BadRequestError('a service account cannot administer a workspace');
    await this.usersRepo.insertMembership(trx, { workspace_id: workspaceId, user_id: userId, role: 'admin', created_at: at });
    await appendAudit(this.deps.history, trx, {
      workspaceId, actor: ctx.actor, requestId: ctx.requestId, ip: ctx.ip, action: 'membership.create', entityType: 'membership', entityId: userId,
      before: null, after: { email: user.email, role: 'admin' }, at,
    });
  }

  private async record(trx: Trx, ctx: RequestContext, id: string, action: string, before: unknown, after: unknown, instance = false): Promise<void> {
    const e = { actor: ctx.actor, requestId: ctx.requestId, ip: ctx.ip, action, entityType: 'workspace', entityId: id, before, after, at: this.now() };
    await appendAudit(this.deps.history, trx, { ...e, workspaceId: id });
    if (instance) await appendAudit(this.deps.history, trx, { ...e, workspaceId: SYSTEM_WORKSPACE });
  }
}
