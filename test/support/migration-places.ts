// For migration tests: a database of its own on each dialect (a SQLite file, a PostgreSQL schema), a
// migrator over masq's migrations up to a given one, and a way to work on a database without migrating it.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Migrator, sql, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import { MIGRATIONS } from '../../src/storage/migrations/migrations.ts';
import { openDatabase, type OpenedDatabase } from '../../src/storage/open-store.ts';
import type { Database } from '../../src/storage/schema.ts';
import { createTestSchema, POSTGRES_URL, withSearchPath } from './stores.ts';

/** A database URL of its own, and how to remove it. */
export interface Place {
  readonly url: string;
  cleanup(): Promise<void>;
}

const sqlitePlace = async (): Promise<Place> => {
  const dir = mkdtempSync(join(tmpdir(), 'masq-migration-'));
  return { url: `sqlite:${join(dir, 'masq.db')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
};

const postgresPlace = async (url: string): Promise<Place> => {
  const { schema, drop } = await createTestSchema(url);
  return { url: withSearchPath(url, schema), cleanup: drop };
};

const postgresUrl = POSTGRES_URL;
export const PLACES: readonly { name: string; make(): Promise<Place> }[] = [
  { name: 'sqlite', make: sqlitePlace },
  ...(postgresUrl === undefined ? [] : [{ name: 'postgres', make: () => postgresPlace(postgresUrl) }]),
];

/** A migrator over masq's migrations up to and including `last` ('~' for all), with masq's bookkeeping tables. */
export const migratorUpTo = async (opened: OpenedDatabase, last: string): Promise<Migrator> => {
  const migrations: Record<string, Migration> = {};
  for (const [name, factory] of Object.entries(MIGRATIONS)) if (name <= last) migrations[name] = factory(opened.dialect.ddl);
  const schema = await opened.dialect.migrationSchema(opened.kysely);
  return new Migrator({
    db: opened.kysely, provider: { getMigrations: async () => migrations },
    ...(schema !== undefined && { migrationTableSchema: schema }),
    migrationTableName: 'masq_migration', migrationLockTableName: 'masq_migration_lock',
  });
};

export const succeeded = ({ error }: MigrationResultSet): void => {
  if (error !== undefined) throw error;
};

/** Runs `work` on the database without migrating it. */
export const onDatabase = async (url: string, work: (opened: OpenedDatabase) => Promise<void>): Promise<void> => {
  const opened = await openDatabase(url, { migrate: false });
  try {
    await work(opened);
  } finally {
    await opened.kysely.destroy();
  }
};

export const countRows = async (db: Kysely<Database>, table: string): Promise<number> => {
  const { rows } = await sql<{ n: string | number }>`select count(*) as n from ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n);
};
