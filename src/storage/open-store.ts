// The one way in: a URL picks the dialect, migrations run unless told not to.
//   sqlite:<path>            a file (parent directories are created); sqlite:///abs/path also works
//   sqlite::memory:          in-memory, gone on close
//   postgres://... | postgresql://...   a pg Pool; `?options=-c search_path=...` selects a schema
import type { Kysely } from 'kysely';
import type { Store } from '../ports/store.ts';
import type { StoreDialect } from './dialect.ts';
import { createKyselyStore } from './kysely-store.ts';
import { migrateToLatest } from './migrations/migrations.ts';
import { openPostgresKysely, POSTGRES_DIALECT } from './postgres/postgres-dialect.ts';
import type { Database } from './schema.ts';
import type { SqliteDirect } from './sqlite/direct.ts';
import { openSqliteKysely, SQLITE_DIALECT } from './sqlite/sqlite-dialect.ts';

export interface OpenStoreOptions {
  /** Run pending migrations before returning (default true). */
  readonly migrate?: boolean;
  /** PostgreSQL pool size (pg's default otherwise). */
  readonly maxConnections?: number;
  /** SQLite files: checkpoint the WAL from a worker thread, off the event loop (masq serve). */
  readonly backgroundCheckpoints?: boolean;
}

export interface OpenedDatabase {
  readonly kysely: Kysely<Database>;
  readonly dialect: StoreDialect;
  /** SQLite only: synchronous access to the same connection for the hot path. */
  readonly direct: SqliteDirect | null;
}

/** Connects and migrates; shared by openStore and bench handles. */
export const openDatabase = async (url: string, opts: OpenStoreOptions = {}): Promise<OpenedDatabase> => {
  const opened = connect(url, opts);
  if (opts.migrate ?? true) {
    try {
      await migrateToLatest(opened.kysely, opened.dialect.ddl, await opened.dialect.migrationSchema(opened.kysely));
    } catch (err) {
      await opened.kysely.destroy();
      throw err;
    }
  }
  return opened;
};

export const openStore = async (url: string, opts: OpenStoreOptions = {}): Promise<Store> => {
  const { kysely, dialect, direct } = await openDatabase(url, opts);
  return createKyselyStore(kysely, dialect, direct);
};

const connect = (url: string, opts: OpenStoreOptions): OpenedDatabase => {
  if (url.startsWith('postgres://') || url.startsWith('postgresql://')) {
    return { kysely: openPostgresKysely(url, opts.maxConnections), dialect: POSTGRES_DIALECT, direct: null };
  }
  if (url.startsWith('sqlite:')) {
    const rest = url.slice('sqlite:'.length);
    const path = rest === ':memory:' ? ':memory:' : rest.startsWith('//') ? rest.slice(2) : rest;
    if (path === '') throw new Error('sqlite URL needs a path: sqlite:<path> or sqlite::memory:');
    const { kysely, direct } = openSqliteKysely(path, { backgroundCheckpoints: opts.backgroundCheckpoints ?? false });
    return { kysely, dialect: SQLITE_DIALECT, direct };
  }
  // Never echo the URL: it may carry a password.
  throw new Error('unsupported database URL: expected sqlite:<path>, sqlite::memory: or postgres://...');
};
