import type { FieldIssue } from '../../shared/errors.js';
import type { OutgoingRef, RefTarget, Trx } from '../catalog/kind.js';
import type { RefsRepository } from '../catalog/refs-repository.js';
import { domainReferences } from '../domains/kind.js';
import type { Domain } from '../domains/schema.js';
import { normalizeDomain, normalizeMetric, normalizeObjective, type ImportRecord, type RecordKind } from '../io/index.js';
import { metricReferences } from '../metrics/kind.js';
import type { Metric } from '../metrics/schema.js';
import { objectiveReferences } from '../objectives/kind.js';
import type { Objective } from '../objectives/schema.js';

export type AnyDoc = Metric | Domain | Objective;

export type Normalized =
  | { ok: true; kind: RecordKind; id: string; doc: AnyDoc }
  | { ok: false; kind: RecordKind; id?: string; issues: FieldIssue[] };

/** File record → canonical document (aliases mapped, unknown fields kept in `extensions`). */
export function normalizeRecord(rec: ImportRecord): Normalized {
  const result = rec.kind === 'metric' ? normalizeMetric(rec.raw, rec.path) : rec.kind === 'domain' ? normalizeDomain(rec.raw, rec.path) : normalizeObjective(rec.raw, rec.path);
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
  return [`objective:${o.objective_id}`, `okr:${o.objective_id}`, ...(o.key_results ?? []).map((kr) => `okr:${kr.kr_id}`)];
}

interface Planned {
  kind: RecordKind;
  id: string;
  path: string;
  refs: OutgoingRef[];
  provides: string[];
  rejected: boolean;
}

const keyOf = (r: { toType: RefTarget; toId: string }) => `${r.toType}:${r.toId}`;

/**
 * Pass one of an import: validates every record and decides which may be written. A record is
 * refused when it is invalid, repeats an id already seen in the file, or refers to something that
 * neither the workspace nor an accepted record of the file provides — to a fixpoint, so records
 * that depend on refused records are refused too. Holds ids and references only, not documents.
 */
export class ImportPlan {
  private readonly planned: Planned[] = [];
  private readonly seen = new Map<string, string>();
  readonly errors: Array<{ kind: RecordKind; path: string; id?: string; issues: FieldIssue[] }> = [];

  add(rec: ImportRecord, n: Normalized): void {
    if (!n.ok) {
      this.errors.push({ kind: n.kind, path: rec.path, id: n.id, issues: n.issues });
      return;
    }
    const key = `${n.kind}:${n.id}`;
    const first = this.seen.get(key);
    if (first !== undefined) {
      this.errors.push({ kind: n.kind, path: rec.path, id: n.id, issues: [{ path: rec.path || '(root)', message: `duplicate ${n.kind} id "${n.id}" (first at ${first || '(root)'})` }] });
      return;
    }
    this.seen.set(key, rec.path);
    this.planned.push({ kind: n.kind, id: n.id, path: rec.path, refs: referencesOf(n.kind, n.doc), provides: providedKeys(n.kind, n.doc), rejected: false });
  }

  /** Resolves references against the file and the workspace; returns the paths of the records to write. */
  async resolve(trx: Trx, refs: RefsRepository, workspaceId: string): Promise<Set<string>> {
    const providers = new Map<string, number>();
    for (const p of this.planned) for (const k of p.provides) providers.set(k, (providers.get(k) ?? 0) + 1);
    const inDb = new Set<string>();
    // Keys already looked up in the workspace. A key is looked up once nothing accepted in the file
    // provides it: at the start, and again whenever refusing a record takes away its last provider
    // (the workspace may still hold a stored copy of a record whose file copy was refused).
    const looked = new Set<string>();
    const lookUpUnprovided = async (): Promise<void> => {
      const missing = new Map<RefTarget, Set<string>>();
      for (const p of this.planned) {
        if (p.rejected) continue;
        for (const r of p.refs) {
          const key = keyOf(r);
          if ((providers.get(key) ?? 0) > 0 || looked.has(key)) continue;
          looked.add(key);
          missing.set(r.toType, (missing.get(r.toType) ?? new Set()).add(r.toId));
        }
      }
      for (const [type, ids] of missing) for (const id of await refs.existing(trx, workspaceId, type, [...ids])) inDb.add(`${type}:${id}`);
    };

    for (let changed = true; changed;) {
      changed = false;
      await lookUpUnprovided();
      for (const p of this.planned) {
        if (p.rejected) continue;
        const broken = p.refs.filter((r) => !inDb.has(keyOf(r)) && (providers.get(keyOf(r)) ?? 0) === 0);
        if (broken.length === 0) continue;
        // A reference that lost its last provider during this round is looked up before refusing.
        if (broken.some((r) => !looked.has(keyOf(r)))) {
          changed = true;
          continue;
        }
        p.rejected = true;
        changed = true;
        for (const k of p.provides) providers.set(k, (providers.get(k) ?? 1) - 1);
        this.errors.push({
          kind: p.kind, path: p.path, id: p.id,
          issues: broken.map((r) => ({ path: p.path ? `${p.path}.${r.field}` : r.field, message: `unknown ${r.toType === 'okr' ? 'objective or key result' : r.toType} "${r.toId}"` })),
        });
      }
    }
    return new Set(this.planned.filter((p) => !p.rejected).map((p) => p.path));
  }
}
