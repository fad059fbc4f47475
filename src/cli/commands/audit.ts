import type { Command } from 'commander';
import { DEFAULT_WORKSPACE } from '../../shared/context.js';
import type { AuditExportFormat } from '../../modules/audit/export.js';
import { CliError, writeLine, type CliIo } from '../io.js';
import { withRuntime, type GlobalOptions } from '../runtime.js';

export function registerAuditCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  const audit = program.command('audit').description('the hash-chained audit log');

  audit
    .command('verify')
    .description("walk a workspace's audit chain; exit 1 with the first broken link")
    .option('--workspace <id>', 'workspace to verify', DEFAULT_WORKSPACE)
    .action(async (o: { workspace: string }) => {
      await withRuntime(io, globals(), async ({ services }) => {
        if (!(await services.workspaces.exists(o.workspace))) throw new CliError(`workspace "${o.workspace}" not found`);
        const r = await services.audit.verify(o.workspace);
        if (!r.ok) {
          throw new CliError(`audit chain of workspace "${o.workspace}" is broken at event ${r.firstBroken.id} (${r.firstBroken.reason}); ${r.count} event(s) before it verified`);
        }
        const legacy = 'unchained' in r ? `; ${r.unchained} earlier event(s) predate the chain and were not verified` : '';
        writeLine(io.stdout, `audit chain of workspace "${o.workspace}" is intact: ${r.count} event(s) verified${legacy}`);
      });
    });

  audit
    .command('export')
    .description("write a workspace's audit events, oldest first, to stdout")
    .option('--workspace <id>', 'workspace to export', DEFAULT_WORKSPACE)
    .option('--format <format>', 'jsonl or csv', 'jsonl')
    .option('--actor <actor>').option('--action <action>').option('--entity-type <type>').option('--entity-id <id>')
    .option('--from <datetime>', 'occurred at or after (ISO 8601)').option('--to <datetime>', 'occurred before (ISO 8601)')
    .action(async (o: { workspace: string; format: string; actor?: string; action?: string; entityType?: string; entityId?: string; from?: string; to?: string }) => {
      if (o.format !== 'jsonl' && o.format !== 'csv') throw new CliError(`--format must be jsonl or csv, not "${o.format}"`, 2);
      await withRuntime(io, globals(), async ({ services }) => {
        if (!(await services.workspaces.exists(o.workspace))) throw new CliError(`workspace "${o.workspace}" not found`);
        const { workspace, format, ...filter } = o;
        for await (const chunk of services.audit.export(workspace, filter, format as AuditExportFormat)) io.stdout.write(chunk);
      });
    });
}
