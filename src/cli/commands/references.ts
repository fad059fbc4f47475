import type { Command } from 'commander';
import { describeTarget, type EntityType, type RefTarget } from '../../modules/catalog/kind.js';
import type { ReferenceItem } from '../../modules/references/service.js';
import { CliError, writeLine, type CliIo } from '../io.js';
import { withBackend } from '../backend/index.js';
import type { GlobalOptions } from '../runtime.js';

const KINDS = ['metric', 'domain', 'objective'];
const TARGETS = ['metric', 'domain', 'objective', 'okr'];

export function referenceLine(r: ReferenceItem): string {
  return `${r.from_type} ${r.from_id} ${r.field} → ${describeTarget(r.to_type)} "${r.to_id}"${r.state === 'unresolved' ? ' (unresolved)' : ''}`;
}

/** `mdl refs`: the reference graph as GET /api/v1/references lists it, every page unless --limit. */
export function registerReferenceCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('refs')
    .description('list the references between definitions; --unresolved lists those whose target does not exist (yet)')
    .option('--unresolved', 'only references whose target does not exist')
    .option('--resolved', 'only references whose target exists')
    .option('--kind <metric|domain|objective>', 'only references made by this kind of definition')
    .option('--from <id>', 'only references made by this definition')
    .option('--target-type <metric|domain|objective|okr>', 'only references to this kind of target')
    .option('--target <id>', 'only references to this target, as written')
    .option('--limit <n>', 'at most this many (default: all)')
    .option('--json', 'print JSON lines, one reference each')
    .action(async (o: { unresolved?: boolean; resolved?: boolean; kind?: string; from?: string; targetType?: string; target?: string; limit?: string; json?: boolean }) => {
      if (o.unresolved && o.resolved) throw new CliError('give --unresolved or --resolved, not both', 2);
      if (o.kind && !KINDS.includes(o.kind)) throw new CliError(`--kind must be one of ${KINDS.join(', ')}`, 2);
      if (o.targetType && !TARGETS.includes(o.targetType)) throw new CliError(`--target-type must be one of ${TARGETS.join(', ')}`, 2);
      const max = o.limit === undefined ? Infinity : Number(o.limit);
      if (!(max >= 1) || (Number.isFinite(max) && !Number.isInteger(max))) throw new CliError('--limit must be a whole number of at least 1', 2);
      const state = o.unresolved ? 'unresolved' : o.resolved ? 'resolved' : 'all';
      await withBackend(io, globals(), async (backend) => {
        let cursor: string | undefined;
        let shown = 0;
        let total = 0;
        do {
          const page = await backend.references({
            state, kind: o.kind as EntityType | undefined, from: o.from, targetType: o.targetType as RefTarget | undefined, target: o.target,
            limit: Math.min(500, max - shown), cursor,
          });
          total = page.total;
          for (const r of page.items) writeLine(io.stdout, o.json ? JSON.stringify(r) : referenceLine(r));
          shown += page.items.length;
          cursor = page.next_cursor ?? undefined;
        } while (cursor && shown < max);
        if (!o.json) writeLine(io.stderr, `${shown} of ${total} reference(s)${state === 'all' ? '' : ` (${state})`}`);
      });
    });
}
