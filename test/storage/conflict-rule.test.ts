// The one conflict rule: every store write that throws StoreConflict has written nothing, and the
// transaction it ran in stays usable, on both databases: what came before it is kept, what comes after it
// is written, and the transaction commits. (PostgreSQL aborts a transaction on any error, so a write that
// let its unique violation through would fail every later statement of its caller.)
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Interaction } from '../../src/domain/interaction.ts';
import type { Service } from '../../src/domain/service.ts';
import type { Session } from '../../src/domain/session.ts';
import { StoreConflict, type ConflictKind, type Repos, type Store } from '../../src/ports/store.ts';
import { aParticipant, aService, aSession, anInteraction, anInventoryNumber, at, sid } from '../support/fixtures.ts';
import { aJob } from '../support/jobs.ts';
import { givenPool, givenService } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

/** A write set up to break a unique rule, and a check that it wrote nothing. */
interface Clash {
  write(tx: Repos): Promise<unknown>;
  leftNothing(): Promise<void>;
}

interface ConflictCase {
  readonly write: string;
  readonly kind: ConflictKind;
  given(store: Store): Promise<Clash>;
}

const inboundOf = (session: Session, resourceSid: string): Interaction => anInteraction(session, {
  inbound: { participantSid: null, resourceSid, resourceType: 'Message', resourceStatus: 'received', resourceUrl: null },
});

/** A closed session whose participant's pair another session took meanwhile: re-binding it must conflict. */
const givenPairTakenMeanwhile = async (store: Store) => {
  const { service } = await givenService(store);
  const [n] = await givenPool(store, service, 1);
  assert.ok(n);
  const first = aSession(service);
  await store.createSession(first);
  await store.createParticipant(aParticipant(first, n, { identifier: '+12125550100' }));
  await store.closeSession(first.sid, 'api', at(1));
  const second = aSession(service);
  await store.createSession(second);
  await store.createParticipant(aParticipant(second, n, { identifier: '+12125550100' }));
  const stillClosedAndLoadOne = async () => {
    assert.equal((await store.findSession(service.sid, first.sid))?.status, 'closed');
    assert.equal((await store.findNumbersBySids(service.sid, [n.sid]))[0]?.load, 1);
  };
  return { service, first, stillClosedAndLoadOne };
};

const givenSessionIn = async (store: Store, o: Partial<Session> = {}): Promise<{ service: Service; session: Session }> => {
  const { service } = await givenService(store);
  const session = aSession(service, o);
  await store.createSession(session);
  return { service, session };
};

