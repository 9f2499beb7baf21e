// The failure that used to end masq: a pg connection dropped while checked out of the pool (between two
// statements of a transaction). Now the query fails with the port's StoreUnavailable, the process lives on,
// and the pool reconnects. Only this test's own backend is terminated: the shared server serves other
// suites meanwhile (a whole-server outage is tested on a private cluster in test/e2e/postgres-outage.test.ts).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { sql } from 'kysely';
import pg from 'pg';
import { StoreUnavailable } from '../../src/ports/store.ts';
import { openPostgresKysely } from '../../src/storage/postgres/postgres-dialect.ts';
import { POSTGRES_URL } from '../support/stores.ts';

describe('the pg pool through lost connections', { skip: POSTGRES_URL ? false : 'MASQ_TEST_POSTGRES_URL is not set' }, () => {
  test('a connection killed while checked out mid-transaction: StoreUnavailable, no crash, the next query reconnects', async () => {
    const url = POSTGRES_URL ?? '';
    const db = openPostgresKysely(url, 1);
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    try {
      const failed = db.transaction().execute(async (trx) => {
        const { rows } = await sql<{ pid: number }>`select pg_backend_pid() as pid`.execute(trx);
        await admin.query('select pg_terminate_backend($1)', [rows[0]?.pid]);
        // The client is checked out and idle when its socket closes: pg emits 'error' on it. Without a
        // listener of the client's own, that event ended the process right here.
        await new Promise((resolve) => setTimeout(resolve, 300));
        await sql`select 1`.execute(trx);
      });
      await assert.rejects(failed, (err: unknown) => err instanceof StoreUnavailable);
      // One connection in the pool: the broken client was discarded, so this one is new.
      const { rows } = await sql<{ one: number }>`select 1 as one`.execute(db);
      assert.deepEqual(rows, [{ one: 1 }]);
    } finally {
      await admin.end();
      await db.destroy();
    }
  });
});

describe('the pg pool with no server', () => {
  test('a database that refuses connections: StoreUnavailable', async () => {
    // Port 1 on loopback: nothing listens there, the connect is refused at once.
    const db = openPostgresKysely('postgres://postgres@127.0.0.1:1/none', 1);
    try {
      await assert.rejects(sql`select 1`.execute(db), (err: unknown) => err instanceof StoreUnavailable && err.reason === 'connection refused');
    } finally {
      await db.destroy();
    }
  });
});
