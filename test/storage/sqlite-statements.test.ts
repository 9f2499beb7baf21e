// SQLite keeps a prepared statement compiled only if nothing in it makes the planner depend on bound
// values: a LIMIT parameter, or STAT4 samples against an indexed column, expire the statement on every
// new binding (sqlite-dialect.ts, inline-limits.ts). These check that masq never gives SQLite a reason.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openBenchHandle } from '../../src/storage/bench-handle.ts';
import { givenPool, givenService } from '../support/seed-store.ts';

const withTempDatabase = async (work: (url: string) => Promise<void>): Promise<void> => {
  const dir = mkdtempSync(join(tmpdir(), 'masq-stmt-'));
  try {
    await work(`sqlite:${join(dir, 'masq.db')}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

describe('sqlite: statements stay compiled', () => {
  it('writes LIMIT and OFFSET as literals, not parameters', async () => {
    await withTempDatabase(async (url) => {
      const handle = await openBenchHandle(url);
      try {
        const query = handle.kysely.selectFrom('services').select('sid').orderBy('sid').limit(25).offset(50).compile();
        assert.match(query.sql, /limit 25 offset 50$/);
        assert.deepEqual(query.parameters, []);
        // The inlined query still runs and pages.
        const { service } = await givenService(handle.store);
        const rows = await handle.kysely.selectFrom('services').select('sid').limit(1).execute();
        assert.deepEqual(rows, [{ sid: service.sid }]);
      } finally {
        await handle.close();
      }
    });
  });

  it('drops STAT4 samples when the database is opened, keeping the row counts', async () => {
    await withTempDatabase(async (url) => {
      const first = await openBenchHandle(url);
      const { service } = await givenService(first.store);
      await givenPool(first.store, service, 40);
      await sql`analyze`.execute(first.kysely);
      const count = async (table: 'sqlite_stat1' | 'sqlite_stat4', db = first) =>
        Number((await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(db.kysely)).rows[0]?.n);
      assert.ok((await count('sqlite_stat4')) > 0, 'ANALYZE stored STAT4 samples');
      const stat1 = await count('sqlite_stat1');
      await first.close();

      const reopened = await openBenchHandle(url);
      try {
        assert.equal(await count('sqlite_stat4', reopened), 0);
        assert.equal(await count('sqlite_stat1', reopened), stat1);
      } finally {
        await reopened.close();
      }
    });
  });
});
