import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { StoreConflict, type Store } from '../../src/ports/store.ts';
import { aParticipant, aService, aSession, at } from '../support/fixtures.ts';
import { givenPool, givenService } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

for (const s of STORES) {
  describe(`${s.name}: transactions`, () => {
    let store: Store;
    beforeEach(async () => { store = await s.open(); });
    afterEach(() => store.close());

    it('commits on success and rolls everything back when the work throws', async () => {
      const { account } = await givenService(store);
      const kept = aService(account);
      const lost = aService(account);
      await store.transaction(async (tx) => tx.createService(kept));
      await assert.rejects(store.transaction(async (tx) => {
        await tx.createService(lost);
        throw new Error('boom');
      }), /boom/);
      assert.ok(await store.findService(account.sid, kept.sid));
      assert.equal(await store.findService(account.sid, lost.sid), null);
    });

    it('a binding conflict leaves the transaction usable: the next candidate commits with it', async () => {
      const { service } = await givenService(store);
      const [n1, n2] = await givenPool(store, service, 2);
      assert.ok(n1 && n2);
      const taken = aSession(service);
      await store.createSession(taken);
      await store.createParticipant(aParticipant(taken, n1, { identifier: '+12125550100' }));
      const session = aSession(service);
      const chosen = await store.transaction(async (tx) => {
        await tx.createSession(session);
        for (const candidate of [n1, n2]) {
          try {
            await tx.createParticipant(aParticipant(session, candidate, { identifier: '+12125550100' }));
            return candidate.sid;
          } catch (err) {
            if (!(err instanceof StoreConflict && err.kind === 'binding')) throw err;
          }
        }
        return null;
      });
      assert.equal(chosen, n2.sid);
      assert.deepEqual((await store.findNumbersBySids(service.sid, [n1.sid, n2.sid])).map((n) => n.load), [1, 1]);
      assert.ok(await store.findSession(service.sid, session.sid));
    });

    it('nested transactions join the outer one, and store calls inside it run in it', async () => {
      const { account } = await givenService(store);
      const a = aService(account);
      const b = aService(account);
      await assert.rejects(store.transaction(async () => {
        await store.transaction(async (inner) => inner.createService(a));
        await store.createService(b); // through the store, not tx: must still be in the transaction
        assert.ok(await store.findService(account.sid, a.sid), 'reads see the transaction');
        throw new Error('undo all');
      }), /undo all/);
      assert.equal(await store.findService(account.sid, a.sid), null);
      assert.equal(await store.findService(account.sid, b.sid), null);
    });

    it('lock() takes and releases without error, inside and outside a transaction', async () => {
      await store.transaction(async (tx) => {
        await tx.lock(['KSx+12125550100', 'KSx+12125550101', 'KSx+12125550100']);
      });
      await store.lock(['outside']);
    });

    it('dates round-trip to the millisecond, including epoch edges', async () => {
      const { service } = await givenService(store);
      for (const d of [new Date('1970-01-01T00:00:00.000Z'), new Date('2038-01-19T03:14:07.999Z'), new Date('2099-12-31T23:59:59.999Z'), at(0.001)]) {
        const session = aSession(service, { dateCreated: d, dateUpdated: d, dateStarted: d, expiresAt: d, dateExpiry: d, dateEnded: d, dateLastInteraction: d });
        await store.createSession(session);
        assert.deepEqual(await store.findSession(service.sid, session.sid), session);
      }
    });
  });
}
