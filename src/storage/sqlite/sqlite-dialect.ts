// SQLite specifics: one better-sqlite3 connection per process (Kysely serialises use of it), WAL so readers
// never block the writer, and BEGIN IMMEDIATE so a transaction takes the write lock up front: writers in
// other processes then queue on busy_timeout instead of failing with SQLITE_BUSY when a reader upgrades.
import { closeSync, mkdirSync, openSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import Sqlite from 'better-sqlite3';
import {
  Kysely, SqliteAdapter, SqliteDialect,
  type DialectAdapter, type Driver, type SqliteDatabase, type SqliteDialectConfig,
} from 'kysely';
import type { StoreDialect } from '../dialect.ts';
import { ConnectionGate, createSqliteDirect, type SqliteDirect } from './direct.ts';
import { InlineLimitsPlugin } from '../inline-limits.ts';
import { RoutedSqliteDriver } from './routed-driver.ts';
import type { Database } from '../schema.ts';

/** SQLite DDL is transactional; saying so makes Kysely's Migrator run inside BEGIN IMMEDIATE, which
 * serialises two processes migrating the same file (the stock adapter's migration lock is a no-op). */
class TransactionalDdlAdapter extends SqliteAdapter {
  override get supportsTransactionalDdl(): boolean {
    return true;
  }
}

class MasqSqliteDialect extends SqliteDialect {
  readonly #driver: () => Driver;
  constructor(config: SqliteDialectConfig, driver: () => Driver) {
    super(config);
    this.#driver = driver;
  }
  override createDriver(): Driver {
    return this.#driver();
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
  'numbers.phone_number': 'numbers_live_phone_number_uq',
  'idempotency_keys.account_sid, idempotency_keys.scope, idempotency_keys.key': 'idempotency_keys_pk',
  'interactions.inbound_resource_sid': 'interactions_inbound_resource_uq',
  'number_traffic.carrier, number_traffic.resource_sid': 'number_traffic_resource_uq',
  'number_traffic_events.traffic_sid, number_traffic_events.seq': 'number_traffic_events_pk',
  'port_in_numbers.phone_number': 'port_in_numbers_open_uq',
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
/** Kysely's view of a connection, with better-sqlite3's statements (which say whether they only read). */
export interface CachedStatements extends SqliteDatabase {
  prepare(sql: string): Sqlite.Statement;
}

export const cachingStatements = (db: Sqlite.Database, size = STATEMENT_CACHE_SIZE): CachedStatements => {
  const cache = new Map<string, Sqlite.Statement>();
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

// Checkpoints copy the WAL back into the database file and fsync both. Run by the writer, as SQLite does by
// default every 1000 pages, they block the event loop for tens to hundreds of milliseconds on a slow disk,
// and every request in flight waits behind them (see BENCHMARKS.md: session creates' p99 fell by half).
// A worker thread with its own connection checkpoints instead. PASSIVE copies without blocking the writer
// or readers, but under steady writes the log never gets fully copied at the moment a write begins, which
// is when SQLite starts it over: it would only grow. So once it passes RESTART_FRAMES, the worker asks for
// a RESTART, which holds the next write back just while it copies the few frames PASSIVE has not (and
// fsyncs): one short pause every few thousand commits instead of a full checkpoint every 1000 pages.
const CHECKPOINTER = `
const { parentPort, workerData } = require('node:worker_threads');
const Sqlite = require(workerData.driver);
const db = new Sqlite(workerData.path);
db.pragma('busy_timeout = 1000');
const timer = setInterval(() => {
  try {
    const [state] = db.pragma('wal_checkpoint(PASSIVE)');
    if (state && state.log > workerData.restartFrames) db.pragma('wal_checkpoint(RESTART)');
  } catch { /* busy or closing: the next tick tries again */ }
}, workerData.intervalMs);
parentPort.once('message', () => { clearInterval(timer); db.close(); parentPort.close(); });
`;
const CHECKPOINT_INTERVAL_MS = 200;
/** 64 MB of 4 KB pages. */
const RESTART_FRAMES = 16_384;
/** The writer still checkpoints itself if the log ever grows this far (a stalled worker): 256 MB of 4 KB pages. */
const FALLBACK_AUTOCHECKPOINT_PAGES = 65_536;

const startCheckpointer = (path: string): (() => void) => {
  const worker = new Worker(CHECKPOINTER, {
    eval: true,
    workerData: { driver: createRequire(import.meta.url).resolve('better-sqlite3'), path, intervalMs: CHECKPOINT_INTERVAL_MS, restartFrames: RESTART_FRAMES },
  });
  // A checkpoint that fails only leaves the log longer; the writer's fallback bounds it.
  worker.on('error', () => {});
  worker.unref();
  return () => worker.postMessage('stop');
};

export interface SqliteOptions {
  /** Checkpoint the WAL from a worker thread (long-running servers); otherwise the writer does, as SQLite's default. */
  readonly backgroundCheckpoints?: boolean;
}

/**
 * better-sqlite3 builds SQLite with STAT4. Once ANALYZE (or PRAGMA optimize) has stored STAT4 samples, a
 * statement whose WHERE compares an indexed column with a parameter is planned against the bound value,
 * and so recompiled every time it is bound again (sqlite3VdbeSetVarmask): on masq's hot statements that
 * is every run. sqlite_stat1 (row counts per index prefix) gives the planner what masq's indexes need, so
 * the samples are dropped when masq opens its database. Nothing is lost that ANALYZE cannot rebuild.
 */
const dropStat4Samples = (db: Sqlite.Database): void => {
  const stat4 = db.prepare("select 1 from sqlite_schema where type = 'table' and name = 'sqlite_stat4'").get();
  if (stat4 === undefined) return;
  db.exec('delete from sqlite_stat4');
  // Reloads the statistics the planner uses, now without samples.
  db.exec('analyze sqlite_schema');
};

export interface OpenedSqlite {
  readonly kysely: Kysely<Database>;
  /** The same connection, for the synchronous hot path (direct.ts). */
  readonly direct: SqliteDirect;
}

/** `path` is a file path or ':memory:'. */
/**
 * How much of the file the reader maps into memory: SQLite's own ceiling on this build (2 GiB). Reading a
 * mapped page is a memory access; through the page cache it is a pread(2) and a 4 KB copy. At 1,000,000
 * sessions, where the file is far bigger than the page cache, the map cut routing's CPU per message by ~17 %
 * (BENCHMARKS.md); below the cache's size it changes nothing. The mapped pages are the kernel's page cache,
 * shared and reclaimable, but they count in the process's resident size.
 */
const READER_MMAP_BYTES = 2_147_418_112;

/** The query-only connection for reads outside transactions (routed-driver.ts); its own page cache. */
const openReader = (path: string): Sqlite.Database => {
  const reader = new Sqlite(path);
  reader.pragma('busy_timeout = 5000');
  reader.pragma('query_only = ON');
  reader.pragma('cache_size = -65536');
  reader.pragma(`mmap_size = ${READER_MMAP_BYTES}`);
  return reader;
};

/** SQLite says BEGIN, SAVEPOINT and COMMIT are read-only too; only a statement that also returns rows is a read. */
const readsOnlyOn = (statements: CachedStatements) => (sql: string): boolean => {
  try {
    const statement = statements.prepare(sql);
    return statement.readonly && statement.reader;
  } catch {
    // Not preparable here (a table this connection has not seen yet): the writer runs it, and reports
    // the error if there really is one.
    return false;
  }
};

/**
 * The database holds auth tokens and message bodies: the directories masq creates are 0700 and a new
 * database file 0600, created here before SQLite would create it 0644. SQLite (os_unix.c) gives the -wal
 * and -shm files it creates later the database file's own mode, so they are 0600 too. An existing file or
 * directory keeps the mode its operator gave it.
 */
const createPrivately = (path: string): void => {
  mkdirSync(dirname(resolve(path)), { recursive: true, mode: 0o700 });
  // 'a' creates the file if missing (an empty file is an empty database) and never truncates it.
  closeSync(openSync(path, 'a', 0o600));
};

/** `path` is a file path or ':memory:'. */
export const openSqliteKysely = (path: string, options: SqliteOptions = {}): OpenedSqlite => {
  const memory = path === ':memory:' || path === '';
  if (!memory) createPrivately(path);
  const db = new Sqlite(memory ? ':memory:' : path);
  if (!memory) db.pragma('journal_mode = WAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('foreign_keys = ON');
  // Durable at every checkpoint and safe against corruption in WAL mode; FULL would fsync every commit.
  db.pragma('synchronous = NORMAL');
  // SQLite's default page cache is 2 MB; the routing indexes of a large installation are far bigger, and a
  // miss costs a read() per B-tree page. 64 MiB keeps the upper levels and the hot leaves in memory.
  db.pragma('cache_size = -65536');
  const stopCheckpointer = !memory && options.backgroundCheckpoints ? startCheckpointer(resolve(path)) : null;
  if (stopCheckpointer) db.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  if (!memory) dropStat4Samples(db);
  // Opened after the samples are gone: a connection loads the statistics when it opens.
  const reader = memory ? null : openReader(path);
  const writerStatements = cachingStatements(db);
  const readerStatements = reader ? cachingStatements(reader) : null;
  const gate = new ConnectionGate();
  const writer: SqliteDatabase = {
    prepare: (sql) => writerStatements.prepare(sql),
    close: () => {
      stopCheckpointer?.();
      writerStatements.close();
    },
  };
  const driver = () => new RoutedSqliteDriver(writer, readerStatements, gate, readsOnlyOn(readerStatements ?? writerStatements));
  const kysely = new Kysely<Database>({
    dialect: new MasqSqliteDialect({ database: writer }, driver),
    plugins: [new InlineLimitsPlugin()],
  });
  return { kysely, direct: createSqliteDirect(db, writerStatements, gate, reader, kysely) };
};
