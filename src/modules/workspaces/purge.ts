import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/connect.js';
import { engineOf } from '../../db/dialect.js';
import { asSystem } from '../../db/tenant-context.js';
import { SYSTEM_WORKSPACE } from '../../shared/context.js';
import { BadRequestError, NotFoundError } from '../../shared/errors.js';
import { AuditService } from '../audit/service.js';
import type { HistoryRepository } from '../catalog/history-repository.js';
import type { Trx } from '../catalog/kind.js';
import { writeAuditArchive, type ArchiveInfo } from './archive.js';
import type { WorkspacesRepository } from './repository.js';
import { childrenFirst, readSchemaTables, workspaceTables, type SchemaTables } from './tenant-tables.js';

export interface PurgeReport {
  workspaceId: string;
  archive: ArchiveInfo;
  /** Rows deleted per table (a table's rows of other tables' cascades are not counted). */
  rows: Record<string, number>;
  /** Accounts deleted with the workspace: its service accounts, and members who belonged to no other workspace. */
  usersDeleted: number;
}

export interface PurgeOutcome {
  purged: PurgeReport[];
  failed: Array<{ workspaceId: string; error: unknown }>;
}

export interface PurgerDeps {
  history: HistoryRepository;
  repo: WorkspacesRepository;
  /** Where audit archives go (MDL_WORKSPACE_ARCHIVE_DIR); without one, nothing can be purged. */
  archiveDir?: string;
  clock: () => Date;
}

/** Keeps IN lists under SQLite's bound-parameter limit. */
const CHUNK = 500;

/**
 * Purges deleted workspaces: every row of the workspace, from every table, on both engines. The tables
 * come from the database catalog at purge time (tenant-tables.ts), not from a list kept by hand:
 * - each table with a `workspace_id` column, children before parents;
 * - rows without a `workspace_id` that hang off those rows by a foreign key (the refresh tokens of the
 *   workspace's sessions), or off the workspace row itself;
 * - the SQLite full-text rows of the workspace's metrics (a virtual table keyed by the metric's rowid);
 * - the accounts that were the workspace's alone: its service accounts, and members in no other
 *   workspace who are not instance admins (an account with no workspace cannot sign in anywhere), with
 *   every row that refers to them;
 * - finally the workspace row.
 * Before anything is deleted, the workspace's audit chain and its verification are written to an
 * archive file; the purge itself is an audit event in the instance-level `_system` chain. It all runs
 * in one transaction under the workspace's chain lock, so it happens completely or not at all, and two
 * instances purging at once do it once.
 */
export class WorkspacePurger {
  constructor(private readonly db: Db, private readonly deps: PurgerDeps) {}

  /**
   * Purges a deleted workspace now (`mdl workspace purge`). `dueOnly`: only when its retention has run
   * out (the timer); undefined when it has not, or when it is gone already.
   */
  async purge(ctx: { actor: string; requestId?: string }, id: string, opts: { dueOnly?: boolean } = {}): Promise<PurgeReport | undefined> {
    const dir = this.deps.archiveDir;
    // Crosses workspaces by nature: the `_system` audit stream, and accounts' rows elsewhere.
    return asSystem(() => this.db.transaction().execute(async (trx) => {
      const now = this.deps.clock();
      await this.deps.history.lockWorkspace(trx, id);
      const ws = await this.deps.repo.find(trx, id);
      if (!ws) {
        if (opts.dueOnly) return undefined;
        throw new NotFoundError(`workspace ${id} not found`);
      }
      if (!ws.deleted_at) {
        if (opts.dueOnly) return undefined;
        throw new BadRequestError(`workspace ${id} is not deleted: delete it first (mdl workspace delete ${id}), then purge it`);
      }
      if (opts.dueOnly && (ws.purge_after === null || ws.purge_after > now.toISOString())) return undefined;
      if (!dir) throw new Error('no archive directory for audit chains (MDL_WORKSPACE_ARCHIVE_DIR): nothing is purged without one');

      const archive = await writeAuditArchive(new AuditService(trx), ws, dir, now);
      const schema = await readSchemaTables(trx);
      const users = await this.accountsOfWorkspaceAlone(trx, id);
      const rows: Record<string, number> = {};
      const count = (table: string, n: number) => { rows[table] = (rows[table] ?? 0) + n; };

      if (engineOf(trx) === 'sqlite' && schema.columns.has('metrics_fts')) {
        count('metrics_fts', await run(trx, sql`DELETE FROM metrics_fts WHERE rowid IN (SELECT id FROM metrics WHERE workspace_id = ${id})`));
      }
      const tenant = workspaceTables(schema);
      for (const fk of orphanedChildren(schema, tenant)) {
        const parentKey = fk.toTable === 'workspaces' ? sql`${id}` : sql`SELECT ${sql.ref(fk.toColumn)} FROM ${sql.table(fk.toTable)} WHERE workspace_id = ${id}`;
        const where = fk.toTable === 'workspaces' ? sql`${sql.ref(fk.fromColumn)} = ${parentKey}` : sql`${sql.ref(fk.fromColumn)} IN (${parentKey})`;
        count(fk.fromTable, await run(trx, sql`DELETE FROM ${sql.table(fk.fromTable)} WHERE ${where}`));
      }
      for (const table of childrenFirst(tenant, schema.foreignKeys)) {
        count(table, await run(trx, sql`DELETE FROM ${sql.table(table)} WHERE workspace_id = ${id}`));
      }
      for (let i = 0; i < users.length; i += CHUNK) {
        const ids = users.slice(i, i + CHUNK);
        // Whatever still refers to these accounts (their TOTP, recovery codes, rows they left elsewhere).
        for (const fk of schema.foreignKeys.filter((k) => k.toTable === 'users' && k.fromTable !== 'users')) {
          count(fk.fromTable, await run(trx, sql`DELETE FROM ${sql.table(fk.fromTable)} WHERE ${sql.ref(fk.fromColumn)} IN (${sql.join(ids)})`));
        }
        count('users', await run(trx, sql`DELETE FROM users WHERE id IN (${sql.join(ids)})`));
      }
      count('workspaces', await run(trx, sql`DELETE FROM workspaces WHERE id = ${id}`));

      const report: PurgeReport = { workspaceId: id, archive, rows, usersDeleted: users.length };
      await this.deps.history.append(trx, SYSTEM_WORKSPACE, [], [{
        occurred_at: now.toISOString(), actor: ctx.actor, action: 'workspace.purge', entity_type: 'workspace', entity_id: id,
        request_id: ctx.requestId ?? null, ip: null, outcome: 'success',
        before: { name: ws.name, created_at: ws.created_at, deleted_at: ws.deleted_at, purge_after: ws.purge_after },
        after: {
          archive: { file: archive.file, sha256: archive.sha256, events: archive.events, verification: archive.verification },
          rows, users_deleted: users.length,
        },
      }]);
      return report;
    }));
  }

