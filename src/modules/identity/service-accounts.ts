import { randomUUID } from 'node:crypto';
import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../shared/context.js';
import { NotFoundError, ValidationError } from '../../shared/errors.js';
import type { ApiKeyRecord, ApiKeyService } from '../auth/api-keys.js';
import { isRole, scopesOfRole, type Role, type Scope } from '../auth/permissions.js';
import { appendAudit, type AuditSink } from './model.js';
import { UsersRepository, type MemberRow } from './users-repository.js';

export interface ServiceAccount {
  id: string;
  name: string;
  role: Role;
  status: 'active' | 'disabled';
  createdAt: string;
}

/** Service accounts are users with kind `service` and this unroutable address (RFC 2606 `.invalid`). */
const SERVICE_EMAIL_DOMAIN = 'service-accounts.invalid';

/**
 * Service accounts: workspace-owned identities for integrations (CI jobs, OPA bundle pulls, ETL).
 * They hold API keys and nothing else: no password, no sign-in, no SSO. A key of a service account
 * carries at most the scopes of the account's role *and* of the admin who creates it, and stops
 * working when the account is deleted, whatever happens to the people who created it.
 */
export class ServiceAccountService {
  private readonly repo = new UsersRepository();

  constructor(
    private readonly db: Db, private readonly apiKeys: ApiKeyService,
    private readonly deps: { audit?: AuditSink; clock?: () => Date } = {},
  ) {}

  async create(ctx: RequestContext, input: { name: unknown; role: unknown }): Promise<ServiceAccount> {
    const name = typeof input.name === 'string' ? input.name.trim() : '';
    const issues = [];
    if (name.length < 1 || name.length > 100) issues.push({ path: 'name', message: 'must be 1 to 100 characters' });
    if (!isRole(input.role)) issues.push({ path: 'role', message: 'must be viewer, editor or admin' });
    if (issues.length > 0) throw new ValidationError('invalid service account', issues);
    const role = input.role as Role;
    const now = this.now();
    const id = `svc_${randomUUID()}`;
    await this.db.transaction().execute(async (trx) => {
      if (!(await this.repo.findWorkspace(trx, ctx.workspaceId))) throw new NotFoundError(`workspace ${ctx.workspaceId} not found`);
      await this.repo.insertUser(trx, { id, email: `${id}@${SERVICE_EMAIL_DOMAIN}`, display_name: name, password_hash: null, status: 'active', created_at: now, updated_at: now, kind: 'service' });
      await this.repo.insertMembership(trx, { workspace_id: ctx.workspaceId, user_id: id, role, created_at: now });
      await this.record(trx, ctx, 'service_account.create', id, null, { name, role });
    });
    return { id, name, role, status: 'active', createdAt: now };
  }

  async list(workspaceId: string): Promise<ServiceAccount[]> {
    return (await this.repo.listMembers(this.db, workspaceId)).filter((r) => r.kind === 'service').map(toServiceAccount);
  }

  /** A service account of the caller's workspace; any other id (another workspace's, a person's) is NotFound. */
  async get(workspaceId: string, id: string): Promise<ServiceAccount> {
    const found = await this.repo.findMember(this.db, workspaceId, id);
    if (found?.kind !== 'service') throw new NotFoundError(`service account "${id}" not found`);
    return toServiceAccount(found);
  }

  /** A key for the account; its scopes must be within both the account's role and the creator's scopes. */
  async createKey(
    ctx: RequestContext, creatorScopes: ReadonlySet<Scope>, id: string, input: { name: string; scopes: Scope[]; expiresAt?: string },
  ): Promise<{ key: string; record: ApiKeyRecord }> {
    const account = await this.get(ctx.workspaceId, id);
    if (account.status !== 'active') throw new NotFoundError(`service account "${id}" not found`);
    const allowed = new Set([...scopesOfRole(account.role)].filter((s) => creatorScopes.has(s)));
    return this.apiKeys.create({
      workspaceId: ctx.workspaceId, userId: account.id, creatorScopes: allowed, name: input.name, scopes: input.scopes, expiresAt: input.expiresAt,
      actor: ctx.actor, requestId: ctx.requestId, ip: ctx.ip,
    });
  }

  /** Deletes the account: its keys stop working at once; the user row stays (disabled) for the audit trail. */
  async delete(ctx: RequestContext, id: string): Promise<void> {
    const account = await this.get(ctx.workspaceId, id);
    await this.apiKeys.revokeAllForUser(account.id, 'service_account_deleted', { actor: ctx.actor, requestId: ctx.requestId, ip: ctx.ip });
    await this.db.transaction().execute(async (trx) => {
      await this.repo.deleteMembership(trx, ctx.workspaceId, account.id);
      await this.repo.setStatus(trx, account.id, 'disabled', this.now());
      await this.record(trx, ctx, 'service_account.delete', account.id, { name: account.name, role: account.role }, null);
    });
  }

  private now(): string {
    return (this.deps.clock?.() ?? new Date()).toISOString();
  }

  private async record(trx: Parameters<typeof appendAudit>[1], ctx: RequestContext, action: string, id: string, before: unknown, after: unknown): Promise<void> {
    if (!this.deps.audit) return;
    await appendAudit(this.deps.audit, trx, { workspaceId: ctx.workspaceId, actor: ctx.actor, requestId: ctx.requestId, ip: ctx.ip, action, entityType: 'service_account', entityId: id, before, after, at: this.now() });
  }
}

function toServiceAccount(r: MemberRow): ServiceAccount {
  return { id: r.id, name: r.display_name, role: r.role as Role, status: r.status === 'active' ? 'active' : 'disabled', createdAt: r.created_at };
}
