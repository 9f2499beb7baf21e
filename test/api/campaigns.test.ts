// 10DLC campaigns through the official twilio client (client.messaging.v1), on SQLite and PostgreSQL:
// Usa2p create / fetch / list / update / delete, the use-case list, PreregisteredUsa2p, the sandbox registry
// deciding by a moved clock, suspension (masq's extension) and the registry fees.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { CAMPAIGN_REVIEW_SECONDS } from '../../src/domain/messaging/campaign.ts';
import { twilioError } from '../support/assertions.ts';
import { campaignFields, DIALECTS, startHarness, type Harness } from './registrations-support.ts';
import { ACCOUNT_SID, obj } from './support.ts';

const V1_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const valid = (brandRegistrationSid: string) => ({
  ...campaignFields(brandRegistrationSid),
  helpMessage: 'Rides support: help@rides.example, reply STOP to opt out.',
  optOutKeywords: ['STOP', 'QUIT'],
  optOutMessage: 'You are unsubscribed from Rides messages. No more messages will be sent.',
  xTwilioApiVersion: 'v1.1',
});

for (const dialect of DIALECTS) {
  describe(`10DLC campaigns with the twilio client (${dialect})`, () => {
    let h: Harness;
    before(async () => { h = await startHarness(dialect); });
    after(async () => { await h.close(); });

    test('a valid campaign is IN_PROGRESS, then VERIFIED by the sandbox registry after its review delay', async () => {
      const mg = await h.service();
      const bn = await h.brand({ brandScore: 80 });
      const created = await h.client.messaging.v1.services(mg).usAppToPerson.create(valid(bn));
      assert.match(created.sid, /^QE[0-9a-f]{32}$/);
      assert.equal(created.campaignStatus, 'IN_PROGRESS');
      assert.match(created.campaignId, /^C[A-Z0-9]{6}$/);
      assert.equal(created.isExternallyRegistered, false);
      assert.equal(created.brandRegistrationSid, bn);
      assert.equal(created.messagingServiceSid, mg);
      assert.equal(created.usAppToPersonUsecase, 'PROXY');
      assert.deepEqual(created.messageSamples, valid(bn).messageSamples);
      assert.deepEqual(created.optOutKeywords, ['STOP', 'QUIT']);
      assert.deepEqual(created.errors, []);
      assert.ok(created.dateCreated instanceof Date, 'v1 date parsed by the client');
      assert.ok(created.url.endsWith(`/messaging/v1/Services/${mg}/Compliance/Usa2p/${created.sid}`));

      assert.equal((await h.sweepAfter(CAMPAIGN_REVIEW_SECONDS - 60)).campaigns, 0, 'not due yet');
      assert.equal((await h.client.messaging.v1.services(mg).usAppToPerson(created.sid).fetch()).campaignStatus, 'IN_PROGRESS');
      assert.equal((await h.sweepAfter(120)).campaigns, 1);
      const verified = await h.client.messaging.v1.services(mg).usAppToPerson(created.sid).fetch({ xTwilioApiVersion: 'v1.1' });
      assert.equal(verified.campaignStatus, 'VERIFIED');
      assert.deepEqual(verified.rateLimits, { att: { mps: 75, msg_class: 'A' }, tmobile: { brand_tier: 'TOP' } });

      const listed = await h.client.messaging.v1.services(mg).usAppToPerson.list();
      assert.deepEqual(listed.map((c) => c.sid), [created.sid]);
      const raw = await h.api.get(`/messaging/v1/Services/${mg}/Compliance/Usa2p?PageSize=5`);
      assert.equal(obj(raw.json, 'meta').key, 'compliance');
      assert.match(String(obj(raw.json, 'meta').first_page_url), /^http:\/\/masq\.test\/messaging\/v1\/Services\/MG/);
      const wire = await h.api.get(`/messaging/v1/Services/${mg}/Compliance/Usa2p/${created.sid}`);
      assert.match(String(wire.json.date_created), V1_DATE);
    });

    test('the registry fails a campaign with errors[] naming the fields; an update resubmits it', async () => {
      const mg = await h.service();
      const bn = await h.brand();
      const bad = { ...valid(bn), description: 'Too short', messageSamples: ['Hi there, your code is 1234'], optOutKeywords: ['QUIT'], helpMessage: undefined };
      const created = await h.client.messaging.v1.services(mg).usAppToPerson.create(bad);
      await h.sweepAfter(CAMPAIGN_REVIEW_SECONDS);
      const failed = await h.client.messaging.v1.services(mg).usAppToPerson(created.sid).fetch();
      assert.equal(failed.campaignStatus, 'FAILED');
      const errors = failed.errors.map((e: unknown) => (typeof e === 'object' && e !== null ? Object.fromEntries(Object.entries(e)) : {}));
      const fields = errors.flatMap((e) => (Array.isArray(e.fields) ? e.fields : []));
      for (const field of ['DESCRIPTION', 'MESSAGE_SAMPLES', 'OPT_OUT_KEYWORDS', 'HELP_MESSAGE']) assert.ok(fields.includes(field), `${field} in ${JSON.stringify(errors)}`);
      assert.ok(errors.some((e) => e.error_code === 30886));

      const v = valid(bn);
      const resubmitted = await h.client.messaging.v1.services(mg).usAppToPerson(created.sid).update({
        description: v.description, messageFlow: v.messageFlow, messageSamples: v.messageSamples, hasEmbeddedLinks: false, hasEmbeddedPhone: false,
        ageGated: false, directLending: false,
      });
      assert.equal(resubmitted.campaignStatus, 'IN_PROGRESS');
      // Still no HELP message and the opt-out keywords lack STOP: the update keeps what it does not change.
      await h.sweepAfter(CAMPAIGN_REVIEW_SECONDS);
      const again = await h.client.messaging.v1.services(mg).usAppToPerson(created.sid).fetch();
      assert.equal(again.campaignStatus, 'FAILED');
      assert.ok(!again.errors.some((e: unknown) => JSON.stringify(e).includes('DESCRIPTION')));
      // Under review it cannot be updated (21725).
      await assert.rejects(h.client.messaging.v1.services(mg).usAppToPerson(created.sid).update({
        description: v.description, messageFlow: v.messageFlow, messageSamples: v.messageSamples, hasEmbeddedLinks: false, hasEmbeddedPhone: false,
        ageGated: false, directLending: false,
      }).then(() => h.client.messaging.v1.services(mg).usAppToPerson(created.sid).update({
        description: v.description, messageFlow: v.messageFlow, messageSamples: v.messageSamples, hasEmbeddedLinks: false, hasEmbeddedPhone: false,
        ageGated: false, directLending: false,
      })), twilioError(21725));
    });

    test('brand and use-case rules: 21717 for a brand not APPROVED, 21720, one campaign per service (21710) and per sole proprietor', async () => {
      const mg = await h.service();
      const pending = await h.brand({ status: 'PENDING' });
      await assert.rejects(h.client.messaging.v1.services(mg).usAppToPerson.create(valid(pending)), twilioError(21717));
      await assert.rejects(h.client.messaging.v1.services(mg).usAppToPerson.create(valid(`BN${'0'.repeat(32)}`)), twilioError(21717));
      const bn = await h.brand();
      await assert.rejects(h.client.messaging.v1.services(mg).usAppToPerson.create({ ...valid(bn), usAppToPersonUsecase: 'NOT_A_USE_CASE' }), twilioError(21720));
      await h.client.messaging.v1.services(mg).usAppToPerson.create(valid(bn));
      await assert.rejects(h.client.messaging.v1.services(mg).usAppToPerson.create(valid(bn)), twilioError(21710));

      const sole = await h.brand({ brandType: 'SOLE_PROPRIETOR' });
      await assert.rejects(h.client.messaging.v1.services(await h.service()).usAppToPerson.create(valid(sole)), twilioError(21720), 'PROXY is not a sole proprietor use case');
      const soleCase = { ...valid(sole), usAppToPersonUsecase: 'SOLE_PROPRIETOR' };
      await h.client.messaging.v1.services(await h.service()).usAppToPerson.create(soleCase);
      await assert.rejects(h.client.messaging.v1.services(await h.service()).usAppToPerson.create(soleCase), twilioError(21717));

      const cases = await h.client.messaging.v1.services(mg).usAppToPersonUsecases.fetch({ brandRegistrationSid: sole });
      assert.deepEqual(cases.usAppToPersonUsecases.map((u: unknown) => JSON.stringify(u).includes('"SOLE_PROPRIETOR"')), [true]);
      const standard = await h.client.messaging.v1.services(mg).usAppToPersonUsecases.fetch({ brandRegistrationSid: bn });
      const proxy = standard.usAppToPersonUsecases.find((u: unknown) => JSON.stringify(u).includes('"PROXY"'));
      assert.ok(proxy, 'PROXY offered to a standard brand');
      assert.equal(Object.fromEntries(Object.entries(proxy)).post_approval_required, true);
      await assert.rejects(h.client.messaging.v1.services(`MG${'0'.repeat(32)}`).usAppToPerson.list(), twilioError(20404, 404));
    });

    test('a mock brand\'s campaign is decided at once; fees are billed once per submission and month', async () => {
      const mg = await h.service();
      const bn = await h.brand({ mock: true, brandScore: 30 });
      const created = await h.client.messaging.v1.services(mg).usAppToPerson.create(valid(bn));
      assert.equal(created.campaignStatus, 'VERIFIED');
      assert.equal(created.mock, true);
      assert.deepEqual(created.rateLimits, { att: { mps: 10, msg_class: 'E' }, tmobile: { brand_tier: 'LOW' } });
      const now = h.api.clock.now();
      const usage = await h.api.runtime.deps.store.costReport({
        accountSids: [ACCOUNT_SID], from: new Date(now.getTime() - 86_400_000), until: new Date(now.getTime() + 86_400_000), by: 'service',
      });
      const mine = usage.filter((r) => r.key === mg).map((r) => [r.category, r.count]).sort();
      assert.deepEqual(mine, [['a2p-10dlc-registrationfees-campaignvetting', 1], ['a2p-10dlc-registrationfees-monthly', 1]]);
    });

    test('suspension (masq extension) and reinstatement; a suspended campaign cannot be updated (21729); delete', async () => {
      const mg = await h.service();
      const bn = await h.brand({ mock: true });
      const created = await h.client.messaging.v1.services(mg).usAppToPerson.create(valid(bn));
      const suspended = await h.api.post(`/masq/v1/Campaigns/${created.sid}`, { Status: 'SUSPENDED', Reason: 'Carrier complaints' });
      assert.equal(suspended.status, 200, suspended.body);
      assert.equal(suspended.json.campaign_status, 'SUSPENDED');
      const fetched = await h.client.messaging.v1.services(mg).usAppToPerson(created.sid).fetch();
      assert.equal(fetched.campaignStatus, 'SUSPENDED');
      assert.ok(JSON.stringify(fetched.errors).includes('30990'));
      const v = valid(bn);
      await assert.rejects(h.client.messaging.v1.services(mg).usAppToPerson(created.sid).update({
        description: v.description, messageFlow: v.messageFlow, messageSamples: v.messageSamples, hasEmbeddedLinks: true, hasEmbeddedPhone: false,
        ageGated: false, directLending: false,
      }), twilioError(21729));
      const reinstated = await h.api.post(`/masq/v1/Campaigns/${created.sid}`, { Status: 'VERIFIED' });
      assert.equal(reinstated.json.campaign_status, 'VERIFIED');
      assert.equal((await h.api.post(`/masq/v1/Campaigns/${created.sid}`, { Status: 'PAUSED' })).status, 400);

      const edited = await h.client.messaging.v1.services(mg).usAppToPerson(created.sid).update({
        description: v.description, messageFlow: v.messageFlow, messageSamples: v.messageSamples, hasEmbeddedLinks: true, hasEmbeddedPhone: false,
        ageGated: false, directLending: false, privacyPolicyUrl: 'https://rides.example/privacy',
      });
      assert.deepEqual([edited.campaignStatus, edited.hasEmbeddedLinks, edited.privacyPolicyUrl], ['VERIFIED', true, 'https://rides.example/privacy']);

      assert.equal(await h.client.messaging.v1.services(mg).usAppToPerson(created.sid).remove(), true);
      assert.deepEqual(await h.client.messaging.v1.services(mg).usAppToPerson.list(), []);
      await assert.rejects(h.client.messaging.v1.services(mg).usAppToPerson(created.sid).fetch(), twilioError(20404, 404));
    });

    test('PreregisteredUsa2p attaches a campaign registered elsewhere: VERIFIED, no brand, externally registered', async () => {
      const mg = await h.service();
      const external = await h.client.messaging.v1.externalCampaign.create({ campaignId: 'CABC123', messagingServiceSid: mg, cnpMigration: false });
      assert.match(external.sid, /^QE[0-9a-f]{32}$/);
      assert.deepEqual([external.campaignId, external.messagingServiceSid, external.accountSid], ['CABC123', mg, ACCOUNT_SID]);
      const [listed] = await h.client.messaging.v1.services(mg).usAppToPerson.list();
      assert.ok(listed);
      assert.deepEqual([listed.campaignStatus, listed.isExternallyRegistered, listed.brandRegistrationSid, listed.campaignId], ['VERIFIED', true, null, 'CABC123']);
      await assert.rejects(h.client.messaging.v1.externalCampaign.create({ campaignId: 'CXYZ999', messagingServiceSid: mg }), twilioError(21710));
      await assert.rejects(h.client.messaging.v1.externalCampaign.create({ campaignId: 'not-an-id', messagingServiceSid: await h.service() }), twilioError(80701));
      await assert.rejects(h.client.messaging.v1.externalCampaign.create({ campaignId: 'CABC124', messagingServiceSid: `MG${'0'.repeat(32)}` }), twilioError(20404, 404));
    });
  });
}
