// US SMS registration gating end to end, the way a user meets it: numbers bought on the sandbox, a Proxy
// service, a brand, a messaging service and a 10DLC campaign, a toll-free verification, all through the
// official twilio client (and masq's own /masq/v1 routes where Twilio has none), never a table write; the
// sandbox registry decides when the test moves the clock and runs the registration sweeper's pass. Enforce
// mode, on SQLite and PostgreSQL. sms-gating.test.ts covers the rule's corners with seeded registrations.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { sweepRegistrations } from '../../src/app/registration-sweeper.ts';
import { CAMPAIGN_REVIEW_SECONDS } from '../../src/domain/messaging/campaign.ts';
import { BRAND_REVIEW_DELAY_MS } from '../../src/domain/messaging/sandbox-registry.ts';
import { REVIEW_DECISION_SECONDS, REVIEW_START_SECONDS } from '../../src/domain/messaging/tollfree-verification.ts';
import { TEST_DIALECTS } from '../support/stores.ts';
import { VALID_PROFILE } from './messaging-support.ts';
import { campaignFields } from './registrations-support.ts';
import { startSuiteApi } from './suite-api.ts';
import { ACCOUNT_SID, AUTH_TOKEN, list, obj, str, type Api } from './support.ts';

type Client = ReturnType<typeof twilio>;

const CALLBACK = 'http://callback.invalid/proxy';
const enc = encodeURIComponent;

/** A campaign the sandbox registry verifies (campaigns.test.ts covers the ones it fails). */
const campaign = (brandRegistrationSid: string) => ({
  ...campaignFields(brandRegistrationSid),
  helpMessage: 'Rides support: help@rides.example, reply STOP to opt out.',
  optOutKeywords: ['STOP'],
  optOutMessage: 'You are unsubscribed from Rides messages. No more messages will be sent.',
});

const tollfreeSubmission = (tollfreePhoneNumberSid: string) => ({
  tollfreePhoneNumberSid,
  businessName: 'Rides Inc',
  businessWebsite: 'https://rides.example',
  notificationEmail: 'compliance@rides.example',
  useCaseCategories: ['ACCOUNT_NOTIFICATIONS'],
  useCaseSummary: 'Trip updates for riders who booked in the Rides app.',
  productionMessageSample: 'Your Rides driver is arriving. Reply STOP to opt out.',
  optInImageUrls: ['https://rides.example/optin.png'],
  optInType: 'WEB_FORM' as const,
  messageVolume: '10,000',
});

