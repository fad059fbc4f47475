import { sql, type Kysely, type CreateTableBuilder } from 'kysely';
import { engineOf } from '../dialect.js';

/** Surrogate integer key: AUTOINCREMENT on SQLite, identity on PostgreSQL. */
function withId<T extends string>(db: Kysely<any>, t: CreateTableBuilder<T, any>): CreateTableBuilder<T, any> {
  return engineOf(db) === 'postgres'
    ? t.addColumn('id', 'integer', (c) => c.primaryKey().generatedByDefaultAsIdentity())
    : t.addColumn('id', 'integer', (c) => c.primaryKey().autoIncrement());
}

function entityColumns<T extends string>(t: CreateTableBuilder<T, any>): CreateTableBuilder<T, any> {
  return t
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('etag', 'text', (c) => c.notNull())
    .addColumn('doc', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull());
}

const METRIC_INDEXED = [
  'name', 'category', 'tier', 'business_domain', 'metric_type', 'status', 'owner_team', 'technical_owner',
  'business_owner', 'data_classification', 'created_at', 'updated_at',
] as const;

export async function up(db: Kysely<any>): Promise<void> {
  const pg = engineOf(db) === 'postgres';

  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('catalog_meta', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.insertInto('workspaces').values({ id: 'default', name: 'Default workspace', catalog_meta: null, created_at: new Date().toISOString() }).execute();

  let metrics = withId(db, db.schema.createTable('metrics')).addColumn('metric_id', 'text', (c) => c.notNull());
  for (const col of ['name', 'short_name', 'category', 'tier', 'business_domain', 'metric_type', 'status', 'owner_team',
    'technical_owner', 'business_owner', 'data_classification', 'unit', 'search_text'] as const) {
    metrics = metrics.addColumn(col, 'text', (c) => c.notNull().defaultTo(''));
  }
  await entityColumns(metrics.addColumn('pii_involved', 'integer', (c) => c.notNull().defaultTo(0)))
    .addUniqueConstraint('metrics_workspace_metric_id_uq', ['workspace_id', 'metric_id'])
    .execute();
  for (const col of METRIC_INDEXED) {
    await db.schema.createIndex(`metrics_ws_${col}_idx`).on('metrics').columns(['workspace_id', col, 'metric_id']).execute();
  }

  await db.schema
    .createTable('metric_tags')
    .addColumn('metric_pk', 'integer', (c) => c.notNull().references('metrics.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('metric_tags_pk', ['metric_pk', 'tag'])
    .execute();
  await db.schema.createIndex('metric_tags_ws_tag_idx').on('metric_tags').columns(['workspace_id', 'tag', 'metric_pk']).execute();

  // Full-text search: FTS5 on SQLite (rowid = metrics.id), an expression GIN index on PostgreSQL.
  if (pg) {
    await sql`CREATE INDEX metrics_search_idx ON metrics USING GIN (to_tsvector('simple', search_text))`.execute(db);
  } else {
    await sql`CREATE VIRTUAL TABLE metrics_fts USING fts5(body, tokenize = 'unicode61 remove_diacritics 2')`.execute(db);
  }

  await entityColumns(
    withId(db, db.schema.createTable('domains'))
      .addColumn('domain_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('owner_team', 'text', (c) => c.notNull().defaultTo('')),
  )
    .addUniqueConstraint('domains_workspace_domain_id_uq', ['workspace_id', 'domain_id'])
    .execute();
  await db.schema.createIndex('domains_ws_name_idx').on('domains').columns(['workspace_id', 'name']).execute();

  await entityColumns(
    withId(db, db.schema.createTable('objectives'))
      .addColumn('objective_id', 'text', (c) => c.notNull())
      .addColumn('name', 'text', (c) => c.notNull())
      .addColumn('status', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('owner_team', 'text', (c) => c.notNull().defaultTo(''))
      .addColumn('business_domain', 'text', (c) => c.notNull().defaultTo('')),
  )
    .addUniqueConstraint('objectives_workspace_objective_id_uq', ['workspace_id', 'objective_id'])
    .execute();

  await db.schema
    .createTable('key_results')
    .addColumn('objective_pk', 'integer', (c) => c.notNull().references('objectives.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('kr_id', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('key_results_pk', ['objective_pk', 'kr_id'])
    .execute();
  await db.schema.createIndex('key_results_ws_kr_idx').on('key_results').columns(['workspace_id', 'kr_id']).execute();

  await db.schema
    .createTable('entity_refs')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('from_type', 'text', (c) => c.notNull())
    .addColumn('from_id', 'text', (c) => c.notNull())
    .addColumn('field', 'text', (c) => c.notNull())
    .addColumn('to_type', 'text', (c) => c.notNull())
    .addColumn('to_id', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('entity_refs_to_idx').on('entity_refs').columns(['workspace_id', 'to_type', 'to_id']).execute();
  await db.schema.createIndex('entity_refs_from_idx').on('entity_refs').columns(['workspace_id', 'from_type', 'from_id']).execute();

  await withId(db, db.schema.createTable('entity_versions'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('change_kind', 'text', (c) => c.notNull())
    .addColumn('bump', 'text')
    .addColumn('changed_fields', 'text', (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('entity_versions_revision_uq', ['workspace_id', 'entity_type', 'entity_id', 'revision'])
    .execute();

  await withId(db, db.schema.createTable('audit_events'))
    .addColumn('workspace_id', 'text', (c) => c.notNull().references('workspaces.id').onDelete('cascade'))
    .addColumn('occurred_at', 'text', (c) => c.notNull())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('request_id', 'text')
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('before', 'text')
    .addColumn('after', 'text')
    .execute();
  await db.schema.createIndex('audit_events_ws_time_idx').on('audit_events').columns(['workspace_id', 'occurred_at']).execute();
  await db.schema.createIndex('audit_events_ws_entity_idx').on('audit_events').columns(['workspace_id', 'entity_type', 'entity_id']).execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['audit_events', 'entity_versions', 'entity_refs', 'key_results', 'objectives', 'domains', 'metric_tags']) {
    await db.schema.dropTable(t).execute();
  }
  if (engineOf(db) === 'sqlite') await db.schema.dropTable('metrics_fts').execute();
  await db.schema.dropTable('metrics').execute();
  await db.schema.dropTable('workspaces').execute();
}
