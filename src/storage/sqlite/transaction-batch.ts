// Group commit for the store's transactions on SQLite (session creates, participant changes, closes...).
//
// A WAL commit appends every page the transaction dirtied to the log, one write(2) per page. A session
// create dirties ~20 pages across the session, participant, number and history indexes, and its COMMIT was
// half of all the time SQLite spent on it (bench/create-cost.ts: ~0.2-0.4 ms of ~0.5-0.7 ms). SQLite runs
// one writer at a time anyway, so transactions that wait for the connection together lose nothing by
// committing together: the batch takes the connection once, runs each queued transaction in its own
// SAVEPOINT, one after another, and commits them with one COMMIT.
//
// What each caller sees is what its own transaction would have given it:
// - atomic: a transaction that throws is rolled back to its savepoint, alone, and rejects at once (nothing
//   of it was written); the others carry on;
// - isolated: they run one at a time, in order, each seeing the ones before it (as separate transactions
//   committed in that order would);
// - durable before it resolves: a transaction's promise settles only after the COMMIT that carries it.
//   If that COMMIT fails, or SQLite abandons the whole transaction (disk full, I/O error), every member of
//   the batch rejects.
// Between batches the connection goes back to the gate (direct.ts), so reads and webhook writes queued
// meanwhile are not held up by a stream of transactions; a batch takes at most MAX_MEMBERS of them.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Bounds how long the reads queued behind a batch wait, and what one failed COMMIT takes with it. */
const MAX_MEMBERS = 32;

/** One queued transaction: `attempt` runs it and returns how to settle it once committed. */
interface Member {
  attempt(db: Kysely<Database>): Promise<() => void>;
  fail(err: unknown): void;
}

export type BatchedTransaction = <T>(work: (db: Kysely<Database>) => Promise<T>) => Promise<T>;

const exec = (db: Kysely<Database>, statement: string) => sql.raw(statement).execute(db);

/**
 * `root` is the SQLite Kysely instance; `inTransaction` tells whether the connection still has the batch's
 * transaction open (better-sqlite3's `inTransaction`): SQLite ends it by itself on some errors.
 */
export const batchTransactions = (root: Kysely<Database>, inTransaction: () => boolean): BatchedTransaction => {
  const queue: Member[] = [];
  let running = false;

  /** Runs one member in its savepoint: how to settle it after COMMIT, or null if it failed (alone). */
  const runMember = async (db: Kysely<Database>, member: Member): Promise<(() => void) | null> => {
    await exec(db, 'savepoint masq_tx');
    try {
      const settle = await member.attempt(db);
      await exec(db, 'release masq_tx');
      return settle;
    } catch (err) {
      // SQLite may have rolled back the whole transaction (SQLITE_FULL, IOERR...): then there is no savepoint
      // to return to, and the members before this one are lost with it (runBatch rejects them all).
      if (!inTransaction()) throw err;
      await exec(db, 'rollback to masq_tx');
      await exec(db, 'release masq_tx');
      member.fail(err);
      return null;
    }
  };

  const runBatch = async (db: Kysely<Database>): Promise<void> => {
    const members: Member[] = [];
    const settlements: (() => void)[] = [];
    await exec(db, 'begin immediate');
    try {
      for (let next = queue.shift(); next; next = members.length < MAX_MEMBERS ? queue.shift() : undefined) {
        members.push(next);
        const settle = await runMember(db, next);
        if (settle) settlements.push(settle);
      }
      await exec(db, 'commit');
    } catch (err) {
      if (inTransaction()) await exec(db, 'rollback');
      // A member that already failed alone keeps its own error: a promise settles once.
      for (const member of members) member.fail(err);
      return;
    }
    for (const settle of settlements) settle();
  };

  const drain = async (): Promise<void> => {
    try {
      // One batch per turn at the gate: whatever queued behind it (reads, webhook writes) goes next.
      while (queue.length > 0) await root.connection().execute(runBatch);
    } catch (err) {
      // Taking the connection, BEGIN or ROLLBACK failed: the rest of the queue did not run.
      for (const member of queue.splice(0)) member.fail(err);
    } finally {
      running = false;
    }
  };

  return <T>(work: (db: Kysely<Database>) => Promise<T>): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      queue.push({
        attempt: async (db) => {
          const value = await work(db);
          return () => resolve(value);
        },
        fail: reject,
      });
      if (running) return;
      running = true;
      // better-sqlite3 is synchronous, so a batch runs start to finish in microtasks: once it has begun,
      // nothing else can join it. Starting it after this turn's I/O callbacks lets every request whose
      // body arrived in this turn queue its transaction first (as direct.ts does for webhook writes).
      setImmediate(() => void drain());
    });
};
