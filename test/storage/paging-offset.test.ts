// A page asked for by number without a cursor (PageRequest.offset) on both databases: the rows after the
// offset in keyset order, and an empty page once the offset is past the data.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Store } from '../../src/ports/store.ts';
import { aService, at } from '../support/fixtures.ts';
import { givenService } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

for (const s of STORES) {
  describe(`${s.name}: paging by offset`, () => {
    let store: Store;
    beforeEach(async () => { store = await s.open(); });
    afterEach(() => store.close());

    it('skips the offset in (date_created, sid) order and is empty beyond the data', async () => {
      const { account, service: seeded } = await givenService(store);
      const services = [aService(account, { dateCreated: at(1) }), aService(account, { dateCreated: at(1) }), aService(account, { dateCreated: at(2) })];
      for (const svc of services) await store.createService(svc);
      const ordered = (await store.listServices(account.sid, { pageSize: 10 })).items.map((x) => x.sid);
      assert.deepEqual(new Set(ordered), new Set([seeded.sid, ...services.map((x) => x.sid)]));
      const middle = await store.listServices(account.sid, { pageSize: 2, offset: 2 });
      assert.deepEqual([middle.items.map((x) => x.sid), middle.hasMore], [ordered.slice(2, 4), false]);
      const partial = await store.listServices(account.sid, { pageSize: 2, offset: 1 });
      assert.deepEqual([partial.items.map((x) => x.sid), partial.hasMore], [ordered.slice(1, 3), true]);
      const beyond = await store.listServices(account.sid, { pageSize: 2, offset: 10_000 });
      assert.deepEqual([beyond.items, beyond.hasMore], [[], false]);
    });
  });
}
