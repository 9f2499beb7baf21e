import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { StoreConflict, type Store } from '../../src/ports/store.ts';
import { aParticipant, aSession, at } from '../support/fixtures.ts';
import { givenPool, givenService } from '../support/seed-store.ts';
import { boundParticipant, historyWithNumbers } from '../support/store-reads.ts';
import { STORES } from '../support/stores.ts';

const isConflict = (kind: StoreConflict['kind']) => (err: unknown) => err instanceof StoreConflict && err.kind === kind;

for (const s of STORES) {
  describe(`${s.name}: participants and bindings`, () => {
    let store: Store;
    beforeEach(async () => { store = await s.open(); });
    afterEach(() => store.close());

    it('stores participants and lists them in creation order, soft-deleted ones included', async () => {
      const { service } = await givenService(store);
      const [n] = await givenPool(store, service, 1);
      assert.ok(n);
      const session = aSession(service);
      await store.createSession(session);
      const a = aParticipant(session, n, { friendlyName: 'Alice', dateCreated: at(1) });
      const b = aParticipant(session, 'whatsapp:+14155550100', { dateCreated: at(2) });
      await store.createParticipant(b);
      await store.createParticipant(a);
      assert.deepEqual(await store.findParticipant(session.sid, a.sid), a);
      assert.deepEqual(await store.listParticipants(session.sid), [a, b]);
      const page = await store.pageParticipants(session.sid, { pageSize: 1 });
      assert.deepEqual([page.items, page.hasMore], [[a], true]);
      assert.equal(await store.findParticipant('KC00000000000000000000000000000000', a.sid), null);
    });

    /** Two open sessions of one service, and the one number of its pool. */
    const givenTwoSessionsAndANumber = async () => {
      const { service } = await givenService(store);
      const [n] = await givenPool(store, service, 1);
      assert.ok(n);
      const first = aSession(service);
      const second = aSession(service);
      await store.createSession(first);
      await store.createSession(second);
      return { service, n, first, second };
    };

    it('refuses the same (identifier, proxy) in two active sessions of a service, and allows it after close', async () => {
      const { service, n, first, second } = await givenTwoSessionsAndANumber();
      await store.createParticipant(aParticipant(first, n, { identifier: '+12125550100' }));
      await assert.rejects(store.createParticipant(aParticipant(second, n, { identifier: '+12125550100' })), isConflict('binding'));
      // The refused insert left nothing behind: no row, no load.
      assert.equal((await store.listParticipants(second.sid)).length, 0);
      assert.equal((await store.findNumbersBySids(service.sid, [n.sid]))[0]?.load, 1);
      // Another identifier may share the number.
      await store.createParticipant(aParticipant(second, n, { identifier: '+12125550101' }));
      await store.closeSession(first.sid, 'api', at(1));
      const third = aSession(service);
      await store.createSession(third);
      await store.createParticipant(aParticipant(third, n, { identifier: '+12125550100' }));
      assert.equal((await store.findNumbersBySids(service.sid, [n.sid]))[0]?.load, 2);
    });

    it('binds per service: the same pair may be active in two services', async () => {
      const a = await givenService(store);
      const b = await givenService(store);
      const sa = aSession(a.service);
      const sb = aSession(b.service);
      await store.createSession(sa);
      await store.createSession(sb);
      await store.createParticipant(aParticipant(sa, 'whatsapp:+14155550100', { identifier: 'whatsapp:+447700900123' }));
      await store.createParticipant(aParticipant(sb, 'whatsapp:+14155550100', { identifier: 'whatsapp:+447700900123' }));
    });

    it('refuses an identifier already in the session, even soft-deleted', async () => {
      const { service } = await givenService(store);
      const [n1, n2] = await givenPool(store, service, 2);
      assert.ok(n1 && n2);
      const session = aSession(service);
      await store.createSession(session);
      const p = aParticipant(session, n1);
      await store.createParticipant(p);
      await assert.rejects(store.createParticipant(aParticipant(session, n2, { identifier: p.identifier })), isConflict('participant-identifier'));
      await store.softDeleteParticipant(session.sid, p.sid, at(1));
      await assert.rejects(store.createParticipant(aParticipant(session, n2, { identifier: p.identifier })), isConflict('participant-identifier'));
    });

    it('creating a bound participant raises load and stamps history; soft delete unbinds and lowers load', async () => {
      const { service } = await givenService(store);
      const [n] = await givenPool(store, service, 1);
      assert.ok(n);
      const session = aSession(service);
      await store.createSession(session);
      const p = aParticipant(session, n, { dateCreated: at(30) });
      await store.createParticipant(p);
      assert.equal((await store.findNumbersBySids(service.sid, [n.sid]))[0]?.load, 1);
      assert.deepEqual(await store.identifierHistory(service.sid, p.identifier, 10), [{ numberSid: n.sid, lastUsedAt: at(30) }]);
      assert.deepEqual([...await store.activeBindings(service.sid, p.identifier)], [n.sid]);
      assert.equal((await boundParticipant(store, n.phoneNumber, p.identifier))?.sid, p.sid);

      const deleted = await store.softDeleteParticipant(session.sid, p.sid, at(40));
      assert.deepEqual(deleted, { ...p, dateDeleted: at(40), dateUpdated: at(40) });
      assert.equal((await store.findNumbersBySids(service.sid, [n.sid]))[0]?.load, 0);
      assert.equal(await boundParticipant(store, n.phoneNumber, p.identifier), null);
      assert.equal((await store.activeBindings(service.sid, p.identifier)).size, 0);
      // History outlives the binding (stickiness); deleting again changes nothing.
      assert.equal((await store.identifierHistory(service.sid, p.identifier, 10)).length, 1);
      assert.deepEqual(await store.softDeleteParticipant(session.sid, p.sid, at(50)), deleted);
      assert.equal((await store.findNumbersBySids(service.sid, [n.sid]))[0]?.load, 0);
      assert.equal(await store.softDeleteParticipant(session.sid, 'KP00000000000000000000000000000000', at(50)), null);
    });

    it('a participant created already deleted holds no binding', async () => {
      const { service } = await givenService(store);
      const [n] = await givenPool(store, service, 1);
      assert.ok(n);
      const session = aSession(service);
      await store.createSession(session);
      const p = aParticipant(session, n, { dateDeleted: at(1) });
      await store.createParticipant(p);
      assert.equal((await store.findNumbersBySids(service.sid, [n.sid]))[0]?.load, 0);
      assert.equal(await boundParticipant(store, n.phoneNumber, p.identifier), null);
    });

    it('history keeps one row per number, newest use first', async () => {
      const { service } = await givenService(store);
      const [n1, n2] = await givenPool(store, service, 2);
      assert.ok(n1 && n2);
      const who = '+12125550100';
      for (const [number, t] of [[n1, 10], [n2, 20], [n1, 30]] as const) {
        const session = aSession(service);
        await store.createSession(session);
        await store.createParticipant(aParticipant(session, number, { identifier: who, dateCreated: at(t) }));
        await store.closeSession(session.sid, 'api', at(t + 1));
      }
      assert.deepEqual(await store.identifierHistory(service.sid, who, 10), [{ numberSid: n1.sid, lastUsedAt: at(30) }, { numberSid: n2.sid, lastUsedAt: at(20) }]);
      assert.deepEqual(await store.identifierHistory(service.sid, who, 1), [{ numberSid: n1.sid, lastUsedAt: at(30) }]);
      const withNumbers = await historyWithNumbers(store, service.sid, who, 10);
      assert.deepEqual(withNumbers.map((h) => [h.number.sid, h.number.phoneNumber, h.lastUsedAt]), [[n1.sid, n1.phoneNumber, at(30)], [n2.sid, n2.phoneNumber, at(20)]]);
      // A number that left the pool is no longer history the allocator can use.
      await store.updateNumber(service.accountSid, n1.sid, { serviceSid: null, dateUpdated: at(40) });
      assert.deepEqual((await historyWithNumbers(store, service.sid, who, 1)).map((h) => h.number.sid), [n2.sid]);
      assert.deepEqual(await store.identifierHistory(service.sid, who, 10), [{ numberSid: n2.sid, lastUsedAt: at(20) }]);
    });

    it('a conflicting insert changes nothing and names the rule it broke', async () => {
      const { service, n, first, second } = await givenTwoSessionsAndANumber();
      const who = '+12125550130';
      await store.createParticipant(aParticipant(first, n, { identifier: who }));
      await assert.rejects(store.createParticipant(aParticipant(second, n, { identifier: who })),
        isConflict('binding'));
      await assert.rejects(store.createParticipant(aParticipant(first, n, { identifier: who, dateDeleted: at(3) })),
        isConflict('participant-identifier'));
      assert.equal((await store.findNumbersBySids(service.sid, [n.sid]))[0]?.load, 1);
      assert.equal((await store.listParticipants(second.sid)).length, 0);
    });
  });
}
