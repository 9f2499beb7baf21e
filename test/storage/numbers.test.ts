import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { StoreConflict, type Store } from '../../src/ports/store.ts';
import { aParticipant, aPoolNumber, aSession, anAccount, at } from '../support/fixtures.ts';
import { givenPool, givenService, storeNumber } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

for (const s of STORES) {
  describe(`${s.name}: number inventory`, () => {
    let store: Store;
    beforeEach(async () => { store = await s.open(); });
    afterEach(() => store.close());

    it('stores a number and finds it by sid (own account only) and by E.164 (any account, live numbers only)', async () => {
      const { account, service } = await givenService(store);
      const n = aPoolNumber(service, {
        phoneNumber: '+447700900123', isoCountry: 'GB', areaCode: null, friendlyName: 'London',
        capabilities: { voice: false, sms: true, mms: true }, carrier: 'twilio', isReserved: true,
        dateCreated: new Date('2025-01-01T00:00:00.001Z'), dateUpdated: new Date('2025-12-31T23:59:59.999Z'),
      });
      await storeNumber(store, n);
      assert.deepEqual(await store.findNumberBySid(account.sid, n.sid), n);
      assert.deepEqual(await store.findNumberByE164('+447700900123'), n);
      const other = anAccount();
      await store.upsertAccount(other);
      assert.equal(await store.findNumberBySid(other.sid, n.sid), null);
      assert.equal(await store.findNumberByE164('+447700900999'), null);
      // Once its inventory record is no longer live (recycled), the pool record stays as history only.
      await store.updateInventoryNumber(account.sid, n.sid, { state: 'recycled', dateUpdated: at(9) });
      assert.equal(await store.findNumberByE164('+447700900123'), null);
    });

    it('refuses an E.164 number that a live record holds, in any account; a recycled number can be held again', async () => {
      const { service } = await givenService(store);
      const first = aPoolNumber(service, { phoneNumber: '+14155550100' });
      await storeNumber(store, first);
      const other = await givenService(store);
      await assert.rejects(storeNumber(store, aPoolNumber(other.service, { phoneNumber: '+14155550100' })),
        (err: unknown) => err instanceof StoreConflict && err.kind === 'phone-number');
      await store.updateInventoryNumber(service.accountSid, first.sid, { state: 'recycled', dateUpdated: at(9) });
      const again = aPoolNumber(other.service, { phoneNumber: '+14155550100' });
      await storeNumber(store, again);
      assert.deepEqual(await store.findNumberByE164('+14155550100'), again);
    });

    it('keeps inventory numbers outside any pool, and moves them in and out with updateNumber', async () => {
      const { account, service } = await givenService(store);
      const n = aPoolNumber(service, { serviceSid: null });
      await store.createNumber(n);
      assert.equal(await store.countPool(service.sid), 0);
      const moved = await store.updateNumber(account.sid, n.sid, { serviceSid: service.sid, isReserved: true, friendlyName: 'x', dateUpdated: at(3) });
      assert.deepEqual(moved, { ...n, serviceSid: service.sid, isReserved: true, friendlyName: 'x', dateUpdated: at(3) });
      assert.equal(await store.countPool(service.sid), 1);
      const caps = await store.updateNumber(account.sid, n.sid, { capabilities: { voice: false, sms: true, mms: false }, carrier: 'telnyx', dateUpdated: at(4) });
      assert.deepEqual([caps?.capabilities, caps?.carrier, caps?.isReserved], [{ voice: false, sms: true, mms: false }, 'telnyx', true]);
      const other = anAccount();
      await store.upsertAccount(other);
      assert.equal(await store.updateNumber(other.sid, n.sid, { isReserved: false, dateUpdated: at(5) }), null);
    });

    it('pages the pool in (date_created, sid) order and counts it', async () => {
      const { service } = await givenService(store);
      const pool = await givenPool(store, service, 5, (i) => ({ dateCreated: at(10 - i) }));
      const expected = [...pool].reverse().map((n) => n.sid);
      const p1 = await store.listPool(service.sid, { pageSize: 3 });
      assert.deepEqual([p1.items.map((n) => n.sid), p1.hasMore], [expected.slice(0, 3), true]);
      const last = p1.items.at(-1);
      assert.ok(last);
      const p2 = await store.listPool(service.sid, { pageSize: 3, after: { dateCreated: last.dateCreated, sid: last.sid } });
      assert.deepEqual([p2.items.map((n) => n.sid), p2.hasMore], [expected.slice(3), false]);
      assert.equal(await store.countPool(service.sid), 5);
    });

    it('counts the active sessions using a number (both sides sharing it count once)', async () => {
      const { service } = await givenService(store);
      const [n] = await givenPool(store, service, 1);
      assert.ok(n);
      const shared = aSession(service);
      const other = aSession(service);
      const closed = aSession(service);
      for (const x of [shared, other, closed]) await store.createSession(x);
      await store.createParticipant(aParticipant(shared, n));
      await store.createParticipant(aParticipant(shared, n));
      await store.createParticipant(aParticipant(other, n));
      await store.createParticipant(aParticipant(closed, n));
      await store.closeSession(closed.sid, 'api', at(1));
      assert.equal(await store.countSessionsUsingNumber(n.sid), 2);
      assert.equal((await store.findNumbersBySids(service.sid, [n.sid]))[0]?.load, 3);
    });
  });
}
