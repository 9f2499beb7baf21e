// Messaging registration through a real carrier's registry: a Twilio carrier account pointed at a fake of
// Twilio's Messaging v1 (test/support/fake-twilio-messaging.ts). Brands, campaigns and toll-free
// verifications pass through to Twilio as they are and Twilio's statuses come back by the registration
// sweeper's polls (the clock moved by the test); SQLite and PostgreSQL, through the official twilio client.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { inventoryRecord } from '../../src/app/inventory-records.ts';
import { gateSend } from '../../src/app/sms-gate.ts';
import { CARRIER_POLL_SECONDS } from '../../src/domain/messaging/registry-link.ts';
import { startFakeTwilioMessaging, type FakeTwilioMessaging } from '../support/fake-twilio-messaging.ts';
import { DIALECTS, twilioError } from './messaging-support.ts';
import {
  campaignFields, expectDecidedThenResubmitted, expectSuspendedByRecheck, startHarness, type Harness,
} from './registrations-support.ts';
import { ACCOUNT_SID, str, type Api } from './support.ts';

const TWILIO = { name: 'twilio-us', accountSid: `AC${'7'.repeat(32)}`, authToken: '0123456789abcdef0123456789abcdef' } as const;
const BUNDLE = (c: string) => `BU${c.repeat(32)}`;
const LOCAL = '+14155559001', TOLL_FREE = '+18335559002', RIDER = '+14155550111';

