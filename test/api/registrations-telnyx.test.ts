// Messaging registration through Telnyx's registry: a Telnyx carrier account pointed at the fake Telnyx API
// (test/support/fake-telnyx-10dlc.ts). Brands are registered at Telnyx from masq's brand profile, campaigns
// through its campaign builder, numbers assigned with phone_number_campaigns, toll-free numbers verified
// with verification requests; Telnyx's statuses come back mapped to Twilio's by the registration sweeper's
// polls (the clock moved by the test). SQLite and PostgreSQL, through the official twilio client.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { inventoryRecord } from '../../src/app/inventory-records.ts';
import { gateSend } from '../../src/app/sms-gate.ts';
import { CARRIER_POLL_SECONDS } from '../../src/domain/messaging/registry-link.ts';
import { startFakeTelnyxApi, telnyxSigningKeys, type FakeTelnyxApi } from '../support/fake-telnyx-api.ts';
import { DIALECTS, VALID_PROFILE } from './messaging-support.ts';
import {
  campaignFields, expectDecidedThenResubmitted, expectSuspendedByRecheck, startHarness, type Harness,
} from './registrations-support.ts';
import { ACCOUNT_SID, str, type Api } from './support.ts';

const TELNYX = { name: 'telnyx-us', apiKey: 'KEY0123456789ABCDEF_registrations' } as const;
const KEYS = telnyxSigningKeys();
const RIDER = '+14155550111';

const CAMPAIGN = (brandRegistrationSid: string) => ({
  ...campaignFields(brandRegistrationSid),
  helpMessage: 'Rides: help at rides.example. Reply STOP to opt out.',
});

