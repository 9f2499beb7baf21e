// A Twilio account's (and a SignalWire project's) numbers port against the fake 2010 API: what a search
// asks Twilio, what a purchase buys and where it points the number, the failures an operator sees, and
// listing every number the account holds page by page. The official twilio client reads the same fake,
// so the fake's answers are the shapes Twilio's own client expects.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import twilio from 'twilio';
import { startFakeTwilioApi, type FakeAvailableNumber, type FakeTwilioApi } from '../../../test/e2e/fake-twilio-api.ts';
import { AppError } from '../../domain/errors.ts';
import { parseNumberSearch, type SearchParams } from '../../domain/numbering-plan/query.ts';
import type { AvailableNumberType } from '../../domain/numbering-plan/types.ts';
import type { NumbersPort, OwnedNumber } from '../../ports/carrier.ts';
import { createSignalWireAccount } from '../signalwire/account.ts';
import { createTwilioAccount } from './account.ts';
import { closedPort, rejectsAsCarrierSend } from '../../../test/support/assertions.ts';
import { TwilioNumbers } from './numbers.ts';

const SID = `AC${'b'.repeat(32)}`;
const TOKEN = 'twilio-numbers-token';
const BASE = 'https://masq.invalid/webhooks/twilio-us';

const local = (phoneNumber: string, over: Partial<FakeAvailableNumber> = {}): FakeAvailableNumber => ({
  phoneNumber, isoCountry: 'US', type: 'Local', region: 'CA', locality: 'San Francisco', rateCenter: 'SNFC CNTRL', lata: '722',
  postalCode: '94105', latitude: '37.788', longitude: '-122.400', ...over,
});

const query = (params: SearchParams = {}, type: AvailableNumberType = 'local', country = 'US') => parseNumberSearch(params, country, type);

