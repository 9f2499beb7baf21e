// US SMS registration gating on the TwiML path: a Twilio number's webhook is answered with the forward
// itself, so the gate is decided while routing (plan-inbound.ts). In enforce mode an unregistered sender's
// forward is logged undelivered with 30034 and the answer sends nothing; in warn mode it goes out, with a
// masq_warning on the interaction.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { interactionsOf, seedPair, startTwilioApp, TWILIO_SID, type Harness, type Pair } from './twilio-harness.ts';

const sid = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;

const sms = (from: string, to: string, body: string): Record<string, string> => {
  const messageSid = sid('SM');
  return { MessageSid: messageSid, SmsSid: messageSid, SmsStatus: 'received', AccountSid: TWILIO_SID, From: from, To: to, Body: body, NumMedia: '0', ApiVersion: '2010-04-01' };
};

const EMPTY = new twilio.twiml.MessagingResponse().toString();

describe('SMS gating on Twilio webhooks (TwiML answers)', () => {
  let h: Harness;
  let pair: Pair;
  before(async () => {
    h = await startTwilioApp();
    pair = await seedPair(h, 'gated', ['+14155551212', '+14155553434'], '+14155550001', '+14155550002');
  });
  after(async () => { await h.close(); });

  const latest = async () => {
    const all = await interactionsOf(h, pair);
    const last = all[all.length - 1];
    assert.ok(last, 'an interaction was logged');
    return { inbound: last.inbound_resource_status, outbound: last.outbound_resource_status, data: JSON.parse(String(last.data)) as Record<string, unknown> };
  };
  const mode = async (value: string) => assert.equal((await h.api('POST', '/masq/v1/NumberPolicy', { SmsGating: value })).status, 200);

  test('enforce: the answer forwards nothing; the interaction is undelivered with 30034', async () => {
    await mode('enforce');
    const res = await h.webhook('/webhooks/twilio/sms', sms(pair.alice.identifier, pair.alice.proxy, 'blocked?'));
    assert.equal(res.status, 200, res.body);
    assert.equal(res.body, EMPTY);
    const interaction = await latest();
    assert.equal(interaction.inbound, 'delivered');
    assert.equal(interaction.outbound, 'undelivered');
    assert.equal(interaction.data.error_code, 30034);
  });

  test('warn: the answer forwards, the interaction carries masq_warning', async () => {
    await mode('warn');
    const res = await h.webhook('/webhooks/twilio/sms', sms(pair.alice.identifier, pair.alice.proxy, 'warned'));
    assert.match(res.body, /<Message [^>]*>warned<\/Message>/);
    const interaction = await latest();
    assert.equal(interaction.outbound, 'queued');
    assert.deepEqual((interaction.data.masq_warning as { code: number }).code, 30034);
  });

  test('a call is never gated, whatever the mode', async () => {
    await mode('enforce');
    const callSid = sid('CA');
    const res = await h.webhook('/webhooks/twilio/voice', { CallSid: callSid, AccountSid: TWILIO_SID, From: pair.alice.identifier, To: pair.alice.proxy, CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01' });
    assert.match(res.body, /<Dial/);
  });
});