for (const dialect of DIALECTS) {
  describe(`registration through Twilio's registry (${dialect})`, () => {
    let fake: FakeTwilioMessaging;
    let api: Api;
    let client: ReturnType<typeof twilio>;
    let h: Harness;

    before(async () => {
      fake = await startFakeTwilioMessaging(TWILIO.accountSid, TWILIO.authToken);
      h = await startHarness(dialect, [{ type: 'twilio', name: TWILIO.name, settings: { accountSid: TWILIO.accountSid, authToken: TWILIO.authToken, apiUrl: fake.url } }]);
      ({ api, client } = h);
    });
    after(async () => {
      await h.close();
      await fake.close();
    });

    const sweepAfter = (seconds: number) => h.sweepAfter(seconds);
    const brand = async (): Promise<{ sid: string; twilioSid: string }> => {
      const res = await api.post('/messaging/v1/a2p/BrandRegistrations', { CustomerProfileBundleSid: BUNDLE('c'), A2PProfileBundleSid: BUNDLE('d'), MasqCarrier: TWILIO.name });
      assert.equal(res.status, 201, res.body);
      assert.equal(res.json.status, 'PENDING');
      const posted = fake.requests.filter((r) => r.method === 'POST' && r.path === '/v1/a2p/BrandRegistrations').at(-1);
      assert.deepEqual([posted?.form.get('CustomerProfileBundleSid'), posted?.form.get('A2PProfileBundleSid')], [BUNDLE('c'), BUNDLE('d')]);
      const twilioSid = [...fake.resources.keys()].filter((k) => k.startsWith('BN')).at(-1) ?? '';
      return { sid: str(res.json, 'sid'), twilioSid };
    };
    /** A number of the account held at Twilio (its PN sid there), as a purchase through masq records it. */
    const twilioNumber = async (e164: string, type: 'local' | 'toll-free'): Promise<string> => {
      const sid = api.runtime.deps.ids.sid('phoneNumber');
      await api.runtime.deps.store.createInventoryNumber(inventoryRecord({
        sid, accountSid: ACCOUNT_SID, e164, state: 'active', origin: 'purchased', carrier: TWILIO.name, carrierRef: `PN${e164.slice(2).padEnd(32, 'a')}`,
        type, place: null, capabilities: { voice: true, sms: true, mms: true, fax: false }, monthlyCost: null, friendlyName: null, now: api.clock.now(),
      }));
      return sid;
    };
    const gate = (from: string) => gateSend({ store: api.runtime.deps.store, settings: { ...api.runtime.deps.settings, smsGating: 'enforce' } }, {
      accountSid: ACCOUNT_SID, interactionSid: null, from, to: RIDER,
    });

    test('a brand and a campaign reach VERIFIED through Twilio; the numbers join the campaign; a suspension gates SMS with 30033', async () => {
      const b = await brand();
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      assert.equal((await client.messaging.v1.brandRegistrations(b.sid).fetch()).status, 'PENDING');
      fake.set(b.twilioSid, { status: 'APPROVED', tcr_id: 'BQ1W2E3', brand_score: 72, identity_status: 'VERIFIED' });
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      const approved = await client.messaging.v1.brandRegistrations(b.sid).fetch();
      assert.deepEqual([approved.status, approved.tcrId, approved.brandScore, approved.identityStatus], ['APPROVED', 'BQ1W2E3', 72, 'VERIFIED']);

      const pn = await twilioNumber(LOCAL, 'local');
      const mg = (await client.messaging.v1.services.create({ friendlyName: 'Rides' })).sid;
      await client.messaging.v1.services(mg).phoneNumbers.create({ phoneNumberSid: pn });
      const created = await client.messaging.v1.services(mg).usAppToPerson.create(campaignFields(b.sid));
      assert.equal(created.campaignStatus, 'PENDING');
      const usa2p = fake.requests.find((r) => r.method === 'POST' && r.path.endsWith('/Compliance/Usa2p'));
      assert.equal(usa2p?.form.get('BrandRegistrationSid'), b.twilioSid);
      assert.deepEqual(usa2p?.form.getAll('MessageSamples'), campaignFields(b.sid).messageSamples);
      assert.equal((await gate(LOCAL)).kind, 'block');

      const qe = [...fake.resources.keys()].find((k) => k.startsWith('QE')) ?? '';
      fake.set(qe, { campaign_status: 'VERIFIED', campaign_id: 'CX7Y8Z9', rate_limits: { att: { mps: 60, msg_class: 'B' }, tmobile: { brand_tier: 'HIGH' } } });
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      const verified = await client.messaging.v1.services(mg).usAppToPerson(created.sid).fetch();
      assert.deepEqual([verified.campaignStatus, verified.campaignId], ['VERIFIED', 'CX7Y8Z9']);
      const twilioService = String(fake.resources.get(qe)?.messaging_service_sid);
      assert.deepEqual([...(fake.serviceNumbers.get(twilioService) ?? [])], [`PN${LOCAL.slice(2).padEnd(32, 'a')}`]);
      assert.equal((await gate(LOCAL)).kind, 'send');

      // Twilio suspends the campaign later: the daily re-check sees it, and SMS from its numbers fail with 30033.
      fake.set(qe, { campaign_status: 'SUSPENDED', errors: [{ error_code: 30990, description: 'Suspended by T-Mobile', fields: [] }] });
      await expectSuspendedByRecheck(h, mg, created.sid);
      const outcome = await gate(LOCAL);
      assert.ok(outcome.kind === 'block' && outcome.problem.code === 30033, JSON.stringify(outcome));
      // A carrier's campaign is changed at the carrier.
      await assert.rejects(client.messaging.v1.services(mg).usAppToPerson(created.sid).update({ ...campaignFields(b.sid), ageGated: false, directLending: false }), twilioError(21729));
    });

    test('a number added after the campaign is VERIFIED joins the Twilio messaging service', async () => {
      const b = await brand();
      fake.set(b.twilioSid, { status: 'APPROVED', tcr_id: 'BA1S2D3', brand_score: 72, identity_status: 'VERIFIED' });
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      const first = await twilioNumber('+14155559011', 'local');
      const mg = (await client.messaging.v1.services.create({ friendlyName: 'Rides later' })).sid;
      await client.messaging.v1.services(mg).phoneNumbers.create({ phoneNumberSid: first });
      const created = await client.messaging.v1.services(mg).usAppToPerson.create(campaignFields(b.sid));
      const qe = [...fake.resources.keys()].filter((k) => k.startsWith('QE')).at(-1) ?? '';
      fake.set(qe, { campaign_status: 'VERIFIED', campaign_id: 'CL4T3R1' });
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      assert.equal((await client.messaging.v1.services(mg).usAppToPerson(created.sid).fetch()).campaignStatus, 'VERIFIED');
      const joined = await twilioNumber('+14155559012', 'local');
      await client.messaging.v1.services(mg).phoneNumbers.create({ phoneNumberSid: joined });
      const twilioService = String(fake.resources.get(qe)?.messaging_service_sid);
      assert.deepEqual([...(fake.serviceNumbers.get(twilioService) ?? [])], ['+14155559011', '+14155559012'].map((e) => `PN${e.slice(2).padEnd(32, 'a')}`));
    });

    test('a brand Twilio rejects becomes FAILED with its errors[]; a resubmission goes back to Twilio', async () => {
      const b = await brand();
      fake.set(b.twilioSid, { status: 'FAILED', failure_reason: 'TAX_ID mismatch', errors: [{ error_code: 30794, description: 'Tax id does not match', fields: ['ein'] }] });
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      const failed = await client.messaging.v1.brandRegistrations(b.sid).fetch();
      assert.deepEqual([failed.status, failed.failureReason, failed.errors], ['FAILED', 'TAX_ID mismatch', [{ error_code: 30794, description: 'Tax id does not match', fields: ['ein'] }]]);
      // Decided: Twilio is not asked about it again.
      const polls = () => fake.requests.filter((r) => r.method === 'GET' && r.path.endsWith(b.twilioSid)).length;
      await expectDecidedThenResubmitted(h, b.sid, polls);
      assert.ok(fake.requests.some((r) => r.method === 'POST' && r.path === `/v1/a2p/BrandRegistrations/${b.twilioSid}`));
    });

    test('a toll-free verification is approved at Twilio', async () => {
      const pn = await twilioNumber(TOLL_FREE, 'toll-free');
      const created = await client.messaging.v1.tollfreeVerifications.create({
        tollfreePhoneNumberSid: pn, businessName: 'Rides Inc', businessWebsite: 'https://rides.example', notificationEmail: 'c@rides.example',
        useCaseCategories: ['ACCOUNT_NOTIFICATIONS'], useCaseSummary: 'Trip updates', productionMessageSample: 'Your ride is here. Reply STOP to opt out.',
        optInImageUrls: ['https://rides.example/optin.png'], optInType: 'WEB_FORM', messageVolume: '1,000',
      });
      assert.equal(created.status, 'PENDING_REVIEW');
      const posted = fake.requests.find((r) => r.path === '/v1/Tollfree/Verifications');
      assert.equal(posted?.form.get('TollfreePhoneNumberSid'), `PN${TOLL_FREE.slice(2).padEnd(32, 'a')}`);
      assert.equal((await gate(TOLL_FREE)).kind, 'block');
      const hh = [...fake.resources.keys()].find((k) => k.startsWith('HH')) ?? '';
      fake.set(hh, { status: 'TWILIO_APPROVED' });
      await sweepAfter(CARRIER_POLL_SECONDS + 1);
      assert.equal((await client.messaging.v1.tollfreeVerifications(created.sid).fetch()).status, 'TWILIO_APPROVED');
      assert.equal((await gate(TOLL_FREE)).kind, 'send');
    });
  });
}