describe('Twilio numbers', () => {
  let fake: FakeTwilioApi;
  const numbers = (over: { webhookBase?: string | null; apiUrl?: string; authToken?: string } = {}): NumbersPort => {
    const account = createTwilioAccount({ name: 'twilio-us', accountSid: SID, authToken: over.authToken ?? TOKEN, apiUrl: over.apiUrl ?? fake.url,
      webhookBase: over.webhookBase === undefined ? BASE : over.webhookBase });
    assert.ok(account.numbers);
    return account.numbers;
  };
  const lastRequest = () => fake.requests[fake.requests.length - 1];

  beforeEach(async () => { fake = await startFakeTwilioApi(SID, TOKEN); });
  afterEach(() => fake.close());

  test('a search sends each filter in Twilio\'s spelling and reads rows back as the official client does', async () => {
    fake.offer(local('+14155550100'), local('+14155550111', { capabilities: { voice: true, sms: false, mms: false, fax: false } }),
      local('+16505550100', { region: 'CA', postalCode: '94301' }));
    const found = await numbers().search(query({ AreaCode: '415', Contains: '555*1**', SmsEnabled: 'true', InRegion: 'CA', Beta: 'false', PageSize: '5' }));
    assert.deepEqual(Object.fromEntries(lastRequest()?.query ?? []), {
      AreaCode: '415', Contains: '555*1**', InRegion: 'CA', SmsEnabled: 'true', Beta: 'false', PageSize: '5',
    });
    assert.equal(lastRequest()?.path, `/2010-04-01/Accounts/${SID}/AvailablePhoneNumbers/US/Local.json`);
    assert.deepEqual(found, [{
      e164: '+14155550100', type: 'local', isoCountry: 'US', region: 'CA', locality: 'San Francisco', rateCenter: 'SNFC CNTRL',
      lata: '722', postalCode: '94105', latitude: 37.788, longitude: -122.4,
      // The fake spells them {voice, SMS, MMS} as Twilio's search does: read case-insensitively.
      capabilities: { voice: true, sms: true, mms: true, fax: false }, addressRequirements: 'none', monthlyPrice: '1.15', beta: false,
    }]);
    const client = twilio(SID, TOKEN);
    client.api.baseUrl = fake.url;
    const listed = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, contains: '555*1**', smsEnabled: true });
    assert.deepEqual(listed.map((n) => n.phoneNumber), found.map((n) => n.e164));
  });

  test('near, rate-center, address and capability-off filters; toll-free prices; a type Twilio does not sell finds none', async () => {
    fake.offer(local('+18885550100', { type: 'TollFree', region: undefined }));
    await numbers().search(query({ NearLatLong: '37.7,-122.4', Distance: '40', InRateCenter: 'SNFC CNTRL', InLata: '722', InPostalCode: '94105',
      InLocality: 'San Francisco', VoiceEnabled: 'false', ExcludeAllAddressRequired: 'true', ExcludeLocalAddressRequired: 'true' }));
    assert.deepEqual(Object.fromEntries(lastRequest()?.query ?? []), {
      InPostalCode: '94105', InLocality: 'San Francisco', InRateCenter: 'SNFC CNTRL', InLata: '722', NearLatLong: '37.7,-122.4', Distance: '40',
      VoiceEnabled: 'false', ExcludeAllAddressRequired: 'true', ExcludeLocalAddressRequired: 'true', PageSize: '50',
    });
    const tollFree = await numbers().search(query({}, 'toll-free'));
    assert.deepEqual(tollFree.map((n) => [n.e164, n.type, n.monthlyPrice]), [['+18885550100', 'toll-free', '2.15']]);
    const before = fake.requests.length;
    assert.deepEqual(await numbers().search(query({}, 'short-code')), []);
    assert.equal(fake.requests.length, before, 'short codes are not searched at Twilio');
    fake.answerNext({ status: 404, code: 20404 });
    assert.deepEqual(await numbers().search(query({}, 'mobile')), [], 'a country without that type has none');
  });

  test('buying points the number at masq at once, with the idempotency token, and answers complete', async () => {
    fake.offer(local('+14155550100'));
    const state = await numbers().order({ e164: '+14155550100', idempotencyKey: 'order-1' });
    assert.equal(state.state, 'complete');
    const [bought] = fake.owned;
    assert.ok(bought);
    assert.deepEqual(state.number, {
      e164: '+14155550100', carrierRef: bought.sid, type: 'local', capabilities: { voice: true, sms: true, mms: true, fax: false },
      friendlyName: '+14155550100', monthlyPrice: '1.15',
    } satisfies OwnedNumber);
    assert.equal(lastRequest()?.headers['i-twilio-idempotency-token'], 'order-1');
    const client = twilio(SID, TOKEN);
    client.api.baseUrl = fake.url;
    const fetched = await client.incomingPhoneNumbers(bought.sid).fetch();
    assert.equal(fetched.voiceUrl, `${BASE}/voice`);
    assert.equal(fetched.smsUrl, `${BASE}/sms`);
    assert.equal(fetched.statusCallback, `${BASE}/call-status`);
    assert.deepEqual([fetched.voiceMethod, fetched.smsMethod], ['POST', 'POST']);
  });

  test('a number not for sale or malformed fails as unavailable; a retried purchase that had bought it completes', async () => {
    assert.deepEqual(await numbers().order({ e164: '+14155550199', idempotencyKey: 'k1' }),
      { state: 'failed', reason: 'Twilio did not sell +14155550199: PhoneNumber +14155550199 is not available. (Twilio error 21422, HTTP 400)', unavailable: true });
    const malformed = await numbers().order({ e164: '+1415', idempotencyKey: 'k2' });
    assert.equal(malformed.state === 'failed' && malformed.unavailable, true);
    fake.offer(local('+14155550100'));
    const first = await numbers().order({ e164: '+14155550100', idempotencyKey: 'k3' });
    const again = await numbers().order({ e164: '+14155550100', idempotencyKey: 'k3' });
    assert.equal(fake.owned.length, 1, 'bought once');
    assert.deepEqual(again, first);
  });

  test('no public URL: buying and pointing are refused before Twilio is asked', async () => {
    fake.offer(local('+14155550100'));
    const unconfigured = numbers({ webhookBase: null });
    for (const work of [unconfigured.order({ e164: '+14155550100', idempotencyKey: 'k' }), unconfigured.pointAtMasq('PN123')]) {
      await assert.rejects(work, (err: unknown) => err instanceof AppError && err.code === 'number-routing-not-configured' && /MASQ_PUBLIC_URL/.test(err.message));
    }
    assert.equal(fake.requests.length, 0);
  });

  test('failures say whether Twilio may have bought the number', async () => {
    fake.offer(local('+14155550100'));
    const fast = new TwilioNumbers({ carrierName: 'Twilio', accountSid: SID, authToken: TOKEN, apiUrl: fake.url, webhookBase: BASE, countries: [],
      retryDelayMs: 1, timeoutMs: 300 });
    const order = () => fast.order({ e164: '+14155550100', idempotencyKey: 'k' });
    fake.answerNext({ status: 503 }, { status: 503 }, { status: 503 });
    await rejectsAsCarrierSend(order(), true, /Injected failure \(Twilio error 20500, HTTP 503\)/);
    assert.equal(fake.requests.length, 3, '503 is retried: Twilio took nothing');
    fake.answerNext({ status: 500 });
    await rejectsAsCarrierSend(order(), false, /HTTP 500/);
    fake.answerNext('hang');
    await rejectsAsCarrierSend(order(), false, /may have acted/);
    const nowhere = numbers({ apiUrl: `http://127.0.0.1:${await closedPort()}` });
    await rejectsAsCarrierSend(nowhere.order({ e164: '+14155550100', idempotencyKey: 'k' }), true, /not reachable/);
    await rejectsAsCarrierSend(numbers({ authToken: 'wrong' }).search(query()), true, /Authenticate \(Twilio error 20003, HTTP 401\)/);
    assert.equal(fake.owned.length, 0);
  });

  test('release deletes the number (twice is fine, and by E.164 too); pointAtMasq rewrites an imported number\'s webhooks', async () => {
    const [held, other] = fake.hold('+14155550100', '+14155550101');
    assert.ok(held && other);
    held.fields.set('VoiceApplicationSid', 'AP123');
    await numbers().pointAtMasq(held.sid);
    assert.equal(held.fields.get('VoiceUrl'), `${BASE}/voice`);
    assert.equal(held.fields.get('VoiceApplicationSid'), '', 'an application would win over the URLs');
    await numbers().release({ e164: held.phoneNumber, carrierRef: held.sid });
    await numbers().release({ e164: held.phoneNumber, carrierRef: held.sid });
    await numbers().release({ e164: other.phoneNumber, carrierRef: other.phoneNumber });
    assert.deepEqual(fake.owned, []);
    await rejectsAsCarrierSend(numbers().pointAtMasq(held.sid), true, /refused to point .* HTTP 404/);
  });

  test('listOwned follows next_page_uri through every page', async () => {
    const held = fake.hold(...Array.from({ length: 120 }, (_, i) => `+1415555${String(i).padStart(4, '0')}`));
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page = await numbers().listOwned(cursor);
      seen.push(...page.numbers.map((n) => n.carrierRef));
      cursor = page.next;
      pages += 1;
    } while (cursor !== null);
    assert.equal(pages, 3);
    assert.deepEqual(seen, held.map((n) => n.sid));
    // A cursor never sends the credentials elsewhere.
    await assert.rejects(numbers().listOwned('https://elsewhere.invalid/2010-04-01/Accounts/x/IncomingPhoneNumbers.json'), AppError);
    await assert.rejects(numbers().listOwned(`/2010-04-01/Accounts/${SID}/Messages.json`), AppError);
  });
});

