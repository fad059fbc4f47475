import { PostgresIntrospector, sql, type DatabaseIntrospector, type DatabaseMetadataOptions, type Kysely, type SchemaMetadata, type TableMetadata } from 'kysely';

interface RelationRow {
  oid: number;
  table: string;
  table_type: string;
  schema: string;
}

interface ColumnRow {
  attrelid: number;
  column: string;
  not_null: boolean;
  has_default: boolean;
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
 *
 * Two small queries rather than one join: with the schema's relation oids known, pg_attribute and
 * pg_depend are read through their indexes for those relations only. The single join was planned from
 * catalog statistics, which a catalog bloated by dropped schemas (autovacuum off) inflates: its cost
 * estimate crossed jit_above_cost and each call spent ~450 ms compiling JIT code for < 1 ms of work.
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
    let relations = this.db
      .selectFrom('pg_catalog.pg_class as c')
      .innerJoin('pg_catalog.pg_namespace as ns', 'c.relnamespace', 'ns.oid')
      .select([sql<number>`c.oid::int8`.as('oid'), 'c.relname as table', 'c.relkind as table_type', 'ns.nspname as schema'])
      .where(sql<boolean>`ns.nspname = current_schema()`)
      .where('c.relkind', 'in', ['r', 'v', 'p'])
      .orderBy('c.relname')
      .$castTo<RelationRow>();
    if (!options.withInternalKyselyTables) {
      relations = relations.where('c.relname', 'not in', ['kysely_migration', 'kysely_migration_lock']);
    }
    const rels = await relations.execute();
    if (rels.length === 0) return [];

    const columns = await this.db
      .selectFrom('pg_catalog.pg_attribute as a')
      .innerJoin('pg_catalog.pg_type as typ', 'a.atttypid', 'typ.oid')
      .innerJoin('pg_catalog.pg_namespace as dtns', 'typ.typnamespace', 'dtns.oid')
      .select([
        sql<number>`a.attrelid::int8`.as('attrelid'), 'a.attname as column', 'a.attnotnull as not_null', 'a.atthasdef as has_default',
        'typ.typname as type', 'dtns.nspname as type_schema',
        sql<string | null>`col_description(a.attrelid, a.attnum)`.as('column_description'),
        // An identity column, or a serial one: a sequence (relkind 'S') depending on the column. Other
        // objects depend on columns too (an index, deptype 'a'), so the dependent's kind is checked.
        // The reference side (refclassid, refobjid, refobjsubid) is pg_depend's reference index.
        sql<boolean>`(a.attidentity <> '' or exists (
          select 1 from pg_catalog.pg_depend d
          where d.refclassid = 'pg_catalog.pg_class'::regclass and d.refobjid = a.attrelid and d.refobjsubid = a.attnum
            and d.classid = 'pg_catalog.pg_class'::regclass and d.deptype in ('a', 'i')
            and (select s.relkind from pg_catalog.pg_class s where s.oid = d.objid) = 'S'))`.as('auto_incrementing'),
      ])
      .where(sql<boolean>`a.attrelid = any(${rels.map((r) => String(r.oid))}::oid[])`)
      .where('a.attnum', '>=', 0)
      .where('a.attisdropped', '!=', true)
      .orderBy('a.attrelid')
      .orderBy('a.attnum')
      .$castTo<ColumnRow>()
      .execute();
    return toTables(rels, columns);
  }

  async getMetadata(options?: DatabaseMetadataOptions): Promise<{ tables: TableMetadata[] }> {
    return { tables: await this.getTables(options) };
  }
}

/** Tables in relation-name order, columns in attribute order; a relation gone between the queries is left out. */
function toTables(rels: RelationRow[], rows: ColumnRow[]): TableMetadata[] {
  const columns = new Map<number, TableMetadata['columns'][number][]>();
  for (const r of rows) {
    const id = Number(r.attrelid);
    let list = columns.get(id);
    if (!list) columns.set(id, (list = []));
    list.push({
      name: r.column, dataType: r.type, dataTypeSchema: r.type_schema, hasDefaultValue: r.has_default,
      isAutoIncrementing: Boolean(r.auto_incrementing), isNullable: !r.not_null, comment: r.column_description ?? undefined,
    });
  }
  return rels.flatMap((t) => {
    const cols = columns.get(Number(t.oid));
    return cols ? [{ name: t.table, schema: t.schema, isView: t.table_type === 'v', columns: cols }] : [];
  });
}
