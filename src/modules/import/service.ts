import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../shared/context.js';
import { DomainError, ValidationError } from '../../shared/errors.js';
import { freeValueProblem } from '../../shared/free-value.js';
import { formatPath } from '../../shared/zod-issues.js';
import type { StoredEntity, Trx } from '../catalog/kind.js';
import type { EntityLifecycle } from '../catalog/lifecycle.js';
import type { RefsRepository } from '../catalog/refs-repository.js';
import type { ImportRecord, ImportSource, RecordKind } from '../io/index.js';
import { deepEqual } from '../catalog/versioning.js';
import type { WorkspacesRepository } from '../workspaces/repository.js';
import { ImportPlan, normalizeRecord, type AnyDoc } from './plan.js';
import { addChange, addConflict, addError, emptyReport, setUnresolved, type ImportReport } from './report.js';
import type { UnresolvedRef } from './plan.js';
import { applyValueMap, type ValueMap } from './value-map.js';
import { resolutionOf, sideOf, storedIsOurs, storedReason, storedSide, type ImportConflict, type OnConflict } from './conflicts.js';
import type { ProvenanceRepository, ProvenanceWrite, StoredProvenance } from './provenance-repository.js';
import type { VocabularySet } from '../vocabularies/model.js';

export interface ImportOptions {
  dryRun?: boolean;
  continueOnError?: boolean;
  /** Refuse unresolved references (a CI gate), whatever the workspace's reference policy says. */
  strict?: boolean;
  /** Values renamed for this import only (`--map data_classification:Non-PII=internal`). */
  valueMap?: ValueMap;
  /** What to do when two sources, or a source and the stored definition, disagree (conflicts.ts); default `fail`. */
  onConflict?: OnConflict;
  onProgress?: (phase: 'validate' | 'write', bytesRead: number, totalBytes?: number) => void;
}

export interface ProvenanceView {
  format: string;
  source: string;
  name: string;
  imported_at: string;
  edited_since_import: boolean;
}

/** The import was refused as a whole (all-or-nothing mode with invalid records). */
export class ImportRejectedError extends DomainError {
  readonly code = 'IMPORT_REJECTED';
  declare readonly details: ImportReport;
}

/**
 * More records than one import may hold (HTTP 413). Memory grows with the number of records, not only
 * with the body: 2,000,000 one-field records (48 MiB of JSON) took 2.5 GB. Split the file.
 */
export class ImportTooManyRecordsError extends DomainError {
  readonly code = 'IMPORT_TOO_MANY_RECORDS';
}

/** Records one import may hold: ten times a large catalog, and a few hundred MiB of server memory. */
export const MAX_IMPORT_RECORDS = 200_000;
/** Records between two turns of the event loop: a long import must not stall health checks and logins. */
const YIELD_EVERY = 1_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

function conflictsRefusal(report: ImportReport, started: number): ImportRejectedError {
  report.duration_ms = Date.now() - started;
  const c = report.conflicts[0];
  const first = c ? ` (first: ${c.kind} "${c.id}", ${c.reason})` : '';
  return new ImportRejectedError(`import refused: ${report.conflicts_total} conflict(s)${first}; nothing was written (choose with --on-conflict skip|overwrite)`, report);
}

/** Ends a dry run's transaction without keeping anything. */
class DryRunRollback extends Error {}

const BATCH = 500;

/**
 * Imports catalog files. Two passes over the source (which must be re-readable): the first validates
 * every record and resolves references across the file and the workspace; the second writes the
 * accepted records in one transaction through the same lifecycle as the API (versions, audit).
 * Unchanged records write nothing, so re-importing a file is a no-op.
 */
export class ImportService {
  constructor(
    private readonly db: Db,
    private readonly lifecycles: Record<RecordKind, EntityLifecycle<any>>,
    private readonly refs: RefsRepository,
    private readonly workspaces: WorkspacesRepository,
    private readonly provenance: ProvenanceRepository,
    private readonly vocabularies: { snapshot(ex: Db, workspaceId: string): Promise<VocabularySet> },
  ) {}

