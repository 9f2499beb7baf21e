// Buying and releasing numbers at real carriers, end to end: a real `masq serve` with a Twilio account and a
// Telnyx account pointed at local fakes of their APIs (and the sandbox on), driven by the official twilio
// client as a user would (real-carriers-harness.ts). A search across carriers names each row's carrier and
// price; Twilio sells at once and the number is pointed at masq in the same request; a Telnyx order stays
// `provisioning` until the job worker sees it filled; refusals are Twilio's 21422 and leave nothing behind;
// a release quarantines the number without giving it back to the carrier yet. (Crashes and lost answers:
// real-carrier-crash.test.ts; an order never filled: test/app/number-order-timeout.test.ts.)
import assert from 'node:assert/strict';
import { randomBytes, randomUUID } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { signedTelnyxRequest } from '../support/fake-telnyx-api.ts';
import { twilioError } from '../support/assertions.ts';
import { isJson, startRealCarriers, TELNYX, TWILIO, waitFor, type RealCarriers } from './real-carriers-harness.ts';

const RIDER = '+14155550101';
const DRIVER = '+14155550102';

describe('buying and releasing at Twilio and Telnyx (fakes) through masq serve', { timeout: 180_000 }, () => {
  let h: RealCarriers;
  before(async () => { h = await startRealCarriers(); });
  after(() => h?.close());
  const ordersOf = (e164: string) => h.fakeTelnyx.orders.filter((o) => o.phoneNumbers.includes(e164));

  test('a search across carriers answers rows from each, with masq_carrier and masq_price', async () => {
    h.fakeTwilio.offer(...['+14158675301', '+14158675302'].map((phoneNumber) => ({ phoneNumber, isoCountry: 'US', type: 'Local' as const, region: 'CA' })));
    h.fakeTelnyx.offer(...['+14158675311', '+14158675312'].map((phoneNumber) => ({ phoneNumber, state: 'CA', monthlyCost: '0.85' })));
    const listed = (await h.client().availablePhoneNumbers('US').local.list({ areaCode: 415 })).map((n) => n.phoneNumber);
    for (const e164 of ['+14158675301', '+14158675302', '+14158675311', '+14158675312']) assert.ok(listed.includes(e164), `${e164} is offered`);
    const { status, body } = await h.api('GET', 'AvailablePhoneNumbers/US/Local.json?AreaCode=415');
    assert.equal(status, 200);
    const rows = Array.isArray(body.available_phone_numbers) ? body.available_phone_numbers.filter(isJson) : [];
    const sellers = new Map(rows.map((row) => [row.phone_number, [row.masq_carrier, row.masq_price]]));
    assert.deepEqual(sellers.get('+14158675301'), [TWILIO.name, '1.15'], "Twilio's list price: its search answer has none");
    assert.deepEqual(sellers.get('+14158675311'), [TELNYX.name, '0.85'], 'the price Telnyx quoted');
    assert.ok(rows.some((row) => row.masq_carrier === 'sandbox'), 'the sandbox sells too');
    assert.equal(rows.length, 50, 'one page of the default size, shared among the carriers');
  });

  test('the unchanged client buys at Twilio (the default carrier): active at once, pointed at masq, routing a session', async () => {
    const e164 = '+14158675321';
    h.fakeTwilio.offer({ phoneNumber: e164, isoCountry: 'US', type: 'Local' });
    const bought = await h.client().incomingPhoneNumbers.create({ phoneNumber: e164, friendlyName: 'Rides' });
    assert.equal(bought.status, 'in-use');
    const [held, ...more] = h.fakeTwilio.owned.filter((n) => n.phoneNumber === e164);
    assert.ok(held && more.length === 0, 'bought once at Twilio');
    const { body } = await h.fetchNumber(bought.sid);
    assert.deepEqual([body.masq_lifecycle, body.masq_carrier, body.masq_carrier_ref], ['active', TWILIO.name, held.sid]);
    const base = `${h.served().url}/webhooks/${TWILIO.name}`;
    assert.deepEqual(Object.fromEntries(held.fields), {
      VoiceUrl: `${base}/voice`, VoiceMethod: 'POST', SmsUrl: `${base}/sms`, SmsMethod: 'POST', StatusCallback: `${base}/call-status`, StatusCallbackMethod: 'POST',
    }, "Twilio routes the number's calls and texts to masq from the start");
    assert.equal(h.twilioBuys(e164)[0]?.headers['i-twilio-idempotency-token'], bought.sid, 'the purchase carries its idempotency key');

    // It routes through masq at once: a Proxy session on it forwards a text Twilio posts to it.
    const proxy = h.client().proxy.v1;
    const service = await proxy.services.create({ uniqueName: 'rides on a twilio number' });
    await proxy.services(service.sid).phoneNumbers.create({ sid: bought.sid });
    const session = await proxy.services(service.sid).sessions.create({ uniqueName: 'ride' });
    for (const identifier of [RIDER, DRIVER]) await proxy.services(service.sid).sessions(session.sid).participants.create({ identifier });
    const url = `${base}/sms`;
    const sid = `SM${randomBytes(16).toString('hex')}`;
    const params = { MessageSid: sid, SmsSid: sid, AccountSid: TWILIO.accountSid, From: RIDER, To: e164, Body: 'Outside now', NumMedia: '0' };
    const res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TWILIO.authToken, url, params) },
      body: new URLSearchParams(params).toString(),
    });
    assert.equal(res.status, 200);
    assert.match(await res.text(), new RegExp(`<Message to="\\${DRIVER}" from="\\${e164}"[^>]*>Outside now</Message>`));
  });

  test('MasqCarrier picks the Twilio account by name on a raw form POST', async () => {
    const e164 = '+14158675322';
    h.fakeTwilio.offer({ phoneNumber: e164, isoCountry: 'US', type: 'Local' });
    const { status, body } = await h.buy(e164, TWILIO.name);
    assert.equal(status, 201);
    assert.deepEqual([body.status, body.masq_lifecycle, body.masq_carrier], ['in-use', 'active', TWILIO.name]);
    assert.equal(h.fakeTwilio.owned.filter((n) => n.phoneNumber === e164).length, 1);
  });

  test('a Telnyx order stays provisioning until the job worker sees it filled, then is active on masq\'s connection and profile', async () => {
    const e164 = '+14158675331';
    h.fakeTelnyx.offer({ phoneNumber: e164 });
    const { status, body } = await h.buy(e164, TELNYX.name);
    assert.equal(status, 201);
    assert.deepEqual([body.status, body.masq_lifecycle, body.masq_carrier, body.masq_carrier_ref], ['provisioning', 'provisioning', TELNYX.name, null]);
    assert.deepEqual((await h.client().incomingPhoneNumbers.list({ phoneNumber: e164 })).map((n) => n.status), ['provisioning'], 'listed while provisioning');
    const active = await h.untilActive(String(body.sid));
    const [order, ...others] = ordersOf(e164);
    assert.ok(order && others.length === 0, 'one order');
    assert.deepEqual([order.status, order.customerReference, order.connectionId, order.messagingProfileId], ['success', body.sid, TELNYX.connectionId, TELNYX.messagingProfileId]);
    assert.ok(order.polls >= h.fakeTelnyx.pollsToComplete, 'followed until Telnyx filled it');
    const [held] = h.fakeTelnyx.owned.filter((n) => n.phoneNumber === e164);
    assert.ok(held);
    assert.deepEqual([active.status, active.masq_carrier_ref], ['in-use', held.id], "the Telnyx phone number's id");
    assert.deepEqual([held.connectionId, held.messagingProfileId], [TELNYX.connectionId, TELNYX.messagingProfileId], 'its calls and texts reach masq');

    // A text Telnyx posts to it reaches masq and is forwarded through Telnyx's Messages API.
    const proxy = h.client().proxy.v1;
    const service = await proxy.services.create({ uniqueName: 'rides on a telnyx number' });
    await proxy.services(service.sid).phoneNumbers.create({ sid: String(body.sid) });
    const session = await proxy.services(service.sid).sessions.create({ uniqueName: 'ride' });
    for (const identifier of [RIDER, DRIVER]) await proxy.services(service.sid).sessions(session.sid).participants.create({ identifier });
    const event = JSON.stringify({ data: { event_type: 'message.received', id: randomUUID(), occurred_at: new Date().toISOString(), record_type: 'event', payload: {
      id: randomUUID(), record_type: 'message', direction: 'inbound', type: 'SMS', text: 'Gate 4', parts: 1, media: [], received_at: new Date().toISOString(),
      from: { phone_number: RIDER, carrier: 'T-Mobile USA', line_type: 'Wireless' }, to: [{ phone_number: e164, status: 'webhook_delivered', carrier: 'Telnyx', line_type: 'Wireless' }],
    } } });
    const res = await fetch(`${h.served().url}/webhooks/${TELNYX.name}/messaging`, {
      method: 'POST', headers: { 'content-type': 'application/json', ...signedTelnyxRequest(h.keys.privateKey, event, Math.floor(Date.now() / 1000)) }, body: event,
    });
    assert.equal(res.status, 200);
    const sent = h.fakeTelnyx.accepted.filter((m) => m.text === 'Gate 4');
    assert.deepEqual(sent.map((m) => [m.from?.phone_number, m.to?.[0]?.phone_number]), [[e164, DRIVER]]);
  });

  test('Twilio refuses (21422): the client gets 21422, no record remains, and the number can be bought again', async () => {
    const e164 = '+14158675341';
    h.fakeTwilio.offer({ phoneNumber: e164, isoCountry: 'US', type: 'Local' });
    h.fakeTwilio.answerNext({ status: 400, code: 21422, message: `PhoneNumber ${e164} is not available.` });
    await assert.rejects(h.client().incomingPhoneNumbers.create({ phoneNumber: e164 }), twilioError(21422));
    assert.deepEqual(await h.client().incomingPhoneNumbers.list({ phoneNumber: e164 }), []);
    assert.equal(h.fakeTwilio.owned.filter((n) => n.phoneNumber === e164).length, 0);
    const again = await h.client().incomingPhoneNumbers.create({ phoneNumber: e164 });
    assert.equal(again.status, 'in-use');
  });

  test('Telnyx will not order a number it does not offer: 21422 at once, nothing ordered', async () => {
    const e164 = '+14158675352';
    const { status, body } = await h.buy(e164, TELNYX.name);
    assert.deepEqual([status, body.code], [400, 21422]);
    assert.deepEqual(ordersOf(e164), []);
    assert.deepEqual(await h.client().incomingPhoneNumbers.list({ phoneNumber: e164 }), []);
  });

  test('a Telnyx order that fails ends `failed` (gone from the list), and the number can be bought again', async () => {
    const e164 = '+14158675351';
    h.fakeTelnyx.offer({ phoneNumber: e164 });
    h.fakeTelnyx.orderOutcome = 'failure';
    try {
      const { status, body } = await h.buy(e164, TELNYX.name);
      assert.deepEqual([status, body.masq_lifecycle], [201, 'provisioning']);
      await waitFor('the failed order to take the number off the list', async () => ((await h.fetchNumber(String(body.sid))).status === 404 ? true : undefined));
      const failed = await h.stored(body.sid);
      assert.equal(failed.state, 'failed');
      assert.match(failed.stateReason ?? '', /Telnyx order .* failed/);
    } finally {
      h.fakeTelnyx.orderOutcome = 'success';
    }
    assert.deepEqual(await h.client().incomingPhoneNumbers.list({ phoneNumber: e164 }), []);
    h.fakeTelnyx.offer({ phoneNumber: e164 });
    const again = await h.buy(e164, TELNYX.name);
    assert.equal(again.status, 201);
    assert.equal((await h.untilActive(String(again.body.sid))).phone_number, e164);
  });

  test('a released number is quarantined: gone from the account, still held at the carrier, not for sale', async () => {
    const twilioNumber = '+14158675361';
    const telnyxNumber = '+14158675362';
    h.fakeTwilio.offer({ phoneNumber: twilioNumber, isoCountry: 'US', type: 'Local' });
    h.fakeTelnyx.offer({ phoneNumber: telnyxNumber });
    const viaTwilio = await h.client().incomingPhoneNumbers.create({ phoneNumber: twilioNumber });
    const viaTelnyx = String((await h.buy(telnyxNumber, TELNYX.name)).body.sid);
    await h.untilActive(viaTelnyx);
    assert.equal(await h.client().incomingPhoneNumbers(viaTwilio.sid).remove(), true);
    assert.equal((await h.api('DELETE', `IncomingPhoneNumbers/${viaTelnyx}.json`)).status, 204);
    for (const sid of [viaTwilio.sid, viaTelnyx]) {
      await assert.rejects(h.client().incomingPhoneNumbers(sid).fetch(), twilioError(20404, 404));
      assert.equal((await h.stored(sid)).state, 'quarantined');
    }
    assert.equal(h.fakeTwilio.owned.filter((n) => n.phoneNumber === twilioNumber).length, 1, 'still held at Twilio');
    assert.equal(h.fakeTelnyx.owned.filter((n) => n.phoneNumber === telnyxNumber).length, 1, 'still held at Telnyx');
    assert.ok(!h.fakeTwilio.requests.some((r) => r.method === 'DELETE'), 'nothing released at Twilio yet');
    assert.ok(!h.fakeTelnyx.requests.some((r) => r.method === 'DELETE'), 'nothing released at Telnyx yet');
    await assert.rejects(h.client().incomingPhoneNumbers.create({ phoneNumber: twilioNumber }), twilioError(21422));
  });
});
