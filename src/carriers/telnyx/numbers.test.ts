// A Telnyx account's numbers port against the fake Telnyx API: a search in Telnyx's literal filters with
// masq matching wildcards itself, the asynchronous order (pending until Telnyx fills it, then complete with
// the phone number's own id and its routing at masq), release, import paging, and the failures an operator
// sees. The telnyx SDK reads the same fake, so its answers are the shapes Telnyx's own client expects.
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import Telnyx from 'telnyx';
import { startFakeTelnyxApi, telnyxSigningKeys, type FakeTelnyxApi, type FakeTelnyxAvailable } from '../../../test/support/fake-telnyx-api.ts';
import { AppError } from '../../domain/errors.ts';
import { parseNumberSearch, type SearchParams } from '../../domain/numbering-plan/query.ts';
import type { AvailableNumberType } from '../../domain/numbering-plan/types.ts';
import type { NumbersPort } from '../../ports/carrier.ts';
import { closedPort, rejectsAsCarrierSend } from '../../../test/support/assertions.ts';
import { createTelnyxAccount, type TelnyxAccountOptions } from './account.ts';

const API_KEY = 'KEY-numbers-test';
const PUBLIC_KEY = telnyxSigningKeys().publicKey;

const chicago = (phoneNumber: string, over: Partial<FakeTelnyxAvailable> = {}): FakeTelnyxAvailable => ({
  phoneNumber, state: 'IL', rateCenter: 'CHICAGO', locality: 'Chicago', monthlyCost: '1.00', ...over,
});

const query = (params: SearchParams = {}, type: AvailableNumberType = 'local') => parseNumberSearch(params, 'US', type);

