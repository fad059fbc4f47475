import { PostgresIntrospector, sql, type DatabaseIntrospector, type DatabaseMetadataOptions, type Kysely, type SchemaMetadata, type TableMetadata } from 'kysely';

interface ColumnRow {
  column: string;
  not_null: boolean;
  has_default: boolean;
  table: string;
  table_type: string;
  schema: string;
  type: string;
  type_schema: string;
  column_description: string | null;
  auto_incrementing: boolean;
}

/**
 * Kysely's PostgreSQL introspector reads the tables of every schema in the database, calling
 * `has_schema_privilege()` and `pg_get_serial_sequence()` by schema name. A schema dropped while that
 * query runs (another MDL instance or tenant schema going away, or parallel test files) makes it fail
 * with "schema … does not exist", and with it the migrator. MDL only ever looks at its own schema, so
 * this introspector reads `current_schema()` alone, by oid, with no name lookups that can race.
 */
export class CurrentSchemaIntrospector implements DatabaseIntrospector {
  private readonly base: PostgresIntrospector;

  constructor(private readonly db: Kysely<any>) {
    this.base = new PostgresIntrospector(db);
  }

  getSchemas(): Promise<SchemaMetadata[]> {
    return this.base.getSchemas();
  }

  async getTables(options: DatabaseMetadataOptions = { withInternalKyselyTables: false }): Promise<TableMetadata[]> {
    let query = this.db
      .selectFrom('pg_catalog.pg_attribute as a')
      .innerJoin('pg_catalog.pg_class as c', 'a.attrelid', 'c.oid')
      .innerJoin('pg_catalog.pg_namespace as ns', 'c.relnamespace', 'ns.oid')
      .innerJoin('pg_catalog.pg_type as typ', 'a.atttypid', 'typ.oid')
      .innerJoin('pg_catalog.pg_namespace as dtns', 'typ.typnamespace', 'dtns.oid')
      .select([
        'a.attname as column', 'a.attnotnull as not_null', 'a.atthasdef as has_default', 'c.relname as table', 'c.relkind as table_type',
        'ns.nspname as schema', 'typ.typname as type', 'dtns.nspname as type_schema',
        sql<string | null>`col_description(a.attrelid, a.attnum)`.as('column_description'),
        // Identity columns, or a default drawn from a sequence (serial): no lookup by name.
        sql<boolean>`(a.attidentity <> '' or exists (select 1 from pg_catalog.pg_depend d where d.refobjid = c.oid and d.refobjsubid = a.attnum and d.classid = 'pg_catalog.pg_class'::regclass and d.deptype in ('a', 'i')))`.as('auto_incrementing'),
      ])
      .where('c.relkind', 'in', ['r', 'v', 'p'])
      .where(sql<boolean>`ns.nspname = current_schema()`)
      .where('a.attnum', '>=', 0)
      .where('a.attisdropped', '!=', true)
      .orderBy('c.relname')
      .orderBy('a.attnum')
      .$castTo<ColumnRow>();
    if (!options.withInternalKyselyTables) {
      query = query.where('c.relname', 'not in', ['kysely_migration', 'kysely_migration_lock']);
    }
    return toTables(await query.execute());
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<{ tables: TableMetadata[] }> {
    return { tables: await this.getTables(options) };
  }
}

function toTables(rows: ColumnRow[]): TableMetadata[] {
  const tables = new Map<string, { name: string; schema: string; isView: boolean; columns: TableMetadata['columns'][number][] }>();
  for (const r of rows) {
    let t = tables.get(r.table);
    if (!t) tables.set(r.table, (t = { name: r.table, schema: r.schema, isView: r.table_type === 'v', columns: [] }));
    t.columns.push({
      name: r.column, dataType: r.type, dataTypeSchema: r.type_schema, hasDefaultValue: r.has_default,
      isAutoIncrementing: Boolean(r.auto_incrementing), isNullable: !r.not_null, comment: r.column_description ?? undefined,
    });
  }
  return [...tables.values()];
}