describe('SignalWire numbers (the same API under /api/laml)', () => {
  const PROJECT = '6a5c2a4e-3b1f-4c2d-9e8f-0a1b2c3d4e5f';
  let fake: FakeTwilioApi;
  before(async () => { fake = await startFakeTwilioApi(PROJECT, 'sw-token', '/api/laml'); });
  after(() => fake.close());

  test('searches, buys and lists every page at the space URL', async () => {
    const numbers = createSignalWireAccount({ name: 'sw', projectId: PROJECT, apiToken: 'sw-token', signingKey: 'key', spaceUrl: fake.url,
      webhookBase: 'https://masq.invalid/webhooks/sw' }).numbers;
    assert.ok(numbers);
    fake.offer(local('+14155550100'));
    assert.deepEqual((await numbers.search(query())).map((n) => n.e164), ['+14155550100']);
    const state = await numbers.order({ e164: '+14155550100', idempotencyKey: 'k' });
    assert.equal(state.state, 'complete');
    assert.equal(fake.owned[0]?.fields.get('SmsUrl'), 'https://masq.invalid/webhooks/sw/sms');
    fake.hold(...Array.from({ length: 60 }, (_, i) => `+1650555${String(i).padStart(4, '0')}`));
    const first = await numbers.listOwned(null);
    assert.match(first.next ?? '', /^\/api\/laml\/2010-04-01\//, 'SignalWire\'s page URIs carry its prefix');
    const second = await numbers.listOwned(first.next);
    assert.equal(first.numbers.length + second.numbers.length, 61);
    assert.equal(second.next, null);
    assert.deepEqual(numbers.countries().map((c) => c.isoCountry), ['US', 'CA']);
  });
});
