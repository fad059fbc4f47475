import type { Db } from '../../db/connect.js';
import { isUniqueViolation } from '../../db/errors.js';
import type { RequestContext } from '../../shared/context.js';
import {
  ConflictError, NotFoundError, PreconditionFailedError, ReadOnlyFieldError, StillReferencedError, UnknownReferenceError, ValidationError, type FieldIssue,
} from '../../shared/errors.js';
import { zodIssues } from '../../shared/zod-issues.js';
import { etagFor, ifMatchSatisfied } from './etag.js';
import type { HistoryRepository, AuditRecord, VersionRecord } from './history-repository.js';
import { describeTarget, type EntityKind, type OutgoingRef, type RefTarget, type StoredEntity, type Trx } from './kind.js';
import { applyMergePatch } from './merge-patch.js';
import { targetKey, type Referrer, type RefsRepository } from './refs-repository.js';
import { bumpFor, changedPaths, fieldDiff, nextVersion, valueAt, type Bump, type FieldDiff } from './versioning.js';

export type WriteOutcome = 'created' | 'updated' | 'unchanged';

export interface WriteResult<T> {
  id: string;
  /** The entity's row (the same across updates; a new one after a delete and re-create). */
  pk: number;
  doc: T;
  etag: string;
  version: string;
  outcome: WriteOutcome;
  changed: string[];
  bump: Bump | null;
  /** Names this write took away (a domain's old name, removed key-result ids): see orphanedReferrers. */
  droppedAliases: string[];
  /** References of the written document that do not resolve (kept and tracked, listed here). */
  warnings: ReferenceWarning[];
}

/** A reference that was kept as written but points at nothing yet (issue 8: tracked, not refused). */
export interface ReferenceWarning {
  code: 'UNRESOLVED_REFERENCE';
  path: string;
  target_type: RefTarget;
  target_id: string;
  message: string;
}

export interface UpsertOptions {
  /** Refuse when the entity already exists (POST) or when it does not (PUT). */
  mode: 'create' | 'replace' | 'upsert';
  ifMatch?: string;
  /** Importers check references once at the end of a batch so files may refer forward. */
  deferReferenceCheck?: boolean;
}

const refKey = (r: OutgoingRef) => targetKey(r.toType, r.toId);

const SEMVER = /^\d+\.\d+\.\d+$/;

/**
 * The one write path for every entity type: validate, compare, bump the version by rule, then write
 * the row, its references, an immutable version snapshot and an audit event in one transaction.
 */
export class EntityLifecycle<T> {
  constructor(
    readonly kind: EntityKind<T>,
    private readonly db: Db,
    private readonly history: HistoryRepository,
    private readonly refs: RefsRepository,
    private readonly now: () => string = () => new Date().toISOString(),
  ) {}

  parse(input: unknown, pathPrefix = ''): T {
    // A write's response carries `warnings` beside the document; sending that response back is not an unknown field.
    if (input && typeof input === 'object' && !Array.isArray(input) && Array.isArray((input as { warnings?: unknown }).warnings)) {
      const { warnings: _w, ...rest } = input as Record<string, unknown>;
      input = rest;
    }
    const result = this.kind.schema.safeParse(input);
    if (!result.success) throw new ValidationError(`invalid ${this.kind.type}`, zodIssues(result.error, pathPrefix));
    return result.data;
  }

  /** What writing `after` over `before` would change, field by field (server-managed fields ignored, as a write ignores them). */
  diff(before: T, after: T): FieldDiff[] {
    const derive = (d: T) => this.kind.withManaged(this.kind.derive ? this.kind.derive(d) : d, null);
    return fieldDiff(derive(before), derive(after));
  }

  async get(ctx: RequestContext, id: string): Promise<StoredEntity<T>> {
    // One statement, no transaction: a single read needs no isolation beyond itself.
    const found = await this.kind.repository.find(this.db, ctx.workspaceId, id);
    if (!found) throw new NotFoundError(`${this.kind.type} "${id}" not found`);
    return found;
  }

