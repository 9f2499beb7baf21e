import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import pg from 'pg';
import { openStore } from '../../src/storage/open-store.ts';
import { anAccount } from '../support/fixtures.ts';
import { createTestSchema, POSTGRES_URL, withSearchPath } from '../support/stores.ts';

/** The account sids stored in a PostgreSQL schema, read past masq. */
const accountSidsIn = async (url: string, schema: string): Promise<string[]> => {
  const client = new pg.Client({ connectionString: withSearchPath(url, schema) });
  await client.connect();
  try {
    const { rows } = await client.query<{ sid: string }>('select sid from accounts');
    return rows.map((r) => r.sid);
  } finally {
    await client.end();
  }
};

describe('openStore', () => {
  it('opens a SQLite file, creating its parent directories, and reopens it with the data', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'masq-open-'));
    try {
      const path = join(dir, 'nested', 'deeper', 'masq.db');
      const account = anAccount();
      const first = await openStore(`sqlite:${path}`);
      await first.upsertAccount(account);
      await first.close();
      assert.ok(existsSync(path));
      // Migrations are idempotent: a second open finds nothing to do and keeps the data.
      const second = await openStore(`sqlite://${path}`);
      assert.deepEqual(await second.getAccount(account.sid), account);
      await second.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('opens an in-memory SQLite database', async () => {
    const store = await openStore('sqlite::memory:');
    const account = anAccount();
    await store.upsertAccount(account);
    assert.deepEqual(await store.getAccount(account.sid), account);
    await store.close();
  });

  it('with migrate: false leaves an empty database alone', async () => {
    const store = await openStore('sqlite::memory:', { migrate: false });
    await assert.rejects(store.getAccount('AC1'), /no such table/);
    await store.close();
  });

  it('refuses unknown URLs without echoing them (they may hold passwords)', async () => {
    await assert.rejects(openStore('mysql://root:hunter2@db/masq'), (err: unknown) => err instanceof Error && !err.message.includes('hunter2'));
    await assert.rejects(openStore('sqlite:'), /needs a path/);
  });

  it('opens postgres:// and postgresql:// URLs', { skip: POSTGRES_URL === undefined && 'MASQ_TEST_POSTGRES_URL is not set' }, async () => {
    assert.ok(POSTGRES_URL);
    const { schema, drop } = await createTestSchema(POSTGRES_URL);
    try {
      const url = withSearchPath(POSTGRES_URL, schema);
      const store = await openStore(url);
      const account = anAccount();
      await store.upsertAccount(account);
      await store.close();
      assert.deepEqual(await accountSidsIn(POSTGRES_URL, schema), [account.sid], 'the row is in the PostgreSQL schema');
      const again = await openStore(url.replace(/^postgres:/, 'postgresql:'));
      assert.deepEqual(await again.getAccount(account.sid), account);
      await again.close();
    } finally {
      await drop();
    }
  });
});
