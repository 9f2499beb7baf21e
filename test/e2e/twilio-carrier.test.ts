// The Twilio carrier end to end: a real `masq serve` process configured with MASQ_TWILIO_*, its REST
// API pointed at a local fake of Twilio's Messages API. The official twilio client sets up the
// service and session; webhooks are posted and signed the way Twilio posts them.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { startFakeTwilioApi, type FakeTwilioApi } from './fake-twilio-api.ts';
import { startServe, type Served } from './serve-process.ts';

const TWILIO_SID = `AC${'5'.repeat(32)}`;
const TWILIO_TOKEN = '0123456789abcdef0123456789abcdef';
const RIDER = '+14155550001';
const DRIVER = '+14155550002';
const STRANGER = '+14155550999';
const EMPTY = new twilio.twiml.MessagingResponse().toString();

const sid = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;

const smsParams = (from: string, to: string, body: string, messageSid = sid('SM')): Record<string, string> => ({
  ToCountry: 'US', SmsMessageSid: messageSid, NumMedia: '0', SmsSid: messageSid, SmsStatus: 'received', Body: body, To: to,
  NumSegments: '1', MessageSid: messageSid, AccountSid: TWILIO_SID, From: from, ApiVersion: '2010-04-01',
});

describe('the Twilio carrier against masq serve', () => {
  let fake: FakeTwilioApi;
  let served: Served;
  let client: ReturnType<typeof twilio>;
  let serviceSid = '';
  let sessionSid = '';
  const proxy: Record<string, string> = {};
  const participantSid: Record<string, string> = {};

  /** POSTs a webhook as Twilio does: form body, X-Twilio-Signature over the configured URL. */
  const webhook = async (path: string, params: Record<string, string>, signed = true) => {
    const url = `${served.url}${path}`;
    const res = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(signed ? { 'x-twilio-signature': twilio.getExpectedTwilioSignature(TWILIO_TOKEN, url, params) } : {}),
      },
      body: new URLSearchParams(params).toString(),
    });
    return { status: res.status, contentType: res.headers.get('content-type') ?? '', body: await res.text() };
  };

  const session = () => client.proxy.v1.services(serviceSid).sessions(sessionSid);
  const latestInteraction = async () => {
    // Listed oldest first by creation time at millisecond precision (the JSON dates keep only seconds).
    const all = await session().interactions.list();
    const latest = all[all.length - 1];
    assert.ok(latest, 'an interaction was logged');
    return latest;
  };

  before(async () => {
    fake = await startFakeTwilioApi(TWILIO_SID, TWILIO_TOKEN);
    served = await startServe({
      MASQ_TWILIO_ACCOUNT_SID: TWILIO_SID,
      MASQ_TWILIO_AUTH_TOKEN: TWILIO_TOKEN,
      MASQ_TWILIO_API_URL: fake.url,
      MASQ_DEFAULT_CARRIER: 'twilio',
      MASQ_CALLBACK_ALLOW_PRIVATE: 'true',
    });
    client = twilio(served.accountSid, served.authToken);
    client.proxy.baseUrl = served.url;
    const service = await client.proxy.v1.services.create({ uniqueName: 'e2e twilio rides' });
    serviceSid = service.sid;
    for (const number of ['+14155551212', '+14155553434']) await client.proxy.v1.services(serviceSid).phoneNumbers.create({ phoneNumber: number });
    const created = await client.proxy.v1.services(serviceSid).sessions.create({ uniqueName: 'ride 1', participants: [{ Identifier: RIDER }, { Identifier: DRIVER }] });
    sessionSid = created.sid;
    for (const p of await session().participants.list()) {
      proxy[p.identifier] = p.proxyIdentifier;
      participantSid[p.identifier] = p.sid;
    }
  });
  after(async () => {
    await served?.stop();
    await fake?.close();
  });

  test('pool numbers added with MASQ_DEFAULT_CARRIER=twilio belong to the twilio carrier', async () => {
    assert.match(proxy[RIDER] ?? '', /^\+1415555(1212|3434)$/);
    const numbers = await client.proxy.v1.services(serviceSid).phoneNumbers.list();
    assert.equal(numbers.length, 2);
    for (const number of numbers) {
      const res = await fetch(`${served.url}/masq/v1/PhoneNumbers/${number.sid}`, {
        headers: { authorization: `Basic ${Buffer.from(`${served.accountSid}:${served.authToken}`).toString('base64')}` },
      });
      const inventory: unknown = await res.json();
      assert.equal(typeof inventory === 'object' && inventory !== null && 'carrier' in inventory ? inventory.carrier : null, 'twilio');
    }
  });

  test("an SMS from the rider is forwarded in TwiML to the driver, from the driver's proxy number", async () => {
    const res = await webhook('/webhooks/twilio/sms', smsParams(RIDER, proxy[RIDER] ?? '', 'At the corner & waiting'));
    assert.equal(res.status, 200, res.body);
    assert.match(res.contentType, /^text\/xml/);
    const interaction = await latestInteraction();
    const expected = new twilio.twiml.MessagingResponse();
    expected.message({ to: DRIVER, from: proxy[DRIVER] ?? '', action: `${served.url}/webhooks/twilio/message-status?Interaction=${interaction.sid}` }, 'At the corner & waiting');
    assert.equal(res.body, expected.toString());
    assert.equal(fake.messages.length, 0, 'forwarded in the answer, not through the API');
  });

  test('a retried webhook (same MessageSid) gets the same forward while Twilio has not reported it, logged once', async () => {
    // Twilio re-sends only when the first answer never reached it (e.g. the instance died after COMMIT);
    // once the outbound leg is reported the retry forwards nothing (test/webhooks/twilio.test.ts).
    const params = smsParams(DRIVER, proxy[DRIVER] ?? '', 'Two minutes');
    const first = await webhook('/webhooks/twilio/sms', params);
    assert.match(first.body, /<Message to=/);
    const count = (await session().interactions.list()).length;
    const again = await webhook('/webhooks/twilio/sms', params);
    assert.equal(again.status, 200);
    assert.equal(again.body, first.body);
    assert.equal((await session().interactions.list()).length, count);
  });

  test("a message-status callback updates the interaction's outbound status", async () => {
    const interaction = await latestInteraction();
    const outboundSid = sid('SM');
    const res = await webhook(`/webhooks/twilio/message-status?Interaction=${interaction.sid}`, {
      MessageSid: outboundSid, SmsSid: outboundSid, MessageStatus: 'delivered', SmsStatus: 'delivered', AccountSid: TWILIO_SID, From: proxy[RIDER] ?? '', To: RIDER,
    });
    assert.equal(res.status, 200);
    const fetched = await session().interactions(interaction.sid).fetch();
    assert.equal(fetched.outboundResourceStatus, 'delivered');
    assert.equal(fetched.outboundResourceSid, outboundSid);
  });

  test('a call is bridged with <Dial callerId> to the partner', async () => {
    const res = await webhook('/webhooks/twilio/voice', { CallSid: sid('CA'), AccountSid: TWILIO_SID, From: DRIVER, To: proxy[DRIVER] ?? '', CallStatus: 'ringing', Direction: 'inbound' });
    const interaction = await latestInteraction();
    const expected = new twilio.twiml.VoiceResponse();
    expected.dial({ callerId: proxy[RIDER] ?? '', answerOnBridge: true, action: `${served.url}/webhooks/twilio/dial-status?Interaction=${interaction.sid}` }).number(RIDER);
    assert.equal(res.body, expected.toString());
  });

  test('a MessageInteraction goes out through the Messages API exactly once', async () => {
    const before = fake.messages.length;
    const mi = await session().participants(participantSid[RIDER] ?? '').messageInteractions.create({ body: 'Your driver has arrived' });
    const sent = fake.messages.slice(before);
    assert.equal(sent.length, 1);
    const [message] = sent;
    assert.ok(message?.authorized, 'Basic auth with the MASQ_TWILIO_* credentials');
    assert.equal(message?.form.get('To'), RIDER);
    assert.equal(message?.form.get('From'), proxy[RIDER]);
    assert.equal(message?.form.get('Body'), 'Your driver has arrived');
    assert.equal(message?.form.get('StatusCallback'), `${served.url}/webhooks/twilio/message-status`);
    assert.equal(mi.outboundResourceSid, message?.sid);
    assert.equal(mi.outboundResourceStatus, 'queued');
  });

  test('an SMS to a number with no session for the sender gets the empty answer', async () => {
    const res = await webhook('/webhooks/twilio/sms', smsParams(STRANGER, proxy[RIDER] ?? '', 'hello?'));
    assert.equal(res.status, 200);
    assert.equal(res.body, EMPTY);
  });

  test('an unsigned webhook is refused with 403 and forwards nothing', async () => {
    const count = (await session().interactions.list()).length;
    const res = await webhook('/webhooks/twilio/sms', smsParams(RIDER, proxy[RIDER] ?? '', 'forged'), false);
    assert.equal(res.status, 403);
    assert.equal((await session().interactions.list()).length, count);
  });
});