describe('Telnyx numbers', () => {
  let fake: FakeTelnyxApi;
  const numbers = (over: Partial<TelnyxAccountOptions> = {}): NumbersPort => {
    const port = createTelnyxAccount({
      name: 'telnyx-us', apiKey: API_KEY, publicKey: PUBLIC_KEY, apiUrl: fake.url, messagingProfileId: 'profile-1', connectionId: 'connection-1',
      webhookBase: 'https://masq.invalid/webhooks/telnyx-us', retryDelayMs: 1, timeoutMs: 500, ...over,
    }).numbers;
    assert.ok(port);
    return port;
  };
  const sdk = () => new Telnyx({ apiKey: API_KEY, baseURL: `${fake.url}/v2`, maxRetries: 0 });
  const queryOf = (i: number) => new URL(fake.requests[i]?.path ?? '/', 'http://x.invalid').searchParams;

  before(async () => { fake = await startFakeTelnyxApi(API_KEY); });
  after(() => fake.close());
  beforeEach(() => fake.reset());

  test('a search sends literal filters, matches wildcards itself and reads rows as the telnyx SDK does', async () => {
    fake.offer(chicago('+13125550100'), chicago('+13125551100', { monthlyCost: '1.50' }), chicago('+13125550199', { features: ['voice'] }),
      chicago('+13125550101', { bestEffort: true }), chicago('+13125550102'));
    const found = await numbers().search(query({ AreaCode: '312', Contains: '312555*10*', SmsEnabled: 'true', InRegion: 'IL', PageSize: '5' }));
    assert.deepEqual(Object.fromEntries(queryOf(0)), {
      'filter[country_code]': 'US', 'filter[phone_number_type]': 'local', 'filter[national_destination_code]': '312',
      'filter[administrative_area]': 'IL', 'filter[phone_number][contains]': '555', 'filter[features]': 'sms', 'filter[limit]': '20',
    });
    assert.deepEqual(found.map((n) => [n.e164, n.monthlyPrice]), [['+13125550100', '1.00'], ['+13125551100', '1.50'], ['+13125550102', '1.00']],
      'the pattern and best-effort rows filtered by masq');
    assert.deepEqual(found[0], {
      e164: '+13125550100', type: 'local', isoCountry: 'US', region: 'IL', locality: 'Chicago', rateCenter: 'CHICAGO', lata: null,
      postalCode: null, latitude: null, longitude: null, capabilities: { voice: true, sms: true, mms: true, fax: false },
      addressRequirements: 'none', monthlyPrice: '1.00', beta: false,
    });
    const listed = await sdk().availablePhoneNumbers.list({ filter: { country_code: 'US', national_destination_code: '312', features: ['sms', 'voice'] } });
    assert.deepEqual(listed.data?.map((n) => n.phone_number), ['+13125550100', '+13125551100', '+13125550101', '+13125550102']);
    const noSms = await numbers().search(query({ SmsEnabled: 'false', Contains: '0199$' }));
    assert.deepEqual(noSms.map((n) => n.e164), ['+13125550199'], 'a capability asked to be absent is filtered by masq');
    assert.equal(queryOf(2).get('filter[phone_number][ends_with]'), '0199');
  });

  test('searches Telnyx cannot answer truly find nothing, without asking', async () => {
    fake.offer(chicago('+13125550100'));
    for (const params of [{ InPostalCode: '60601' }, { InLata: '358' }, { NearLatLong: '41.8,-87.6' }, { InRegion: '+13125550000' }]) {
      assert.deepEqual(await numbers().search(query(params)), [], JSON.stringify(params));
    }
    assert.deepEqual(await numbers().search(query({}, 'short-code')), []);
    assert.equal(fake.requests.length, 0);
  });

  test('an order is pending until Telnyx fills it, then complete with the number\'s own id, routed at masq', async () => {
    fake.pollsToComplete = 3;
    fake.offer(chicago('+13125550100'));
    const placed = await numbers().order({ e164: '+13125550100', idempotencyKey: 'order-1' });
    const [order] = fake.orders;
    assert.deepEqual(placed, { state: 'pending', orderRef: order?.id });
    const post = fake.requests.find((r) => r.method === 'POST');
    assert.deepEqual(post?.json, {
      phone_numbers: [{ phone_number: '+13125550100' }], connection_id: 'connection-1', messaging_profile_id: 'profile-1', customer_reference: 'order-1',
    });
    assert.deepEqual(await numbers().getOrder(order?.id ?? ''), placed);
    assert.deepEqual(await numbers().getOrder(order?.id ?? ''), placed);
    const done = await numbers().getOrder(order?.id ?? '');
    const [owned] = fake.owned;
    assert.deepEqual(done, {
      state: 'complete',
      number: { e164: '+13125550100', carrierRef: owned?.id, type: 'local', capabilities: { voice: true, sms: true, mms: true, fax: false }, friendlyName: null, monthlyPrice: null },
    });
    assert.deepEqual([owned?.connectionId, owned?.messagingProfileId], ['connection-1', 'profile-1']);
    assert.equal(fake.requests.filter((r) => r.method === 'PATCH').length, 0, 'assigned by the order already');
    const retried = await numbers().order({ e164: '+13125550100', idempotencyKey: 'order-1' });
    assert.deepEqual(retried, done, 'a retried order finds the first');
    assert.equal(fake.orders.length, 1);
  });

  test('a filled order whose number did not get the account\'s routing is pointed at masq before it completes', async () => {
    fake.pollsToComplete = 1;
    fake.offer(chicago('+13125550100'));
    const placed = await numbers().order({ e164: '+13125550100', idempotencyKey: 'k' });
    const [order] = fake.orders;
    assert.ok(order && placed.state === 'pending');
    order.connectionId = null;
    order.messagingProfileId = 'profile-elsewhere';
    assert.equal((await numbers().getOrder(placed.orderRef)).state, 'complete');
    assert.deepEqual([fake.owned[0]?.connectionId, fake.owned[0]?.messagingProfileId], ['connection-1', 'profile-1']);
  });

  test('a number not offered, an order Telnyx fails, an unknown order: failed', async () => {
    assert.deepEqual(await numbers().order({ e164: '+13125550100', idempotencyKey: 'k1' }),
      { state: 'failed', reason: 'Telnyx does not offer +13125550100 for sale', unavailable: true });
    assert.equal(fake.requests.some((r) => r.method === 'POST'), false, 'a number no search returned is not ordered');
    fake.orderOutcome = 'failure';
    fake.pollsToComplete = 1;
    fake.offer(chicago('+13125550101'));
    const placed = await numbers().order({ e164: '+13125550101', idempotencyKey: 'k2' });
    assert.equal(placed.state, 'pending');
    const failed = await numbers().getOrder(placed.state === 'pending' ? placed.orderRef : '');
    assert.equal(failed.state === 'failed' && failed.unavailable, true);
    assert.match(failed.state === 'failed' ? failed.reason : '', /^Telnyx order .* failed: \+13125550101 failure$/);
    assert.deepEqual(await numbers().getOrder('no-such-order'), { state: 'failed', reason: 'Telnyx has no number order no-such-order', unavailable: false });
  });

  test('without a connection or messaging profile nothing is bought or pointed', async () => {
    fake.offer(chicago('+13125550100'));
    for (const over of [{ connectionId: null }, { messagingProfileId: null }]) {
      const port = numbers(over);
      for (const work of [port.order({ e164: '+13125550100', idempotencyKey: 'k' }), port.pointAtMasq('123')]) {
        await assert.rejects(work, (err: unknown) => err instanceof AppError && err.code === 'number-routing-not-configured'
          && new RegExp(`no ${Object.keys(over)[0]} configured`).test(err.message));
      }
    }
    assert.equal(fake.requests.length, 0);
  });

  test('pointAtMasq assigns an imported number; release deletes it (twice is fine, and by E.164 too)', async () => {
    const [held, other] = fake.hold('+13125550100', '+13125550101');
    assert.ok(held && other);
    await numbers().pointAtMasq(held.id);
    assert.deepEqual([held.connectionId, held.messagingProfileId], ['connection-1', 'profile-1']);
    assert.deepEqual(fake.requests.map((r) => `${r.method} ${r.path}`), [`PATCH /v2/phone_numbers/${held.id}`, `PATCH /v2/phone_numbers/${held.id}/messaging`]);
    await numbers().release({ e164: held.phoneNumber, carrierRef: held.id });
    await numbers().release({ e164: held.phoneNumber, carrierRef: held.id });
    await numbers().release({ e164: other.phoneNumber, carrierRef: other.phoneNumber });
    assert.deepEqual(fake.owned, []);
    await rejectsAsCarrierSend(numbers().pointAtMasq(held.id), true, /refused to point .* \(Telnyx error 10005, HTTP 404\)/);
  });

  test('listOwned pages through every number, as the SDK\'s auto-paging does', async () => {
    const held = fake.hold(...Array.from({ length: 120 }, (_, i) => `+1312555${String(i).padStart(4, '0')}`));
    const seen: string[] = [];
    const cursors: (string | null)[] = [];
    let cursor: string | null = null;
    do {
      const page = await numbers().listOwned(cursor);
      seen.push(...page.numbers.map((n) => n.carrierRef));
      cursor = page.next;
      cursors.push(cursor);
    } while (cursor !== null);
    assert.deepEqual(cursors, ['2', '3', null]);
    assert.deepEqual(seen, held.map((n) => n.id));
    let viaSdk = 0;
    for await (const _ of sdk().phoneNumbers.list({ 'page[size]': 50 })) viaSdk += 1;
    assert.equal(viaSdk, 120);
    await assert.rejects(numbers().listOwned('../messages'), AppError);
  });

  test('failures say whether Telnyx may have placed the order', async () => {
    fake.offer(chicago('+13125550100'));
    const order = () => numbers().order({ e164: '+13125550100', idempotencyKey: 'k' });
    fake.answerNext('unavailable', 'unavailable', 'unavailable');
    await rejectsAsCarrierSend(order(), true, /Service unavailable: Try again later\. \(Telnyx error 10008, HTTP 503\)/);
    assert.equal(fake.requests.length, 3, '503 is retried: Telnyx took nothing');
    fake.reset();
    fake.offer(chicago('+13125550100'));
    fake.answerNext('accept', 'accept', 'server-error');
    await rejectsAsCarrierSend(order(), false, /could not order \+13125550100: .*HTTP 500/);
    fake.answerNext('hang');
    await rejectsAsCarrierSend(numbers().getOrder('x'), false, /may have acted/);
    await rejectsAsCarrierSend(numbers({ apiUrl: `http://127.0.0.1:${await closedPort()}` }).search(query()), true, /not reachable/);
    await rejectsAsCarrierSend(numbers({ apiKey: 'wrong' }).search(query()), true, /Authentication failed.*HTTP 401/);
  });
});