  /** Purges every deleted workspace whose retention has run out; one failure does not stop the others. */
  async purgeDue(actor = 'system:purge'): Promise<PurgeOutcome> {
    const due = await asSystem(() => this.deps.repo.dueForPurge(this.db, this.deps.clock().toISOString()));
    const outcome: PurgeOutcome = { purged: [], failed: [] };
    for (const id of due) {
      try {
        const report = await this.purge({ actor }, id, { dueOnly: true });
        if (report) outcome.purged.push(report);
      } catch (error) {
        outcome.failed.push({ workspaceId: id, error });
      }
    }
    return outcome;
  }

  /**
   * Accounts that exist for this workspace only: its service accounts (members, key owners, or created
   * here and deleted since, as its audit chain says), and people who are members here and nowhere else,
   * unless they are instance admins.
   */
  private async accountsOfWorkspaceAlone(trx: Trx, id: string): Promise<string[]> {
    const members = await trx.selectFrom('memberships as m').innerJoin('users as u', 'u.id', 'm.user_id')
      .select(['u.id', 'u.kind', 'u.instance_admin']).where('m.workspace_id', '=', id).execute();
    const keyOwners = await trx.selectFrom('api_keys as k').innerJoin('users as u', 'u.id', 'k.user_id')
      .select('u.id').where('k.workspace_id', '=', id).where('u.kind', '=', 'service').distinct().execute();
    const created = await trx.selectFrom('audit_events as a').innerJoin('users as u', 'u.id', 'a.entity_id')
      .select('u.id').where('a.workspace_id', '=', id).where('a.action', '=', 'service_account.create').where('u.kind', '=', 'service').distinct().execute();
    const candidates = new Set([
      ...members.filter((m) => m.kind === 'service' || Number(m.instance_admin) !== 1).map((m) => m.id),
      ...keyOwners.map((k) => k.id), ...created.map((c) => c.id),
    ]);
    const list = [...candidates];
    for (let i = 0; i < list.length; i += CHUNK) {
      const elsewhere = await trx.selectFrom('memberships').select('user_id')
        .where('user_id', 'in', list.slice(i, i + CHUNK)).where('workspace_id', '!=', id).distinct().execute();
      for (const e of elsewhere) candidates.delete(e.user_id);
    }
    return [...candidates].sort();
  }
}

/**
 * Foreign keys from a table without `workspace_id` to a workspace's rows: to a table that has one (a
 * session's refresh tokens), or to the workspace row itself under another column name.
 */
function orphanedChildren(schema: SchemaTables, tenant: readonly string[]) {
  const parents = new Set([...tenant, 'workspaces']);
  return schema.foreignKeys.filter((fk) => parents.has(fk.toTable) && fk.fromTable !== fk.toTable && !schema.columns.get(fk.fromTable)?.has('workspace_id'));
}

async function run(trx: Trx, query: RawBuilder<unknown>): Promise<number> {
  const r = await query.execute(trx);
  return Number(r.numAffectedRows ?? 0n);
}
