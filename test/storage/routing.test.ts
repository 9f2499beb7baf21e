// Inbound routing's storage: the one read (sender, session, service, partner) and the one atomic write
// (interaction, session activity, jobs) every inbound message and call makes. On SQLite both take the
// direct path, with writes group-committed; these tests hold both dialects to the same behaviour.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { Interaction } from '../../src/domain/interaction.ts';
import type { Service } from '../../src/domain/service.ts';
import type { Session } from '../../src/domain/session.ts';
import { StoreConflict, type NewJob, type Store } from '../../src/ports/store.ts';
import { aParticipant, aSession, anInteraction, at, sid } from '../support/fixtures.ts';
import { givenPool, givenService } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

const inboundFrom = (session: Session, resourceSid: string, o: Partial<Interaction> = {}): Interaction => anInteraction(session, {
  inbound: { participantSid: null, resourceSid, resourceType: 'Message', resourceStatus: 'delivered', resourceUrl: null },
  dateCreated: at(60), dateUpdated: at(60), ...o,
});

const callbackFor = (service: Service, interaction: Interaction): NewJob => ({
  id: `WH${sid('message').slice(2)}`, accountSid: service.accountSid, kind: 'callback',
  payload: { url: 'https://hooks.example.invalid/proxy', params: { interactionSid: interaction.sid } }, maxAttempts: null, nextAttemptAt: at(60), dateCreated: at(60),
});

const sendFor = (service: Service, interaction: Interaction): NewJob => ({
  id: `JB${sid('message').slice(2)}`, accountSid: service.accountSid, kind: 'send-message',
  payload: { interactionSid: interaction.sid, to: '+14155550100' }, maxAttempts: 5, nextAttemptAt: at(60), dateCreated: at(60),
});

const callbackParams = async (store: Store, accountSid: string): Promise<unknown[]> =>
  (await store.listJobs(accountSid, { kind: 'callback', limit: 100 })).map((j) => j.payload.params);

