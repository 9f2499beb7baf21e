// API keys in storage, on SQLite and PostgreSQL: only a salted hash of the secret is kept, every write
// and list is scoped by account, and migration 007 hashes the clear secrets of keys made before it.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { sql } from 'kysely';
import { apiKeySecretMatches } from '../../src/domain/api-key-secret.ts';
import type { Store } from '../../src/ports/store.ts';
import { m007ApiKeys } from '../../src/storage/migrations/007-api-keys.ts';
import { anAccount, anApiKey, at } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

for (const s of STORES) {
  describe(`${s.name}: API keys`, () => {
    let store: Store;
    beforeEach(async () => { store = await s.open(); });
    afterEach(() => store.close());

    const givenAccount = async () => {
      const account = anAccount();
      await store.upsertAccount(account);
      return account;
    };

    it('keeps every field, and a secret only as a hash that still checks', async () => {
      const account = await givenAccount();
      const key = anApiKey(account, { friendlyName: 'ci', secret: 'the-secret', dateCreated: at(1), dateUpdated: at(2) });
      await store.createApiKey(key);
      const stored = await store.getApiKey(key.sid);
      assert.deepEqual(stored, key);
      assert.ok(stored && apiKeySecretMatches(stored, 'the-secret'));
      assert.ok(!apiKeySecretMatches(stored, 'the-secreT'));
      assert.ok(!JSON.stringify(stored).includes('the-secret'));
    });

    it("lists an account's keys in creation order, page by page, and never another account's", async () => {
      const [account, other] = [await givenAccount(), await givenAccount()];
      const keys = [anApiKey(account, { dateCreated: at(1) }), anApiKey(account, { dateCreated: at(2) }), anApiKey(account, { dateCreated: at(3) })];
      for (const key of [...keys, anApiKey(other, { dateCreated: at(2) })]) await store.createApiKey(key);
      const first = await store.listApiKeys(account.sid, { pageSize: 2 });
      assert.deepEqual(first.items.map((k) => k.sid), [keys[0]?.sid, keys[1]?.sid]);
      assert.equal(first.hasMore, true);
      const last = first.items[1];
      assert.ok(last);
      const second = await store.listApiKeys(account.sid, { pageSize: 2, after: last });
      assert.deepEqual(second.items.map((k) => k.sid), [keys[2]?.sid]);
      assert.equal(second.hasMore, false);
    });

    it('renames and deletes only within the owning account', async () => {
      const [account, other] = [await givenAccount(), await givenAccount()];
      const key = anApiKey(account, { friendlyName: 'old' });
      await store.createApiKey(key);
      assert.equal(await store.updateApiKey(other.sid, key.sid, { friendlyName: 'stolen', dateUpdated: at(9) }), null);
      assert.deepEqual(await store.updateApiKey(account.sid, key.sid, { friendlyName: 'new', dateUpdated: at(9) }), { ...key, friendlyName: 'new', dateUpdated: at(9) });
      assert.equal(await store.deleteApiKey(other.sid, key.sid), false);
      assert.ok(await store.getApiKey(key.sid));
      assert.equal(await store.deleteApiKey(account.sid, key.sid), true);
      assert.equal(await store.getApiKey(key.sid), null);
      assert.equal(await store.deleteApiKey(account.sid, key.sid), false);
    });
  });

  describe(`${s.name}: migration 007 (API keys)`, () => {
    it('hashes the clear secrets of existing keys, which keep working, and drops the clear column', async () => {
      const handle = await s.openBench();
      try {
        const { store, kysely: db } = handle;
        const account = anAccount();
        await store.upsertAccount(account);
        const migration = m007ApiKeys({ date: s.name === 'postgres' ? 'timestamptz' : 'text' });
        assert.ok(migration.down);
        await migration.down(db); // back to the 001 shape: secrets in clear
        const sid = `SK${'7'.repeat(32)}`;
        await sql`insert into api_keys (sid, account_sid, friendly_name, secret, date_created) values (${sid}, ${account.sid}, ${'old'}, ${'clear-secret'}, ${at(3).toISOString()})`.execute(db);
        await migration.up(db);

        const key = await store.getApiKey(sid);
        assert.ok(key);
        assert.ok(apiKeySecretMatches(key, 'clear-secret'), 'the old secret still authenticates');
        assert.notEqual(key.secretHash, 'clear-secret');
        assert.deepEqual([key.friendlyName, key.dateCreated, key.dateUpdated], ['old', at(3), at(3)]);
        await assert.rejects(sql`select secret from api_keys`.execute(db), 'the clear column is gone');
      } finally {
        await handle.close();
      }
    });
  });
}
