import type { Db } from '../../db/connect.js';
import type { RequestContext } from '../../shared/context.js';
import { NotFoundError } from '../../shared/errors.js';
import type { HistoryRepository } from './history-repository.js';
import type { EntityLifecycle } from './lifecycle.js';
import { chainKey, decodeCursor, MAX_PAGE_SIZE, parseSort, type ChainCount, type Page, type Sort } from './pagination.js';

export interface ListRequest<F> {
  filter: F;
  sort?: string;
  limit?: number;
  cursor?: string;
}

export interface Lister<T, F> {
  sortFields: readonly string[];
  defaultSort: string;
  /** One page whose items are the stored JSON texts (see TableRepository.page). */
  list(db: Db, workspaceId: string, filter: F, sort: Sort<string>, limit: number, cursor?: { value: string; id: string }, chain?: ChainCount): Promise<Page<string>>;
  streamAll(db: Db, workspaceId: string): AsyncGenerator<T>;
}

/**
 * What the API and the CLI call for one entity type: the shared write lifecycle plus list and
 * history reads. Plain class, no HTTP: routes and commands are thin adapters over it.
 */
export class EntityService<T, F> {
  constructor(
    protected readonly db: Db,
    readonly lifecycle: EntityLifecycle<T>,
    protected readonly lister: Lister<T, F>,
    protected readonly history: HistoryRepository,
  ) {}

  get type() {
    return this.lifecycle.kind.type;
  }

  get = (ctx: RequestContext, id: string) => this.lifecycle.get(ctx, id);
  getText = (ctx: RequestContext, id: string) => this.lifecycle.getText(ctx, id);
  create = (ctx: RequestContext, input: unknown) => this.lifecycle.create(ctx, input);
  replace = (ctx: RequestContext, id: string, input: unknown, ifMatch?: string) => this.lifecycle.replace(ctx, id, input, ifMatch);
  patch = (ctx: RequestContext, id: string, patch: unknown, ifMatch?: string) => this.lifecycle.patch(ctx, id, patch, ifMatch);
  delete = (ctx: RequestContext, id: string, opts: { ifMatch?: string; force?: boolean } = {}) => this.lifecycle.delete(ctx, id, opts);

  async list(ctx: RequestContext, req: ListRequest<F>): Promise<Page<T>> {
    const page = await this.listText(ctx, req);
    return { ...page, items: page.items.map((text) => JSON.parse(text) as T) };
  }

  /** The same page with each item as its stored JSON text, for a reader that only sends it on. */
  async listText(ctx: RequestContext, req: ListRequest<F>): Promise<Page<string>> {
    const sort = parseSort(req.sort, this.lister.sortFields, this.lister.defaultSort);
    const limit = Math.min(Math.max(req.limit ?? 50, 1), MAX_PAGE_SIZE);
    const filter = await this.prepareFilter(ctx, req.filter);
    const cursor = decodeCursor(req.cursor, sort);
    const key = chainKey(ctx.workspaceId, filter);
    // The total a cursor carries is believed only for the filters it was counted for.
    const chain: ChainCount = cursor?.count?.key === key ? { key, total: cursor.count.total } : { key };
    return this.lister.list(this.db, ctx.workspaceId, filter, sort, limit, cursor, chain);
  }

  /** Hook for filters that need resolving first (e.g. a domain given by name). */
  protected async prepareFilter(_ctx: RequestContext, filter: F): Promise<F> {
    return filter;
  }

  streamAll(ctx: RequestContext): AsyncGenerator<T> {
    return this.lister.streamAll(this.db, ctx.workspaceId);
  }

  async versions(ctx: RequestContext, id: string) {
    const list = await this.history.listVersions(this.db, ctx.workspaceId, this.type, id);
    if (list.length === 0) throw new NotFoundError(`${this.type} "${id}" not found`);
    return list;
  }

  async version(ctx: RequestContext, id: string, version: string) {
    const found = await this.history.getVersion(this.db, ctx.workspaceId, this.type, id, version);
    if (!found) throw new NotFoundError(`version ${version} of ${this.type} "${id}" not found`);
    return found;
  }
}
