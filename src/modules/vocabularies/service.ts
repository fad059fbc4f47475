import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../shared/context.js';
import { ConflictError, NotFoundError, ValidationError, ValueInUseError } from '../../shared/errors.js';
import { NO_NUL } from '../../shared/zod-primitives.js';
import type { HistoryRepository } from '../catalog/history-repository.js';
import type { Trx } from '../catalog/kind.js';
import {
  isVocabularyName, lookupKey, MAX_ALIASES, MAX_VALUE_LENGTH, MAX_VALUES, VOCABULARY_NAMES, VocabularySet, type Vocabulary, type VocabularyName,
} from './model.js';
import type { VocabulariesRepository } from './repository.js';

export interface AddValueOptions {
  /** Ordered vocabularies only: the new value goes right before or after this one (default: last). */
  before?: string;
  after?: string;
}

/** One change to a vocabulary, as `mdl vocab` names them (the API has a route for each). */
export type VocabularyChange =
  | { op: 'add'; value: string; before?: string; after?: string }
  | { op: 'alias'; alias: string; value: string }
  | { op: 'unalias'; alias: string }
  | { op: 'remove'; value: string }
  | { op: 'close' }
  | { op: 'open' };

/**
 * The workspace vocabularies (issue 8). Reads are for everyone; changes are the admin's (the routes
 * say so) and each is audited as `workspace.vocabulary.update` with the vocabulary before and after.
 * Changes take the workspace's write lock, as catalog writes do, so a value is never removed while
 * a write that uses it is committing. Plain class: the API and the CLI call it alike.
 */
