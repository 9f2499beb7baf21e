import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { InteractionLeg } from '../../src/domain/interaction.ts';
import type { Store } from '../../src/ports/store.ts';
import { aSession, anInteraction, at, sid } from '../support/fixtures.ts';
import { givenService } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

const leg = (o: Partial<InteractionLeg> = {}): InteractionLeg => ({
  participantSid: sid('participant'), resourceSid: sid('message'), resourceType: 'Message', resourceStatus: 'received',
  resourceUrl: 'https://api.example.com/Messages/SM1.json', ...o,
});

for (const s of STORES) {
  describe(`${s.name}: interactions`, () => {
    let store: Store;
    beforeEach(async () => { store = await s.open(); });
    afterEach(() => store.close());

    const givenSession = async () => {
      const { service } = await givenService(store);
      const session = aSession(service);
      await store.createSession(session);
      return session;
    };

    it('stores an interaction with both legs and finds it by session and by carrier resource', async () => {
      const session = await givenSession();
      const inbound = leg();
      const outbound = leg({ resourceStatus: 'sending', resourceUrl: null });
      const i = anInteraction(session, { inbound, outbound, participantSid: outbound.participantSid, data: '{"body":"héllo ✓"}' });
      await store.createInteraction(i);
      assert.deepEqual(await store.findInteraction(session.sid, i.sid), i);
      assert.deepEqual(await store.findInboundRecord(inbound.resourceSid ?? ''), { interaction: i, forward: null });
      assert.deepEqual(await store.findInteractionByOutboundResource(outbound.resourceSid ?? ''), i);
      assert.equal(await store.findInboundRecord('SM0'), null);
      assert.equal(await store.findInteraction((await givenSession()).sid, i.sid), null);
    });

    it('updates legs and data', async () => {
      const session = await givenSession();
      const i = anInteraction(session);
      await store.createInteraction(i);
      const outbound = leg({ resourceType: 'Call', resourceStatus: 'completed' });
      const updated = await store.updateInteraction(i.sid, { outbound, data: '{"duration":"12"}', dateUpdated: at(9) });
      assert.deepEqual(updated, { ...i, outbound, data: '{"duration":"12"}', dateUpdated: at(9) });
      assert.equal(await store.updateInteraction('KI0', { dateUpdated: at(1) }), null);
    });

    it("pages a session's interactions, optionally one participant's", async () => {
      const session = await givenSession();
      const who = sid('participant');
      const items = [0, 1, 2, 3].map((k) => anInteraction(session, { dateCreated: at(k), participantSid: k % 2 === 0 ? who : null }));
      for (const i of items) await store.createInteraction(i);
      const p1 = await store.listInteractions(session.sid, { pageSize: 3 });
      assert.deepEqual([p1.items.map((i) => i.sid), p1.hasMore], [items.slice(0, 3).map((i) => i.sid), true]);
      const mine = await store.listInteractions(session.sid, { pageSize: 10 }, who);
      assert.deepEqual(mine.items.map((i) => i.sid), [items[0]?.sid, items[2]?.sid]);
    });

    it('deletes within the session only', async () => {
      const session = await givenSession();
      const i = anInteraction(session);
      await store.createInteraction(i);
      assert.equal(await store.deleteInteraction((await givenSession()).sid, i.sid), false);
      assert.equal(await store.deleteInteraction(session.sid, i.sid), true);
      assert.equal(await store.findInteraction(session.sid, i.sid), null);
    });
  });
}