  /**
   * The stored document as the JSON text it was written as (JSON.stringify of the validated document,
   * the bytes its ETag hashes), for a read that only sends it on: no parse, no re-serialization.
   */
  async getText(ctx: RequestContext, id: string): Promise<{ docJson: string; etag: string }> {
    const found = await this.kind.repository.findText(this.db, ctx.workspaceId, id);
    if (!found) throw new NotFoundError(`${this.kind.type} "${id}" not found`);
    return found;
  }

  async create(ctx: RequestContext, input: unknown): Promise<WriteResult<T>> {
    const doc = this.parse(input);
    return this.transaction(ctx.workspaceId, (trx) => this.upsertInTrx(trx, ctx, doc, { mode: 'create' }));
  }

  async replace(ctx: RequestContext, id: string, input: unknown, ifMatch?: string): Promise<WriteResult<T>> {
    const withId = typeof input === 'object' && input !== null && !Array.isArray(input) ? { [this.kind.idField]: id, ...input } : input;
    const doc = this.parse(withId);
    this.assertSameId(id, doc);
    return this.transaction(ctx.workspaceId, (trx) => this.upsertInTrx(trx, ctx, doc, { mode: 'replace', ifMatch }));
  }

  async patch(ctx: RequestContext, id: string, patch: unknown, ifMatch?: string): Promise<WriteResult<T>> {
    return this.transaction(ctx.workspaceId, async (trx) => {
      const current = await this.kind.repository.find(trx, ctx.workspaceId, id);
      if (!current) throw new NotFoundError(`${this.kind.type} "${id}" not found`);
      this.assertNoManagedChange(patch, current.doc);
      const merged = applyMergePatch(this.kind.withManaged(current.doc, null), patch);
      const doc = this.parse(merged);
      this.assertSameId(id, doc);
      return this.upsertInTrx(trx, ctx, doc, { mode: 'replace', ifMatch }, current);
    });
  }