for (const dialect of DIALECTS) {
  describe(`registration through Telnyx's registry (${dialect})`, () => {
    let fake: FakeTelnyxApi;
    let api: Api;
    let client: ReturnType<typeof twilio>;
    let h: Harness;
    let numberSeq = 0;

    before(async () => {
      fake = await startFakeTelnyxApi(TELNYX.apiKey);
      h = await startHarness(dialect, [{ type: 'telnyx', name: TELNYX.name, settings: {
        apiKey: TELNYX.apiKey, publicKey: KEYS.publicKey, apiUrl: fake.url, messagingProfileId: '40017f8e-49bd-4a19-b3b8-6f2a3c5d7e9b',
      } }]);
      ({ api, client } = h);
      const policy = await api.post('/masq/v1/NumberPolicy', { SmsGating: 'enforce' });
      assert.equal(policy.status, 200, policy.body);
    });
    after(async () => {
      await h.close();
      await fake.close();
    });

    const sweepAfter = (seconds: number) => h.sweepAfter(seconds);
    const posted = (path: string) => fake.requests.filter((r) => r.method === 'POST' && r.path === path);
    const lastJson = (path: string): Record<string, unknown> => {
      const json = posted(path).at(-1)?.json;
      return typeof json === 'object' && json !== null ? Object.fromEntries(Object.entries(json)) : {};
    };
    /** A brand registered at Telnyx from a masq brand profile: its BN sid and Telnyx's brandId. */
    const brand = async (profile = VALID_PROFILE): Promise<{ sid: string; brandId: string }> => {
      const bu = str((await api.post('/masq/v1/BrandProfiles', profile)).json, 'sid');
      const res = await api.post('/messaging/v1/a2p/BrandRegistrations', { CustomerProfileBundleSid: bu, A2PProfileBundleSid: bu, MasqCarrier: TELNYX.name });
      assert.equal(res.status, 201, res.body);
      assert.equal(res.json.status, 'PENDING');
      return { sid: str(res.json, 'sid'), brandId: String([...fake.registrations.values()].filter((r) => r.kind === 'brand').at(-1)?.brandId) };
    };
    const approvedBrand = async (): Promise<{ sid: string; brandId: string }> => {
      const b = await brand();
      fake.setRegistration(b.brandId, { status: 'OK', identityStatus: 'VERIFIED', tcrBrandId: 'BQ1W2E3' });
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      return b;
    };
    /** A number of the account held at Telnyx, as a purchase through masq records it. */
    const telnyxNumber = async (type: 'local' | 'toll-free'): Promise<{ sid: string; e164: string }> => {
      numberSeq += 1;
      const e164 = type === 'local' ? `+1415555${String(9100 + numberSeq)}` : `+1833555${String(9100 + numberSeq)}`;
      const sid = api.runtime.deps.ids.sid('phoneNumber');
      await api.runtime.deps.store.createInventoryNumber(inventoryRecord({
        sid, accountSid: ACCOUNT_SID, e164, state: 'active', origin: 'purchased', carrier: TELNYX.name, carrierRef: `2${String(numberSeq).padStart(18, '0')}`,
        type, place: null, capabilities: { voice: true, sms: true, mms: true, fax: false }, monthlyCost: null, friendlyName: null, now: api.clock.now(),
      }));
      return { sid, e164 };
    };
    /** A messaging service holding `numbers` with a campaign verified at Telnyx; returns the service, campaign and Telnyx campaign id. */
    const verifiedCampaign = async (numbers: readonly { sid: string }[]) => {
      const b = await approvedBrand();
      const mg = (await client.messaging.v1.services.create({ friendlyName: 'Rides' })).sid;
      for (const n of numbers) await client.messaging.v1.services(mg).phoneNumbers.create({ phoneNumberSid: n.sid });
      const created = await client.messaging.v1.services(mg).usAppToPerson.create(CAMPAIGN(b.sid));
      const telnyxId = String([...fake.registrations.values()].find((r) => r.referenceId === created.sid)?.campaignId);
      fake.setRegistration(telnyxId, { campaignStatus: 'MNO_PROVISIONED', tcrCampaignId: 'CX7Y8Z9' });
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      return { mg, qe: created.sid, telnyxId, brand: b };
    };
    const gate = (from: string) => gateSend(api.runtime.deps, { accountSid: ACCOUNT_SID, interactionSid: null, from, to: RIDER });

    test('a brand and a campaign reach VERIFIED through Telnyx; the numbers are assigned; a suspension gates SMS with 30033', async () => {
      const b = await brand();
      const sent = lastJson('/v2/10dlc/brand');
      assert.deepEqual([sent.displayName, sent.ein, sent.entityType, sent.vertical, sent.state, sent.country], ['Acme Rides Inc', '12-3456789', 'PRIVATE_PROFIT', 'TRANSPORTATION', 'CA', 'US']);
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      assert.equal((await client.messaging.v1.brandRegistrations(b.sid).fetch()).status, 'PENDING');
      fake.setRegistration(b.brandId, { status: 'OK', identityStatus: 'VERIFIED', tcrBrandId: 'BQ1W2E3' });
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      const approved = await client.messaging.v1.brandRegistrations(b.sid).fetch();
      assert.deepEqual([approved.status, approved.tcrId, approved.identityStatus], ['APPROVED', 'BQ1W2E3', 'VERIFIED']);

      const local = await telnyxNumber('local');
      const mg = (await client.messaging.v1.services.create({ friendlyName: 'Rides' })).sid;
      await client.messaging.v1.services(mg).phoneNumbers.create({ phoneNumberSid: local.sid });
      const created = await client.messaging.v1.services(mg).usAppToPerson.create(CAMPAIGN(b.sid));
      assert.equal(created.campaignStatus, 'IN_PROGRESS');
      const builder = lastJson('/v2/10dlc/campaignBuilder');
      assert.deepEqual([builder.brandId, builder.usecase, builder.sample1, builder.referenceId], [b.brandId, 'PROXY', CAMPAIGN(b.sid).messageSamples[0], created.sid]);
      const telnyxId = String([...fake.registrations.values()].find((r) => r.referenceId === created.sid)?.campaignId);
      assert.equal((await gate(local.e164)).kind, 'block');

      // TCR accepts, the carriers are still provisioning: still in progress, nothing assigned yet.
      fake.setRegistration(telnyxId, { campaignStatus: 'MNO_PENDING', tcrCampaignId: 'CX7Y8Z9' });
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      assert.equal((await client.messaging.v1.services(mg).usAppToPerson(created.sid).fetch()).campaignStatus, 'IN_PROGRESS');
      assert.equal(fake.numberCampaigns.size, 0);
      fake.setRegistration(telnyxId, { campaignStatus: 'MNO_PROVISIONED' });
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      const verified = await client.messaging.v1.services(mg).usAppToPerson(created.sid).fetch();
      assert.deepEqual([verified.campaignStatus, verified.campaignId], ['VERIFIED', 'CX7Y8Z9']);
      assert.deepEqual(fake.numberCampaigns.get(local.e164)?.campaignId, telnyxId);
      assert.equal((await gate(local.e164)).kind, 'send');

      // TCR suspends it later: the daily re-check sees it, and SMS from its numbers fail with 30033.
      fake.setRegistration(telnyxId, { campaignStatus: 'TCR_SUSPENDED', failureReasons: 'Suspended by T-Mobile' });
      await expectSuspendedByRecheck(h, mg, created.sid);
      const outcome = await gate(local.e164);
      assert.ok(outcome.kind === 'block' && outcome.problem.code === 30033, JSON.stringify(outcome));
    });

    test('a brand Telnyx rejects becomes FAILED with errors[]; a resubmission updates it at Telnyx', async () => {
      const b = await brand();
      fake.setRegistration(b.brandId, { status: 'REGISTRATION_FAILED', failureReasons: 'Tax id does not match the legal name' });
      fake.brandFeedback.set(b.brandId, [{ id: 'TAX_ID', displayName: 'Tax ID', description: 'Tax id does not match the legal name', fields: ['ein', 'companyName'] }]);
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      const failed = await client.messaging.v1.brandRegistrations(b.sid).fetch();
      assert.deepEqual([failed.status, failed.failureReason, failed.brandFeedback], ['FAILED', 'Tax id does not match the legal name', ['TAX_ID']]);
      assert.deepEqual(failed.errors, [{ error_code: 30799, description: 'Tax id does not match the legal name', fields: ['ein', 'companyName'] }]);
      // Decided: Telnyx is not asked about it again.
      const polls = () => fake.requests.filter((r) => r.method === 'GET' && r.path === `/v2/10dlc/brand/${b.brandId}`).length;
      await expectDecidedThenResubmitted(h, b.sid, polls);
      assert.ok(fake.requests.some((r) => r.method === 'PUT' && r.path === `/v2/10dlc/brand/${b.brandId}`));
    });

    test('a campaign Telnyx rejects becomes FAILED with errors[]', async () => {
      const b = await approvedBrand();
      const mg = (await client.messaging.v1.services.create({ friendlyName: 'Rides' })).sid;
      const created = await client.messaging.v1.services(mg).usAppToPerson.create(CAMPAIGN(b.sid));
      const telnyxId = String([...fake.registrations.values()].find((r) => r.referenceId === created.sid)?.campaignId);
      fake.setRegistration(telnyxId, { campaignStatus: 'MNO_REJECTED', failureReasons: 'Message samples do not match the use case' });
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      const failed = await client.messaging.v1.services(mg).usAppToPerson(created.sid).fetch();
      assert.equal(failed.campaignStatus, 'FAILED');
      assert.deepEqual(failed.errors, [{ error_code: 30899, description: 'Message samples do not match the use case', fields: [] }]);
    });

    test('a number added after the campaign is VERIFIED is assigned at Telnyx; a refused assignment is retried by the sweeper', async () => {
      const first = await telnyxNumber('local');
      const { mg, telnyxId } = await verifiedCampaign([first]);
      assert.equal(fake.numberCampaigns.get(first.e164)?.campaignId, telnyxId);
      const joined = await telnyxNumber('local');
      await client.messaging.v1.services(mg).phoneNumbers.create({ phoneNumberSid: joined.sid });
      assert.equal(fake.numberCampaigns.get(joined.e164)?.campaignId, telnyxId);

      const late = await telnyxNumber('local');
      fake.refuseAssignment.add(late.e164);
      const added = await client.messaging.v1.services(mg).phoneNumbers.create({ phoneNumberSid: late.sid });
      assert.equal(added.sid, late.sid, 'the number joins the pool even though Telnyx did not take it yet');
      assert.equal(fake.numberCampaigns.has(late.e164), false);
      // The next poll (5 minutes, not the daily re-check) assigns the service's numbers; those already there are fine.
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      assert.equal(fake.numberCampaigns.get(late.e164)?.campaignId, telnyxId);
      const assigns = () => posted('/v2/10dlc/phone_number_campaigns').length;
      const before = assigns();
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      assert.equal(assigns(), before, 'once assigned, the flag is cleared');
    });

    test('a toll-free verification is approved at Telnyx', async () => {
      const tf = await telnyxNumber('toll-free');
      const created = await client.messaging.v1.tollfreeVerifications.create({
        tollfreePhoneNumberSid: tf.sid, businessName: 'Rides Inc', businessWebsite: 'https://rides.example', notificationEmail: 'c@rides.example',
        useCaseCategories: ['ACCOUNT_NOTIFICATIONS'], useCaseSummary: 'Trip updates', productionMessageSample: 'Your ride is here. Reply STOP to opt out.',
        optInImageUrls: ['https://rides.example/optin.png'], optInType: 'WEB_FORM', messageVolume: '1,000',
      });
      assert.equal(created.status, 'PENDING_REVIEW');
      const sent = lastJson('/v2/messaging_tollfree/verification/requests');
      assert.deepEqual([sent.phoneNumbers, sent.useCase, sent.corporateWebsite, sent.optInWorkflowImageURLs],
        [[{ phoneNumber: tf.e164 }], 'App Notifications', 'https://rides.example', [{ url: 'https://rides.example/optin.png' }]]);
      assert.equal((await gate(tf.e164)).kind, 'block');
      const id = String([...fake.registrations.values()].find((r) => r.kind === 'tollfree' && r.businessName === 'Rides Inc')?.id);
      fake.setRegistration(id, { verificationStatus: 'In Progress' });
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      assert.equal((await client.messaging.v1.tollfreeVerifications(created.sid).fetch()).status, 'IN_REVIEW');
      fake.setRegistration(id, { verificationStatus: 'Verified' });
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      assert.equal((await client.messaging.v1.tollfreeVerifications(created.sid).fetch()).status, 'TWILIO_APPROVED');
      assert.equal((await gate(tf.e164)).kind, 'send');
    });
  });
}
