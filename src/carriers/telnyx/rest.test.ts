// A Telnyx account's MessagingPort against a local fake of Telnyx's Messages API. What matters most is
// the count of POSTs the fake received: a retry must never turn into a second SMS, and `unsent` must be
// true only when Telnyx provably took nothing.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startFakeTelnyxApi, telnyxSigningKeys, type FakeTelnyxApi } from '../../../test/support/fake-telnyx-api.ts';
import type { OutboundMessage } from '../../ports/carrier.ts';
import { createTelnyxAccount, type TelnyxAccountOptions } from './account.ts';
import { closedPort, rejectsAsCarrierSend } from '../../../test/support/assertions.ts';
import { TelnyxMessaging } from './rest.ts';

const API_KEY = 'KEY0123456789_test';
const PUBLIC_KEY = telnyxSigningKeys().publicKey;
let sequence = 0;

const message = (over: Partial<OutboundMessage> = {}): OutboundMessage => ({
  from: '+14155551212', to: '+14155550002', body: 'hello & welcome', mediaUrls: [], statusCallbackUrl: null, idempotencyKey: `KI${(sequence += 1)}`, ...over,
});

describe('Telnyx messaging', () => {
  let fake: FakeTelnyxApi;
  const messaging = (over: Partial<TelnyxAccountOptions> = {}) => createTelnyxAccount({
    name: 'telnyx-us', apiKey: API_KEY, publicKey: PUBLIC_KEY, apiUrl: `${fake.url}/`, messagingProfileId: 'profile-1',
    webhookBase: 'https://masq.invalid/webhooks/telnyx-us', retryDelayMs: 1, timeoutMs: 2_000, ...over,
  }).messaging;

  before(async () => { fake = await startFakeTelnyxApi(API_KEY); });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  test('POSTs the JSON with the Bearer key and reads the message Telnyx took', async () => {
    const sent = await messaging().send(message());
    assert.equal(fake.requests.length, 1);
    const [request] = fake.requests;
    assert.equal(request?.authorized, true);
    assert.equal(request?.path, '/v2/messages');
    assert.equal(request?.contentType, 'application/json');
    assert.deepEqual(request?.json, {
      from: '+14155551212', to: '+14155550002', text: 'hello & welcome', messaging_profile_id: 'profile-1',
      webhook_url: 'https://masq.invalid/webhooks/telnyx-us/messaging',
    });
    assert.deepEqual(sent, { sid: fake.accepted[0]?.id, status: 'queued', url: null });
  });

  test('media go as media_urls (an MMS without text sends none); a status URL of its own wins; no base, no webhook_url', async () => {
    await messaging({ messagingProfileId: null }).send(message({ body: '', mediaUrls: ['https://media.invalid/a.jpg'], statusCallbackUrl: 'https://masq.invalid/webhooks/telnyx-us/messaging?Interaction=KI9' }));
    assert.deepEqual(fake.requests[0]?.json, {
      from: '+14155551212', to: '+14155550002', media_urls: ['https://media.invalid/a.jpg'], webhook_url: 'https://masq.invalid/webhooks/telnyx-us/messaging?Interaction=KI9',
    });
    await messaging({ webhookBase: null }).send(message());
    const second = fake.requests[1]?.json;
    assert.ok(typeof second === 'object' && second !== null && !('webhook_url' in second));
  });

  test('a 429 is retried after Retry-After, then the message goes once', async () => {
    fake.retryAfterSeconds = 2;
    fake.answerNext('rate-limited');
    const waits: number[] = [];
    const port = new TelnyxMessaging({
      apiKey: API_KEY, apiUrl: fake.url, messagingProfileId: null, defaultWebhookUrl: null, timeoutMs: 2_000, maxAttempts: 3, retryDelayMs: 1,
      wait: async (ms) => { waits.push(ms); },
    });
    const sent = await port.send(message());
    assert.equal(fake.requests.length, 2);
    assert.equal(fake.accepted.length, 1);
    assert.equal(sent.sid, fake.accepted[0]?.id);
    assert.deepEqual(waits, [2_000]);
  });

  test('503 every time: retried up to the limit, then unsent (Telnyx took nothing)', async () => {
    fake.answerNext('unavailable', 'unavailable', 'unavailable');
    await rejectsAsCarrierSend(messaging({ maxAttempts: 3 }).send(message()), true, /Service unavailable.*HTTP 503/);
    assert.equal(fake.requests.length, 3);
    assert.equal(fake.accepted.length, 0);
  });

  test("a 4xx is refused at once and unsent, with Telnyx's reason", async () => {
    fake.answerNext('invalid');
    await rejectsAsCarrierSend(messaging().send(message()), true, /Invalid "to" address: The destination number is not valid\. \(Telnyx error 40310\) \(HTTP 422\)/);
    assert.equal(fake.requests.length, 1);
    await rejectsAsCarrierSend(messaging({ apiKey: 'KEY-wrong' }).send(message()), true, /Authentication failed.*HTTP 401/);
  });

  test('a 500 or no answer in time may have sent it: not retried, and not unsent', async () => {
    fake.answerNext('server-error');
    await rejectsAsCarrierSend(messaging().send(message()), false, /Unexpected error.*HTTP 500/);
    assert.equal(fake.requests.length, 1);
    fake.answerNext('hang');
    await rejectsAsCarrierSend(messaging({ timeoutMs: 200 }).send(message()), false, /no answer.*not retried/);
    assert.equal(fake.requests.length, 2);
  });

  test('a refused connection is retried, then unsent', async () => {
    const port = await closedPort();
    await rejectsAsCarrierSend(messaging({ apiUrl: `http://127.0.0.1:${port}`, maxAttempts: 2 }).send(message()), true, /could not reach Telnyx \(ECONNREFUSED/);
  });

  test('one idempotency key sends once: repeated and concurrent sends share the first result', async () => {
    const port = messaging();
    const first = message();
    const [a, b] = await Promise.all([port.send(first), port.send(first)]);
    const again = await port.send({ ...first, body: 'a different body' });
    assert.equal(fake.requests.length, 1);
    assert.deepEqual(a, b);
    assert.deepEqual(again, a);
  });

  test('after an unsent failure the key may send again; after an unknown one it keeps failing without a request', async () => {
    const port = messaging();
    const refused = message();
    fake.answerNext('invalid');
    await rejectsAsCarrierSend(port.send(refused), true, /HTTP 422/);
    await port.send(refused);
    assert.equal(fake.requests.length, 2);
    const unknown = message();
    fake.answerNext('server-error');
    await rejectsAsCarrierSend(port.send(unknown), false, /HTTP 500/);
    await rejectsAsCarrierSend(port.send(unknown), false, /HTTP 500/);
    assert.equal(fake.requests.length, 3);
    assert.equal(fake.accepted.length, 1);
  });
});

test('the account: messages by API, calls answered in TeXML, voice, SMS and MMS by default', () => {
  const account = createTelnyxAccount({
    name: 'telnyx-us', apiKey: API_KEY, publicKey: PUBLIC_KEY, apiUrl: 'http://127.0.0.1:9', messagingProfileId: null, webhookBase: null,
  });
  assert.equal(account.name, 'telnyx-us');
  assert.equal(account.type, 'telnyx');
  assert.deepEqual(account.delivery, { message: 'api', voice: 'in-reply' });
  assert.equal(account.voice, null);
  assert.ok(account.webhooks);
  assert.deepEqual(account.defaultCapabilities('+14155551212'), { voice: true, sms: true, mms: true });
  assert.throws(() => createTelnyxAccount({ name: 'bad', apiKey: API_KEY, publicKey: 'short', apiUrl: 'http://127.0.0.1:9', messagingProfileId: null, webhookBase: null }), /public key/);
});
