// The sessions list's search (masq's extension, for the console): by unique-name prefix, by a participant's
// identifier (closed sessions and removed participants too), and by the status a caller reads now, where an
// active session past its expiry is closed before the sweeper gets to it. Same answers on both databases.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Store } from '../../src/ports/store.ts';
import { aParticipant, aSession, at } from '../support/fixtures.ts';
import { givenPool, givenService } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

for (const s of STORES) {
  describe(`${s.name}: session search`, () => {
    let store: Store;
    beforeEach(async () => { store = await s.open(); });
    afterEach(() => store.close());

    it('finds sessions by unique-name prefix, case-sensitively, within the service', async () => {
      const { service } = await givenService(store);
      const names = ['order-1', 'order-10', 'Order-2', 'return-1', 'ordér-3'];
      for (const [i, uniqueName] of names.entries()) await store.createSession(aSession(service, { uniqueName, dateCreated: at(i) }));
      await store.createSession(aSession(service, { dateCreated: at(9) }));
      await store.createSession(aSession((await givenService(store)).service, { uniqueName: 'order-99' }));
      const named = async (prefix: string) =>
        (await store.listSessions(service.sid, { pageSize: 50 }, { now: at(100), uniqueNamePrefix: prefix })).items.map((x) => x.uniqueName);
      assert.deepEqual(await named('order-1'), ['order-1', 'order-10']);
      assert.deepEqual(await named('order'), ['order-1', 'order-10']);
      assert.deepEqual(await named('ordé'), ['ordér-3']);
      assert.deepEqual(await named('order-10'), ['order-10']);
      assert.deepEqual(await named('nothing'), []);
    });

    it('finds every session an identifier took part in: open, closed, removed from, not another service\'s', async () => {
      const { service } = await givenService(store);
      const [n1, n2] = await givenPool(store, service, 2);
      assert.ok(n1 && n2);
      const driver = '+12125550177';
      const open = aSession(service, { dateCreated: at(1) });
      const closed = aSession(service, { dateCreated: at(2), status: 'closed', dateEnded: at(3) });
      const removed = aSession(service, { dateCreated: at(3) });
      const unrelated = aSession(service, { dateCreated: at(4) });
      for (const x of [open, closed, removed, unrelated]) await store.createSession(x);
      await store.createParticipant(aParticipant(open, n1, { identifier: driver }));
      await store.createParticipant(aParticipant(open, n1));
      await store.createParticipant(aParticipant(closed, n2, { identifier: driver }));
      await store.createParticipant(aParticipant(removed, n2, { identifier: driver, dateDeleted: at(5) }));
      await store.createParticipant(aParticipant(unrelated, n2));
      const other = await givenService(store);
      const [otherNumber] = await givenPool(store, other.service, 1);
      assert.ok(otherNumber);
      const elsewhere = aSession(other.service);
      await store.createSession(elsewhere);
      await store.createParticipant(aParticipant(elsewhere, otherNumber, { identifier: driver }));

      const page = await store.listSessions(service.sid, { pageSize: 50 }, { now: at(100), identifier: driver });
      assert.deepEqual(page.items.map((x) => x.sid), [open.sid, closed.sid, removed.sid]);
      const none = await store.listSessions(service.sid, { pageSize: 50 }, { now: at(100), identifier: '+12125550000' });
      assert.deepEqual(none.items, []);
    });

    it('filters by the status read now: an active session past its expiry is closed, not open', async () => {
      const { service } = await givenService(store);
      const fresh = aSession(service, { dateCreated: at(1), status: 'open', expiresAt: at(500) });
      const endless = aSession(service, { dateCreated: at(2), status: 'open' });
      const lapsed = aSession(service, { dateCreated: at(3), status: 'in-progress', expiresAt: at(50) });
      const talking = aSession(service, { dateCreated: at(4), status: 'in-progress', expiresAt: at(900) });
      const closed = aSession(service, { dateCreated: at(5), status: 'closed', dateEnded: at(6) });
      const failed = aSession(service, { dateCreated: at(6), status: 'failed' });
      for (const x of [fresh, endless, lapsed, talking, closed, failed]) await store.createSession(x);
      const sids = async (status: 'open' | 'in-progress' | 'closed' | 'failed') =>
        (await store.listSessions(service.sid, { pageSize: 50 }, { now: at(100), status })).items.map((x) => x.sid);
      assert.deepEqual(await sids('open'), [fresh.sid, endless.sid]);
      assert.deepEqual(await sids('in-progress'), [talking.sid]);
      assert.deepEqual(await sids('closed'), [lapsed.sid, closed.sid]);
      assert.deepEqual(await sids('failed'), [failed.sid]);
    });

    it('combines the filters and pages through the result', async () => {
      const { service } = await givenService(store);
      // One number per session: an identifier holds a proxy number in one active session at a time.
      const pool = await givenPool(store, service, 5);
      const customer = '+12125550123';
      for (const [i, n] of pool.entries()) {
        const session = aSession(service, { uniqueName: `trip-${i}`, dateCreated: at(i), status: i % 2 === 0 ? 'open' : 'closed' });
        await store.createSession(session);
        await store.createParticipant(aParticipant(session, n, { identifier: customer }));
      }
      const filter = { now: at(100), identifier: customer, status: 'open' as const, uniqueNamePrefix: 'trip-' };
      const first = await store.listSessions(service.sid, { pageSize: 2 }, filter);
      assert.deepEqual([first.items.map((x) => x.uniqueName), first.hasMore], [['trip-0', 'trip-2'], true]);
      const last = first.items.at(-1);
      assert.ok(last);
      const second = await store.listSessions(service.sid, { pageSize: 2, after: { dateCreated: last.dateCreated, sid: last.sid } }, filter);
      assert.deepEqual([second.items.map((x) => x.uniqueName), second.hasMore], [['trip-4'], false]);
    });
  });
}
