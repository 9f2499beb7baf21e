// Subaccounts in storage, on SQLite and PostgreSQL: an account's family (itself and the accounts it owns)
// lists page by page with its filters and never shows a sibling's or a stranger's; a closed account stays
// closed even against an update that read it open; the database refuses a status outside the three.
// Migration 010 turns existing accounts into active top-level ones and migrates down and up again.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { Migrator, sql, type Migration } from 'kysely';
import type { Account } from '../../src/domain/account.ts';
import { MIGRATIONS } from '../../src/storage/migrations/migrations.ts';
import { openDatabase, openStore, type OpenedDatabase } from '../../src/storage/open-store.ts';
import type { BenchHandle } from '../../src/storage/bench-handle.ts';
import { anAccount, at } from '../support/fixtures.ts';
import { createTestSchema, POSTGRES_URL, STORES, withSearchPath } from '../support/stores.ts';

const subaccountOf = (owner: Account, o: Partial<Account> = {}): Account => anAccount({ ownerAccountSid: owner.sid, ...o });

for (const s of STORES) {
  describe(`${s.name}: subaccounts`, () => {
    let handle: BenchHandle;
    beforeEach(async () => { handle = await s.openBench(); });
    afterEach(() => handle.close());

    const given = async (...accounts: Account[]): Promise<void> => {
      for (const a of accounts) await (a.ownerAccountSid === null ? handle.store.upsertAccount(a) : handle.store.createAccount(a));
    };

    it('keeps a subaccount as created; a top-level account is active and owned by nobody', async () => {
      const owner = anAccount({ friendlyName: 'owner' });
      const sub = subaccountOf(owner, { friendlyName: 'customer 1', dateCreated: at(1), dateUpdated: at(2) });
      await given(owner, sub);
      assert.deepEqual(await handle.store.getAccount(sub.sid), sub);
      assert.deepEqual(await handle.store.getAccount(owner.sid), { ...owner, ownerAccountSid: null, status: 'active' });
    });

    it("lists an account's family in creation order, page by page, with its filters, and nobody else", async () => {
      const [owner, stranger] = [anAccount({ dateCreated: at(0) }), anAccount({ dateCreated: at(0) })];
      const subs = [1, 2, 3].map((n) => subaccountOf(owner, { friendlyName: n === 2 ? 'two' : 'other', dateCreated: at(n), status: n === 3 ? 'suspended' : 'active' }));
      await given(owner, stranger, ...subs, subaccountOf(stranger, { dateCreated: at(2) }));
      const sids = (page: { items: readonly Account[] }) => page.items.map((a) => a.sid);

      const first = await handle.store.listAccountFamily(owner.sid, {}, { pageSize: 3 });
      assert.deepEqual(sids(first), [owner.sid, subs[0]?.sid, subs[1]?.sid]);
      assert.equal(first.hasMore, true);
      const last = first.items[2];
      assert.ok(last);
      const second = await handle.store.listAccountFamily(owner.sid, {}, { pageSize: 3, after: last });
      assert.deepEqual([sids(second), second.hasMore], [[subs[2]?.sid], false]);

      assert.deepEqual(sids(await handle.store.listAccountFamily(owner.sid, { friendlyName: 'two' }, { pageSize: 10 })), [subs[1]?.sid]);
      assert.deepEqual(sids(await handle.store.listAccountFamily(owner.sid, { status: 'suspended' }, { pageSize: 10 })), [subs[2]?.sid]);
      assert.deepEqual(sids(await handle.store.listAccountFamily(owner.sid, { status: 'active', friendlyName: 'other' }, { pageSize: 10 })), [subs[0]?.sid]);
      // A subaccount's family is itself alone: never its owner or its siblings.
      assert.deepEqual(sids(await handle.store.listAccountFamily(subs[0]?.sid ?? '', {}, { pageSize: 10 })), [subs[0]?.sid]);
    });

    it('updates name and status, and never a closed account, whatever the caller read', async () => {
      const owner = anAccount();
      const sub = subaccountOf(owner, { friendlyName: 'before' });
      await given(owner, sub);
      const renamed = await handle.store.updateAccount(sub.sid, { friendlyName: 'after', dateUpdated: at(5) });
      assert.deepEqual(renamed, { ...sub, friendlyName: 'after', dateUpdated: at(5) });
      assert.equal((await handle.store.updateAccount(sub.sid, { status: 'suspended', dateUpdated: at(6) }))?.status, 'suspended');
      assert.equal((await handle.store.updateAccount(sub.sid, { status: 'closed', dateUpdated: at(7) }))?.status, 'closed');
      // A request that read it suspended a moment ago tries to reactivate it: closed wins.
      assert.equal(await handle.store.updateAccount(sub.sid, { status: 'active', dateUpdated: at(8) }), null);
      assert.equal(await handle.store.updateAccount(sub.sid, { friendlyName: 'reborn', dateUpdated: at(8) }), null);
      assert.deepEqual(await handle.store.getAccount(sub.sid), { ...sub, friendlyName: 'after', status: 'closed', dateUpdated: at(7) });
      assert.equal(await handle.store.updateAccount(`AC${'0'.repeat(32)}`, { friendlyName: 'x', dateUpdated: at(9) }), null);
    });

    it('refuses a status that is not active, suspended or closed', async () => {
      const owner = anAccount();
      await given(owner);
      await assert.rejects(sql`update accounts set status = 'deleted' where sid = ${owner.sid}`.execute(handle.kysely));
      assert.equal((await handle.store.getAccount(owner.sid))?.status, 'active');
    });

    it('re-provisioning a top-level account keeps its status and owner', async () => {
      const owner = anAccount();
      const sub = subaccountOf(owner);
      await given(owner, sub);
      await handle.store.updateAccount(sub.sid, { status: 'suspended', dateUpdated: at(3) });
      await handle.store.upsertAccount({ sid: sub.sid, friendlyName: 'x', authToken: 'new', dateCreated: at(0), dateUpdated: at(4) });
      const after = await handle.store.getAccount(sub.sid);
      assert.deepEqual([after?.status, after?.ownerAccountSid, after?.authToken], ['suspended', owner.sid, 'new']);
    });
  });
}

