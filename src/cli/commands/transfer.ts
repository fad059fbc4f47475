import { createWriteStream, mkdtempSync, rmSync, type WriteStream } from 'node:fs';
import { readFile, rename } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { Command } from 'commander';
import { parse } from 'yaml';
import type { Dialect, ImportFormat } from '../../modules/io/index.js';
import type { ExportTarget } from '../../modules/io/export.js';
import { omittedInOsi } from '../../modules/io/formats/osi-export.js';
import type { ImportReport } from '../../modules/import/report.js';
import { describeTarget } from '../../modules/catalog/kind.js';
import { ImportRejectedError } from '../../modules/import/service.js';
import { ENTITY_ID } from '../../shared/zod-primitives.js';
import { describeConflict, ON_CONFLICT, type OnConflict } from '../../modules/import/conflicts.js';
import { DomainError, type FieldIssue } from '../../shared/errors.js';
import { toJson } from '../format.js';
import { CliError, writeLine, type CliIo } from '../io.js';
import { phaseProgress } from '../progress.js';
import { withBackend } from '../backend/index.js';
import { countCatalogFile } from '../backend/count.js';
import type { ExportCounts } from '../backend/types.js';
import type { GlobalOptions } from '../runtime.js';

const DIALECTS: readonly Dialect[] = ['mdl', 'dbt', 'cube', 'osi'];

function parseDialect(v: string | undefined): Dialect | undefined {
  if (v === undefined) return undefined;
  if (!(DIALECTS as readonly string[]).includes(v)) throw new CliError(`--from must be one of ${DIALECTS.join(', ')}`, 2);
  return v as Dialect;
}

function parseOnConflict(v: string | undefined): OnConflict | undefined {
  if (v === undefined) return undefined;
  if (!(ON_CONFLICT as readonly string[]).includes(v)) throw new CliError(`--on-conflict must be one of ${ON_CONFLICT.join(', ')}`, 2);
  return v as OnConflict;
}

function parseTarget(v: string | undefined): ExportTarget {
  if (v === undefined) return 'mdl';
  if (v !== 'mdl' && v !== 'osi') throw new CliError('--to must be mdl or osi', 2);
  return v;
}

/** What a remote OSI export wrote (its answer carries no counts): the metrics, and those it lists as left out. */
async function countOsiFile(path: string, format: ImportFormat): Promise<ExportCounts> {
  const text = await readFile(path, 'utf8');
  const doc: unknown = format === 'json' ? JSON.parse(text) : parse(text);
  const models = (doc as { semantic_model?: Array<{ metrics?: unknown[] }> } | null)?.semantic_model ?? [];
  const metrics = models.reduce((n, m) => n + (Array.isArray(m.metrics) ? m.metrics.length : 0), 0);
  return { domains: 0, objectives: 0, metrics, skipped: [], omitted: omittedInOsi(doc) };
}

function parseFormat(v: string | undefined): ImportFormat | undefined {
  if (v === undefined) return undefined;
  if (v !== 'json' && v !== 'yaml') throw new CliError('--format must be json or yaml', 2);
  return v;
}

/**
 * An import that was (or would be) refused, as runCli prints failures: the one-line reason first,
 * then one line per issue below it.
 */
class ImportIssuesError extends DomainError {
  readonly code = 'IMPORT_REJECTED';
  declare readonly details: FieldIssue[];
  constructor(message: string, report: ImportReport) {
    // The message carries the full count; runCli lists the first issues and says how many more.
    super(message, report.errors.flatMap((e) => e.issues));
  }
}

