import type { Command } from 'commander';
import type { AuditExportFormat } from '../../modules/audit/export.js';
import { withBackend } from '../backend/index.js';
import { CliError, writeLine, type CliIo } from '../io.js';
import type { GlobalOptions } from '../runtime.js';

const WORKSPACE_HELP = 'workspace (local mode: default "default", or "_system" for events with no workspace; remote mode: the API key\'s own workspace, and only that)';

/**
 * `mdl audit`: local mode reads the database as the host; remote mode calls `GET /audit/verify` and
 * `GET /audit/export` with a key that has the `admin` scope, and acts on the key's workspace.
 */
export function registerAuditCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const audit = program.command('audit').description('the hash-chained audit log');

  audit
    .command('verify')
    .description("walk a workspace's audit chain; exit 1 with the first broken link")
    .option('--workspace <id>', WORKSPACE_HELP)
    .action(async (o: { workspace?: string }) => {
      await withBackend(io, globals(), async (backend) => {
        const { workspace, result: r } = await backend.auditVerify({ workspace: o.workspace });
        const chain = workspace === undefined ? "audit chain of the API key's workspace" : `audit chain of workspace "${workspace}"`;
        if (!r.ok) throw new CliError(`${chain} is broken at event ${r.firstBroken.id} (${r.firstBroken.reason}); ${r.count} event(s) before it verified`);
        const legacy = 'unchained' in r ? `; ${r.unchained} earlier event(s) predate the chain and were not verified` : '';
        writeLine(io.stdout, `${chain} is intact: ${r.count} event(s) verified${legacy}`);
      });
    });

  audit
    .command('export')
    .description("write a workspace's audit events, oldest first, to stdout (streamed)")
    .option('--workspace <id>', WORKSPACE_HELP)
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('--actor <actor>').option('--action <action>').option('--entity-type <type>').option('--entity-id <id>')
    .option('--from <datetime>', 'occurred at or after (ISO 8601)').option('--to <datetime>', 'occurred before (ISO 8601)')
    .action(async (o: { workspace?: string; format: string; actor?: string; action?: string; entityType?: string; entityId?: string; from?: string; to?: string }) => {
      if (o.format !== 'jsonl' && o.format !== 'csv') throw new CliError(`--format must be jsonl or csv, not "${o.format}"`, 2);
      const { workspace, format, ...filter } = o;
      await withBackend(io, globals(), (backend) => backend.auditExport({ workspace, filter, format: format as AuditExportFormat }, io.stdout));
    });
}