  /**
   * A merge patch names the fields it changes, so one naming a server-managed field (version, created_at,
   * updated_at) with another value asks for something the server will not do: refused, not ignored.
   * The stored value itself is accepted (a client patching with a document it read back).
   */
  private assertNoManagedChange(patch: unknown, stored: T): void {
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) return;
    const given = this.kind.getManaged(patch as T);
    const current = this.kind.getManaged(stored);
    const changed = (['version', 'created_at', 'updated_at'] as const).filter((f) => given[f] !== undefined && given[f] !== current[f]);
    if (changed.length > 0) {
      throw new ReadOnlyFieldError(`${changed.join(', ')} ${changed.length === 1 ? 'is' : 'are'} set by the server and cannot be changed`,
        changed.map((f) => ({ path: `${this.kind.managedPrefix}${f}`, message: 'is managed by the server (versions follow the bump rules; timestamps record writes)' })));
    }
  }

  async delete(ctx: RequestContext, id: string, opts: { ifMatch?: string; force?: boolean } = {}): Promise<void> {
    await this.transaction(ctx.workspaceId, async (trx) => {
      const current = await this.kind.repository.find(trx, ctx.workspaceId, id);
      if (!current) throw new NotFoundError(`${this.kind.type} "${id}" not found`);
      if (!ifMatchSatisfied(opts.ifMatch, current.etag)) throw new PreconditionFailedError(`${this.kind.type} "${id}" has changed (ETag ${current.etag})`);
      const aliases = this.aliasesOf(current.doc);
      const referrers = await this.refs.referrers(trx, ctx.workspaceId, this.kind.type, [id], aliases);
      if (referrers.length > 0 && !opts.force) {
        throw new StillReferencedError(
          `${this.kind.type} "${id}" is still referenced by ${referrers.length} other definition(s); remove the references or force the delete (API ?force=true, CLI --force)`,
          { referrers },
        );
      }
      await this.kind.repository.delete(trx, ctx.workspaceId, current.pk);
      await this.refs.clear(trx, ctx.workspaceId, this.kind.type, id);
      const at = this.now();
      await this.history.append(trx, ctx.workspaceId, [
        this.versionRecord(ctx, id, current.version, current.revision + 1, 'delete', null, [], current.doc, at),
      ], [this.auditRecord(ctx, 'delete', id, current.doc, null, at, referrers.length > 0 ? { forced_referrers: referrers } : undefined)]);
    });
  }

  /**
   * Runs `fn` in a transaction that first takes the workspace's write lock (before any row lock, so
   * writers of one workspace never wait on each other in opposite orders); unique-key races surface
   * as a 409, never a 500.
   */
  async transaction<R>(workspaceId: string, fn: (trx: Trx) => Promise<R>): Promise<R> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        await this.history.lockWorkspace(trx, workspaceId);
        return fn(trx);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw new ConflictError(`${this.kind.type} already exists`);
      throw err;
    }
  }

  /** Takes the workspace's write lock in the caller's transaction: do it before the first row write. */
  lockWorkspace(trx: Trx, workspaceId: string): Promise<void> {
    return this.history.lockWorkspace(trx, workspaceId);
  }

  /** Creates or updates one entity inside the caller's transaction (a batch of one). */
  async upsertInTrx(trx: Trx, ctx: RequestContext, parsed: T, opts: UpsertOptions, known?: StoredEntity<T>): Promise<WriteResult<T>> {
    const current = known ?? (await this.kind.repository.find(trx, ctx.workspaceId, this.kind.idOf(parsed)));
    const [result] = await this.upsertManyInTrx(trx, ctx, [{ doc: parsed, current }], opts);
    return result!;
  }

  /**
   * Creates or updates entities inside the caller's transaction. `current` is each entity's stored
   * row (undefined when new). A document equal to the stored one, ignoring server-managed fields,
   * changes nothing: no new version, no audit event. Rows are written one by one; references,
   * version snapshots and audit events once per batch.
   */
  async upsertManyInTrx(trx: Trx, ctx: RequestContext, items: Array<{ doc: T; current: StoredEntity<T> | undefined }>, opts: UpsertOptions): Promise<Array<WriteResult<T>>> {
    const kind = this.kind;
    if (kind.prepareBatch && items.length > 0) {
      // Workspace vocabularies: aliases stored as their value, unknown values of closed ones refused (422).
      const prepared = await kind.prepareBatch(trx, ctx.workspaceId, items.map((i) => ({ doc: i.doc, current: i.current?.doc })));
      items = items.map((item, i) => ({ ...item, doc: prepared[i]! }));
    }
    const at = this.now();
    const newIds = items.filter((i) => !i.current).map((i) => kind.idOf(i.doc));
    const lastRevisions = newIds.length ? await this.history.lastRevisions(trx, ctx.workspaceId, kind.type, newIds) : new Map<string, number>();
    const results: Array<WriteResult<T>> = [];
    const versions: VersionRecord[] = [];
    const audits: AuditRecord[] = [];
    const refsOut: Array<{ fromId: string; refs: OutgoingRef[] }> = [];
    const updatedIds: string[] = [];
    // The policy matters only when a reference is missing: read it then, once per batch, not on every write.
    let policy: Promise<boolean> | undefined;
    const strict = () => (policy ??= this.refs.policy(trx, ctx.workspaceId).then((p) => p === 'strict'));
    const notSelf = (refs: OutgoingRef[], id: string) => refs.filter((r) => !(r.toType === kind.type && r.toId === id));

    for (const { doc: parsed, current } of items) {
      const id = kind.idOf(parsed);
      if (current && opts.mode === 'create') throw new ConflictError(`${kind.type} "${id}" already exists`);
      if (!current && opts.mode === 'replace') throw new NotFoundError(`${kind.type} "${id}" not found`);
      if (!ifMatchSatisfied(opts.ifMatch, current?.etag)) {
        throw new PreconditionFailedError(`${kind.type} "${id}" has changed (ETag ${current?.etag ?? 'none'})`);
      }
      const incoming = kind.derive ? kind.derive(parsed) : parsed;

      if (!current) {
        const given = kind.getManaged(incoming);
        const created = given.created_at || at;
        const managed = { version: given.version && SEMVER.test(given.version) ? given.version : '1.0.0', created_at: created, updated_at: given.updated_at || created };
        const doc = kind.withManaged(incoming, managed);
        const refs = kind.references(doc);
        // A reference to itself resolves once the row exists (as in an import, where the record provides it).
        const warnings = opts.deferReferenceCheck ? [] : await this.checkReferences(trx, ctx, notSelf(refs, id), strict, () => true);
        const revision = (lastRevisions.get(id) ?? 0) + 1;
        const docJson = JSON.stringify(doc);
        const etag = etagFor(docJson);
        const pk = await kind.repository.insert(trx, ctx.workspaceId, { doc, docJson, etag, revision, ...managed });
        refsOut.push({ fromId: id, refs });
        versions.push(this.versionRecord(ctx, id, managed.version, revision, 'create', null, ['*'], doc, at, docJson));
        audits.push(this.auditRecord(ctx, 'create', id, null, doc, at));
        results.push({ id, pk, doc, etag, version: managed.version, outcome: 'created', changed: ['*'], bump: null, droppedAliases: [], warnings });
        continue;
      }

      const before = kind.withManaged(current.doc, null);
      const after = kind.withManaged(incoming, null);
      const changed = changedPaths(before, after);
      if (changed.length === 0) {
        const warnings = opts.deferReferenceCheck ? [] : await this.checkReferences(trx, ctx, notSelf(kind.references(current.doc), id), async () => false, () => false);
        results.push({ id, pk: current.pk, doc: current.doc, etag: current.etag, version: current.version, outcome: 'unchanged', changed: [], bump: null, droppedAliases: [], warnings });
        continue;
      }
      const bump = bumpFor(changed, kind.bumpRules);
      const managed = { version: nextVersion(current.version, bump), created_at: kind.getManaged(current.doc).created_at || at, updated_at: at };
      const doc = kind.withManaged(incoming, managed);
      const refs = kind.references(doc);
      // Under the strict policy only references this write adds are refused: a forced delete elsewhere must not block unrelated edits.
      const old = new Set(kind.references(current.doc).map(refKey));
      const warnings = opts.deferReferenceCheck ? [] : await this.checkReferences(trx, ctx, notSelf(refs, id), strict, (r) => !old.has(refKey(r)));
      const docJson = JSON.stringify(doc);
      const etag = etagFor(docJson);
      const ok = await kind.repository.update(trx, ctx.workspaceId, current.pk, { doc, docJson, etag, revision: current.revision + 1, ...managed }, current.revision);
      if (!ok) throw new PreconditionFailedError(`${kind.type} "${id}" was changed concurrently; retry with its new ETag`);
      updatedIds.push(id);
      refsOut.push({ fromId: id, refs });
      versions.push(this.versionRecord(ctx, id, managed.version, current.revision + 1, 'update', bump, changed, doc, at, docJson));
      audits.push(this.auditRecord(ctx, 'update', id, pick(before, changed), pick(after, changed), at));
      const kept = new Set(this.aliasesOf(doc));
      const droppedAliases = this.aliasesOf(current.doc).filter((a) => !kept.has(a));
      results.push({ id, pk: current.pk, doc, etag, version: managed.version, outcome: 'updated', changed, bump, droppedAliases, warnings });
    }

    if (updatedIds.length) await this.refs.clearMany(trx, ctx.workspaceId, kind.type, updatedIds);
    await this.refs.insertMany(trx, ctx.workspaceId, kind.type, refsOut);
    if (!opts.deferReferenceCheck) {
      // Like a delete without force: a name or key result that others still refer to cannot be taken away.
      const referrers = await this.orphanedReferrers(trx, ctx, results.flatMap((r) => r.droppedAliases));
      if (referrers.length > 0) {
        throw new StillReferencedError(
          `${kind.type} no longer has a name or key result that ${referrers.length} other definition(s) refer to; move those references first`,
          { referrers },
        );
      }
    }
    await this.history.append(trx, ctx.workspaceId, versions, audits);
    return results;
  }

  /**
   * Who still refers to names this kind of entity no longer provides (after the rows are written):
   * a domain's old name, an objective's removed key-result ids. A name another entity still provides
   * (a domain whose id is that name) still resolves, so its referrers are not orphaned.
   */
  async orphanedReferrers(trx: Trx, ctx: RequestContext, aliases: string[]): Promise<Referrer[]> {
    if (aliases.length === 0) return [];
    const target: RefTarget = this.kind.type === 'objective' ? 'okr' : this.kind.type;
    const resolved = await this.refs.existing(trx, ctx.workspaceId, target, aliases);
    const gone = [...new Set(aliases.filter((a) => !resolved.has(a)))];
    return gone.length > 0 ? this.refs.referrers(trx, ctx.workspaceId, this.kind.type, [], gone) : [];
  }

  /**
   * The references that do not resolve, as warnings. Under the strict policy those `isNew` says this
   * write adds are refused instead (UnknownReferenceError, 422), as every write was before issue 8.
   */
  private async checkReferences(trx: Trx, ctx: RequestContext, refs: OutgoingRef[], strict: () => Promise<boolean>, isNew: (r: OutgoingRef) => boolean): Promise<ReferenceWarning[]> {
    if (refs.length === 0) return [];
    const found = await this.refs.resolvedTargets(trx, ctx.workspaceId, refs.map((r) => ({ type: r.toType, id: r.toId })));
    const missing = refs.filter((r) => !found.has(refKey(r)));
    if (missing.length > 0 && (await strict())) {
      const refused = missing.filter(isNew);
      if (refused.length > 0) {
        throw new UnknownReferenceError(`${this.kind.type} refers to definitions that do not exist (this workspace's reference policy is strict)`,
          refused.map((r) => ({ path: r.field, message: `unknown ${describeTarget(r.toType)} "${r.toId}"` })));
      }
    }
    return missing.map((r) => ({ code: 'UNRESOLVED_REFERENCE', path: r.field, target_type: r.toType, target_id: r.toId, message: `no ${describeTarget(r.toType)} "${r.toId}" yet: kept and tracked as unresolved` }));
  }

  /** Other names an entity can be referred to by: a domain's name, an objective's key-result ids. */
  aliasesOf(doc: T): string[] {
    if (this.kind.type === 'domain') {
      const name = (doc as { name?: unknown }).name;
      return typeof name === 'string' ? [name] : [];
    }
    if (this.kind.type === 'objective') return ((doc as { key_results?: Array<{ kr_id: string }> }).key_results ?? []).map((kr) => kr.kr_id);
    return [];
  }

  private assertSameId(id: string, doc: T): void {
    if (this.kind.idOf(doc) !== id) {
      throw new ValidationError(`${this.kind.idField} in the body must match the URL`, [{ path: this.kind.idField, message: `must be "${id}"` }]);
    }
  }

  private versionRecord(ctx: RequestContext, id: string, version: string, revision: number, changeKind: VersionRecord['change_kind'], bump: Bump | null, changed: string[], snapshot: unknown, at: string, snapshotJson?: string): VersionRecord {
    return { entity_type: this.kind.type, entity_id: id, version, revision, change_kind: changeKind, bump, changed_fields: changed, snapshot, snapshot_json: snapshotJson, actor: ctx.actor, request_id: ctx.requestId ?? null, created_at: at };
  }

  private auditRecord(ctx: RequestContext, action: string, id: string, before: unknown, after: unknown, at: string, extra?: Record<string, unknown>): AuditRecord {
    return {
      occurred_at: at, actor: ctx.actor, action: `${this.kind.type}.${action}`, entity_type: this.kind.type, entity_id: id,
      request_id: ctx.requestId ?? null, ip: ctx.ip ?? null, outcome: 'success', before, after: extra ? { ...(after as object | null), ...extra } : after,
    };
  }
}

/** `{ "definition.unit": value, ... }` for the changed paths: audit before/after without whole documents. */
function pick(doc: unknown, paths: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of paths) out[p] = valueAt(doc, p) ?? null;
  return out;
}