/** The counts (stdout); the issues too (stderr) unless the caller reports them with the failure. */
function printReport(io: CliIo, r: ImportReport, withIssues = true): void {
  const line = (k: 'domain' | 'objective' | 'metric') => {
    const c = r.counts[k];
    return `${k}s: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.invalid} invalid`;
  };
  writeLine(io.stdout, `${r.dry_run ? 'dry run (nothing written)' : r.committed ? 'imported' : 'not imported'} — ${r.shape}, ${r.mode}, ${(r.duration_ms / 1000).toFixed(1)} s`);
  for (const k of ['domain', 'objective', 'metric'] as const) writeLine(io.stdout, `  ${line(k)}`);
  if (r.catalog_meta) writeLine(io.stdout, `  catalog fields: ${r.catalog_meta}`);
  // Kept as written and tracked: they resolve when their targets arrive (mdl refs --unresolved lists them all).
  if (r.unresolved_total > 0) writeLine(io.stdout, `  unresolved references: ${r.unresolved_total} (kept; \`mdl refs --unresolved\` lists them)`);
  if (r.conflicts_total > 0) writeLine(io.stdout, `  conflicts: ${r.conflicts_total} (${r.on_conflict === 'fail' ? 'refused' : r.on_conflict === 'skip' ? 'kept what was there' : 'overwritten'})`);
  for (const c of r.changes.slice(0, r.dry_run ? 200 : 0)) writeLine(io.stdout, `  would ${c.outcome === 'created' ? 'create' : 'update'} ${c.kind} ${c.id} → ${c.version}${c.outcome === 'updated' ? ` (${c.changed.join(', ')})` : ''}`);
  printConflicts(io, r);
  if (!withIssues) return;
  for (const e of r.errors) for (const i of e.issues) writeLine(io.stderr, `  ${i.path}: ${i.message}`);
  if (r.errors_total > r.errors.length) writeLine(io.stderr, `  … ${r.errors_total - r.errors.length} more invalid record(s)`);
  for (const u of r.unresolved) {
    const at = u.path ? `${u.path}.${u.field}` : u.field;
    writeLine(io.stderr, `  ${at}: unresolved ${describeTarget(u.target_type)} "${u.target_id}" (kept)`);
  }
  if (r.unresolved_total > r.unresolved.length) writeLine(io.stderr, `  … ${r.unresolved_total - r.unresolved.length} more unresolved reference(s)`);
}

/** Every conflict with its differing fields (stderr); printed for refused imports too. */
function printConflicts(io: CliIo, r: ImportReport): void {
  for (const c of r.conflicts ?? []) writeLine(io.stderr, `  conflict: ${describeConflict(c)}`);
  if ((r.conflicts_total ?? 0) > (r.conflicts?.length ?? 0)) writeLine(io.stderr, `  … ${r.conflicts_total - r.conflicts.length} more conflict(s)`);
}

/** Opens `path` for writing and waits until it is open, so an open failure is an ordinary rejection. */
async function openForWrite(path: string): Promise<WriteStream> {
  const out = createWriteStream(path);
  // Failures are reported by the export (it listens while writing) or by `once` below; this keeps a
  // late error (after the export gave up) from becoming an uncaught 'error' event.
  out.on('error', () => undefined);
  await once(out, 'ready');
  return out;
}

async function discard(out: WriteStream | undefined, path: string): Promise<void> {
  if (out && !out.closed) await new Promise<void>((resolve) => out.once('close', () => resolve()).destroy());
  rmSync(path, { force: true });
}

