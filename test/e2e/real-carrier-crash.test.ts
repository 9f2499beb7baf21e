// Purchases at real carriers (fakes) whose answer never reaches masq, end to end (real-carriers-harness.ts):
// masq's request times out, or masq is killed with SIGKILL while the carrier is answering. Either way the
// order is asked again with the same idempotency key (Twilio: I-Twilio-Idempotency-Token, and the number
// found already the account's; Telnyx: customer_reference), and the number ends active, bought once.
// The "real processes, kill -9" rule: the restarted process's job worker finishes what the killed one began.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startRealCarriers, TELNYX, TWILIO, waitFor, type RealCarriers } from './real-carriers-harness.ts';

describe('purchases at Twilio and Telnyx (fakes) whose answer is lost, or masq killed meanwhile', { timeout: 180_000 }, () => {
  let h: RealCarriers;
  before(async () => { h = await startRealCarriers(); });
  after(() => h?.close());
  const ordersOf = (e164: string) => h.fakeTelnyx.orders.filter((o) => o.phoneNumbers.includes(e164));
  const telnyxOrderPosts = (e164: string) => h.fakeTelnyx.requests.filter((r) => r.method === 'POST' && r.path === '/v2/number_orders' && JSON.stringify(r.json).includes(e164));

  test("Twilio's answer to a purchase is lost (masq's request times out): not reported failed; it ends active, bought once", async () => {
    const e164 = '+14158675372';
    h.fakeTwilio.offer({ phoneNumber: e164, isoCountry: 'US', type: 'Local' });
    h.fakeTwilio.answerNext('lose-answer');
    // masq waits 10 s for Twilio's answer: longer than this suite's job lease, so the worker may ask again meanwhile.
    const { status, body } = await h.api('POST', 'IncomingPhoneNumbers.json', { PhoneNumber: e164 });
    assert.equal(status, 201, JSON.stringify(body));
    assert.ok(body.masq_lifecycle === 'provisioning' || body.masq_lifecycle === 'active', String(body.masq_lifecycle));
    const active = await h.untilActive(String(body.sid));
    const [held, ...more] = h.fakeTwilio.owned.filter((n) => n.phoneNumber === e164);
    assert.ok(held && more.length === 0, 'bought exactly once');
    assert.equal(active.masq_carrier_ref, held.sid);
    assert.ok(h.twilioBuys(e164).every((r) => r.headers['i-twilio-idempotency-token'] === body.sid), 'every attempt with the same key');
  });

  test('killed while Twilio answers a purchase: the restarted worker finishes it with the same key, bought once', async () => {
    const e164 = '+14158675371';
    h.fakeTwilio.offer({ phoneNumber: e164, isoCountry: 'US', type: 'Local' });
    // Twilio sells the number, but its answer never comes back.
    h.fakeTwilio.answerNext('lose-answer');
    const answer = h.client().incomingPhoneNumbers.create({ phoneNumber: e164 }).then(() => 'answered', () => 'no answer');
    await waitFor('Twilio to receive the purchase', () => (h.twilioBuys(e164).length > 0 ? true : undefined));
    await h.kill();
    assert.equal(await answer, 'no answer');
    assert.equal(h.fakeTwilio.owned.filter((n) => n.phoneNumber === e164).length, 1, 'Twilio sold it; masq never heard');
    await h.restart();
    const [pending] = await h.client().incomingPhoneNumbers.list({ phoneNumber: e164 });
    assert.ok(pending, 'the provisioning record survived the crash');
    const active = await h.untilActive(pending.sid);
    const [held, ...more] = h.fakeTwilio.owned.filter((n) => n.phoneNumber === e164);
    assert.ok(held && more.length === 0, 'bought exactly once');
    assert.equal(active.masq_carrier_ref, held.sid);
    assert.deepEqual(h.twilioBuys(e164).map((r) => r.headers['i-twilio-idempotency-token']), [pending.sid, pending.sid], 'the order placed again with the same key');
    assert.equal(held.fields.get('SmsUrl'), `${h.served().url}/webhooks/${TWILIO.name}/sms`, 'pointed at masq again');
  });

  test('killed while Telnyx answers an order: the restarted worker finds it by customer_reference, ordered once', async () => {
    const e164 = '+14158675381';
    h.fakeTelnyx.offer({ phoneNumber: e164 });
    // The look-up of an earlier order and the search for the number are answered; the order is placed, its answer lost.
    h.fakeTelnyx.answerNext('accept', 'accept', 'lose-answer');
    const answer = h.buy(e164, TELNYX.name).then(() => 'answered', () => 'no answer');
    await waitFor('Telnyx to receive the order', () => (telnyxOrderPosts(e164).length > 0 ? true : undefined));
    await h.kill();
    assert.equal(await answer, 'no answer');
    assert.equal(ordersOf(e164).length, 1, 'Telnyx took the order; masq never heard');
    await h.restart();
    const [pending] = await h.client().incomingPhoneNumbers.list({ phoneNumber: e164 });
    assert.ok(pending, 'the provisioning record survived the crash');
    const active = await h.untilActive(pending.sid);
    const [order, ...others] = ordersOf(e164);
    assert.ok(order && others.length === 0, 'ordered exactly once');
    assert.equal(order.customerReference, pending.sid);
    assert.equal(telnyxOrderPosts(e164).length, 1, 'found by its reference, not placed again');
    const [held, ...more] = h.fakeTelnyx.owned.filter((n) => n.phoneNumber === e164);
    assert.ok(held && more.length === 0);
    assert.equal(active.masq_carrier_ref, held.id);
    assert.deepEqual([held.connectionId, held.messagingProfileId], [TELNYX.connectionId, TELNYX.messagingProfileId]);
  });
});
