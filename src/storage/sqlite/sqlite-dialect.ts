// SQLite specifics: one better-sqlite3 connection per process (Kysely serialises use of it), WAL so readers
// never block the writer, and BEGIN IMMEDIATE so a transaction takes the write lock up front: writers in
// other processes then queue on busy_timeout instead of failing with SQLITE_BUSY when a reader upgrades.
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Sqlite from 'better-sqlite3';
import {
  CompiledQuery, Kysely, SqliteAdapter, SqliteDialect, SqliteDriver,
  type DatabaseConnection, type DialectAdapter, type Driver, type SqliteDatabase, type SqliteDialectConfig, type SqliteStatement,
} from 'kysely';
import type { StoreDialect } from '../dialect.ts';
import type { Database } from '../schema.ts';

class ImmediateSqliteDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
}

/** SQLite DDL is transactional; saying so makes Kysely's Migrator run inside BEGIN IMMEDIATE, which
 * serialises two processes migrating the same file (the stock adapter's migration lock is a no-op). */
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class MasqSqliteDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateSqliteDriver(this.#config);
  }
  override createAdapter(): DialectAdapter {
    return new TransactionalDdlAdapter();
  }
}

// SQLite names the columns of a violated unique constraint, not the constraint, so map them back to the
// names the migrations gave (conflicts.ts speaks constraint names on both dialects).
const CONSTRAINT_BY_COLUMNS: Readonly<Record<string, string>> = {
  'participants.service_sid, participants.identifier, participants.proxy_identifier': 'participants_binding_uq',
  'participants.session_sid, participants.identifier': 'participants_session_identifier_uq',
  'services.account_sid, services.unique_name': 'services_account_unique_name_uq',
  'sessions.service_sid, sessions.unique_name': 'sessions_service_unique_name_uq',
  'phone_numbers.phone_number': 'phone_numbers_phone_number_uq',
  'idempotency_keys.account_sid, idempotency_keys.scope, idempotency_keys.key': 'idempotency_keys_pk',
  'interactions.inbound_resource_sid': 'interactions_inbound_resource_uq',
};

const uniqueViolation = (err: unknown): string | null => {
  if (!(err instanceof Sqlite.SqliteError)) return null;
  if (err.code !== 'SQLITE_CONSTRAINT_UNIQUE' && err.code !== 'SQLITE_CONSTRAINT_PRIMARYKEY') return null;
  const detail = /^UNIQUE constraint failed: (.+)$/.exec(err.message)?.[1];
  if (detail === undefined) return null;
  return /^index '(.+)'$/.exec(detail)?.[1] ?? CONSTRAINT_BY_COLUMNS[detail] ?? null;
};

export const SQLITE_DIALECT: StoreDialect = {
  name: 'sqlite',
  ddl: { date: 'text' },
  skipLocked: false,
  // BEGIN IMMEDIATE already serialises every writer, across processes too: nothing more to take.
  lock: async () => {},
  migrationSchema: async () => undefined,
  uniqueViolation,
};

/** Distinct SQL texts kept prepared; past this the oldest is dropped (dynamic SQL such as IN lists varies). */
const STATEMENT_CACHE_SIZE = 1000;

/**
 * Kysely's SQLite driver prepares every statement anew on every execution; preparing (parsing and planning)
 * cost as much as running the query on the webhook path (see BENCHMARKS.md). The same SQL text always
 * gets the same prepared statement here. Reuse is safe: Kysely hands the one connection to one query at a
 * time, and a streamed query holds it until its iterator is done.
 */
export const cachingStatements = (db: Sqlite.Database, size = STATEMENT_CACHE_SIZE): SqliteDatabase => {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => db.close(),
    prepare: (sql) => {
      const hit = cache.get(sql);
      if (hit) return hit;
      const statement = db.prepare(sql);
      if (cache.size >= size) {
        const oldest = cache.keys().next();
        if (!oldest.done) cache.delete(oldest.value);
      }
      cache.set(sql, statement);
      return statement;
    },
  };
};

/** `path` is a file path or ':memory:'. */
export const openSqliteKysely = (path: string): Kysely<Database> => {
  const memory = path === ':memory:' || path === '';
  if (!memory) mkdirSync(dirname(resolve(path)), { recursive: true });
  const db = new Sqlite(memory ? ':memory:' : path);
  if (!memory) db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Durable at every checkpoint and safe against corruption in WAL mode; FULL would fsync every commit.
  db.pragma('synchronous = NORMAL');
  return new Kysely<Database>({ dialect: new MasqSqliteDialect({ database: cachingStatements(db) }) });
};