export class VocabularyService {
  constructor(
    private readonly db: Db,
    private readonly repo: VocabulariesRepository,
    private readonly history: HistoryRepository,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(ctx: RequestContext): Promise<Vocabulary[]> {
    const all = await this.repo.load(this.db, ctx.workspaceId);
    return VOCABULARY_NAMES.map((n) => all[n]);
  }

  async get(ctx: RequestContext, name: string): Promise<Vocabulary> {
    const n = this.nameOf(name);
    return (await this.repo.load(this.db, ctx.workspaceId))[n];
  }

  /** The vocabularies a write batch checks against, read once (inside the writer's transaction when given). */
  async snapshot(ex: Db | Trx, workspaceId: string): Promise<VocabularySet> {
    return new VocabularySet(await this.repo.load(ex, workspaceId));
  }

  apply(ctx: RequestContext, name: string, c: VocabularyChange): Promise<Vocabulary> {
    switch (c.op) {
      case 'add': return this.addValue(ctx, name, c.value, { before: c.before, after: c.after });
      case 'alias': return this.addAlias(ctx, name, c.alias, c.value);
      case 'unalias': return this.removeAlias(ctx, name, c.alias);
      case 'remove': return this.removeValue(ctx, name, c.value);
      case 'close': return this.setClosed(ctx, name, true);
      case 'open': return this.setClosed(ctx, name, false);
    }
  }

  async addValue(ctx: RequestContext, name: string, value: unknown, opts: AddValueOptions = {}): Promise<Vocabulary> {
    const text = this.valueText(value, 'value');
    return this.change(ctx, name, { change: 'add_value', value: text, ...opts }, (v) => {
      if (this.find(v, text)) throw new ConflictError(`"${text}" is already a ${v.name} value or alias (values and aliases ignore case)`);
      if (v.values.length >= MAX_VALUES) throw new ValidationError(`${v.name} has the most values it may hold`, [{ path: 'value', message: `at most ${MAX_VALUES} values` }]);
      if (opts.before !== undefined && opts.after !== undefined) {
        throw new ValidationError('give before or after, not both', [{ path: 'before', message: 'not with after' }]);
      }
      const anchor = opts.before ?? opts.after;
      if (anchor === undefined) return { ...v, values: [...v.values, text] };
      if (!v.ordered) throw new ValidationError(`${v.name} is not ordered: before/after do not apply`, [{ path: opts.before !== undefined ? 'before' : 'after', message: 'only for ordered vocabularies (data_classification)' }]);
      const at = v.values.findIndex((x) => lookupKey(x) === lookupKey(this.valueText(anchor, opts.before !== undefined ? 'before' : 'after')));
      if (at < 0) throw new ValidationError(`"${anchor}" is not a ${v.name} value`, [{ path: opts.before !== undefined ? 'before' : 'after', message: `must be one of ${v.values.join(', ')}` }]);
      const values = [...v.values];
      values.splice(opts.before !== undefined ? at : at + 1, 0, text);
      return { ...v, values };
    });
  }

  async addAlias(ctx: RequestContext, name: string, alias: unknown, value: unknown): Promise<Vocabulary> {
    const a = this.valueText(alias, 'alias');
    const target = this.valueText(value, 'value');
    return this.change(ctx, name, { change: 'add_alias', alias: a, value: target }, (v, _trx, detail) => {
      const canonical = v.values.find((x) => lookupKey(x) === lookupKey(target));
      if (canonical) detail.value = canonical;
      if (!canonical) throw new ValidationError(`"${target}" is not a ${v.name} value`, [{ path: 'value', message: v.values.length ? `must be one of ${v.values.join(', ')}` : 'the vocabulary has no values yet: add one first' }]);
      if (this.find(v, a)) throw new ConflictError(`"${a}" is already a ${v.name} value or alias (values and aliases ignore case)`);
      if (v.aliases.length >= MAX_ALIASES) throw new ValidationError(`${v.name} has the most aliases it may hold`, [{ path: 'alias', message: `at most ${MAX_ALIASES} aliases` }]);
      return { ...v, aliases: [...v.aliases, { alias: a, value: canonical }] };
    });
  }

  async removeAlias(ctx: RequestContext, name: string, alias: unknown): Promise<Vocabulary> {
    const a = this.valueText(alias, 'alias');
    return this.change(ctx, name, { change: 'remove_alias', alias: a }, (v, _trx, detail) => {
      const found = v.aliases.find((x) => lookupKey(x.alias) === lookupKey(a));
      if (!found) throw new NotFoundError(`"${a}" is not a ${v.name} alias`);
      Object.assign(detail, found);
      return { ...v, aliases: v.aliases.filter((x) => x !== found) };
    });
  }

  /** Refused (409 VALUE_IN_USE, with the count) while any metric holds the value; its aliases go with it. */
  async removeValue(ctx: RequestContext, name: string, value: unknown): Promise<Vocabulary> {
    const text = this.valueText(value, 'value');
    return this.change(ctx, name, { change: 'remove_value', value: text }, async (v, trx, detail) => {
      const canonical = v.values.find((x) => lookupKey(x) === lookupKey(text));
      if (canonical) detail.value = canonical;
      if (!canonical) throw new NotFoundError(`"${text}" is not a ${v.name} value`);
      if (v.ordered && v.values.length === 1) throw new ValidationError(`${v.name} keeps at least one level: policies compare by it`, [{ path: 'value', message: 'is the last level' }]);
      const used = await this.repo.metricsUsing(trx, ctx.workspaceId, v.name, canonical);
      if (used > 0) {
        throw new ValueInUseError(`${used} metric(s) use ${v.name} "${canonical}": change them first (mdl list shows them)`, { vocabulary: v.name, value: canonical, metrics: used });
      }
      const key = lookupKey(canonical);
      return { ...v, values: v.values.filter((x) => lookupKey(x) !== key), aliases: v.aliases.filter((x) => lookupKey(x.value) !== key) };
    });
  }

  /** Closed: unknown values are refused on write. Open: any value is kept (known spellings still canonicalized). */
  async setClosed(ctx: RequestContext, name: string, closed: boolean): Promise<Vocabulary> {
    return this.change(ctx, name, { change: closed ? 'close' : 'open' }, (v) => ({ ...v, closed }));
  }

  /** Reads, changes and stores one vocabulary under the workspace's write lock; audited when it changed. */
  private async change(
    ctx: RequestContext, name: string, detail: Record<string, unknown>,
    /** `detail` (what the audit event says was asked) may be corrected to the canonical spelling. */
    fn: (v: Vocabulary, trx: Trx, detail: Record<string, unknown>) => Vocabulary | Promise<Vocabulary>,
  ): Promise<Vocabulary> {
    const n = this.nameOf(name);
    return this.db.transaction().execute(async (trx) => {
      await this.history.lockWorkspace(trx, ctx.workspaceId);
      const before = (await this.repo.load(trx, ctx.workspaceId))[n];
      const next = await fn(before, trx, detail);
      if (JSON.stringify({ ...next, customized: true }) === JSON.stringify({ ...before, customized: true })) return before;
      const at = this.now().toISOString();
      await this.repo.save(trx, ctx.workspaceId, next, at);
      const after = { ...next, customized: true };
      await this.history.append(trx, ctx.workspaceId, [], [{
        occurred_at: at, actor: ctx.actor, action: 'workspace.vocabulary.update', entity_type: 'vocabulary', entity_id: n,
        request_id: ctx.requestId ?? null, ip: ctx.ip ?? null, outcome: 'success',
        before: shown(before), after: { ...shown(after), ...detail },
      }]);
      return after;
    });
  }

  private nameOf(name: string): VocabularyName {
    if (!isVocabularyName(name)) throw new NotFoundError(`no vocabulary "${name}" (there are ${VOCABULARY_NAMES.join(', ')})`);
    return name;
  }

  private find(v: Vocabulary, text: string): boolean {
    const key = lookupKey(text);
    return v.values.some((x) => lookupKey(x) === key) || v.aliases.some((x) => lookupKey(x.alias) === key);
  }

  private valueText(value: unknown, path: string): string {
    // Format characters too (bidi overrides, zero-width): a value shows in lists, policies and terminals as
    // another word, or as one it only looks like. Stored NFC, so "é" composed and decomposed are one value.
    if (typeof value !== 'string' || value.trim() === '' || value !== value.trim() || value.length > MAX_VALUE_LENGTH || !NO_NUL.test(value) || /[\p{Cc}\p{Cf}\p{Cs}]/u.test(value)) {
      throw new ValidationError(`invalid ${path}`, [{ path, message: `must be text of 1 to ${MAX_VALUE_LENGTH} characters, without surrounding spaces, control characters, bidirectional overrides or zero-width characters` }]);
    }
    return value.normalize('NFC');
  }
}

function shown(v: Vocabulary): Record<string, unknown> {
  return { closed: v.closed, values: v.values, aliases: v.aliases };
}
