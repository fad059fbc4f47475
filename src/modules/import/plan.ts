import type { FieldIssue } from '../../shared/errors.js';
import { describeTarget, type OutgoingRef, type RefTarget, type Trx } from '../catalog/kind.js';
import type { RefsRepository } from '../catalog/refs-repository.js';
import { domainReferences } from '../domains/kind.js';
import type { Domain } from '../domains/schema.js';
import { normalizeDomain, normalizeMetric, normalizeObjective, type ImportRecord, type RecordKind } from '../io/index.js';
import { metricReferences } from '../metrics/kind.js';
import type { Metric } from '../metrics/schema.js';
import { objectiveReferences } from '../objectives/kind.js';
import type { Objective } from '../objectives/schema.js';
import type { VocabularySet } from '../vocabularies/model.js';

export type AnyDoc = Metric | Domain | Objective;

export type Normalized =
  | { ok: true; kind: RecordKind; id: string; doc: AnyDoc }
  | { ok: false; kind: RecordKind; id?: string; issues: FieldIssue[] };

/**
 * File record → canonical document (aliases mapped, unknown fields kept in `extensions`). With the
 * workspace's vocabularies, a metric's controlled values become their canonical spelling, and one
 * outside a closed vocabulary refuses the record for its own fault, with its path.
 */
export function normalizeRecord(rec: ImportRecord, vocabularies?: VocabularySet): Normalized {
  let result = rec.kind === 'metric' ? normalizeMetric(rec.raw, rec.path) : rec.kind === 'domain' ? normalizeDomain(rec.raw, rec.path) : normalizeObjective(rec.raw, rec.path);
  if (result.ok && rec.kind === 'metric' && vocabularies) {
    const applied = vocabularies.applyToMetric(result.value as Metric, rec.path);
    result = applied.issues.length > 0 ? { ok: false, issues: applied.issues } : { ok: true, value: applied.doc };
  }
  if (!result.ok) {
    const raw = rec.raw as Record<string, unknown> | null;
    const id = raw && typeof raw === 'object' ? (raw[`${rec.kind}_id`] ?? raw.id) : undefined;
    return { ok: false, kind: rec.kind, id: typeof id === 'string' ? id : undefined, issues: result.issues };
  }
  return { ok: true, kind: rec.kind, id: idOf(rec.kind, result.value), doc: result.value };
}

function idOf(kind: RecordKind, doc: AnyDoc): string {
  return kind === 'metric' ? (doc as Metric).metric_id : kind === 'domain' ? (doc as Domain).domain_id : (doc as Objective).objective_id;
}

function referencesOf(kind: RecordKind, doc: AnyDoc): OutgoingRef[] {
  return kind === 'metric' ? metricReferences(doc as Metric) : kind === 'domain' ? domainReferences(doc as Domain) : objectiveReferences(doc as Objective);
}

/** The reference keys a record satisfies: its id, a domain's name, an objective's key-result ids. */
function providedKeys(kind: RecordKind, doc: AnyDoc): string[] {
  if (kind === 'metric') return [`metric:${(doc as Metric).metric_id}`];
  if (kind === 'domain') return [`domain:${(doc as Domain).domain_id}`, `domain:${(doc as Domain).name}`];
  const o = doc as Objective;
  return [`objective:${o.objective_id}`, `okr:${o.objective_id}`, ...(o.key_results ?? []).flatMap((kr) => [`okr:${kr.kr_id}`, `okr:${o.objective_id}:${kr.kr_id}`])];
}

interface Planned {
  kind: RecordKind;
  id: string;
  path: string;
  source: string | undefined;
  refs: OutgoingRef[];
  provides: string[];
  rejected: boolean;
}

const keyOf = (r: { toType: RefTarget; toId: string }) => `${r.toType}:${r.toId}`;

/** A reference of an accepted record whose target is in neither the batch nor the workspace. */
export interface UnresolvedRef {
  kind: RecordKind;
  id: string;
  /** The record's place in the file, and the reference's field within it. */
  path: string;
  field: string;
  target_type: RefTarget;
  target_id: string;
}

/**
 * Pass one of an import: validates every record and decides which may be written. A record is
 * refused for its own faults only: invalid, or repeating an id already seen in the batch. Its
 * references are kept as written (issue 8); those that resolve to nothing are reported as
 * unresolved. Under the strict policy a record is also refused when it names something that no
 * record of the batch (valid or not) and nothing in the workspace provides — never because another
 * record was refused. Holds ids and references only, not documents.
 */
export class ImportPlan {
  private readonly planned: Planned[] = [];
  /** `kind:id` → its place in `planned`. */
  private readonly index = new Map<string, number>();
  /** Ids defined again by another file of the batch, in batch order: conflicts to settle before resolve(). */
  readonly repeats: Array<{ kind: RecordKind; id: string; path: string }> = [];
  /** Keys named by records refused for their own faults: under strict, naming them is not this record's fault. */
  private readonly refusedKeys = new Set<string>();
  readonly errors: Array<{ kind: RecordKind; path: string; id?: string; issues: FieldIssue[] }> = [];
  readonly unresolved: UnresolvedRef[] = [];

