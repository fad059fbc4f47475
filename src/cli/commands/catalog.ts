import type { Command } from 'commander';
import type { MetricFilter } from '../../modules/metrics/repository.js';
import { MAX_PAGE_SIZE } from '../../modules/catalog/pagination.js';
import { table, toJson, toYaml } from '../format.js';
import { CliError, writeLine, type CliIo } from '../io.js';
import { withBackend } from '../backend/index.js';
import type { GlobalOptions } from '../runtime.js';

const collect = (value: string, prev: string[] = []) => [...prev, ...value.split(',').map((v) => v.trim()).filter(Boolean)];

interface ListOptions {
  domain?: string[]; tier?: string[]; category?: string[]; type?: string[]; status?: string[]; owner?: string[];
  classification?: string[]; tag?: string[]; search?: string; sort?: string; limit: string; all?: boolean; json?: boolean;
}

export function registerCatalogCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('list')
    .description('list metrics (same filters as GET /api/v1/metrics; repeat an option or separate values with commas)')
    .option('--domain <id|name>', 'business domain', collect)
    .option('--tier <tier>', 'tier, e.g. Tier-1', collect)
    .option('--category <category>', 'category', collect)
    .option('--type <metric_type>', 'metric type', collect)
    .option('--status <status>', 'governance status', collect)
    .option('--owner <owner>', 'owner team, technical or business owner', collect)
    .option('--classification <level>', 'data classification', collect)
    .option('--tag <tag>', 'tag', collect)
    .option('-q, --search <text>', 'full-text search over name, description, formula and tags')
    .option('--sort <field>', 'sort field, prefix - for descending (e.g. -updated_at)')
    .option('--limit <n>', `page size (max ${MAX_PAGE_SIZE})`, '50')
    .option('--all', 'fetch every page')
    .option('--json', 'print JSON instead of a table')
    .action(async (o: ListOptions) => {
      const limit = Number(o.limit);
      if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE_SIZE) throw new CliError(`--limit must be a whole number from 1 to ${MAX_PAGE_SIZE}`, 2);
      const filter: MetricFilter = {
        domain: o.domain, tier: o.tier, category: o.category, metric_type: o.type, status: o.status, owner: o.owner,
        classification: o.classification, tag: o.tag, q: o.search,
      };
      await withBackend(io, globals(), async (backend) => {
        const items = [];
        let cursor: string | undefined;
        let total = 0;
        do {
          const page = await backend.listMetrics({ filter, sort: o.sort, limit, cursor });
          items.push(...page.items);
          total = page.total;
          cursor = o.all ? (page.nextCursor ?? undefined) : undefined;
        } while (cursor);
        if (o.json) {
          writeLine(io.stdout, toJson({ items, total }));
          return;
        }
        const rows = items.map((m) => ({ ...m, domain: m.business_domain, status: m.governance?.status, version: m.governance?.version }));
        writeLine(io.stdout, table(rows, [
          { key: 'metric_id', label: 'METRIC_ID' }, { key: 'name', label: 'NAME' }, { key: 'tier', label: 'TIER' },
          { key: 'domain', label: 'DOMAIN' }, { key: 'status', label: 'STATUS' }, { key: 'version', label: 'VERSION' },
        ]));
        writeLine(io.stderr, `${items.length} of ${total} metric(s)${items.length < total ? ' (use --all or --limit for more)' : ''}`);
      });
    });

  program
    .command('show <metric_id>')
    .description('print one metric definition (YAML, or JSON with --json)')
    .option('--json', 'print JSON')
    .option('--version <semver>', 'print a past version snapshot instead of the current definition')
    .action(async (id: string, o: { json?: boolean; version?: string }) => {
      await withBackend(io, globals(), async (backend) => {
        const doc = await backend.getMetric(id, o.version);
        writeLine(io.stdout, o.json ? toJson(doc) : toYaml(doc).trimEnd());
      });
    });

  program
    .command('delete <metric_id>')
    .description('delete a metric; refused while other definitions refer to it unless --force')
    .option('--force', 'delete even if referenced (the references are left dangling and reported)')
    .action(async (id: string, o: { force?: boolean }) => {
      await withBackend(io, globals(), async (backend) => {
        await backend.deleteMetric(id, { force: o.force });
        writeLine(io.stdout, `deleted metric ${id}`);
      });
    });

  program
    .command('stats')
    .description('counts of metrics by tier, domain, category, type, status, owner and classification')
    .option('--json', 'print JSON')
    .action(async (o: { json?: boolean }) => {
      await withBackend(io, globals(), async (backend) => {
        const stats = await backend.stats();
        if (o.json) return writeLine(io.stdout, toJson(stats));
        writeLine(io.stdout, `total: ${stats.total}`);
        for (const [dimension, counts] of Object.entries(stats.by)) {
          writeLine(io.stdout, `\n${dimension}:`);
          for (const [key, n] of Object.entries(counts)) writeLine(io.stdout, `  ${key.padEnd(32)} ${n}`);
        }
      });
    });
}
