// The SQLite writer connection of a process, shared by two ways in:
// - Kysely (every repo), which is asynchronous: a transaction holds the connection across awaits;
// - the direct path, for the statements every inbound webhook runs: better-sqlite3 is synchronous, so a
//   read runs to completion in the caller's turn without Kysely's promise chain, and writes are committed
//   together (group commit) instead of one transaction each.
// Both go through one gate, so a direct statement never lands inside someone else's open transaction.
// Reads made outside a transaction use a second, query-only connection instead (routed-driver.ts), which
// sees the last commit and never waits for the writer.
//
// Why group commit: in WAL mode a commit appends every page the transaction dirtied to the log, each a
// separate write(2) with its frame header. An inbound message dirties ~8 pages scattered over the table and
// its indexes (SQLite measured ~140 us per commit here, four times the statements themselves, see
// BENCHMARKS.md). Writes queued in one turn of the event loop share one transaction and one commit. Every
// write runs in its own SAVEPOINT, so one that fails (a duplicate webhook's unique conflict) is undone
// alone and rejects alone; the rest commit. Promises settle only after COMMIT returns: a caller that
// answers its webhook after `await write(...)` has answered for durable data.
import type Sqlite from 'better-sqlite3';
import type { Kysely, SqliteDatabase } from 'kysely';
import type { Database } from '../schema.ts';
import { batchTransactions, type BatchedTransaction } from './transaction-batch.ts';
import { busyAsUnavailable } from './busy.ts';

/** A mutual-exclusion gate with a synchronous try: the direct path runs now when nobody holds it. */
export class ConnectionGate {
  #busy = false;
  readonly #waiting: (() => void)[] = [];

  tryEnter(): boolean {
    if (this.#busy) return false;
    this.#busy = true;
    return true;
  }

  enter(): Promise<void> {
    if (this.tryEnter()) return Promise.resolve();
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  /** Hands the gate straight to the longest waiter (first come, first served), else opens it. */
  leave(): void {
    const next = this.#waiting.shift();
    if (next) next();
    else this.#busy = false;
  }
}

export interface SqliteDirect {
  /** Runs synchronous reads now if the connection is free, else as soon as it is. */
  read<T>(work: (db: Sqlite.Database) => T): Promise<T>;
  /** Queues a synchronous write to commit with the others of this turn of the event loop (see above). */
  write<T>(work: (db: Sqlite.Database) => T): Promise<T>;
  /** The store's transactions, group-committed with the others waiting for the writer (transaction-batch.ts). */
  readonly transaction: BatchedTransaction;
}

/** One queued write: `attempt` runs it inside its savepoint and returns how to settle it once committed. */
interface Pending {
  attempt(db: Sqlite.Database): () => void;
  failWith(err: unknown): void;
}

/** A batch is bounded so one commit never grows without limit under a flood; the rest go in the next. */
const MAX_BATCH = 256;

/**
 * `db` is the writer; `statements` is the same connection behind the process's statement cache
 * (sqlite-dialect.ts), which BEGIN, COMMIT and the savepoints reuse; `reader` is the query-only connection
 * (null for an in-memory database); `kysely` runs the store's transactions (transaction-batch.ts).
 */
export const createSqliteDirect = (db: Sqlite.Database, statements: SqliteDatabase, gate: ConnectionGate, reader: Sqlite.Database | null, kysely: Kysely<Database>): SqliteDirect => {
  const exec = (sql: string): void => {
    statements.prepare(sql).run([]);
  };

  /** Runs synchronous work now, as a settled promise. */
  const settled = <T>(work: () => T): Promise<T> => {
    try {
      return Promise.resolve(work());
    } catch (err) {
      return Promise.reject(busyAsUnavailable(err));
    }
  };

  // With a reader connection (routed-driver.ts) a read needs no gate: it sees the last commit, whoever
  // holds the writer. Without one (an in-memory database) it waits for the writer like everyone else.
  const read = <T>(work: (db: Sqlite.Database) => T): Promise<T> => {
    if (reader) return settled(() => work(reader));
    const onWriter = (): T => {
      try {
        return work(db);
      } finally {
        gate.leave();
      }
    };
    return gate.tryEnter() ? settled(onWriter) : gate.enter().then(onWriter);
  };

  const queue: Pending[] = [];
  let scheduled = false;

  const runOne = (p: Pending): (() => void) => {
    exec('savepoint masq_direct');
    try {
      const settle = p.attempt(db);
      exec('release masq_direct');
      return settle;
    } catch (error) {
      exec('rollback to masq_direct');
      exec('release masq_direct');
      return () => p.failWith(error);
    }
  };

  const commitBatch = (batch: readonly Pending[]): void => {
    let settlements: (() => void)[];
    try {
      exec('begin immediate');
      try {
        settlements = batch.map(runOne);
        exec('commit');
      } catch (err) {
        if (db.inTransaction) exec('rollback');
        throw err;
      }
    } catch (err) {
      // BEGIN, COMMIT or a savepoint failed (disk full, busy past the timeout): nothing of the batch is written.
      const failure = busyAsUnavailable(err);
      for (const p of batch) p.failWith(failure);
      return;
    }
    for (const settle of settlements) settle();
  };

  const flush = async (): Promise<void> => {
    scheduled = false;
    const batch = queue.splice(0, MAX_BATCH);
    if (queue.length > 0) schedule();
    if (batch.length === 0) return;
    await gate.enter();
    try {
      commitBatch(batch);
    } finally {
      gate.leave();
    }
  };

  function schedule(): void {
    if (scheduled) return;
    scheduled = true;
    // After this turn's I/O callbacks: every request whose body arrived in this turn has queued its write.
    setImmediate(() => void flush());
  }

  const write = <T>(work: (db: Sqlite.Database) => T): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({
        attempt: (connection) => {
          const value = work(connection);
          return () => resolve(value);
        },
        failWith: reject,
      });
      schedule();
    });

  return { read, write, transaction: batchTransactions(kysely, () => db.inTransaction) };
};
