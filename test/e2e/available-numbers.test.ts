// AvailablePhoneNumbers with the official twilio client against a real `masq serve` on the sandbox: the
// country list, all seven of Twilio's types and masq's ShortCode, Twilio's filters in every country
// (NANP-only ones answer nothing elsewhere), PageSize, masq_carrier/masq_price, Twilio's error codes,
// and a number in the inventory no longer offered.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { twilioError } from '../support/assertions.ts';
import { startServe, type Served } from './serve-process.ts';

type Client = ReturnType<typeof twilio>;

const ROW_KEYS = ['address_requirements', 'beta', 'capabilities', 'friendly_name', 'iso_country', 'lata', 'latitude', 'locality', 'longitude',
  'masq_carrier', 'masq_price', 'masq_type', 'phone_number', 'postal_code', 'rate_center', 'region'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

describe('AvailablePhoneNumbers with the official twilio client against masq serve', () => {
  let served: Served;
  let client: Client;

  before(async () => {
    served = await startServe();
    client = twilio(served.accountSid, served.authToken);
    // As a new user would: each Twilio domain under its own prefix of one masq.
    client.api.baseUrl = `${served.url}/api`;
    client.proxy.baseUrl = `${served.url}/proxy`;
  });
  after(async () => { await served.stop(); });

  /** A GET as any HTTP client would send it, for what twilio-node has no method for. */
  const get = async (path: string): Promise<{ status: number; body: Record<string, unknown> }> => {
    const response = await fetch(`${served.url}/2010-04-01/Accounts/${served.accountSid}/AvailablePhoneNumbers${path}`, {
      headers: { authorization: `Basic ${Buffer.from(`${served.accountSid}:${served.authToken}`).toString('base64')}` },
    });
    const body: unknown = await response.json();
    assert.ok(isRecord(body));
    return { status: response.status, body };
  };

  const rows = (body: Record<string, unknown>): Record<string, unknown>[] => {
    const list = body.available_phone_numbers;
    assert.ok(Array.isArray(list));
    return list.filter(isRecord);
  };

  test('the country list names each country with its number types', async () => {
    const countries = await client.availablePhoneNumbers.list();
    const us = countries.find((c) => c.countryCode === 'US');
    assert.equal(us?.country, 'United States');
    assert.deepEqual(Object.keys(us.subresourceUris).sort(), ['local', 'short_code', 'toll_free']);
    const keys = (iso: string) => Object.keys(countries.find((c) => c.countryCode === iso)?.subresourceUris ?? {}).sort();
    assert.deepEqual(keys('GB'), ['local', 'mobile', 'national', 'shared_cost', 'toll_free', 'voip']);
    assert.deepEqual(keys('NL'), ['local', 'machine_to_machine', 'mobile', 'national', 'toll_free', 'voip']);
    assert.deepEqual(keys('CA'), ['local']);
    for (const iso of ['AU', 'DE', 'ES', 'FR']) assert.ok(['local', 'mobile', 'toll_free'].every((k) => keys(iso).includes(k)), iso);
    const germany = await client.availablePhoneNumbers('DE').fetch();
    assert.equal(germany.country, 'Germany');
    // Every subresource a country lists answers a search.
    for (const uri of Object.values(germany.subresourceUris)) {
      const { status, body } = await get(String(uri).replace(/^.*\/AvailablePhoneNumbers/, '').replace('.json', '.json?PageSize=2'));
      assert.equal(status, 200, String(uri));
      assert.equal(rows(body).length, 2, String(uri));
    }
  });

  test('Twilio\'s seven types through the client; a type the country has none of is a 404', async () => {
    const searches = [
      ['GB national (03)', client.availablePhoneNumbers('GB').national.list({ limit: 3 }), /^\+443/, 'national'],
      ['GB shared cost (084)', client.availablePhoneNumbers('GB').sharedCost.list({ limit: 3 }), /^\+4484[345]/, 'shared-cost'],
      ['GB VoIP (056)', client.availablePhoneNumbers('GB').voip.list({ limit: 3 }), /^\+4456/, 'voip'],
      ['GB freephone (0800/0808)', client.availablePhoneNumbers('GB').tollFree.list({ limit: 3 }), /^\+4480[08]/, 'toll-free'],
      ['FR mobile (06/07)', client.availablePhoneNumbers('FR').mobile.list({ limit: 3 }), /^\+33[67]/, 'mobile'],
      ['AU shared cost (1300)', client.availablePhoneNumbers('AU').sharedCost.list({ limit: 3 }), /^\+611300/, 'shared-cost'],
      ['ES local', client.availablePhoneNumbers('ES').local.list({ limit: 3 }), /^\+349/, 'local'],
      ['NL machine-to-machine (097)', client.availablePhoneNumbers('NL').machineToMachine.list({ limit: 3 }), /^\+31970\d{8}$/, 'machine-to-machine'],
    ] as const;
    for (const [name, listing, pattern] of searches) {
      const found = await listing;
      assert.ok(found.length === 3 && found.every((n) => pattern.test(n.phoneNumber)), `${name}: ${found.map((n) => n.phoneNumber).join()}`);
    }
    const [m2m] = await client.availablePhoneNumbers('NL').machineToMachine.list({ limit: 1 });
    assert.ok(m2m?.beta && !m2m.capabilities.voice && m2m.capabilities.sms);
    assert.deepEqual(await client.availablePhoneNumbers('NL').machineToMachine.list({ beta: false }), [], 'Beta=false leaves new numbers out');
    for (const missing of [client.availablePhoneNumbers('US').mobile.list(), client.availablePhoneNumbers('CA').tollFree.list(), client.availablePhoneNumbers('AU').voip.list()]) {
      await assert.rejects(missing, twilioError(20404, 404));
    }
  });

  test('US short codes: masq\'s ShortCode subresource, bare digits, messaging only', async () => {
    const { status, body } = await get('/US/ShortCode.json?Contains=%2B77&PageSize=5');
    assert.equal(status, 200);
    const codes = rows(body);
    assert.equal(codes.length, 5);
    for (const code of codes) {
      assert.match(String(code.phone_number), /^77\d{3,4}$/);
      assert.equal(code.friendly_name, code.phone_number);
      assert.equal(code.masq_type, 'short-code');
      assert.deepEqual(code.capabilities, { voice: false, sms: true, mms: true, fax: false });
    }
    assert.equal((await get('/GB/ShortCode.json')).status, 404);
  });

  test('PageSize: 50 by default, up to 1000; Page, PageToken and Beta are accepted', async () => {
    assert.equal((await client.availablePhoneNumbers('GB').mobile.list()).length, 50);
    assert.equal((await client.availablePhoneNumbers('US').local.list({ limit: 1000 })).length, 1000);
    const plain = rows((await get('/GB/Local.json?PageSize=5')).body).map((r) => r.phone_number);
    const paged = await get('/GB/Local.json?PageSize=5&Page=2&PageToken=PAanything&Beta=true');
    assert.equal(paged.status, 200);
    assert.deepEqual(rows(paged.body).map((r) => r.phone_number), plain);
    const tooMany = await get('/GB/Local.json?PageSize=1001');
    assert.deepEqual([tooMany.status, tooMany.body.code], [400, 80701]);
  });

  test('filters in every country: by a number\'s place, by name, keypad letters; NANP-only filters find nothing elsewhere', async () => {
    const bySameState = await client.availablePhoneNumbers('US').local.list({ inRegion: '+14155550100', limit: 5 });
    assert.ok(bySameState.length === 5 && bySameState.every((n) => n.region === 'CA'));
    const [boston] = await client.availablePhoneNumbers('US').local.list({ areaCode: 617, limit: 1 });
    assert.ok(boston);
    const sameCenter = await client.availablePhoneNumbers('US').local.list({ inRateCenter: boston.phoneNumber, limit: 5 });
    assert.ok(sameCenter.length === 5 && sameCenter.every((n) => n.rateCenter === boston.rateCenter && n.lata === boston.lata));
    const london = await client.availablePhoneNumbers('GB').local.list({ inLocality: '+442071234567', limit: 5 });
    assert.ok(london.length === 5 && london.every((n) => n.locality === 'London'));
    const paris = await client.availablePhoneNumbers('FR').local.list({ inRegion: 'Ile-de-France', limit: 5 });
    assert.ok(paris.length === 5 && paris.every((n) => n.phoneNumber.startsWith('+331')));
    const love = await client.availablePhoneNumbers('GB').mobile.list({ contains: 'LOVE$', limit: 5 });
    assert.ok(love.length === 5 && love.every((n) => n.phoneNumber.endsWith('5683')));
    const sydney = await client.availablePhoneNumbers('AU').local.list({ contains: '+612*', limit: 5 });
    assert.ok(sydney.length === 5 && sydney.every((n) => n.locality === 'Sydney'));
    const gb = client.availablePhoneNumbers('GB').local;
    assert.deepEqual(await gb.list({ inLata: '224' }), []);
    assert.deepEqual(await gb.list({ inPostalCode: '94105' }), []);
    assert.deepEqual(await gb.list({ nearLatLong: '51.5074,-0.1278', distance: 50 }), []);
    assert.deepEqual(await gb.list({ nearNumber: '+442071234567' }), []);
    await assert.rejects(gb.list({ areaCode: 207 }), twilioError(21451));
  });

  test('local numbers in area code 415 with SMS, every field as Twilio has it', async () => {
    const numbers = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, smsEnabled: true, limit: 20 });
    assert.equal(numbers.length, 20);
    for (const n of numbers) {
      assert.match(n.phoneNumber, /^\+1415\d{7}$/);
      assert.equal(n.region, 'CA');
      assert.equal(n.isoCountry, 'US');
      assert.equal(n.capabilities.sms, true);
      assert.equal(typeof n.latitude, 'string', 'coordinates stay decimal strings');
      assert.match(n.friendlyName, /^\(415\) \d{3}-\d{4}$/);
    }
    const raw = await fetch(`${served.url}/2010-04-01/Accounts/${served.accountSid}/AvailablePhoneNumbers/US/Local.json?AreaCode=415&PageSize=1`, {
      headers: { authorization: `Basic ${Buffer.from(`${served.accountSid}:${served.authToken}`).toString('base64')}` },
    });
    const body: unknown = await raw.json();
    assert.ok(typeof body === 'object' && body !== null && 'available_phone_numbers' in body && Array.isArray(body.available_phone_numbers));
    assert.deepEqual(Object.keys(body).sort(), ['available_phone_numbers', 'uri']);
    const [row] = body.available_phone_numbers;
    assert.deepEqual(Object.keys(row).sort(), ROW_KEYS);
    assert.equal(row.masq_carrier, 'sandbox');
    assert.equal(row.masq_price, '1.15');
  });

  test('toll-free, GB mobile, nearLatLong, contains and inRegion searches', async () => {
    const tollFree = await client.availablePhoneNumbers('US').tollFree.list({ limit: 5 });
    assert.ok(tollFree.length === 5 && tollFree.every((n) => /^\+18(00|33|44|55|66|77|88)/.test(n.phoneNumber)));
    const mobile = await client.availablePhoneNumbers('GB').mobile.list({ limit: 5 });
    assert.ok(mobile.length === 5 && mobile.every((n) => n.phoneNumber.startsWith('+447') && n.isoCountry === 'GB'));
    const near = await client.availablePhoneNumbers('US').local.list({ nearLatLong: '47.6062,-122.3321', distance: 20, limit: 10 });
    assert.ok(near.length === 10 && near.every((n) => n.region === 'WA'));
    const fives = await client.availablePhoneNumbers('US').local.list({ contains: '555****', limit: 10 });
    assert.ok(fives.length === 10 && fives.every((n) => /555\d{4}/.test(n.phoneNumber.slice(2))));
    const vanity = await client.availablePhoneNumbers('US').local.list({ contains: 'PIZZA', limit: 3 });
    assert.ok(vanity.length === 3 && vanity.every((n) => n.phoneNumber.includes('74992')));
    const texas = await client.availablePhoneNumbers('US').local.list({ inRegion: 'TX', limit: 10 });
    assert.ok(texas.length === 10 && texas.every((n) => n.region === 'TX'));
  });

  test('Twilio\'s codes: 21451 for an invalid area code, 21452 for none found there; other empty searches are []', async () => {
    await assert.rejects(client.availablePhoneNumbers('US').local.list({ areaCode: 111 }), twilioError(21451));
    await assert.rejects(client.availablePhoneNumbers('US').local.list({ areaCode: 415, inRegion: 'NY' }), twilioError(21452));
    assert.deepEqual(await client.availablePhoneNumbers('US').local.list({ inRegion: 'Atlantis' }), []);
  });

  test('a number added to the inventory is no longer offered', async () => {
    const [first] = await client.availablePhoneNumbers('US').local.list({ areaCode: 303, limit: 1 });
    assert.ok(first);
    const service = await client.proxy.v1.services.create({ uniqueName: 'bought' });
    await client.proxy.v1.services(service.sid).phoneNumbers.create({ phoneNumber: first.phoneNumber });
    const again = await client.availablePhoneNumbers('US').local.list({ areaCode: 303, limit: 20 });
    assert.ok(!again.some((n) => n.phoneNumber === first.phoneNumber));
  });
});
