// A caller who withholds their number (Twilio's From=Anonymous and its variants) gets a polite answer:
// <Reject/> for a call, an empty <Response/> for a message; never a 400 that Twilio would report as an
// application error, and nothing is routed or recorded in anyone's session.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { interactionsOf, seedPair, startTwilioApp, TWILIO_SID, type Harness, type Pair } from './twilio-harness.ts';

const sid = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;
const WITHHELD = ['Anonymous', 'anonymous', 'Restricted', 'Unavailable', '+266696687', '+7378742833', ''];

const REJECT = (() => {
  const sdk = new twilio.twiml.VoiceResponse();
  sdk.reject();
  return sdk.toString();
})();
const EMPTY = new twilio.twiml.MessagingResponse().toString();

describe('Twilio webhooks from a withheld caller id', () => {
  let h: Harness;
  let pair: Pair;
  before(async () => {
    h = await startTwilioApp();
    pair = await seedPair(h, 'withheld', ['+14155551212', '+14155553434'], '+14155550001', '+14155550002');
  });
  after(async () => { await h.close(); });

  test('a call is answered with <Reject/>', async () => {
    for (const from of WITHHELD) {
      const res = await h.webhook('/webhooks/twilio/voice', { CallSid: sid('CA'), AccountSid: TWILIO_SID, From: from, Caller: from, To: pair.alice.proxy, CallStatus: 'ringing', Direction: 'inbound' });
      assert.equal(res.status, 200, `${from}: ${res.body}`);
      assert.match(res.contentType, /^text\/xml/);
      assert.equal(res.body, REJECT, from);
    }
  });

  test('a message is answered with an empty <Response/>', async () => {
    for (const from of WITHHELD) {
      const messageSid = sid('SM');
      const res = await h.webhook('/webhooks/twilio/sms', { MessageSid: messageSid, SmsSid: messageSid, AccountSid: TWILIO_SID, From: from, To: pair.alice.proxy, Body: 'hi', NumMedia: '0' });
      assert.equal(res.status, 200, `${from}: ${res.body}`);
      assert.equal(res.body, EMPTY, from);
    }
  });

  test('nothing reaches the session, and a known sender is still routed', async () => {
    assert.deepEqual(await interactionsOf(h, pair), []);
    const messageSid = sid('SM');
    const res = await h.webhook('/webhooks/twilio/sms', { MessageSid: messageSid, AccountSid: TWILIO_SID, From: pair.bob.identifier, To: pair.bob.proxy, Body: 'hi', NumMedia: '0' });
    assert.match(res.body, /<Message /);
    assert.equal((await interactionsOf(h, pair)).length, 1);
  });

  test('a webhook without From at all is still malformed (400)', async () => {
    const res = await h.webhook('/webhooks/twilio/voice', { CallSid: sid('CA'), AccountSid: TWILIO_SID, To: pair.alice.proxy });
    assert.equal(res.status, 400);
    assert.equal(res.json.code, 80701);
  });
});