/** A database URL of its own, and how to remove it. */
const places: readonly { name: string; make(): Promise<{ url: string; cleanup(): Promise<void> }> }[] = [
  {
    name: 'sqlite',
    make: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'masq-m010-'));
      return { url: `sqlite:${join(dir, 'masq.db')}`, cleanup: async () => rmSync(dir, { recursive: true, force: true }) };
    },
  },
  ...(POSTGRES_URL === undefined ? [] : [{
    name: 'postgres',
    make: async () => {
      const { schema, drop } = await createTestSchema(POSTGRES_URL ?? '');
      return { url: withSearchPath(POSTGRES_URL ?? '', schema), cleanup: drop };
    },
  }]),
];

const migratorOf = async (opened: OpenedDatabase, last: string): Promise<Migrator> => {
  const migrations: Record<string, Migration> = {};
  for (const [name, factory] of Object.entries(MIGRATIONS)) if (name <= last) migrations[name] = factory(opened.dialect.ddl);
  const schema = await opened.dialect.migrationSchema(opened.kysely);
  return new Migrator({
    db: opened.kysely, provider: { getMigrations: async () => migrations },
    ...(schema !== undefined && { migrationTableSchema: schema }),
    migrationTableName: 'masq_migration', migrationLockTableName: 'masq_migration_lock',
  });
};

const migrate = async (url: string, work: (opened: OpenedDatabase) => Promise<unknown>): Promise<void> => {
  const opened = await openDatabase(url, { migrate: false });
  try {
    const result = await work(opened);
    if (typeof result === 'object' && result !== null && 'error' in result && result.error !== undefined) throw result.error;
  } finally {
    await opened.kysely.destroy();
  }
};

const OLD = `AC${'7'.repeat(32)}`;

for (const p of places) {
  describe(`${p.name}: migration 010 (subaccounts)`, () => {
    it('makes existing accounts active and top level; down and up again keep every account', async () => {
      const place = await p.make();
      try {
        await migrate(place.url, async (db) => {
          const result = await (await migratorOf(db, '009-inventory')).migrateToLatest();
          await sql`insert into accounts (sid, friendly_name, auth_token, date_created, date_updated) values (${OLD}, 'old', 'token', ${at(0).toISOString()}, ${at(0).toISOString()})`.execute(db.kysely);
          return result;
        });
        const owner = anAccount({ sid: OLD, friendlyName: 'old', authToken: 'token' });
        const sub = anAccount({ ownerAccountSid: OLD, status: 'suspended' });
        const store = await openStore(place.url);
        try {
          assert.deepEqual(await store.getAccount(OLD), owner);
          await store.createAccount(sub);
        } finally {
          await store.close();
        }
        await migrate(place.url, async (db) => (await migratorOf(db, '~')).migrateTo('009-inventory'));
        await migrate(place.url, async (db) => {
          const { rows } = await sql<{ sid: string }>`select sid from accounts order by sid`.execute(db.kysely);
          assert.deepEqual(rows.map((r) => r.sid), [OLD, sub.sid].sort());
        });
        // Back up: the former subaccount is now an active top-level account; nothing was lost.
        const again = await openStore(place.url);
        try {
          assert.deepEqual(await again.getAccount(sub.sid), { ...sub, ownerAccountSid: null, status: 'active' });
        } finally {
          await again.close();
        }
      } finally {
        await place.cleanup();
      }
    });
  });
}
