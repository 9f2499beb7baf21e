// AvailablePhoneNumbers with the official twilio client against a real `masq serve` on the sandbox: the
// country list, local/toll-free/mobile searches with Twilio's filters, masq_carrier/masq_price, Twilio's
// error codes, and a number in the inventory no longer offered.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { startServe, type Served } from './serve-process.ts';

type Client = ReturnType<typeof twilio>;

const ROW_KEYS = ['address_requirements', 'beta', 'capabilities', 'friendly_name', 'iso_country', 'lata', 'latitude', 'locality', 'longitude',
  'masq_carrier', 'masq_price', 'masq_type', 'phone_number', 'postal_code', 'rate_center', 'region'];

const twilioCode = (code: number) => (err: unknown) => {
  assert.ok(err instanceof twilio.RestException, String(err));
  assert.equal(err.code, code);
  assert.equal(err.status, 400);
  return true;
};

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

  test('the country list names each country with its number types', async () => {
    const countries = await client.availablePhoneNumbers.list();
    const us = countries.find((c) => c.countryCode === 'US');
    assert.equal(us?.country, 'United States');
    assert.deepEqual(Object.keys(us.subresourceUris).sort(), ['local', 'toll_free']);
    assert.ok(countries.some((c) => c.countryCode === 'GB' && 'mobile' in c.subresourceUris));
    assert.equal((await client.availablePhoneNumbers('DE').fetch()).countryCode, 'DE');
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
    await assert.rejects(client.availablePhoneNumbers('US').local.list({ areaCode: 111 }), twilioCode(21451));
    await assert.rejects(client.availablePhoneNumbers('US').local.list({ areaCode: 415, inRegion: 'NY' }), twilioCode(21452));
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
