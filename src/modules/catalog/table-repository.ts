import type { Kysely } from 'kysely';
import type { Db } from '../../db/connect.js';
import { changeTokenOf } from '../../db/change-token.js';
import { KeptWhile } from '../../shared/kept-while.js';
import type { EntityRepository, NewRow, StoredEntity, Trx } from './kind.js';
import { afterCursor, encodeCursor, type ChainCount, type Page, type Sort } from './pagination.js';

export type EntityTable = 'metrics' | 'domains' | 'objectives';

export interface TableSpec<T> {
  table: EntityTable;
  idColumn: string;
  /** Scalar copies of document fields kept as columns (including the id column). */
  columnsOf(doc: T): Record<string, string | number>;
  /** Side tables kept in step with the row (tags, full-text index, key results). */
  afterWrite?(trx: Trx, workspaceId: string, pk: number, doc: T, isNew: boolean): Promise<void>;
  beforeDelete?(trx: Trx, pk: number): Promise<void>;
}

type Row = { id: number; doc: string; etag: string; version: string; revision: number };
const CHUNK = 500;

/**
 * Row mechanics shared by every entity table: the document as JSON beside its indexed columns,
 * optimistic updates on `revision`, and keyset-paginated lists. Table and column names come from
 * the spec (code, never input), so the loose typing below stays internal.
 */
export class TableRepository<T> implements EntityRepository<T> {
  /** A list's count by table and ChainCount key (see count()). */
  private readonly counts = new KeptWhile<number>();

  constructor(protected readonly spec: TableSpec<T>) {}

  private q(db: Trx | Db): Kysely<any> {
    return db as unknown as Kysely<any>;
  }

  private toStored(r: Row): StoredEntity<T> {
    return { pk: Number(r.id), doc: JSON.parse(r.doc) as T, etag: r.etag, version: r.version, revision: Number(r.revision) };
  }

  async findText(db: Trx | Db, workspaceId: string, id: string): Promise<{ docJson: string; etag: string } | undefined> {
    const row = (await this.q(db).selectFrom(this.spec.table).select(['doc', 'etag'])
      .where('workspace_id', '=', workspaceId).where(this.spec.idColumn, '=', id).executeTakeFirst()) as { doc: string; etag: string } | undefined;
    return row ? { docJson: row.doc, etag: row.etag } : undefined;
  }

  async find(trx: Trx | Db, workspaceId: string, id: string): Promise<StoredEntity<T> | undefined> {
    const row = (await this.q(trx).selectFrom(this.spec.table).select(['id', 'doc', 'etag', 'version', 'revision'])
      .where('workspace_id', '=', workspaceId).where(this.spec.idColumn, '=', id).executeTakeFirst()) as Row | undefined;
    return row ? this.toStored(row) : undefined;
  }

  async findMany(trx: Trx, workspaceId: string, ids: readonly string[]): Promise<Map<string, StoredEntity<T>>> {
    const out = new Map<string, StoredEntity<T>>();
    for (let i = 0; i < ids.length; i += CHUNK) {
      const rows = (await this.q(trx).selectFrom(this.spec.table).select(['id', 'doc', 'etag', 'version', 'revision', `${this.spec.idColumn} as key`])
        .where('workspace_id', '=', workspaceId).where(this.spec.idColumn, 'in', ids.slice(i, i + CHUNK)).execute()) as Array<Row & { key: string }>;
      for (const r of rows) out.set(r.key, this.toStored(r));
    }
    return out;
  }

  async insert(trx: Trx, workspaceId: string, row: NewRow<T>): Promise<number> {
    const inserted = await this.q(trx).insertInto(this.spec.table)
      .values({ workspace_id: workspaceId, ...this.spec.columnsOf(row.doc), ...this.meta(row) })
      .returning('id').executeTakeFirstOrThrow();
    const pk = Number(inserted.id);
    await this.spec.afterWrite?.(trx, workspaceId, pk, row.doc, true);
    return pk;
  }

