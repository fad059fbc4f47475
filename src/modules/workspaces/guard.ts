import type { FastifyBaseLogger, FastifyInstance, FastifyRequest } from 'fastify';
import { asSystem, requireLiveWorkspace } from '../../db/tenant-context.js';
import { NotFoundError } from '../../shared/errors.js';
import type { Principal } from '../auth/permissions.js';
import { deletedMessage, WorkspaceDeletedError } from './model.js';
import type { WorkspacePurger } from './purge.js';
import type { WorkspacesService } from './service.js';

const READS = new Set(['GET', 'HEAD']);
/** `self` routes that would add to the deleted workspace rather than to the caller's account. */
const SELF_ROUTES_REFUSED = new Set(['POST /api/v1/api-keys']);
const SSO_ROUTE = /^\/api\/v1\/auth\/sso\/:workspaceId\//;

/**
 * A deleted workspace is read-only until it is purged or restored. Register right after the auth hook.
 * - Everyone keeps the routes about their own account and session (`self`: profile, password, MFA,
 *   sessions, logout, switching, their workspaces), except creating an API key in it.
 * - Admins keep every read: the catalog, exports, the audit log and its verification, members.
 * - Anything else answers 409 WORKSPACE_DELETED: every write, and for non-admins every other read too
 *   (what they could see is being deleted; they are told so, as members, rather than shown a 404).
 * - Single sign-on into it answers like a workspace without SSO (404): nothing new joins it.
 */
export function registerWorkspaceGuard(app: FastifyInstance, workspaces: WorkspacesService): void {
  app.addHook('onRequest', async (request) => {
    const url = request.routeOptions.url;
    if (url === undefined) return;
    const p = request.principal;
    if (!p) {
      const ws = SSO_ROUTE.test(url) ? (request.params as { workspaceId?: unknown }).workspaceId : undefined;
      // Before a principal exists the request is in system mode; this reads one workspace row by id.
      if (typeof ws === 'string' && (await asSystem(() => workspaces.find(ws)))?.deleted_at) {
        throw new NotFoundError('single sign-on is not available for this workspace');
      }
      return;
    }
    const ws = await workspaces.find(p.workspaceId);
    if (allowedWhileDeleted(request, p, url)) return;
    if (ws?.deleted_at) throw new WorkspaceDeletedError(deletedMessage(ws.id, ws.purge_after));
    // Checked again by the writers, in their transaction: the body may take a while to arrive.
    if (!READS.has(request.method)) requireLiveWorkspace(p.workspaceId, ws ? String(ws.created_at) : null);
  });
}

function allowedWhileDeleted(request: FastifyRequest, p: Principal, url: string): boolean {
  if (request.routeOptions.config?.scope === 'self') return !SELF_ROUTES_REFUSED.has(`${request.method} ${url}`);
  return READS.has(request.method) && p.role === 'admin';
}

/** Starts the purge timer: the server calls it once its database is reachable and migrated. */
export interface PurgeTimer {
  start(): void;
}

/**
 * Runs due purges once `start()` is called and then every `intervalMs` (the server: hourly); the timer
 * never keeps the process alive, and closing waits for a purge under way. 0 or undefined: never.
 */
export function registerPurgeTimer(app: FastifyInstance, purger: WorkspacePurger, intervalMs: number | undefined): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  const run = (log: FastifyBaseLogger) => {
    if (running) return;
    running = purger.purgeDue()
      .then(({ purged, failed }) => {
        for (const r of purged) log.info({ workspace: r.workspaceId, archive: r.archive.file, rows: r.rows, usersDeleted: r.usersDeleted }, 'deleted workspace purged');
        for (const f of failed) log.error({ workspace: f.workspaceId, err: f.error }, 'purging a deleted workspace failed; it is tried again at the next run');
      })
      .catch((err: unknown) => { log.error({ err }, 'looking for deleted workspaces to purge failed'); })
      .finally(() => { running = undefined; });
  };
  const handle: PurgeTimer = {
    start() {
      if (!intervalMs || intervalMs <= 0 || timer) return;
      run(app.log);
      timer = setInterval(() => run(app.log), intervalMs);
      timer.unref();
    },
  };
  app.decorate('purgeTimer', handle);
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    await running;
  });
}

declare module 'fastify' {
  interface FastifyInstance {
    purgeTimer: PurgeTimer;
  }
}

declare module '../../app.js' {
  interface AppOptions {
    /** Workspaces: how often due purges run (the server: hourly, and at start); omitted or 0: never (tests). */
    workspaces?: { purgeIntervalMs?: number };
  }
}
