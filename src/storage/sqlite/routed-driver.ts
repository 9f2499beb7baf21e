// Kysely's driver for masq's SQLite file: one writer connection behind the process's gate (direct.ts), and
// a second, query-only connection for the reads made outside any transaction.
//
// WAL lets readers run beside the writer, each seeing the last commit. With one connection, a read had to
// wait for whoever held it: a session create's transaction holds it across its awaits, so the reads of the
// requests behind it (authentication, the service, the webhook's route) queued up, and no two creates
// could ever be waiting for the connection together, which transaction batching needs
// (transaction-batch.ts). A read outside a transaction now goes straight to the reader and sees what
// has been committed, never another caller's open transaction.
//
// The gate is entered lazily, by the first statement that must run on the writer (anything that is not a
// plain read, and everything once a transaction has begun), and left when Kysely releases the connection.
// An in-memory database cannot be shared between connections; it gets no reader and everything runs on
// the writer, as before.
import {
  CompiledQuery, SqliteDriver,
  type DatabaseConnection, type Driver, type QueryResult, type SqliteDatabase,
} from 'kysely';
import { busyAsUnavailable } from './busy.ts';
import type { ConnectionGate } from './direct.ts';

/** Whether a statement only reads and returns rows: what the reader may run. BEGIN, SAVEPOINT... are read-only to SQLite, but return nothing. */
export type ReadsOnly = (sql: string) => boolean;

/** What every acquisition routes between. */
interface Routes {
  readonly writer: DatabaseConnection;
  readonly reader: DatabaseConnection | null;
  readonly gate: ConnectionGate;
  readonly readsOnly: ReadsOnly;
}

class RoutedConnection implements DatabaseConnection {
  #entered = false;
  constructor(private readonly routes: Routes) {}

  /** Takes the writer for the rest of this acquisition. */
  async enter(): Promise<void> {
    if (this.#entered) return;
    await this.routes.gate.enter();
    this.#entered = true;
  }

  release(): void {
    if (!this.#entered) return;
    this.#entered = false;
    this.routes.gate.leave();
  }

  #readerFor(sql: string): DatabaseConnection | null {
    const { reader, readsOnly } = this.routes;
    return !this.#entered && reader && readsOnly(sql) ? reader : null;
  }

  async executeQuery<R>(query: CompiledQuery): Promise<QueryResult<R>> {
    try {
      const reader = this.#readerFor(query.sql);
      if (reader) return await reader.executeQuery<R>(query);
      await this.enter();
      return await this.routes.writer.executeQuery<R>(query);
    } catch (err) {
      throw busyAsUnavailable(err);
    }
  }

  async *streamQuery<R>(query: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    const reader = this.#readerFor(query.sql);
    if (reader) {
      yield* reader.streamQuery<R>(query, chunkSize);
      return;
    }
    await this.enter();
    yield* this.routes.writer.streamQuery<R>(query, chunkSize);
  }
}

const routed = (connection: DatabaseConnection): RoutedConnection => {
  if (!(connection instanceof RoutedConnection)) throw new Error('not a connection of this driver');
  return connection;
};

/** One Kysely SqliteDriver per better-sqlite3 connection, for its connection object; the gate, not its mutex, serialises the writer. */
const singleConnection = async (database: SqliteDatabase): Promise<{ driver: SqliteDriver; connection: DatabaseConnection }> => {
  const driver = new SqliteDriver({ database });
  await driver.init();
  return { driver, connection: await driver.acquireConnection() };
};

export class RoutedSqliteDriver implements Driver {
  #writer: { driver: SqliteDriver; connection: DatabaseConnection } | null = null;
  #reader: { driver: SqliteDriver; connection: DatabaseConnection } | null = null;

  constructor(
    private readonly writerDatabase: SqliteDatabase,
    private readonly readerDatabase: SqliteDatabase | null,
    private readonly gate: ConnectionGate,
    private readonly readsOnly: ReadsOnly,
  ) {}

  async init(): Promise<void> {
    this.#writer = await singleConnection(this.writerDatabase);
    this.#reader = this.readerDatabase ? await singleConnection(this.readerDatabase) : null;
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    if (!this.#writer) throw new Error('the SQLite driver is not initialised');
    return new RoutedConnection({ writer: this.#writer.connection, reader: this.#reader?.connection ?? null, gate: this.gate, readsOnly: this.readsOnly });
  }

  // BEGIN IMMEDIATE takes the write lock up front: writers in other processes then queue on busy_timeout
  // instead of failing with SQLITE_BUSY when a reader upgrades.
  async beginTransaction(connection: DatabaseConnection): Promise<void> {
    const c = routed(connection);
    await c.enter();
    await c.executeQuery(CompiledQuery.raw('begin immediate'));
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await routed(connection).executeQuery(CompiledQuery.raw('commit'));
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await routed(connection).executeQuery(CompiledQuery.raw('rollback'));
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    routed(connection).release();
  }

  async destroy(): Promise<void> {
    await this.#reader?.driver.destroy();
    await this.#writer?.driver.destroy();
  }
}
