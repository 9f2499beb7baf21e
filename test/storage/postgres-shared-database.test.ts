// masq shares its PostgreSQL database with whatever else lives there. Migrating must not trip over other
// schemas being created and dropped at the same moment (other masq test runs do exactly that).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { test } from 'node:test';
import pg from 'pg';
import { openPostgresTestStore, POSTGRES_URL } from '../support/stores.ts';

test('postgres: migrations are unaffected by other schemas being dropped meanwhile', { skip: POSTGRES_URL === undefined ? 'MASQ_TEST_POSTGRES_URL is not set' : false }, async () => {
  const url = POSTGRES_URL ?? '';
  const churners = await Promise.all(Array.from({ length: 3 }, async () => {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    return client;
  }));
  let stop = false;
  const tables = (schema: string) => Array.from({ length: 20 }, (_, i) => `create table ${schema}.t${i} (id serial primary key);`).join(' ');
  const churning = Promise.all(churners.map(async (churn) => {
    while (!stop) {
      const schema = `churn_${randomBytes(5).toString('hex')}`;
      await churn.query(`create schema ${schema}; ${tables(schema)}`);
      await churn.query(`drop schema ${schema} cascade`);
    }
  }));
  try {
    for (let round = 0; round < 5; round++) {
      const stores = await Promise.all(Array.from({ length: 4 }, () => openPostgresTestStore(url)));
      for (const store of stores) {
        assert.equal(await store.getAccount('AC00000000000000000000000000000000'), null);
        await store.close();
      }
    }
  } finally {
    stop = true;
    await churning;
    await Promise.all(churners.map((c) => c.end()));
  }
});