for (const dialect of TEST_DIALECTS) {
  describe(`SMS gating end to end through the twilio client, enforce mode (${dialect})`, () => {
    let api: Api;
    let client: Client;

    before(async () => {
      api = await startSuiteApi(dialect);
      const origin = await api.app.listen({ host: '127.0.0.1', port: 0 });
      client = twilio(ACCOUNT_SID, AUTH_TOKEN);
      client.proxy.baseUrl = origin;
      client.messaging.baseUrl = `${origin}/messaging`;
      client.api.baseUrl = `${origin}/api`;
      const policy = await api.post('/masq/v1/NumberPolicy', { SmsGating: 'enforce' });
      assert.equal(policy.status, 200, policy.body);
      assert.equal(policy.json.smsGating, 'enforce');
    });
    after(() => api?.close());

    /** The clock moved by `seconds`, then one pass of the registration sweeper (the registry's decisions). */
    const sweepAfter = async (seconds: number) => {
      api.clock.advance(seconds);
      return sweepRegistrations(api.runtime.deps);
    };
    const buyLocal = async (): Promise<{ sid: string; phoneNumber: string }> => {
      const [offer] = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 1 });
      assert.ok(offer, 'the sandbox offers a 415 number');
      const bought = await client.incomingPhoneNumbers.create({ phoneNumber: offer.phoneNumber });
      return { sid: bought.sid, phoneNumber: bought.phoneNumber };
    };
    const buyTollFree = async (): Promise<{ sid: string; phoneNumber: string }> => {
      const [offer] = await client.availablePhoneNumbers('US').tollFree.list({ limit: 1 });
      assert.ok(offer, 'the sandbox offers a toll-free number');
      const bought = await client.incomingPhoneNumbers.tollFree.create({ phoneNumber: offer.phoneNumber });
      return { sid: bought.sid, phoneNumber: bought.phoneNumber };
    };
    /** A Proxy service whose pool holds the bought numbers. */
    const proxyService = async (name: string, numberSids: readonly string[]): Promise<string> => {
      const service = await client.proxy.v1.services.create({ uniqueName: name, callbackUrl: CALLBACK });
      for (const sid of numberSids) await client.proxy.v1.services(service.sid).phoneNumbers.create({ sid });
      return service.sid;
    };
    /** A session where `driver` is reached on `proxy`; a rider of its own shares the number. */
    const sessionOn = async (serviceSid: string, proxy: string, driver: string, rider: string) => {
      const session = await client.proxy.v1.services(serviceSid).sessions.create({ uniqueName: `on ${proxy} to ${driver}` });
      const participants = client.proxy.v1.services(serviceSid).sessions(session.sid).participants;
      await participants.create({ identifier: rider, proxyIdentifier: proxy });
      const joined = await participants.create({ identifier: driver, proxyIdentifier: proxy });
      assert.equal(joined.proxyIdentifier, proxy);
      return { serviceSid, sessionSid: session.sid, driverSid: joined.sid };
    };
    type Session = Awaited<ReturnType<typeof sessionOn>>;
    /** A MessageInteraction to the driver: the create's HTTP status, then the interaction as fetched. */
    const send = async (s: Session, body: string) => {
      const session = client.proxy.v1.services(s.serviceSid).sessions(s.sessionSid);
      const sent = await session.participants(s.driverSid).messageInteractions.create({ body });
      const status = client.httpClient.lastResponse?.statusCode;
      const fetched = await session.interactions(sent.sid).fetch();
      const data: unknown = JSON.parse(fetched.data ?? '{}');
      const errorCode = typeof data === 'object' && data !== null && 'error_code' in data ? data.error_code : undefined;
      return { sent, status, outbound: fetched.outboundResourceStatus, errorCode };
    };
    const received = async (phone: string) =>
      list((await api.get(`/sandbox/phones/${enc(phone)}/messages`)).json, 'messages').filter((m) => m.direction === 'received').map((m) => m.body);
    /** The CallbackUrl deliveries owed for an interaction (the job worker is off in tests). */
    const callbacks = async (interactionSid: string) =>
      (await api.runtime.deps.store.listJobs(ACCOUNT_SID, { kind: 'callback', limit: 500 }))
        .map((job) => obj(job.payload, 'params'))
        .filter((params) => params.interactionSid === interactionSid);
    /** A brand on a fresh profile, APPROVED by the sandbox registry once its review delay has passed. */
    const approvedBrand = async (): Promise<string> => {
      const profile = await api.post('/masq/v1/BrandProfiles', VALID_PROFILE);
      assert.equal(profile.status, 201, profile.body);
      const bundle = str(profile.json, 'sid');
      const brand = await client.messaging.v1.brandRegistrations.create({ customerProfileBundleSid: bundle, a2PProfileBundleSid: bundle });
      assert.equal(brand.status, 'PENDING');
      assert.ok((await sweepAfter(BRAND_REVIEW_DELAY_MS / 1000 + 1)).brands >= 1);
      assert.equal((await client.messaging.v1.brandRegistrations(brand.sid).fetch()).status, 'APPROVED');
      return brand.sid;
    };

    test('a local number: 30034 unregistered, 30035 while its campaign is IN_PROGRESS, delivered once VERIFIED, 30033 suspended', async () => {
      const local = await buyLocal();
      const driver = '+14155550201';
      const s = await sessionOn(await proxyService('ten-dlc', [local.sid]), local.phoneNumber, driver, '+14155550301');

      const unregistered = await send(s, 'your ride is here');
      assert.equal(unregistered.status, 201, 'accepted as Twilio accepts it');
      assert.equal(unregistered.sent.outboundResourceStatus, 'queued');
      assert.deepEqual([unregistered.outbound, unregistered.errorCode], ['undelivered', 30034]);
      const failed = (await callbacks(unregistered.sent.sid)).find((params) => params.outboundResourceStatus === 'undelivered');
      assert.match(String(failed?.interactionData), /"error_code":30034/, 'the CallbackUrl hears the failure with its code');
      assert.deepEqual(await received(driver), [], 'nothing left the sandbox');

      const brand = await approvedBrand();
      const messaging = await client.messaging.v1.services.create({ friendlyName: 'Rides' });
      await client.messaging.v1.services(messaging.sid).phoneNumbers.create({ phoneNumberSid: local.sid });
      const created = await client.messaging.v1.services(messaging.sid).usAppToPerson.create(campaign(brand));
      assert.equal(created.campaignStatus, 'IN_PROGRESS');
      const inReview = await send(s, 'still in review');
      assert.deepEqual([inReview.status, inReview.outbound, inReview.errorCode], [201, 'undelivered', 30035]);

      assert.equal((await sweepAfter(CAMPAIGN_REVIEW_SECONDS + 1)).campaigns, 1);
      assert.equal((await client.messaging.v1.services(messaging.sid).usAppToPerson(created.sid).fetch()).campaignStatus, 'VERIFIED');
      const verified = await send(s, 'registered at last');
      assert.deepEqual([verified.outbound, verified.errorCode], ['delivered', undefined]);
      assert.deepEqual(await received(driver), ['registered at last']);

      const suspended = await api.post(`/masq/v1/Campaigns/${created.sid}`, { Status: 'SUSPENDED', Reason: 'Carrier complaints' });
      assert.equal(suspended.status, 200, suspended.body);
      const blocked = await send(s, 'after the suspension');
      assert.deepEqual([blocked.status, blocked.outbound, blocked.errorCode], [201, 'undelivered', 30033]);
      assert.deepEqual(await received(driver), ['registered at last']);
    });

    test('a toll-free number: 30032 until its verification is TWILIO_APPROVED, then delivered', async () => {
      const tollFree = await buyTollFree();
      const driver = '+14155550202';
      const s = await sessionOn(await proxyService('toll-free', [tollFree.sid]), tollFree.phoneNumber, driver, '+14155550302');
      const unverified = await send(s, 'unverified');
      assert.deepEqual([unverified.status, unverified.outbound, unverified.errorCode], [201, 'undelivered', 30032]);

      const verification = await client.messaging.v1.tollfreeVerifications.create(tollfreeSubmission(tollFree.sid));
      assert.equal(verification.status, 'PENDING_REVIEW');
      assert.equal((await send(s, 'pending review')).errorCode, 30032);
      await sweepAfter(REVIEW_START_SECONDS);
      assert.equal((await client.messaging.v1.tollfreeVerifications(verification.sid).fetch()).status, 'IN_REVIEW');
      assert.equal((await send(s, 'in review')).errorCode, 30032);
      await sweepAfter(REVIEW_DECISION_SECONDS - REVIEW_START_SECONDS);
      assert.equal((await client.messaging.v1.tollfreeVerifications(verification.sid).fetch()).status, 'TWILIO_APPROVED');
      const approved = await send(s, 'approved');
      assert.deepEqual([approved.outbound, approved.errorCode], ['delivered', undefined]);
      assert.deepEqual(await received(driver), ['approved']);
    });

    test('the allocator never gives a US participant of an SMS session the unregistered number while a registered one is in the pool', async () => {
      const unregistered = await buyLocal();
      const registered = await buyLocal();
      // A mock brand and its campaign are decided at once (Twilio's testing brands): registration is not under test here.
      const profile = str((await api.post('/masq/v1/BrandProfiles', VALID_PROFILE)).json, 'sid');
      const brand = await client.messaging.v1.brandRegistrations.create({ customerProfileBundleSid: profile, a2PProfileBundleSid: profile, mock: true });
      const messaging = await client.messaging.v1.services.create({ friendlyName: 'Allocated' });
      await client.messaging.v1.services(messaging.sid).phoneNumbers.create({ phoneNumberSid: registered.sid });
      assert.equal((await client.messaging.v1.services(messaging.sid).usAppToPerson.create(campaign(brand.sid))).campaignStatus, 'VERIFIED');

      const serviceSid = await proxyService('allocating', [unregistered.sid, registered.sid]);
      const sessions = client.proxy.v1.services(serviceSid).sessions;
      // Each session adds load to the registered number only: were the gate not applied, the unregistered
      // number (least loaded) would be chosen from the second session on. Both modes that carry SMS are gated.
      for (let i = 0; i < 4; i += 1) {
        const session = await sessions.create({ uniqueName: `sms ${i}`, mode: i % 2 === 0 ? 'message-only' : 'voice-and-message' });
        const joined = await sessions(session.sid).participants.create({ identifier: `+1415555040${i}` });
        assert.equal(joined.proxyIdentifier, registered.phoneNumber, `session ${i}`);
      }
      const explained = await api.get(`/masq/v1/Services/${serviceSid}/Explain?Identifier=${enc('+14155550499')}&Mode=message-only`);
      assert.equal(explained.status, 200, explained.body);
      assert.equal(obj(explained.json, 'decision').phone_number, registered.phoneNumber);
      const dropped = list(explained.json, 'candidates').find((c) => c.sid === unregistered.sid);
      assert.deepEqual([dropped?.verdict, dropped?.reason], ['dropped', 'sms-gated']);
      assert.match(String(dropped?.explanation), /30034/);

      // A voice-only session is not gated: it gets the least-loaded number, the unregistered one.
      const voice = await sessions.create({ uniqueName: 'voice', mode: 'voice-only' });
      assert.equal((await sessions(voice.sid).participants.create({ identifier: '+14155550498' })).proxyIdentifier, unregistered.phoneNumber);
    });
  });
}
