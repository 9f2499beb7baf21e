// The monthly 10DLC campaign fee after the first month, on SQLite and PostgreSQL: a campaign verified in
// March is billed March (on verification), then April by the first pass in April, once however many passes
// (or instances) run; a suspended campaign keeps paying; a deleted, a failed and an externally registered
// campaign pay nothing; a pass bills at most its limit and says there is more.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { billCampaignMonths } from '../../src/app/campaigns/bill-campaign-months.ts';
import { CAMPAIGN_REVIEW_SECONDS } from '../../src/domain/messaging/campaign.ts';
import { campaignFields, DIALECTS, startHarness, type Harness } from './registrations-support.ts';
import { ACCOUNT_SID } from './support.ts';

const valid = (brandRegistrationSid: string) => ({
  ...campaignFields(brandRegistrationSid),
  helpMessage: 'Rides support: help@rides.example, reply STOP to opt out.',
  optOutKeywords: ['STOP', 'QUIT'],
  optOutMessage: 'You are unsubscribed from Rides messages. No more messages will be sent.',
});

// March and April of next year: the test clock only moves forward.
const YEAR = new Date().getUTCFullYear() + 1;
const MARCH = `${YEAR}-03`, APRIL = `${YEAR}-04`;

for (const dialect of DIALECTS) {
  describe(`monthly 10DLC campaign fees (${dialect})`, () => {
    let h: Harness;
    before(async () => { h = await startHarness(dialect); });
    after(async () => { await h.close(); });

    const moveTo = (iso: string) => h.api.clock.advance((Date.parse(iso) - h.api.clock.now().getTime()) / 1000);
    /** The months each campaign was billed its monthly fee for (from the event keys `QE…:YYYY-MM`). */
    const monthsBilled = async (sids: readonly string[]): Promise<string[][]> => {
      const all = await h.api.runtime.deps.store.listCostRecords({
        accountSids: [ACCOUNT_SID], from: new Date('2000-01-01T00:00:00Z'), until: new Date('2200-01-01T00:00:00Z'), limit: 1000,
      });
      const monthly = all.filter((r) => r.category === 'a2p-10dlc-registrationfees-monthly');
      return sids.map((sid) => monthly.filter((r) => r.resourceSid === sid).map((r) => r.eventKey.slice(sid.length + 1)).sort());
    };
    const verified = async () => {
      const mg = await h.service();
      const bn = await h.brand({ mock: true });
      return { mg, campaign: await h.client.messaging.v1.services(mg).usAppToPerson.create(valid(bn)) };
    };

    test('verified in March: billed March, then April once; suspended still billed; deleted, failed, external never', async () => {
      moveTo(`${MARCH}-10T12:00:00Z`);
      const kept = await verified();
      const suspended = await verified();
      const deleted = await verified();
      assert.equal(kept.campaign.campaignStatus, 'VERIFIED');
      assert.equal((await h.api.post(`/masq/v1/Campaigns/${suspended.campaign.sid}`, { Status: 'SUSPENDED', Reason: 'Carrier complaints' })).status, 200);
      assert.equal(await h.client.messaging.v1.services(deleted.mg).usAppToPerson(deleted.campaign.sid).remove(), true);
      const failedMg = await h.service();
      const failed = await h.client.messaging.v1.services(failedMg).usAppToPerson.create({ ...valid(await h.brand()), description: 'Too short' });
      await h.sweepAfter(CAMPAIGN_REVIEW_SECONDS);
      assert.equal((await h.client.messaging.v1.services(failedMg).usAppToPerson(failed.sid).fetch()).campaignStatus, 'FAILED');
      const external = await h.client.messaging.v1.externalCampaign.create({ campaignId: 'CABC123', messagingServiceSid: await h.service() });
      const sids = [kept.campaign.sid, suspended.campaign.sid, deleted.campaign.sid, failed.sid, external.sid];

      // March was billed on verification: the pass in March has nothing to do.
      assert.deepEqual(await billCampaignMonths(h.api.runtime.deps), { billed: 0, more: false });
      assert.deepEqual(await monthsBilled(sids), [[MARCH], [MARCH], [MARCH], [], []]);

      moveTo(`${APRIL}-01T00:05:00Z`);
      assert.deepEqual(await billCampaignMonths(h.api.runtime.deps), { billed: 2, more: false });
      assert.deepEqual(await billCampaignMonths(h.api.runtime.deps), { billed: 0, more: false });
      assert.deepEqual(await monthsBilled(sids), [[MARCH, APRIL], [MARCH, APRIL], [MARCH], [], []]);

      // Two instances passing at once still bill each month once.
      moveTo(`${YEAR}-05-01T00:05:00Z`);
      const deps = h.api.runtime.deps;
      const both = await Promise.all([billCampaignMonths(deps), billCampaignMonths(deps)]);
      assert.ok(both.every((r) => !r.more));
      assert.deepEqual((await monthsBilled(sids)).map((m) => m.length), [3, 3, 1, 0, 0]);
    });

    test('a pass bills at most its limit and reports more; the next passes carry on', async () => {
      moveTo(`${YEAR}-07-10T12:00:00Z`);
      const own = [(await verified()).campaign.sid, (await verified()).campaign.sid];
      moveTo(`${YEAR}-08-01T00:05:00Z`);
      const deps = h.api.runtime.deps;
      assert.deepEqual(await billCampaignMonths(deps, 1), { billed: 1, more: true });
      for (let passes = 0; (await billCampaignMonths(deps, 1)).more; passes += 1) assert.ok(passes < 10, 'the passes end');
      assert.deepEqual(await billCampaignMonths(deps, 1), { billed: 0, more: false });
      assert.deepEqual(await monthsBilled(own), [[`${YEAR}-07`, `${YEAR}-08`], [`${YEAR}-07`, `${YEAR}-08`]]);
    });
  });
}
