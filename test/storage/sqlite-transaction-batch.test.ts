// SQLite commits the store's transactions that wait for its connection together (transaction-batch.ts).
// Each must still behave as its own transaction: atomic alone, seen in order, and settled only once the
// COMMIT that carries it has returned.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import Sqlite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { openSqliteKysely } from '../../src/storage/sqlite/sqlite-dialect.ts';
import type { BatchedTransaction } from '../../src/storage/sqlite/transaction-batch.ts';
import type { Database } from '../../src/storage/schema.ts';

interface Opened {
  readonly transaction: BatchedTransaction;
  /** A second connection to the same file: it sees only what has been committed. */
  readonly outside: Sqlite.Database;
}

const withDatabase = async (work: (o: Opened) => Promise<void>): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'masq-batch-'));
  const path = join(dir, 'masq.db');
  const { kysely, direct } = openSqliteKysely(path);
  const outside = new Sqlite(path);
  try {
    await sql`create table notes (id integer primary key, text text not null unique)`.execute(kysely);
    // Deferred, so a violation surfaces only at COMMIT.
    await sql`create table replies (id integer primary key, note integer not null references notes(id) deferrable initially deferred)`.execute(kysely);
    await work({ transaction: direct.transaction, outside });
  } finally {
    outside.close();
    await kysely.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
};

const note = (db: Kysely<Database>, text: string) => sql`insert into notes (text) values (${text})`.execute(db);
const committedNotes = (outside: Sqlite.Database): string[] =>
  outside.prepare<[], { text: string }>('select text from notes order by id').all().map((r) => r.text);

const deferred = (): { promise: Promise<void>; resolve: () => void } => {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => { resolve = r; });
  return { promise, resolve };
};

describe('sqlite: transactions committed together', () => {
  it('commits every concurrent transaction, each seeing the ones queued before it', async () => {
    await withDatabase(async ({ transaction, outside }) => {
      const seen = await Promise.all(Array.from({ length: 40 }, (_, i) => transaction(async (db) => {
        await note(db, `note ${i}`);
        const { rows } = await sql<{ n: number }>`select count(*) as n from notes`.execute(db);
        return rows[0]?.n;
      })));
      // Run in the order they were asked for: the i-th saw i notes before its own.
      assert.deepEqual(seen, Array.from({ length: 40 }, (_, i) => i + 1));
      assert.equal(committedNotes(outside).length, 40);
    });
  });

  it('rolls back a failing transaction alone; the others of its batch commit', async () => {
    await withDatabase(async ({ transaction, outside }) => {
      const results = await Promise.allSettled([
        transaction((db) => note(db, 'first')),
        transaction(async (db) => {
          await note(db, 'half-done');
          await note(db, 'first'); // unique violation: the whole transaction is undone, 'half-done' too
        }),
        transaction((db) => note(db, 'third')),
      ]);
      assert.deepEqual(results.map((r) => r.status), ['fulfilled', 'rejected', 'fulfilled']);
      assert.deepEqual(committedNotes(outside), ['first', 'third']);
    });
  });

  it('settles a transaction only once the COMMIT that carries it has returned', async () => {
    await withDatabase(async ({ transaction, outside }) => {
      const held = deferred();
      let firstSettled = false;
      // The second transaction is queued before the first commits, so they share one COMMIT.
      const first = transaction((db) => note(db, 'first')).then(() => { firstSettled = true; });
      const second = transaction(async (db) => {
        await note(db, 'second');
        await held.promise;
      });
      await new Promise((r) => setTimeout(r, 50));
      // The first transaction's work is done, but its batch has not committed: not settled, not visible.
      assert.equal(firstSettled, false);
      assert.deepEqual(committedNotes(outside), []);
      held.resolve();
      await Promise.all([first, second]);
      assert.deepEqual(committedNotes(outside), ['first', 'second']);
    });
  });

  it('rejects every member when their shared COMMIT fails, and writes none of them', async () => {
    await withDatabase(async ({ transaction, outside }) => {
      const results = await Promise.allSettled([
        transaction((db) => note(db, 'innocent')),
        // A reply to a note that does not exist: the deferred foreign key fails the COMMIT.
        transaction((db) => sql`insert into replies (note) values (999)`.execute(db)),
      ]);
      assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
      assert.deepEqual(committedNotes(outside), []);
      // The connection is usable afterwards.
      await transaction((db) => note(db, 'later'));
      assert.deepEqual(committedNotes(outside), ['later']);
    });
  });
});