  async import(ctx: RequestContext, open: (onProgress?: (read: number, total?: number) => void) => Promise<ImportSource>, opts: ImportOptions = {}): Promise<ImportReport> {
    const started = Date.now();
    const report = emptyReport(Boolean(opts.dryRun), Boolean(opts.continueOnError));
    const onConflict = opts.onConflict ?? 'fail';
    report.on_conflict = onConflict;

    // Read once: every record of both passes is checked against the same vocabularies.
    const vocabularies = await this.vocabularies.snapshot(this.db, ctx.workspaceId);

    // Pass 1: validate and plan.
    const plan = new ImportPlan();
    const first = await open((read, total) => opts.onProgress?.('validate', read, total));
    let read = 0;
    for await (const rec of first.records) {
      if (++read > MAX_IMPORT_RECORDS) {
        throw new ImportTooManyRecordsError(`an import holds at most ${MAX_IMPORT_RECORDS} records; this one has more: split it into several files`, { limit: MAX_IMPORT_RECORDS });
      }
      plan.add(rec, this.normalize(rec, opts, vocabularies));
      if (read % YIELD_EVERY === 0) await yieldToEventLoop();
    }
    report.shape = await first.shape;
    report.skipped_files = (await first.skipped) ?? [];
    if (plan.repeats.length > 0) await this.settleRepeats(open, plan, report, opts, onConflict, vocabularies);
    // Catalog fields are free data, stored and exported as they are: the free-object rule applies.
    const problem = freeValueProblem(await first.meta);
    if (problem) throw new ValidationError('invalid catalog fields', [{ path: formatPath(problem.path), message: problem.message }]);
    const strict = Boolean(opts.strict) || (await this.refs.policy(this.db, ctx.workspaceId)) === 'strict';
    report.reference_policy = strict ? 'strict' : 'warn';
    const accepted = await this.db.transaction().execute((trx) => plan.resolve(trx, this.refs, ctx.workspaceId, strict));
    for (const e of plan.errors) addError(report, e);
    setUnresolved(report, plan.unresolved);

    const refuse = report.errors_total > 0 && !opts.continueOnError;
    if (refuse && !opts.dryRun) {
      report.duration_ms = Date.now() - started;
      throw new ImportRejectedError(`import refused: ${report.errors_total} invalid record(s); nothing was written (use --continue-on-error to import the valid ones)`, report);
    }
    if (report.conflicts_total > 0 && onConflict === 'fail' && !opts.dryRun) throw conflictsRefusal(report, started);

    // Pass 2: write (or, in a dry run, write and roll back to learn exactly what would change).
    try {
      await this.db.transaction().execute(async (trx) => {
        // The workspace's write lock first, as every catalog writer takes it: no lock-order deadlock with single writes.
        await this.lifecycles.metric.lockWorkspace(trx, ctx.workspaceId);
        await this.write(trx, ctx, open, accepted, report, opts, strict, plan, vocabularies);
        if (report.conflicts_total > 0 && onConflict === 'fail' && !opts.dryRun) throw conflictsRefusal(report, started);
        if (opts.dryRun) throw new DryRunRollback();
      });
      report.committed = true;
    } catch (err) {
      if (!(err instanceof DryRunRollback)) throw err;
    }
    report.duration_ms = Date.now() - started;
    return report;
  }

  /**
   * Where an entity came from: its latest import from another tool (null when it was made in MDL or
   * imported from MDL files), and whether it was changed since (the next import from there then reports
   * a conflict). Read like the entity itself: a missing or hidden one is NotFound.
   */
  async provenanceOf(ctx: RequestContext, type: RecordKind, id: string): Promise<ProvenanceView | null> {
    const found = await this.lifecycles[type].get(ctx, id);
    const p = await this.provenance.find(this.db, ctx.workspaceId, type, id);
    return p && p.entity_pk === found.pk ? { format: p.format, source: p.source, name: p.name, imported_at: p.imported_at, edited_since_import: p.etag !== found.etag } : null;
  }

