import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import { StoreConflict, type Store } from '../../src/ports/store.ts';
import { aParticipant, aSession, anInteraction, at } from '../support/fixtures.ts';
import { givenPool, givenService } from '../support/seed-store.ts';
import { boundParticipant } from '../support/store-reads.ts';
import { STORES } from '../support/stores.ts';

const isConflict = (kind: StoreConflict['kind']) => (err: unknown) => err instanceof StoreConflict && err.kind === kind;

for (const s of STORES) {
  describe(`${s.name}: sessions`, () => {
    let store: Store;
    beforeEach(async () => { store = await s.open(); });
    afterEach(() => store.close());

    it('creates a session and finds it by sid or unique name within its service only', async () => {
      const { service } = await givenService(store);
      const session = aSession(service, {
        uniqueName: 'order-42', status: 'in-progress', mode: 'message-only', ttl: 300, dateExpiry: new Date('2030-01-02T03:04:05.678Z'),
        dateLastInteraction: at(7), expiresAt: new Date('2030-01-02T03:04:05.678Z'), dateUpdated: at(8),
      });
      await store.createSession(session);
      assert.deepEqual(await store.findSession(service.sid, session.sid), session);
      assert.deepEqual(await store.findSession(service.sid, 'order-42'), session);
      const other = await givenService(store);
      assert.equal(await store.findSession(other.service.sid, session.sid), null);
      assert.equal(await store.findSession(other.service.sid, 'order-42'), null);
    });

    it('refuses a unique name taken in the service; other services and unnamed sessions are free', async () => {
      const { service } = await givenService(store);
      await store.createSession(aSession(service, { uniqueName: 'dup' }));
      await assert.rejects(store.createSession(aSession(service, { uniqueName: 'dup' })), isConflict('session-unique-name'));
      await store.createSession(aSession((await givenService(store)).service, { uniqueName: 'dup' }));
      await store.createSession(aSession(service));
      await store.createSession(aSession(service));
      const named = aSession(service, { uniqueName: 'other' });
      await store.createSession(named);
      await assert.rejects(store.updateSession(service.sid, named.sid, { uniqueName: 'dup', dateUpdated: at(1) }), isConflict('session-unique-name'));
    });

    it('pages sessions and updates only patched fields', async () => {
      const { service } = await givenService(store);
      const sessions = [aSession(service, { dateCreated: at(1) }), aSession(service, { dateCreated: at(2) }), aSession(service, { dateCreated: at(3) })];
      for (const x of sessions) await store.createSession(x);
      const page = await store.listSessions(service.sid, { pageSize: 2 });
      assert.deepEqual([page.items.map((x) => x.sid), page.hasMore], [sessions.slice(0, 2).map((x) => x.sid), true]);
      const first = sessions[0];
      assert.ok(first);
      const updated = await store.updateSession(service.sid, first.sid, { dateLastInteraction: at(50), expiresAt: at(350), status: 'in-progress', dateUpdated: at(50) });
      assert.deepEqual(updated, { ...first, dateLastInteraction: at(50), expiresAt: at(350), status: 'in-progress', dateUpdated: at(50) });
      assert.equal(await store.updateSession((await givenService(store)).service.sid, first.sid, { ttl: 1, dateUpdated: at(1) }), null);
    });

    it('closing unbinds every participant and lowers load; closing twice reports false', async () => {
      const { service } = await givenService(store);
      const [n1, n2] = await givenPool(store, service, 2);
      assert.ok(n1 && n2);
      const session = aSession(service);
      await store.createSession(session);
      const a = aParticipant(session, n1);
      await store.createParticipant(a);
      await store.createParticipant(aParticipant(session, n2));
      assert.equal(await store.closeSession(session.sid, 'ttl', at(60)), true);
      const closed = await store.findSession(service.sid, session.sid);
      assert.deepEqual([closed?.status, closed?.closedReason, closed?.dateEnded], ['closed', 'ttl', at(60)]);
      assert.deepEqual((await store.findNumbersBySids(service.sid, [n1.sid, n2.sid])).map((n) => n.load), [0, 0]);
      assert.equal(await boundParticipant(store, n1.phoneNumber, a.identifier), null);
      assert.equal(await store.closeSession(session.sid, 'api', at(61)), false);
      // Participants stay listed after close; only their bindings went.
      assert.equal((await store.listParticipants(session.sid)).length, 2);
    });

    it('re-opening re-binds and raises load, or refuses when a pair was taken meanwhile', async () => {
      const { service } = await givenService(store);
      const [n] = await givenPool(store, service, 1);
      assert.ok(n);
      const first = aSession(service);
      await store.createSession(first);
      const p = aParticipant(first, n, { identifier: '+12125550100' });
      await store.createParticipant(p);
      await store.closeSession(first.sid, 'api', at(1));
      const reopened = await store.reopenSession(first.sid, at(2));
      assert.deepEqual([reopened?.status, reopened?.dateEnded, reopened?.closedReason], ['in-progress', null, null]);
      assert.equal((await boundParticipant(store, n.phoneNumber, p.identifier))?.sid, p.sid);
      assert.equal((await store.findNumbersBySids(service.sid, [n.sid]))[0]?.load, 1);

      await store.closeSession(first.sid, 'api', at(3));
      const second = aSession(service);
      await store.createSession(second);
      await store.createParticipant(aParticipant(second, n, { identifier: '+12125550100' }));
      await assert.rejects(store.reopenSession(first.sid, at(4)), isConflict('binding'));
      assert.equal((await store.findSession(service.sid, first.sid))?.status, 'closed');
      assert.equal((await store.findNumbersBySids(service.sid, [n.sid]))[0]?.load, 1);
      assert.equal(await store.reopenSession('KC00000000000000000000000000000000', at(5)), null);
    });

    it('a status change through updateSession moves the bindings too', async () => {
      const { service } = await givenService(store);
      const [n] = await givenPool(store, service, 1);
      assert.ok(n);
      const session = aSession(service);
      await store.createSession(session);
      await store.createParticipant(aParticipant(session, n));
      await store.updateSession(service.sid, session.sid, { status: 'closed', dateUpdated: at(1) });
      assert.equal((await store.findNumbersBySids(service.sid, [n.sid]))[0]?.load, 0);
      await store.updateSession(service.sid, session.sid, { status: 'in-progress', dateUpdated: at(2) });
      assert.equal((await store.findNumbersBySids(service.sid, [n.sid]))[0]?.load, 1);
    });

    it('deleting a session removes its participants and interactions and frees its numbers', async () => {
      const { service } = await givenService(store);
      const [n] = await givenPool(store, service, 1);
      assert.ok(n);
      const session = aSession(service);
      await store.createSession(session);
      const p = aParticipant(session, n);
      await store.createParticipant(p);
      const i = anInteraction(session);
      await store.createInteraction(i);
      assert.equal(await store.deleteSession((await givenService(store)).service.sid, session.sid), false);
      assert.equal(await store.deleteSession(service.sid, session.sid), true);
      assert.equal(await store.findSession(service.sid, session.sid), null);
      assert.equal(await store.findParticipant(session.sid, p.sid), null);
      assert.equal(await store.findInteraction(session.sid, i.sid), null);
      assert.equal((await store.findNumbersBySids(service.sid, [n.sid]))[0]?.load, 0);
      // The pair is free again.
      const next = aSession(service);
      await store.createSession(next);
      await store.createParticipant(aParticipant(next, n, { identifier: p.identifier }));
    });

    it('finds expired active sessions, oldest deadline first', async () => {
      const { service } = await givenService(store);
      const now = at(1000);
      const late = aSession(service, { expiresAt: at(900) });
      const early = aSession(service, { expiresAt: at(100) });
      const exact = aSession(service, { expiresAt: now });
      const future = aSession(service, { expiresAt: at(1001) });
      const never = aSession(service, { expiresAt: null });
      const closed = aSession(service, { expiresAt: at(50), status: 'closed' });
      for (const x of [late, early, exact, future, never, closed]) await store.createSession(x);
      assert.deepEqual((await store.findExpiredSessions(now, 10)).map((x) => x.sid), [early.sid, late.sid, exact.sid]);
      assert.deepEqual((await store.findExpiredSessions(now, 1)).map((x) => x.sid), [early.sid]);
    });

    it("lists the bindings of several identifiers with their sessions, expired or not, and only bound ones", async () => {
      const { service } = await givenService(store);
      const [n1, n2] = await givenPool(store, service, 2);
      assert.ok(n1 && n2);
      const [a, b] = ['+12125550121', '+12125550122'];
      const expired = aSession(service, { expiresAt: at(100) });
      const live = aSession(service, { expiresAt: null });
      const closed = aSession(service);
      for (const x of [expired, live, closed]) await store.createSession(x);
      await store.createParticipant(aParticipant(expired, n1, { identifier: a }));
      await store.createParticipant(aParticipant(live, n2, { identifier: a }));
      await store.createParticipant(aParticipant(live, n1, { identifier: b }));
      await store.createParticipant(aParticipant(closed, n2, { identifier: b }));
      await store.closeSession(closed.sid, 'api', at(5));
      const found = await store.identifierBindings(service.sid, [a, b, a]);
      const key = (x: { identifier: string; numberSid: string | null; session: { sid: string } }) => `${x.identifier} ${x.numberSid ?? ''} ${x.session.sid}`;
      assert.deepEqual(found.map(key).sort(), [
        `${a} ${n1.sid} ${expired.sid}`, `${a} ${n2.sid} ${live.sid}`, `${b} ${n1.sid} ${live.sid}`,
      ].sort());
      assert.deepEqual(found.find((x) => x.session.sid === expired.sid)?.session.expiresAt, at(100));
      assert.deepEqual(await store.identifierBindings(service.sid, ['+12125550199']), []);
      assert.deepEqual(await store.identifierBindings(service.sid, []), []);
    });
  });
}
