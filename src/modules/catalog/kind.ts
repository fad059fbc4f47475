import type { ZodType } from 'zod';
import type { Transaction } from 'kysely';
import type { Db } from '../../db/connect.js';
import type { Database } from '../../db/tables.js';
import type { BumpRules } from './versioning.js';

export type EntityType = 'metric' | 'domain' | 'objective';
/** Reference targets: an `okr` reference resolves to an objective id or a key-result id. */
export type RefTarget = EntityType | 'okr';

/** How a reference target reads in messages. */
export function describeTarget(type: RefTarget): string {
  return type === 'okr' ? 'objective or key result' : type;
}

export interface OutgoingRef {
  field: string;
  toType: RefTarget;
  toId: string;
}

export interface ManagedFields {
  version: string;
  created_at: string;
  updated_at: string;
}

/** A stored entity as the repositories hand it to the lifecycle. */
export interface StoredEntity<T> {
  pk: number;
  doc: T;
  etag: string;
  version: string;
  revision: number;
}

export type Trx = Transaction<Database>;

/** All SQL for one entity type's own table(s). */
export interface EntityRepository<T> {
  find(trx: Trx | Db, workspaceId: string, id: string): Promise<StoredEntity<T> | undefined>;
  /** The stored document as its JSON text (exactly what was written, and what its ETag hashes), unparsed. */
  findText(db: Trx | Db, workspaceId: string, id: string): Promise<{ docJson: string; etag: string } | undefined>;
  findMany(trx: Trx, workspaceId: string, ids: readonly string[]): Promise<Map<string, StoredEntity<T>>>;
  insert(trx: Trx, workspaceId: string, row: NewRow<T>): Promise<number>;
  /** Optimistic: updates only if the stored revision is still `expectedRevision`; false otherwise. */
  update(trx: Trx, workspaceId: string, pk: number, row: NewRow<T>, expectedRevision: number): Promise<boolean>;
  delete(trx: Trx, workspaceId: string, pk: number): Promise<void>;
}

export interface NewRow<T> {
  doc: T;
  docJson: string;
  etag: string;
  version: string;
  revision: number;
  created_at: string;
  updated_at: string;
}

/**
 * What makes a metric, a domain or an objective different for the shared lifecycle: its schema,
 * id field, where its server-managed fields live, its version-bump rules and its references.
 */
export interface EntityKind<T> {
  type: EntityType;
  idField: string;
  schema: ZodType<T>;
  repository: EntityRepository<T>;
  bumpRules: BumpRules;
  idOf(doc: T): string;
  getManaged(doc: T): Partial<ManagedFields>;
  /** Where the managed fields sit in a document, as a path prefix ('' at the top level, 'governance.' for metrics). */
  managedPrefix: string;
  /** Returns a copy with the managed fields set (or removed when `managed` is null). */
  withManaged(doc: T, managed: ManagedFields | null): T;
  references(doc: T): OutgoingRef[];
  /** Fields derived by the server (e.g. key-result progress), recomputed on every write. */
  derive?(doc: T): T;
  /**
   * Checks a write batch against the workspace's own data, read once per batch (a metric's values
   * against the workspace vocabularies; `current`: the stored one): the documents to write, or it throws.
   */
  prepareBatch?(trx: Trx, workspaceId: string, items: Array<{ doc: T; current?: T }>): Promise<T[]>;
}