  /**
   * Ids that several files of the batch define. Identical definitions are one record; differing ones
   * are conflicts, settled by `onConflict`. Reads the source once more, keeping only those records.
   */
  private async settleRepeats(open: Parameters<ImportService['import']>[1], plan: ImportPlan, report: ImportReport, opts: ImportOptions, onConflict: OnConflict, vocabularies: VocabularySet): Promise<void> {
    const wanted = new Set<string>(plan.repeats.map((r) => r.path));
    for (const r of plan.repeats) wanted.add(plan.pathOf(r.kind, r.id));
    const found = new Map<string, { rec: ImportRecord; n: Extract<ReturnType<typeof normalizeRecord>, { ok: true }> }>();
    const source = await open();
    for await (const rec of source.records) {
      if (!wanted.has(rec.path)) continue;
      const n = this.normalize(rec, opts, vocabularies);
      if (n.ok) found.set(rec.path, { rec, n });
    }
    const kept = new Map<string, { rec: ImportRecord; n: Extract<ReturnType<typeof normalizeRecord>, { ok: true }> }>();
    for (const r of plan.repeats) {
      const key = `${r.kind}:${r.id}`;
      const current = kept.get(key) ?? found.get(plan.pathOf(r.kind, r.id));
      const incoming = found.get(r.path);
      if (!current || !incoming) continue;
      kept.set(key, current);
      const diff = this.lifecycles[r.kind].diff(current.n.doc, incoming.n.doc);
      if (diff.length === 0) continue; // the same definition twice: one record
      addConflict(report, { kind: r.kind, id: r.id, reason: 'defined-twice', current: sideOf(current.rec), incoming: sideOf(incoming.rec), diff, resolution: resolutionOf(onConflict) });
      if (onConflict === 'overwrite') {
        plan.replace(incoming.rec, incoming.n);
        kept.set(key, incoming);
      }
    }
  }

  private normalize(rec: ImportRecord, opts: ImportOptions, vocabularies: VocabularySet) {
    return normalizeRecord(this.mapped(rec, opts), vocabularies);
  }

  private mapped<R extends { kind: RecordKind; raw: unknown }>(rec: R, opts: ImportOptions): R {
    return opts.valueMap ? { ...rec, raw: applyValueMap(rec.kind, rec.raw, opts.valueMap) } : rec;
  }

  /**
   * Catalog-level fields are kept for export: a catalog file's replace the stored ones; other
   * top-level keys of a collection file are merged in, so no key a file carries is dropped.
   */
  private async writeCatalogMeta(trx: Trx, ctx: RequestContext, meta: Record<string, unknown> | null, shape: string): Promise<ImportReport['catalog_meta']> {
    if (!meta) return null;
    const stored = await this.workspaces.catalogMeta(ctx.workspaceId, trx);
    const next = shape === 'catalog' ? meta : { ...(stored ?? {}), ...meta };
    if (stored && deepEqual(stored, next)) return 'unchanged';
    await this.workspaces.setCatalogMeta(trx, ctx.workspaceId, next);
    return stored ? 'updated' : 'created';
  }

