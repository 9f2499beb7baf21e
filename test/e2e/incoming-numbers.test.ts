// IncomingPhoneNumbers with the official twilio client against a real `masq serve` on the sandbox, tried as
// a new user would: point client.api at /api, search, buy, list, update, release, with nothing else changed.
// Also: AreaCode purchases, the typed sub-resources, Twilio's error codes, paging with filters, a number
// bought here joining a Proxy pool by its PN sid, and release into quarantine.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { twilioError } from '../support/assertions.ts';
import { startServe, type Served } from './serve-process.ts';

type Client = ReturnType<typeof twilio>;

const RFC2822 = /^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

describe('IncomingPhoneNumbers with the official twilio client against masq serve', () => {
  let served: Served;
  let client: Client;

  before(async () => {
    served = await startServe();
    client = twilio(served.accountSid, served.authToken);
    client.api.baseUrl = `${served.url}/api`;
    client.proxy.baseUrl = `${served.url}/proxy`;
  });
  after(async () => { await served.stop(); });

  const raw = async (method: string, path: string): Promise<{ status: number; body: unknown }> => {
    const response = await fetch(`${served.url}/api/2010-04-01/Accounts/${served.accountSid}/${path}`, {
      method, headers: { authorization: `Basic ${Buffer.from(`${served.accountSid}:${served.authToken}`).toString('base64')}` },
    });
    return { status: response.status, body: response.status === 204 ? null : await response.json() };
  };

  test('search, buy, list, fetch, update and release, as the quick start does it', async () => {
    const [offer] = await client.availablePhoneNumbers('US').local.list({ areaCode: 415, smsEnabled: true, limit: 1 });
    assert.ok(offer);
    const bought = await client.incomingPhoneNumbers.create({ phoneNumber: offer.phoneNumber, friendlyName: 'Dispatch', smsUrl: 'http://127.0.0.1:9/sms' });
    assert.match(bought.sid, /^PN[0-9a-f]{32}$/);
    assert.equal(bought.phoneNumber, offer.phoneNumber);
    assert.equal(bought.status, 'in-use');
    assert.equal(bought.friendlyName, 'Dispatch');
    assert.equal(bought.smsUrl, 'http://127.0.0.1:9/sms');
    assert.deepEqual({ voice: bought.capabilities.voice, sms: bought.capabilities.sms }, { voice: true, sms: true });
    assert.ok(bought.dateCreated instanceof Date && !Number.isNaN(bought.dateCreated.getTime()), 'RFC 2822 date parsed by the client');

    const listed = await client.incomingPhoneNumbers.list();
    assert.deepEqual(listed.map((n) => n.sid), [bought.sid]);
    assert.equal((await client.incomingPhoneNumbers(bought.sid).fetch()).friendlyName, 'Dispatch');

    const updated = await client.incomingPhoneNumbers(bought.sid).update({ friendlyName: 'Night dispatch', voiceUrl: 'http://127.0.0.1:9/voice', voiceMethod: 'GET' });
    assert.deepEqual([updated.friendlyName, updated.voiceUrl, updated.voiceMethod, updated.smsUrl], ['Night dispatch', 'http://127.0.0.1:9/voice', 'GET', 'http://127.0.0.1:9/sms']);

    // The number is no longer on offer once bought.
    const again = await client.availablePhoneNumbers('US').local.list({ contains: offer.phoneNumber.slice(2), limit: 5 });
    assert.ok(!again.some((n) => n.phoneNumber === offer.phoneNumber));

    assert.equal(await client.incomingPhoneNumbers(bought.sid).remove(), true);
    assert.deepEqual(await client.incomingPhoneNumbers.list(), []);
    await assert.rejects(client.incomingPhoneNumbers(bought.sid).fetch(), twilioError(20404, 404));
    // Quarantined: no one can buy it back, the former holder included.
    await assert.rejects(client.incomingPhoneNumbers.create({ phoneNumber: offer.phoneNumber }), twilioError(21422));
  });

  test('the wire shape: every field, RFC 2822 dates, masq_* extensions', async () => {
    const [offer] = await client.availablePhoneNumbers('US').local.list({ areaCode: 212, limit: 1 });
    assert.ok(offer);
    const created = await raw('POST', `IncomingPhoneNumbers.json?PhoneNumber=${encodeURIComponent(offer.phoneNumber)}`);
    // A form body is what the client sends; a query string is not a body: PhoneNumber is missing.
    assert.equal(created.status, 400);
    const bought = await client.incomingPhoneNumbers.create({ phoneNumber: offer.phoneNumber });
    const fetched = await raw('GET', `IncomingPhoneNumbers/${bought.sid}.json`);
    assert.equal(fetched.status, 200);
    const body = fetched.body;
    assert.ok(typeof body === 'object' && body !== null);
    const record = Object.fromEntries(Object.entries(body));
    assert.match(String(record.date_created), RFC2822);
    assert.equal(record.type, 'local');
    assert.equal(record.origin, 'twilio');
    assert.equal(record.masq_lifecycle, 'active');
    assert.equal(record.masq_carrier, 'sandbox');
    assert.equal(record.uri, `/2010-04-01/Accounts/${served.accountSid}/IncomingPhoneNumbers/${bought.sid}.json`);
    const place = record.masq_place;
    assert.ok(typeof place === 'object' && place !== null && 'rate_center' in place && place.rate_center !== null, 'the plan gives a rate center');
    for (const key of ['voice_url', 'sms_url', 'trunk_sid', 'address_sid', 'bundle_sid', 'identity_sid', 'emergency_address_sid']) {
      assert.ok(key in record, key);
      assert.equal(record[key], null, key);
    }
    await client.incomingPhoneNumbers(bought.sid).remove();
  });

  test('AreaCode buys the first number on offer there; the typed sub-resources list and buy their type', async () => {
    const byArea = await client.incomingPhoneNumbers.create({ areaCode: '646' });
    assert.match(byArea.phoneNumber, /^\+1646/);
    const [tollFree] = await client.availablePhoneNumbers('US').tollFree.list({ limit: 1 });
    assert.ok(tollFree);
    const tf = await client.incomingPhoneNumbers.tollFree.create({ phoneNumber: tollFree.phoneNumber });
    assert.equal(tf.phoneNumber, tollFree.phoneNumber);
    assert.deepEqual((await client.incomingPhoneNumbers.tollFree.list()).map((n) => n.sid), [tf.sid]);
    assert.deepEqual((await client.incomingPhoneNumbers.local.list()).map((n) => n.sid), [byArea.sid]);
    // A local number through the TollFree sub-resource: 21458; AreaCode there: 21457.
    const [local] = await client.availablePhoneNumbers('US').local.list({ areaCode: 305, limit: 1 });
    assert.ok(local);
    await assert.rejects(client.incomingPhoneNumbers.tollFree.create({ phoneNumber: local.phoneNumber }), twilioError(21458));
    const typedAreaCode = await raw('POST', 'IncomingPhoneNumbers/Local.json');
    assert.equal(typedAreaCode.status, 400);
    for (const sid of [byArea.sid, tf.sid]) await client.incomingPhoneNumbers(sid).remove();
  });

  test("Twilio's error codes: invalid number 21421, held by someone 21422, no numbers in area code 21452, bad area code 21451", async () => {
    await assert.rejects(client.incomingPhoneNumbers.create({ phoneNumber: 'not a number' }), twilioError(21421));
    await assert.rejects(client.incomingPhoneNumbers.create({ areaCode: '999' }), (err: unknown) => err instanceof twilio.RestException && (err.code === 21451 || err.code === 21452));
    const [offer] = await client.availablePhoneNumbers('US').local.list({ areaCode: 312, limit: 1 });
    assert.ok(offer);
    const first = await client.incomingPhoneNumbers.create({ phoneNumber: offer.phoneNumber });
    await assert.rejects(client.incomingPhoneNumbers.create({ phoneNumber: offer.phoneNumber }), twilioError(21422));
    await client.incomingPhoneNumbers(first.sid).remove();
  });

  test('pages with filters: PhoneNumber (digits and *) and FriendlyName ride along on next_page_uri', async () => {
    const offers = await client.availablePhoneNumbers('US').local.list({ areaCode: 720, limit: 5 });
    assert.equal(offers.length, 5);
    const bought = [];
    for (const [i, offer] of offers.entries()) bought.push(await client.incomingPhoneNumbers.create({ phoneNumber: offer.phoneNumber, friendlyName: i < 3 ? 'fleet' : 'other' }));
    const fleet = await client.incomingPhoneNumbers.list({ friendlyName: 'fleet', pageSize: 2 });
    assert.deepEqual(fleet.map((n) => n.sid), bought.slice(0, 3).map((n) => n.sid));
    const byDigits = await client.incomingPhoneNumbers.list({ phoneNumber: '720*', pageSize: 2 });
    assert.equal(byDigits.length, 5);
    assert.equal((await client.incomingPhoneNumbers.list({ origin: 'twilio', pageSize: 2 })).length, 5, 'bought through masq');
    assert.deepEqual(await client.incomingPhoneNumbers.list({ origin: 'hosted' }), []);
    const page = await client.incomingPhoneNumbers.page({ pageSize: 2 });
    assert.equal(page.instances.length, 2);
    assert.ok(page.nextPageUrl?.includes('PageToken='));
    const badToken = await raw('GET', 'IncomingPhoneNumbers.json?PageToken=garbage');
    assert.equal(badToken.status, 400);
    assert.ok(typeof badToken.body === 'object' && badToken.body !== null && 'code' in badToken.body && badToken.body.code === 21481);
    for (const n of bought) await client.incomingPhoneNumbers(n.sid).remove();
  });

  test('a number bought here joins a Proxy pool by its PN sid; released while in a session: 80611 unless MasqCloseSessions', async () => {
    const [a, b] = await client.availablePhoneNumbers('US').local.list({ areaCode: 617, limit: 2 });
    assert.ok(a && b);
    const numbers = [await client.incomingPhoneNumbers.create({ phoneNumber: a.phoneNumber }), await client.incomingPhoneNumbers.create({ phoneNumber: b.phoneNumber })];
    const service = await client.proxy.v1.services.create({ uniqueName: 'incoming-numbers-pool' });
    for (const n of numbers) {
      const added = await client.proxy.v1.services(service.sid).phoneNumbers.create({ sid: n.sid });
      assert.equal(added.sid, n.sid);
      assert.equal(added.phoneNumber, n.phoneNumber);
    }
    const session = await client.proxy.v1.services(service.sid).sessions.create({ uniqueName: 'ride' });
    await client.proxy.v1.services(service.sid).sessions(session.sid).participants.create({ identifier: '+14155550101' });
    await client.proxy.v1.services(service.sid).sessions(session.sid).participants.create({ identifier: '+14155550102' });
    const inUse = (await client.proxy.v1.services(service.sid).phoneNumbers.list()).filter((n) => n.inUse > 0);
    assert.ok(inUse.length > 0);
    const used = inUse[0];
    assert.ok(used);
    await assert.rejects(client.incomingPhoneNumbers(used.sid).remove(), twilioError(80611));
    const released = await raw('DELETE', `IncomingPhoneNumbers/${used.sid}.json?MasqCloseSessions=true`);
    assert.equal(released.status, 204);
    assert.equal((await client.proxy.v1.services(service.sid).sessions(session.sid).fetch()).status, 'closed');
    assert.ok(!(await client.proxy.v1.services(service.sid).phoneNumbers.list()).some((n) => n.sid === used.sid), 'out of the pool');
    await client.proxy.v1.services(service.sid).remove();
  });
});
