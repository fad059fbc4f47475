import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * Which workspace the database may show: the second wall behind the repositories' own
 * `workspace_id` filters. On PostgreSQL every connection taken from the pool carries the current
 * context in the setting `mdl.workspace_id` (src/db/connect.ts), and the row-level security policies
 * of migration 0007 hide every other workspace's rows from it. SQLite has no RLS and ignores it.
 *
 * - `withWorkspace(id, fn)`: `fn` and everything it awaits see workspace `id` only.
 * - `asSystem(fn)`: crosses workspaces. Only for work that must (credential lookups before a principal
 *   exists, a user's own sessions and keys in all their workspaces, housekeeping); each call site says why.
 * - No context at all (CLI, migrations, server start-up, tests seeding data) is system mode: the host
 *   acting on its own database. An HTTP request starts in system mode and narrows to the principal's
 *   workspace as soon as the credential is resolved (src/http/tenant-scope.ts).
 *
 * The context is read when a connection is acquired, so a transaction keeps the context it began in:
 * wrap the whole transaction, never a query inside one.
 */
export interface TenantScope {
  /** The one visible workspace; null in system mode. Mutable only for the request scope. */
  workspaceId: string | null;
  /**
   * Set by the deleted-workspace guard on a request it lets write: the workspace as the guard saw it.
   * Writers re-check it inside their transaction (src/modules/audit/live-workspace.ts), because the
   * workspace may be deleted, purged or even re-created while the request body is still arriving.
   */
  liveWorkspace?: { id: string; createdAt: string | null };
}

/** The setting's value in system mode; the policies let it see every row. */
export const SYSTEM_SCOPE_VALUE = '*';

const storage = new AsyncLocalStorage<TenantScope>();

export function withWorkspace<T>(workspaceId: string, fn: () => T): T {
  // An empty id would match nothing and '*' everything: neither is a workspace.
  if (typeof workspaceId !== 'string' || workspaceId === '' || workspaceId === SYSTEM_SCOPE_VALUE) {
    throw new Error(`withWorkspace: not a workspace id: ${JSON.stringify(workspaceId)}`);
  }
  return storage.run({ workspaceId }, fn);
}

export function asSystem<T>(fn: () => T): T {
  return storage.run({ workspaceId: null }, fn);
}

/** The workspace the current context is limited to, or null in system mode. */
export function currentWorkspace(): string | null {
  return storage.getStore()?.workspaceId ?? null;
}

/** Writes of this scope need workspace `id` to still be the row created at `createdAt`, not deleted. */
export function requireLiveWorkspace(id: string, createdAt: string | null): void {
  const scope = storage.getStore();
  if (scope) scope.liveWorkspace = { id, createdAt };
}

/** What the current scope's writes require of workspace `id`, if anything. */
export function liveWorkspaceRequirement(id: string): { createdAt: string | null } | undefined {
  const live = storage.getStore()?.liveWorkspace;
  return live && live.id === id ? { createdAt: live.createdAt } : undefined;
}

/** What `mdl.workspace_id` must hold for the current context. */
export function scopeSettingValue(): string {
  return currentWorkspace() ?? SYSTEM_SCOPE_VALUE;
}

/**
 * Runs `fn` in a new, mutable scope that starts in system mode; the HTTP layer narrows it
 * (`narrowScope`) once the principal is known. Everything `fn` starts inherits it.
 */
export function runInNewScope(fn: (scope: TenantScope) => void): void {
  const scope: TenantScope = { workspaceId: null };
  storage.run(scope, () => fn(scope));
}

/** Limits a request scope to one workspace. Narrowing is one way: a scope never widens again. */
export function narrowScope(scope: TenantScope, workspaceId: string): void {
  if (scope.workspaceId !== null && scope.workspaceId !== workspaceId) {
    throw new Error('narrowScope: this scope is already limited to another workspace');
  }
  if (workspaceId === '' || workspaceId === SYSTEM_SCOPE_VALUE) throw new Error('narrowScope: not a workspace id');
  scope.workspaceId = workspaceId;
}