  async update(trx: Trx, workspaceId: string, pk: number, row: NewRow<T>, expectedRevision: number): Promise<boolean> {
    const result = await this.q(trx).updateTable(this.spec.table)
      .set({ ...this.spec.columnsOf(row.doc), ...this.meta(row) })
      .where('id', '=', pk).where('workspace_id', '=', workspaceId).where('revision', '=', expectedRevision)
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) !== 1) return false;
    await this.spec.afterWrite?.(trx, workspaceId, pk, row.doc, false);
    return true;
  }

  async delete(trx: Trx, workspaceId: string, pk: number): Promise<void> {
    await this.spec.beforeDelete?.(trx, pk);
    await this.q(trx).deleteFrom(this.spec.table).where('id', '=', pk).where('workspace_id', '=', workspaceId).execute();
  }

  private meta(row: NewRow<T>) {
    return { version: row.version, revision: row.revision, etag: row.etag, doc: row.docJson, created_at: row.created_at, updated_at: row.updated_at };
  }

  /**
   * One page after `cursor` in (sort column, id) order plus the filtered total. `where` narrows the
   * query (filters); the same predicate serves the count so the total always matches the pages. The
   * count is made once per cursor chain (`chain`, see ChainCount) and carried in its cursors.
   * Items are the stored JSON texts, unparsed: the API splices them into its answer as they are, and
   * callers that need values parse them (EntityService.list).
   */
  async page<F extends string>(
    db: Db, workspaceId: string, where: (q: any) => any, sort: Sort<F>, limit: number, cursor?: { value: string; id: string }, chain?: ChainCount,
  ): Promise<Page<string>> {
    const t = this.spec.table;
    const idCol = `${t}.${this.spec.idColumn}`;
    const sortCol = `${t}.${sort.field}`;
    const base = where(this.q(db).selectFrom(t).where(`${t}.workspace_id`, '=', workspaceId));
    const total = chain?.total ?? (await this.count(db, base, chain?.key));
    let q = base.select([`${idCol} as key`, `${t}.doc as doc`, `${sortCol} as sort_value`]);
    if (cursor) q = q.where((eb: any) => afterCursor(eb, sortCol, idCol, sort.dir, cursor));
    q = q.orderBy(sortCol, sort.dir);
    if (sortCol !== idCol) q = q.orderBy(idCol, sort.dir);
    const rows = (await q.limit(limit + 1).execute()) as Array<{ key: string; doc: string; sort_value: unknown }>;
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map((r) => r.doc),
      total,
      nextCursor: rows.length > limit && last ? encodeCursor(sort, String(last.sort_value), last.key, chain ? { total, key: chain.key } : undefined) : null,
    };
  }

  /**
   * The filtered count, kept until the database changes where the engine says when (SQLite), so a
   * catalog being read and not written is counted once per filter set rather than once per request
   * (0.2 ms a page at 10,000 metrics, 20 ms at a million).
   */
  private count(db: Db, base: any, key: string | undefined): Promise<number> {
    const load = async () => Number((await base.select((eb: any) => eb.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
    return key === undefined ? load() : this.counts.get(`${this.spec.table}:${key}`, changeTokenOf(db), load);
  }

  /** Every document in id order, fetched in batches (exports, bundles), never the whole table at once. */
  async *streamAll(db: Db, workspaceId: string, batch = 1000): AsyncGenerator<T> {
    let after = '';
    for (;;) {
      const rows = (await this.q(db).selectFrom(this.spec.table).select([`${this.spec.idColumn} as key`, 'doc'])
        .where('workspace_id', '=', workspaceId).where(this.spec.idColumn, '>', after).orderBy(this.spec.idColumn).limit(batch).execute()) as Array<{ key: string; doc: string }>;
      for (const r of rows) yield JSON.parse(r.doc) as T;
      if (rows.length < batch) return;
      after = rows[rows.length - 1]!.key;
    }
  }
}
