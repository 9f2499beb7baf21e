// What survives a crash (issue 10): the forward stored with an inbound interaction in its own insert (the
// SQLite direct path, PostgreSQL's one-statement CTE and the in-transaction path), and idempotency-token
// reservations: one winner among concurrent reservers, answers kept, failures released, dead owners'
// reservations taken over after their lease.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { IdempotencyClaim, Store } from '../../src/ports/store.ts';
import { aSession, anAccount, anInteraction, at, sid } from '../support/fixtures.ts';
import { givenService } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

for (const s of STORES) {
  describe(`${s.name}: delivery records`, () => {
    let store: Store;
    const account = anAccount();
    beforeEach(async () => {
      store = await s.open();
      await store.upsertAccount(account);
    });
    afterEach(() => store.close());

    const inboundOf = async () => {
      const { service } = await givenService(store);
      const session = aSession(service);
      await store.createSession(session);
      const resourceSid = sid('message');
      const interaction = anInteraction(session, {
        inbound: { participantSid: sid('participant'), resourceSid, resourceType: 'Message', resourceStatus: 'delivered', resourceUrl: null },
        outbound: { participantSid: sid('participant'), resourceSid: null, resourceType: 'Message', resourceStatus: 'queued', resourceUrl: null },
      });
      return { interaction, resourceSid };
    };

    it('keeps the forward with the inbound interaction, on every write path', async () => {
      const forward = { from: '+14155551212', to: '+14155550002', sentBy: null };
      const direct = await inboundOf();
      await store.recordInboundInteraction({ interaction: direct.interaction, activity: { at: at(1), expiresAt: null }, jobs: [], forward });
      assert.deepEqual(await store.findInboundRecord(direct.resourceSid), { interaction: direct.interaction, forward });
      const inTx = await inboundOf();
      const api = { ...forward, sentBy: 'twilio' };
      await store.transaction(() => store.recordInboundInteraction({ interaction: inTx.interaction, activity: null, jobs: [], forward: api }));
      assert.equal((await store.findInboundRecord(inTx.resourceSid))?.forward?.sentBy, 'twilio');
      const none = await inboundOf();
      await store.recordInboundInteraction({ interaction: none.interaction, activity: null, jobs: [] });
      assert.equal((await store.findInboundRecord(none.resourceSid))?.forward, null);
      assert.equal(await store.findInboundRecord('SM0'), null);
    });

    const claim = (owner: string, leaseUntil = at(30)): IdempotencyClaim => ({ accountSid: account.sid, scope: 'POST /v1/Services', key: 'tok', owner, leaseUntil });

    it('reserves a token for exactly one of many concurrent requests', async () => {
      const results = await Promise.all(Array.from({ length: 8 }, (_, n) => store.reserveIdempotent(claim(`owner-${n}`), at(0))));
      assert.equal(results.filter((r) => r.kind === 'reserved').length, 1);
      for (const r of results) if (r.kind !== 'reserved') assert.deepEqual({ kind: r.kind, leaseUntil: r.kind === 'pending' ? r.leaseUntil : null }, { kind: 'pending', leaseUntil: at(30) });
    });

    it('keeps the answer once done; only the owner completes or releases', async () => {
      assert.equal((await store.reserveIdempotent(claim('a'), at(0))).kind, 'reserved');
      assert.equal((await store.reserveIdempotent(claim('x'), at(0))).kind, 'pending', 'pending has no answer yet');
      assert.equal(await store.completeIdempotent(claim('b'), 201, '{"x":1}'), false);
      await store.releaseIdempotent(claim('b'));
      assert.equal(await store.completeIdempotent(claim('a'), 201, '{"sid":"KS1"}'), true);
      assert.deepEqual(await store.reserveIdempotent(claim('c'), at(1)), { kind: 'done', status: 201, body: '{"sid":"KS1"}' });
    });

    it('a released token can be reserved again', async () => {
      await store.reserveIdempotent(claim('a'), at(0));
      await store.releaseIdempotent(claim('a'));
      assert.equal((await store.reserveIdempotent(claim('b'), at(1))).kind, 'reserved');
    });

    it('a dead owner\'s reservation is taken over after its lease, by one taker only', async () => {
      await store.reserveIdempotent(claim('dead', at(30)), at(0));
      assert.equal(await store.takeOverIdempotent(claim('early', at(40)), at(10)), false, 'lease still running');
      const takers = await Promise.all(['x', 'y', 'z'].map((o) => store.takeOverIdempotent(claim(o, at(61)), at(31))));
      assert.equal(takers.filter(Boolean).length, 1);
      assert.equal(await store.completeIdempotent(claim('dead'), 201, 'late'), false, 'the dead owner no longer owns it');
    });
  });
}
