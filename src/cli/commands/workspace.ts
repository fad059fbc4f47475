import type { Command } from 'commander';
import { escapeForTerminal, table, toJson } from '../format.js';
import { CliError, writeLine, type CliIo } from '../io.js';
import { withRuntime, type GlobalOptions, type Runtime } from '../runtime.js';

/**
 * `mdl workspace`: workspaces on the host, whatever MDL_WORKSPACE_CREATION says about the API.
 * Deleting is soft (read-only, purged after MDL_WORKSPACE_RETENTION_DAYS, `restore` undoes it until
 * then); `purge` removes a deleted workspace at once, after archiving its audit chain.
 */
export function registerWorkspaceCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const ws = program.command('workspace').description('workspaces: create, list, rename, delete (soft), restore, purge');
  const run = <T>(fn: (rt: Runtime) => Promise<T>) => withRuntime(io, globals(), fn);

  ws.command('create')
    .description('create a workspace (prints its id)')
    .argument('<id>', 'a slug: lower-case letters, digits and inner hyphens')
    .requiredOption('--name <name>', 'display name')
    .option('--admin <email>', 'an existing account to make its admin (or: mdl admin create --workspace <id> --create-workspace)')
    .action(async (id: string, o: { name: string; admin?: string }) => {
      const created = await run((rt) => rt.services.workspaces.createOnHost(rt.ctx, { id, name: o.name }, o.admin));
      writeLine(io.stdout, created.id);
      writeLine(io.stderr, `created workspace ${created.id}${o.admin ? ` with admin ${o.admin}` : ' (no members yet: mdl admin create --workspace ' + created.id + ')'}`);
    });

  ws.command('list')
    .description('list every workspace: members, and deleted ones with their purge date')
    .option('--json', 'print JSON instead of a table')
    .action(async (o: { json?: boolean }) => {
      const list = await run((rt) => rt.services.workspaces.listAll());
      if (o.json) return writeLine(io.stdout, toJson(list));
      writeLine(io.stdout, table(list.map((w) => ({ ...w, status: w.deleted_at ? `deleted, purge after ${w.purge_after}` : 'active' })), [
        { key: 'id', label: 'ID' }, { key: 'name', label: 'NAME', max: 40 }, { key: 'members', label: 'MEMBERS' },
        { key: 'created_at', label: 'CREATED' }, { key: 'status', label: 'STATUS' },
      ]));
    });

  ws.command('rename')
    .description('rename a workspace')
    .argument('<id>', 'the workspace')
    .argument('<name>', 'the new display name')
    .action(async (id: string, name: string) => {
      const w = await run((rt) => rt.services.workspaces.update({ ...rt.ctx, workspaceId: id }, id, { name }));
      writeLine(io.stderr, `workspace ${w.id} is now named ${escapeForTerminal(w.name)}`);
    });

  ws.command('delete')
    .description('delete a workspace: read-only at once, purged after MDL_WORKSPACE_RETENTION_DAYS (undo with restore until then)')
    .argument('<id>', 'the workspace')
    .action(async (id: string) => {
      const w = await run((rt) => rt.services.workspaces.softDelete({ ...rt.ctx, workspaceId: id }, id, id));
      writeLine(io.stderr, `workspace ${w.id} is deleted and read-only; it is purged after ${w.purge_after} (mdl workspace restore ${w.id} undoes this until then)`);
    });

  ws.command('restore')
    .description('undo the deletion of a workspace that is not purged yet')
    .argument('<id>', 'the workspace')
    .action(async (id: string) => {
      const w = await run((rt) => rt.services.workspaces.restore({ ...rt.ctx, workspaceId: id }, id));
      writeLine(io.stderr, `workspace ${w.id} is restored`);
    });

  ws.command('purge')
    .description('purge a deleted workspace now: every row of it goes, after its audit chain is archived (MDL_WORKSPACE_ARCHIVE_DIR)')
    .argument('<id>', 'the workspace (deleted first with mdl workspace delete)')
    .requiredOption('--confirm <id>', 'the workspace id again: this cannot be undone')
    .option('--json', 'print the report as JSON')
    .action(async (id: string, o: { confirm: string; json?: boolean }) => {
      if (o.confirm !== id) throw new CliError(`--confirm must repeat the workspace id (${id}): a purge cannot be undone`, 2);
      const report = await run((rt) => rt.services.workspaces.purger.purge({ actor: rt.ctx.actor }, id));
      if (!report) throw new CliError(`workspace ${id} was not purged`);
      if (o.json) return writeLine(io.stdout, toJson(report));
      writeLine(io.stdout, report.archive.file);
      const rows = Object.values(report.rows).reduce((a, b) => a + b, 0);
      const verified = report.archive.verification.ok ? 'verified' : 'BROKEN (see the archive header)';
      writeLine(io.stderr, `purged workspace ${id}: ${rows} rows, ${report.usersDeleted} accounts; its audit chain (${report.archive.events} events, ${verified}) is archived in the file above`);
    });
}