  private async write(trx: Trx, ctx: RequestContext, open: Parameters<ImportService['import']>[1], accepted: Set<string>, report: ImportReport, opts: ImportOptions, strict: boolean, plan: ImportPlan, vocabularies: VocabularySet): Promise<void> {
    const source = await open((read, total) => opts.onProgress?.('write', read, total));
    let batch: { kind: RecordKind; docs: AnyDoc[]; recs: ImportRecord[] } = { kind: 'domain', docs: [], recs: [] };
    const onConflict = opts.onConflict ?? 'fail';
    const written: Record<RecordKind, string[]> = { domain: [], objective: [], metric: [] };
    const dropped: Record<RecordKind, string[]> = { domain: [], objective: [], metric: [] };
    const flush = async () => {
      if (batch.docs.length === 0) return;
      const lifecycle = this.lifecycles[batch.kind];
      const ids = batch.docs.map((d) => lifecycle.kind.idOf(d));
      const known: Map<string, StoredEntity<AnyDoc>> = await lifecycle.kind.repository.findMany(trx, ctx.workspaceId, ids);
      const converted = ids.filter((_, i) => batch.recs[i]!.provenance);
      const recorded = converted.length > 0 ? await this.provenance.findMany(trx, ctx.workspaceId, batch.kind, converted) : new Map<string, StoredProvenance>();
      // Provenance of a row since deleted says nothing about the definition made again under its id.
      const origins = new Map([...recorded].filter(([id, p]) => known.get(id)?.pk === p.entity_pk));
      const items: Array<{ doc: AnyDoc; current: StoredEntity<AnyDoc> | undefined; rec: ImportRecord }> = [];
      batch.docs.forEach((doc, i) => {
        const id = ids[i]!;
        const rec = batch.recs[i]!;
        const current = known.get(id);
        const origin = origins.get(id);
        // Another tool's definition over one that changed since that tool's last import (or never came from it).
        if (rec.provenance && current && !storedIsOurs(origin, rec, current.etag)) {
          const diff = lifecycle.diff(current.doc, doc);
          if (diff.length > 0) {
            addConflict(report, { kind: batch.kind, id, reason: storedReason(origin, rec), current: storedSide(origin), incoming: sideOf(rec), diff, resolution: resolutionOf(onConflict) });
            if (onConflict !== 'overwrite') {
              addChange(report, { kind: batch.kind, id, outcome: 'unchanged', version: current.version, changed: [] });
              return;
            }
          }
        }
        items.push({ doc, current, rec });
      });
      const results = await lifecycle.upsertManyInTrx(trx, ctx, items, { mode: 'upsert', deferReferenceCheck: true });
      const origin: ProvenanceWrite[] = [];
      results.forEach((r, i) => {
        const p = items[i]!.rec.provenance;
        const had = origins.get(r.id);
        // Unchanged and already recorded as this source's: nothing to write (a re-import stays a no-op).
        if (p && !(had && had.format === p.format && had.source === p.source && had.name === p.name && had.etag === r.etag)) {
          origin.push({ entity_id: r.id, entity_pk: r.pk, format: p.format, source: p.source, name: p.name, etag: r.etag });
        }
      });
      if (origin.length > 0) await this.provenance.upsertMany(trx, ctx.workspaceId, batch.kind, origin, new Date().toISOString());
      for (const r of results) {
        addChange(report, { kind: batch.kind, id: r.id, outcome: r.outcome, version: r.version, changed: r.changed });
        if (r.outcome !== 'unchanged') written[batch.kind].push(r.id);
        dropped[batch.kind].push(...r.droppedAliases);
      }
      batch = { kind: batch.kind, docs: [], recs: [] };
    };
    for await (const rec of source.records) {
      if (!accepted.has(rec.path)) continue;
      const n = this.normalize(rec, opts, vocabularies);
      if (!n.ok) continue; // counted in pass 1
      if (n.kind !== batch.kind || batch.docs.length >= BATCH) {
        await flush();
        // Other requests get their turn between batches (on SQLite they still wait for the connection).
        await yieldToEventLoop();
        batch = { kind: n.kind, docs: [], recs: [] };
      }
      batch.docs.push(n.doc);
      batch.recs.push(rec);
    }
    await flush();
    report.catalog_meta = await this.writeCatalogMeta(trx, ctx, await source.meta, await source.shape);

    // The plan looked references up before this transaction; what resolves now is what counts (a row
    // deleted or created since). Unchanged records count too: their unresolved references still stand.
    const unresolved: UnresolvedRef[] = [];
    const acceptedIds = plan.acceptedIds();
    // Under strict, the plan let through only references to records refused for their own faults.
    const allowed = new Set(plan.unresolved.map((u) => `${u.kind}:${u.id}\u0000${u.field}`));
    for (const kind of ['domain', 'objective', 'metric'] as const) {
      const dangling = (await this.refs.dangling(trx, ctx.workspaceId, kind, acceptedIds[kind])).filter((d) => !(d.to_type === kind && d.to_id === d.from_id));
      const fresh = strict ? dangling.filter((d) => !allowed.has(`${kind}:${d.from_id}\u0000${d.field}`)) : [];
      if (fresh.length > 0) {
        const d = fresh[0]!;
        throw new ImportRejectedError(`import refused: ${kind} "${d.from_id}" refers to ${d.to_type} "${d.to_id}", which does not exist (the reference policy is strict); nothing was written`, report);
      }
      for (const d of dangling) unresolved.push({ kind, id: d.from_id, path: plan.pathOf(kind, d.from_id), field: d.field, target_type: d.to_type, target_id: d.to_id });
      // A renamed domain or a removed key result that definitions outside the file still refer to.
      const orphaned = await this.lifecycles[kind].orphanedReferrers(trx, ctx, dropped[kind]);
      if (orphaned.length > 0) {
        const o = orphaned[0]!;
        throw new ImportRejectedError(`import refused: ${o.type} "${o.id}" (${o.field}) refers to a ${kind} name or key result this import takes away; nothing was written`, report);
      }
    }
    setUnresolved(report, unresolved);
  }
}
