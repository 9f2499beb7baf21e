// Kysely's Migrator asks the introspector whether its bookkeeping tables exist. Kysely's PostgreSQL
// introspector reads every table of every schema and calls pg_get_serial_sequence on each, which fails
// ("schema ... does not exist") when another schema is dropped while it runs: several masq test runs,
// or any other application sharing the database, can do that at any moment. masq only ever needs its
// own schema, so this introspector reads the current schema and nothing else.
import { sql, type DatabaseIntrospector, type DatabaseMetadata, type Kysely, type SchemaMetadata, type TableMetadata } from 'kysely';

interface ColumnRow {
  readonly table_name: string;
  readonly table_type: string;
  readonly column_name: string;
  readonly data_type: string;
  readonly is_nullable: string;
  readonly column_default: string | null;
}

export class CurrentSchemaIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>;

  constructor(db: Kysely<unknown>) {
    this.#db = db;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select current_schema() as name`.execute(this.#db);
    return rows.map((r) => ({ name: r.name }));
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<ColumnRow & { schema: string }>`
      select c.table_schema as schema, c.table_name, t.table_type, c.column_name, c.data_type, c.is_nullable, c.column_default
      from information_schema.columns c
      join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema()
      order by c.table_name, c.ordinal_position`.execute(this.#db);
    const tables = new Map<string, TableMetadata>();
    for (const row of rows) {
      const table = tables.get(row.table_name) ?? { name: row.table_name, schema: row.schema, isView: row.table_type === 'VIEW', columns: [] };
      tables.set(row.table_name, {
        ...table,
        columns: [...table.columns, {
          name: row.column_name,
          dataType: row.data_type,
          isNullable: row.is_nullable === 'YES',
          isAutoIncrementing: row.column_default?.startsWith('nextval(') ?? false,
          hasDefaultValue: row.column_default !== null,
        }],
      });
    }
    return [...tables.values()];
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}