  add(rec: ImportRecord, n: Normalized): void {
    if (!n.ok) {
      if (n.id !== undefined) {
        this.refusedKeys.add(`${n.kind}:${n.id}`);
        if (n.kind === 'objective') this.refusedKeys.add(`okr:${n.id}`);
      }
      this.errors.push({ kind: n.kind, path: rec.path, id: n.id, issues: n.issues });
      return;
    }
    const key = `${n.kind}:${n.id}`;
    const index = this.index.get(key);
    if (index !== undefined) {
      const first = this.planned[index]!;
      // Across the files of a batch a repeated id is a conflict (resolved by --on-conflict); within one file, that file's error.
      if (sourceOf(rec) !== first.source) {
        this.repeats.push({ kind: n.kind, id: n.id, path: rec.path });
        return;
      }
      this.errors.push({ kind: n.kind, path: rec.path, id: n.id, issues: [{ path: rec.path || '(root)', message: `duplicate ${n.kind} id "${n.id}" (first at ${first.path || '(root)'})` }] });
      return;
    }
    this.index.set(key, this.planned.length);
    this.planned.push({ kind: n.kind, id: n.id, path: rec.path, source: sourceOf(rec), refs: referencesOf(n.kind, n.doc), provides: providedKeys(n.kind, n.doc), rejected: false });
  }

  /** The batch's definition of an id becomes another source's (`--on-conflict overwrite`): its place, references and names. */
  replace(rec: ImportRecord, n: Extract<Normalized, { ok: true }>): void {
    const index = this.index.get(`${n.kind}:${n.id}`);
    if (index === undefined) throw new Error(`not planned: ${n.kind} ${n.id}`);
    this.planned[index] = { kind: n.kind, id: n.id, path: rec.path, source: sourceOf(rec), refs: referencesOf(n.kind, n.doc), provides: providedKeys(n.kind, n.doc), rejected: false };
  }

  /** Resolves references against the batch and the workspace; returns the paths of the records to write. */
  async resolve(trx: Trx, refs: RefsRepository, workspaceId: string, strict = false): Promise<Set<string>> {
    const provided = new Set<string>();
    for (const p of this.planned) for (const k of p.provides) provided.add(k);
    const missing = new Map<RefTarget, Set<string>>();
    for (const p of this.planned) {
      for (const r of p.refs) if (!provided.has(keyOf(r)) && !isSelf(p, r)) missing.set(r.toType, (missing.get(r.toType) ?? new Set()).add(r.toId));
    }
    const inDb = new Set<string>();
    for (const [type, ids] of missing) for (const id of await refs.existing(trx, workspaceId, type, [...ids])) inDb.add(`${type}:${id}`);
    // An `OBJ:KR` reference resolves when the batch provides that objective with that key result.
    const resolves = (r: OutgoingRef) => provided.has(keyOf(r)) || inDb.has(keyOf(r));

    const brokenOf = new Map<Planned, OutgoingRef[]>();
    for (const p of this.planned) {
      const broken = p.refs.filter((r) => !resolves(r) && !isSelf(p, r));
      if (broken.length > 0) brokenOf.set(p, broken);
    }
    // Strict refuses the references a write adds, as a single write does: one the stored record already
    // had (its target force-deleted since, or never there) does not block re-importing it.
    const had = strict ? await this.storedDangling(trx, refs, workspaceId, [...brokenOf.keys()]) : new Set<string>();
    for (const [p, broken] of brokenOf) {
      const refused = strict ? broken.filter((r) => !this.refusedKeys.has(keyOf(r)) && !had.has(`${p.kind}:${p.id}\u0000${keyOf(r)}`)) : [];
      if (refused.length > 0) {
        p.rejected = true;
        this.errors.push({
          kind: p.kind, path: p.path, id: p.id,
          issues: refused.map((r) => ({ path: p.path ? `${p.path}.${r.field}` : r.field, message: `unknown ${describeTarget(r.toType)} "${r.toId}"` })),
        });
        continue;
      }
      for (const r of broken) this.unresolved.push({ kind: p.kind, id: p.id, path: p.path, field: r.field, target_type: r.toType, target_id: r.toId });
    }
    return new Set(this.planned.filter((p) => !p.rejected).map((p) => p.path));
  }

  /** `kind:id\0type:target` of the unresolved references the stored versions of these records already hold. */
  private async storedDangling(trx: Trx, refs: RefsRepository, workspaceId: string, planned: Planned[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const kind of ['domain', 'objective', 'metric'] as const) {
      const ids = planned.filter((p) => p.kind === kind).map((p) => p.id);
      if (ids.length === 0) continue;
      for (const d of await refs.dangling(trx, workspaceId, kind, ids)) out.add(`${kind}:${d.from_id}\u0000${d.to_type}:${d.to_id}`);
    }
    return out;
  }

  /** Where a planned record stood in the batch. */
  pathOf(kind: RecordKind, id: string): string {
    const i = this.index.get(`${kind}:${id}`);
    return i === undefined ? '' : this.planned[i]!.path;
  }

  /** The ids of the accepted records, by kind (for the end-of-batch check against the database). */
  acceptedIds(): Record<RecordKind, string[]> {
    const out: Record<RecordKind, string[]> = { domain: [], objective: [], metric: [] };
    for (const p of this.planned) if (!p.rejected) out[p.kind].push(p.id);
    return out;
  }
}

const sourceOf = (rec: ImportRecord) => rec.provenance?.source ?? rec.source;

const isSelf = (p: Planned, r: OutgoingRef) => r.toType === p.kind && r.toId === p.id;