/** Standard input can be read once; the importer reads its source twice, so spool it to a file. */
async function spoolStdin(io: CliIo): Promise<{ path: string; cleanup(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'mdl-import-'));
  const path = join(dir, 'stdin');
  await pipeline(io.stdin, createWriteStream(path));
  return { path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export function registerTransferCommands(program: Command, io: CliIo, globals: () => GlobalOptions): void {
  program
    .command('import <paths...>')
    .description('import catalog files as one batch: JSON or YAML files, directories (walked for *.json, *.yaml, *.yml), dbt, Cube or OSI definitions; - for standard input')
    .option('--dry-run', 'report what would change and every invalid record, write nothing')
    .option('--continue-on-error', 'write the valid records and report the rest (default: all or nothing)')
    .option('--map <field:from=to>', 'rename a value for this import only, e.g. data_classification:Non-PII=internal (repeatable)', (v: string, prev: string[] = []) => [...prev, v])
    .option('--strict', 'refuse records with unresolved references (a CI gate; default: the workspace reference policy, warn)')
    .option('--on-conflict <fail|skip|overwrite>', 'two files defining an id differently, or a dbt/Cube/OSI definition over one changed since its last import: fail (default: refuse, list every conflict), skip (keep what is there), overwrite')
    .option('--format <json|yaml>', 'format of the files named (default: from the extension or the content)')
    .option('--from <mdl|dbt|cube|osi>', 'every file is of this dialect (default: detected per file)')
    .option('--id-prefix <prefix>', 'prefix of the ids generated for dbt, Cube and OSI definitions, e.g. dbt.')
    .option('--json', 'print the full report as JSON')
    .action(async (paths: string[], o: { dryRun?: boolean; continueOnError?: boolean; strict?: boolean; map?: string[]; onConflict?: string; format?: string; from?: string; idPrefix?: string; json?: boolean }) => {
      const format = parseFormat(o.format);
      const onConflict = parseOnConflict(o.onConflict);
      if (o.idPrefix !== undefined && !ENTITY_ID.test(o.idPrefix)) throw new CliError('--id-prefix must start with a letter or digit and hold only letters, digits and . _ : -', 2);
      const from = parseDialect(o.from);
      if (paths.filter((p) => p === '-').length > 1) throw new CliError('- (standard input) can be given once', 2);
      const spooled = paths.includes('-') ? await spoolStdin(io) : undefined;
      const inputs = paths.map((p) => (p === '-' && spooled ? { path: spooled.path, name: '-' } : { path: p }));
      const progress = phaseProgress(io.stderr, io.isTTY && !o.json);
      try {
        await withBackend(io, globals(), async (backend) => {
          let report: ImportReport;
          try {
            report = await backend.import({
              inputs, format, from, idPrefix: o.idPrefix, dryRun: o.dryRun, continueOnError: o.continueOnError, strict: o.strict, map: o.map, onConflict,
              onProgress: (phase, read, total) => progress.update(phase, read, total),
              // Before the import runs, so the list is not lost when the import is refused.
              onSkipped: (skipped) => { for (const s of skipped) writeLine(io.stderr, `mdl: skipped ${s.source}: ${s.reason}`); },
            });
          } catch (err) {
            progress.stop();
            if (err instanceof ImportRejectedError) {
              if (o.json) writeLine(io.stdout, toJson(err.details));
              else {
                printReport(io, err.details, false);
                throw new ImportIssuesError(err.message, err.details);
              }
            }
            throw err;
          }
          progress.stop();
          const invalid = report.errors_total > 0 && !o.continueOnError;
          const conflicting = report.conflicts_total > 0 && report.on_conflict === 'fail';
          const refused = report.dry_run && (invalid || conflicting);
          const reason = invalid
            ? `dry run: ${report.errors_total} invalid record(s); the import would be refused`
            : `dry run: ${report.conflicts_total} conflict(s); the import would be refused (choose with --on-conflict skip|overwrite)`;
          if (o.json) writeLine(io.stdout, toJson(report));
          else printReport(io, report, !refused);
          if (refused) throw o.json ? new CliError(reason) : new ImportIssuesError(reason, report);
        });
      } finally {
        spooled?.cleanup();
      }
    });

  program
    .command('export [file]')
    .description('export the catalog (catalog fields, domains, objectives, metrics), or with --to osi its metrics as an Apache Ossie document, to a file (- or none for standard output)')
    .option('-o, --output <file>', 'the file to write (instead of naming it as the argument)')
    .option('--to <mdl|osi>', 'mdl (default): the catalog file; osi: an OSI document of the metrics (metrics without a formula are left out and listed)')
    .option('--format <json|yaml>', 'file format (default: from the extension, else json; for --to osi, else yaml)')
    .action(async (fileArg: string | undefined, o: { output?: string; to?: string; format?: string }) => {
      if (fileArg !== undefined && o.output !== undefined) throw new CliError('name the file once: as the argument or with -o', 2);
      const to = parseTarget(o.to);
      const file = fileArg ?? o.output ?? '-';
      const format = parseFormat(o.format) ?? (to === 'osi' ? (/\.json$/i.test(file) ? 'json' : 'yaml') : /\.ya?ml$/i.test(file) ? 'yaml' : 'json');
      await withBackend(io, globals(), async (backend) => {
        // A record stored before the nesting limit is left out of the file, one error line each (io/export.ts);
        // so is each metric OSI cannot hold (no formula), with why.
        const reportSkipped = (counts: Pick<ExportCounts, 'skipped' | 'omitted'> | undefined) => {
          for (const s of counts?.skipped ?? []) writeLine(io.stderr, `mdl: skipped ${s.section} "${s.id}" (${s.reason}); fix or delete it, then export again`);
          for (const m of counts?.omitted ?? []) writeLine(io.stderr, `mdl: left out metric "${m.metric_id}" (${m.reason})`);
        };
        if (file === '-') {
          reportSkipped(await backend.export(io.stdout, format, { end: false, to }));
          return;
        }
        // Write beside the target and rename, so a failed export never leaves a half-written file.
        // The temporary file is open before the export starts and closed before it is removed, so no
        // failure (however early) leaves it behind.
        const tmp = join(dirname(file), `.${basename(file)}.${process.pid}.tmp`);
        let out: WriteStream | undefined;
        try {
          out = await openForWrite(tmp);
          const counts = (await backend.export(out, format, { to })) ?? (to === 'osi' ? await countOsiFile(tmp, format) : await countCatalogFile(tmp, format));
          await rename(tmp, file);
          reportSkipped(counts);
          if (to === 'osi') writeLine(io.stderr, `exported ${counts.metrics} metric(s) as OSI to ${file}${counts.omitted?.length ? ` (${counts.omitted.length} left out)` : ''}`);
          else writeLine(io.stderr, `exported ${counts.domains} domain(s), ${counts.objectives} objective(s), ${counts.metrics} metric(s) to ${file}`);
        } catch (err) {
          await discard(out, tmp);
          throw err;
        }
      });
    });
}