const CASES: readonly ConflictCase[] = [
  {
    write: 'createService', kind: 'service-unique-name',
    async given(store) {
      const { account, service } = await givenService(store);
      const clash = aService(account, { uniqueName: service.uniqueName });
      return { write: (tx) => tx.createService(clash), leftNothing: async () => assert.equal(await store.findService(account.sid, clash.sid), null) };
    },
  },
  {
    write: 'updateService', kind: 'service-unique-name',
    async given(store) {
      const { account, service } = await givenService(store);
      const other = aService(account);
      await store.createService(other);
      return {
        write: (tx) => tx.updateService(account.sid, other.sid, { uniqueName: service.uniqueName, dateUpdated: at(1) }),
        leftNothing: async () => assert.deepEqual(await store.findService(account.sid, other.sid), other),
      };
    },
  },
  {
    write: 'createInventoryNumber', kind: 'phone-number',
    async given(store) {
      const { service } = await givenService(store);
      const [n] = await givenPool(store, service, 1);
      assert.ok(n);
      const clash = anInventoryNumber(service.accountSid, n.phoneNumber);
      return {
        write: (tx) => tx.createInventoryNumber(clash),
        leftNothing: async () => assert.equal(await store.findInventoryNumber(service.accountSid, clash.sid), null),
      };
    },
  },
  {
    write: 'createSession', kind: 'session-unique-name',
    async given(store) {
      const { service } = await givenSessionIn(store, { uniqueName: 'taken' });
      const clash = aSession(service, { uniqueName: 'taken' });
      return { write: (tx) => tx.createSession(clash), leftNothing: async () => assert.equal(await store.findSession(service.sid, clash.sid), null) };
    },
  },
  {
    write: 'updateSession', kind: 'session-unique-name',
    async given(store) {
      const { service } = await givenSessionIn(store, { uniqueName: 'taken' });
      const other = aSession(service);
      await store.createSession(other);
      return {
        write: (tx) => tx.updateSession(service.sid, other.sid, { uniqueName: 'taken', dateUpdated: at(1) }),
        leftNothing: async () => assert.deepEqual(await store.findSession(service.sid, other.sid), other),
      };
    },
  },
  {
    write: 'updateSession', kind: 'binding',
    async given(store) {
      const { service, first, stillClosedAndLoadOne } = await givenPairTakenMeanwhile(store);
      return { write: (tx) => tx.updateSession(service.sid, first.sid, { status: 'in-progress', dateUpdated: at(2) }), leftNothing: stillClosedAndLoadOne };
    },
  },
  {
    write: 'reopenSession', kind: 'binding',
    async given(store) {
      const { first, stillClosedAndLoadOne } = await givenPairTakenMeanwhile(store);
      return { write: (tx) => tx.reopenSession(first.sid, at(2)), leftNothing: stillClosedAndLoadOne };
    },
  },
  {
    write: 'createParticipant', kind: 'binding',
    async given(store) {
      const { service, session } = await givenSessionIn(store);
      const [n] = await givenPool(store, service, 1);
      assert.ok(n);
      await store.createParticipant(aParticipant(session, n, { identifier: '+12125550100' }));
      const elsewhere = aSession(service);
      await store.createSession(elsewhere);
      const clash = aParticipant(elsewhere, n, { identifier: '+12125550100' });
      return {
        write: (tx) => tx.createParticipant(clash),
        leftNothing: async () => {
          assert.equal(await store.findParticipant(elsewhere.sid, clash.sid), null);
          assert.equal((await store.findNumbersBySids(service.sid, [n.sid]))[0]?.load, 1);
        },
      };
    },
  },
  {
    write: 'createParticipant', kind: 'participant-identifier',
    async given(store) {
      const { service, session } = await givenSessionIn(store);
      const [n1, n2] = await givenPool(store, service, 2);
      assert.ok(n1 && n2);
      await store.createParticipant(aParticipant(session, n1, { identifier: '+12125550100' }));
      const clash = aParticipant(session, n2, { identifier: '+12125550100' });
      return {
        write: (tx) => tx.createParticipant(clash),
        leftNothing: async () => {
          assert.equal(await store.findParticipant(session.sid, clash.sid), null);
          assert.equal((await store.findNumbersBySids(service.sid, [n2.sid]))[0]?.load, 0);
        },
      };
    },
  },
  {
    write: 'createInteraction', kind: 'inbound-resource',
    async given(store) {
      const { session } = await givenSessionIn(store);
      const resourceSid = sid('message');
      await store.createInteraction(inboundOf(session, resourceSid));
      const clash = inboundOf(session, resourceSid);
      return { write: (tx) => tx.createInteraction(clash), leftNothing: async () => assert.equal(await store.findInteraction(session.sid, clash.sid), null) };
    },
  },
  {
    write: 'recordInboundInteraction', kind: 'inbound-resource',
    async given(store) {
      const { service, session } = await givenSessionIn(store);
      const resourceSid = sid('message');
      await store.recordInboundInteraction({ interaction: inboundOf(session, resourceSid), activity: null, jobs: [] });
      const clash = inboundOf(session, resourceSid);
      const job = aJob(service.accountSid);
      return {
        write: (tx) => tx.recordInboundInteraction({ interaction: clash, activity: { at: at(60), expiresAt: null }, jobs: [job] }),
        leftNothing: async () => {
          assert.equal(await store.findInteraction(session.sid, clash.sid), null);
          assert.deepEqual(await store.findSession(service.sid, session.sid), session, 'no session activity');
          assert.equal(await store.findJob(service.accountSid, job.id), null);
        },
      };
    },
  },
];

const isConflict = (kind: ConflictKind) => (err: unknown) => err instanceof StoreConflict && err.kind === kind;

for (const s of STORES) {
  describe(`${s.name}: a conflict inside a transaction leaves it usable`, () => {
    let store: Store;
    beforeEach(async () => { store = await s.open(); });
    afterEach(() => store.close());

    for (const c of CASES) {
      it(`${c.write} (${c.kind}): the writes before and after it commit, and it wrote nothing`, async () => {
        const clash = await c.given(store);
        const { account } = await givenService(store);
        const before = aService(account);
        const after = aService(account);
        await store.transaction(async (tx) => {
          await tx.createService(before);
          await assert.rejects(clash.write(tx), isConflict(c.kind));
          await assert.rejects(clash.write(tx), isConflict(c.kind), 'and again: the rule holds twice in one transaction');
          await tx.createService(after);
          assert.ok(await tx.findService(account.sid, before.sid));
        });
        assert.ok(await store.findService(account.sid, before.sid), 'the write before the conflict committed');
        assert.ok(await store.findService(account.sid, after.sid), 'the write after the conflict committed');
        await clash.leftNothing();
      });
    }
  });
}