for (const s of STORES) {
  describe(`${s.name}: inbound routing storage`, () => {
    let store: Store;
    beforeEach(async () => { store = await s.open(); });
    afterEach(() => store.close());

    /** A session with a rider and a driver, each bound to a pool number (the driver's is a Twilio number). */
    const givenConversation = async () => {
      const { service } = await givenService(store);
      const [riderNumber, driverNumber] = await givenPool(store, service, 2, (i) => ({ carrier: i === 1 ? 'twilio' : 'sandbox' }));
      if (!riderNumber || !driverNumber) throw new Error('pool not seeded');
      const session = aSession(service);
      await store.createSession(session);
      const rider = aParticipant(session, riderNumber, { dateCreated: at(1) });
      const driver = aParticipant(session, driverNumber, { dateCreated: at(2) });
      await store.createParticipant(rider);
      await store.createParticipant(driver);
      return { service, session, rider, driver };
    };

    it('finds the sender with its session, service, partner and the carrier of the partner\'s number', async () => {
      const { service, session, rider, driver } = await givenConversation();
      const route = await store.findInboundRoute(rider.proxyIdentifier, rider.identifier);
      assert.deepEqual(route, { sender: rider, session, service, partner: driver, partnerCarrier: 'twilio', senderOptedOut: false, partnerOptedOut: false,
        // No inventory record nor registration for the seeded pool: the gate's facts are all unknown.
        partnerGateFacts: { policy: null, numberType: null, registration: { campaignStatus: null, tollfreeStatus: null } },
      });
      const back = await store.findInboundRoute(driver.proxyIdentifier, driver.identifier);
      assert.deepEqual([back?.sender.sid, back?.partner?.sid, back?.partnerCarrier], [driver.sid, rider.sid, 'sandbox']);
      assert.equal(await store.findInboundRoute(rider.proxyIdentifier, driver.identifier), null);
    });

    it('reports no partner when the session has one participant', async () => {
      const { service } = await givenService(store);
      const [n] = await givenPool(store, service, 1);
      if (!n) throw new Error('pool not seeded');
      const session = aSession(service);
      await store.createSession(session);
      const alone = aParticipant(session, n);
      await store.createParticipant(alone);
      const route = await store.findInboundRoute(alone.proxyIdentifier, alone.identifier);
      assert.deepEqual([route?.sender.sid, route?.partner, route?.partnerCarrier, route?.partnerGateFacts], [alone.sid, null, null, null]);
    });

    it('writes the interaction, the session activity and the callback together', async () => {
      const { service, session } = await givenConversation();
      const interaction = inboundFrom(session, sid('message'));
      await store.recordInboundInteraction({ interaction, activity: { at: at(60), expiresAt: at(120) }, jobs: [callbackFor(service, interaction)] });
      assert.deepEqual(await store.findInteraction(session.sid, interaction.sid), interaction);
      const touched = await store.findSession(service.sid, session.sid);
      assert.deepEqual([touched?.status, touched?.dateLastInteraction, touched?.expiresAt], ['in-progress', at(60), at(120)]);
      assert.deepEqual(await callbackParams(store, service.accountSid), [{ interactionSid: interaction.sid }]);
    });

    it('writes every job owed with the interaction (a callback and a send), with or without activity', async () => {
      const { service, session } = await givenConversation();
      for (const activity of [{ at: at(60), expiresAt: null }, null]) {
        const interaction = inboundFrom(session, sid('message'));
        const jobs = [callbackFor(service, interaction), sendFor(service, interaction)];
        await store.recordInboundInteraction({ interaction, activity, jobs });
        assert.deepEqual(await store.findInteraction(session.sid, interaction.sid), interaction);
        for (const job of jobs) {
          assert.deepEqual(await store.findJob(service.accountSid, job.id), { ...job, attempts: 0, lastError: null, doneAt: null, givenUpAt: null });
        }
      }
      assert.equal((await store.listJobs(service.accountSid, { limit: 10 })).length, 4);
    });

    it('leaves the session alone when nothing was forwarded', async () => {
      const { service, session } = await givenConversation();
      await store.recordInboundInteraction({ interaction: inboundFrom(session, sid('message')), activity: null, jobs: [] });
      const untouched = await store.findSession(service.sid, session.sid);
      assert.deepEqual([untouched?.status, untouched?.dateLastInteraction], ['open', null]);
    });

    it('writes concurrent webhooks once each: a duplicate is refused alone and writes nothing', async () => {
      const { service, session } = await givenConversation();
      const resources = Array.from({ length: 30 }, () => sid('message'));
      const duplicated = resources[7] ?? '';
      const writes = [...resources, duplicated, duplicated].map((resource) => {
        const interaction = inboundFrom(session, resource);
        return store.recordInboundInteraction({ interaction, activity: { at: at(60), expiresAt: null }, jobs: [callbackFor(service, interaction), sendFor(service, interaction)] });
      });
      const settled = await Promise.allSettled(writes);
      const refused = settled.filter((r) => r.status === 'rejected');
      assert.equal(refused.length, 2);
      for (const r of refused) assert.ok(r.status === 'rejected' && r.reason instanceof StoreConflict && r.reason.kind === 'inbound-resource');
      const page = await store.listInteractions(session.sid, { pageSize: 100 });
      assert.equal(page.items.length, 30);
      assert.deepEqual(new Set(page.items.map((i) => i.inbound.resourceSid)), new Set(resources));
      // The refused duplicates' jobs were undone with them.
      assert.equal((await callbackParams(store, service.accountSid)).length, 30);
      assert.equal((await store.listJobs(service.accountSid, { kind: 'send-message', limit: 100 })).length, 30);
    });

    it('joins a caller\'s transaction, and its rollback undoes the write', async () => {
      const { service, session, rider } = await givenConversation();
      const interaction = inboundFrom(session, sid('message'));
      await assert.rejects(store.transaction(async () => {
        const route = await store.findInboundRoute(rider.proxyIdentifier, rider.identifier);
        assert.equal(route?.session.sid, session.sid);
        await store.recordInboundInteraction({ interaction, activity: { at: at(60), expiresAt: null }, jobs: [callbackFor(service, interaction), sendFor(service, interaction)] });
        throw new Error('abandon');
      }), /abandon/);
      assert.equal(await store.findInteraction(session.sid, interaction.sid), null);
      assert.deepEqual(await store.listJobs(service.accountSid, { limit: 10 }), []);
    });

    /**
     * Opens a transaction that closes the session and then waits: resolves once the close is written (not
     * committed), with `release` to let the transaction go on to `end` (commit, or throw to roll back).
     */
    const closeSessionAndHold = async (sessionSid: string, end: () => void) => {
      let written!: () => void;
      const inside = new Promise<void>((resolve) => { written = resolve; });
      let release!: () => void;
      const held = new Promise<void>((resolve) => { release = resolve; });
      const finished = store.transaction(async (tx) => {
        await tx.closeSession(sessionSid, 'closed by a transaction still open', at(30));
        written();
        await held;
        end();
      });
      await inside;
      return { release, finished };
    };

    it('never reads another caller\'s uncommitted work', async () => {
      const { service, session, rider } = await givenConversation();
      const held = await closeSessionAndHold(session.sid, () => { throw new Error('rolled back'); });
      const reading = store.findInboundRoute(rider.proxyIdentifier, rider.identifier);
      held.release();
      await assert.rejects(held.finished, /rolled back/);
      const route = await reading;
      assert.equal(route?.session.status, 'open');
      assert.equal((await store.findSession(service.sid, session.sid))?.status, 'open');
    });

    it('answers reads while another caller\'s transaction is still open', async () => {
      // SQLite reads outside a transaction go to a second connection (sqlite/routed-driver.ts); PostgreSQL's
      // pool has others. Either way a webhook's route read never waits for someone's transaction.
      const { service, session, rider } = await givenConversation();
      const held = await closeSessionAndHold(session.sid, () => {});
      // Both reads resolve before the transaction is let go, and see the last commit, not its work.
      const [route, found] = await Promise.all([
        store.findInboundRoute(rider.proxyIdentifier, rider.identifier),
        store.findSession(service.sid, session.sid),
      ]);
      assert.equal(route?.session.status, 'open');
      assert.equal(found?.status, 'open');
      held.release();
      await held.finished;
      assert.equal((await store.findSession(service.sid, session.sid))?.status, 'closed');
    });
  });
}
