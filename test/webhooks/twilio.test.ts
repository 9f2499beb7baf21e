// Twilio's webhooks through inject(), signed by the twilio SDK as Twilio would: the signature gate, the
// 4xx answers to malformed traffic, and TwiML equal to what the SDK's own builders write.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { defaultConfig } from '../../src/config/load-config.ts';
import { AppError } from '../../src/domain/errors.ts';
import { createRuntime } from '../../src/runtime.ts';
import { BASE } from '../api/support.ts';
import { interactionsOf, seedPair, startTwilioApp, TWILIO_SID, type Harness, type Pair } from './twilio-harness.ts';

const sid = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;

const smsParams = (from: string, to: string, body: string, messageSid = sid('SM')): Record<string, string> => ({
  ToCountry: 'US', SmsMessageSid: messageSid, NumMedia: '0', SmsSid: messageSid, SmsStatus: 'received', Body: body, To: to,
  NumSegments: '1', MessageSid: messageSid, AccountSid: TWILIO_SID, From: from, FromCity: 'SAN FRANCISCO', ApiVersion: '2010-04-01',
});

const callParams = (from: string, to: string, callSid = sid('CA')): Record<string, string> => ({
  CallSid: callSid, AccountSid: TWILIO_SID, From: from, To: to, CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01', Caller: from, Called: to,
});

const expectedMessage = (to: string, from: string, interactionSid: string, body: string): string => {
  const sdk = new twilio.twiml.MessagingResponse();
  sdk.message({ to, from, action: `${BASE}/webhooks/twilio/message-status?Interaction=${interactionSid}` }, body);
  return sdk.toString();
};

const EMPTY = new twilio.twiml.MessagingResponse().toString();

describe('Twilio webhooks', () => {
  let h: Harness;
  let pair: Pair;
  before(async () => {
    h = await startTwilioApp();
    pair = await seedPair(h, 'rides', ['+14155551212', '+14155553434'], '+14155550001', '+14155550002');
  });
  after(async () => { await h.close(); });

  const latestInteraction = async () => {
    const all = await interactionsOf(h, pair);
    const last = all[all.length - 1];
    assert.ok(last, 'an interaction was logged');
    return last;
  };

  test('an SMS in session is forwarded in the TwiML answer, to the partner from their proxy number', async () => {
    const res = await h.webhook('/webhooks/twilio/sms', smsParams(pair.alice.identifier, pair.alice.proxy, 'On my way'));
    assert.equal(res.status, 200, res.body);
    assert.match(res.contentType, /^text\/xml/);
    const interaction = await latestInteraction();
    assert.equal(res.body, expectedMessage(pair.bob.identifier, pair.bob.proxy, String(interaction.sid), 'On my way'));
  });

  test('a body with TwiML in it arrives as text, never as a verb', async () => {
    const body = '</Message><Dial>+19005550000</Dial> & "quotes" <b>';
    const res = await h.webhook('/webhooks/twilio/sms', smsParams(pair.bob.identifier, pair.bob.proxy, body));
    const interaction = await latestInteraction();
    assert.equal(res.body, expectedMessage(pair.alice.identifier, pair.alice.proxy, String(interaction.sid), body));
    assert.ok(!res.body.includes('<Dial>'));
  });

  test('a retried webhook (same MessageSid) gets the same forward until Twilio reports it, then nothing', async () => {
    const params = smsParams(pair.alice.identifier, pair.alice.proxy, 'once only');
    const first = await h.webhook('/webhooks/twilio/sms', params);
    assert.match(first.body, /<Message /);
    const count = (await interactionsOf(h, pair)).length;
    // Twilio re-sends only when it got no answer (say the instance died after COMMIT): the forward is not lost.
    const second = await h.webhook('/webhooks/twilio/sms', params);
    assert.equal(second.status, 200);
    assert.equal(second.body, first.body);
    assert.equal((await interactionsOf(h, pair)).length, count, 'logged once');
    // Once Twilio has reported the forwarded message, it provably went out: a retry forwards nothing.
    const interaction = await latestInteraction();
    const reported = await h.webhook(`/webhooks/twilio/message-status?Interaction=${String(interaction.sid)}`, { MessageSid: sid('SM'), MessageStatus: 'sent' });
    assert.equal(reported.status, 200);
    const third = await h.webhook('/webhooks/twilio/sms', params);
    assert.equal(third.body, EMPTY);
    assert.equal((await interactionsOf(h, pair)).length, count);
  });

  test('a retried voice webhook (same CallSid) gets the same <Dial> until Twilio reports the leg', async () => {
    const params = callParams(pair.bob.identifier, pair.bob.proxy);
    const first = await h.webhook('/webhooks/twilio/voice', params);
    assert.match(first.body, /<Dial /);
    assert.equal((await h.webhook('/webhooks/twilio/voice', params)).body, first.body);
    const interaction = await latestInteraction();
    await h.webhook(`/webhooks/twilio/dial-status?Interaction=${String(interaction.sid)}`, { CallSid: params.CallSid ?? '', DialCallSid: sid('CA'), DialCallStatus: 'completed', DialCallDuration: '3' });
    assert.match((await h.webhook('/webhooks/twilio/voice', params)).body, /<Reject\/>/);
  });

  test('a call is bridged with <Dial callerId answerOnBridge action><Number>', async () => {
    const res = await h.webhook('/webhooks/twilio/voice', callParams(pair.bob.identifier, pair.bob.proxy));
    const interaction = await latestInteraction();
    const sdk = new twilio.twiml.VoiceResponse();
    sdk.dial({ callerId: pair.alice.proxy, answerOnBridge: true, action: `${BASE}/webhooks/twilio/dial-status?Interaction=${String(interaction.sid)}` }).number(pair.alice.identifier);
    assert.equal(res.status, 200);
    assert.match(res.contentType, /^text\/xml/);
    assert.equal(res.body, sdk.toString());
    assert.equal(interaction.type, 'voice');
  });

  test("dial-status records the partner leg's outcome and duration", async () => {
    const interaction = await latestInteraction();
    const dialSid = sid('CA');
    const res = await h.webhook(`/webhooks/twilio/dial-status?Interaction=${String(interaction.sid)}`, {
      CallSid: String(interaction.inbound_resource_sid), DialCallSid: dialSid, DialCallStatus: 'completed', DialCallDuration: '37', DialBridged: 'true',
    });
    assert.equal(res.status, 200);
    assert.equal(res.body, EMPTY);
    const updated = await latestInteraction();
    assert.equal(updated.outbound_resource_sid, dialSid);
    assert.equal(updated.outbound_resource_status, 'completed');
    assert.equal(JSON.parse(String(updated.data)).duration, '37');
  });

  test("a call's StirVerstat is recorded on its interaction, and kept when the duration arrives", async () => {
    await h.webhook('/webhooks/twilio/voice', { ...callParams(pair.bob.identifier, pair.bob.proxy), StirVerstat: 'TN-Validation-Passed-B' });
    const interaction = await latestInteraction();
    assert.deepEqual(JSON.parse(String(interaction.data)), { stir_verstat: 'TN-Validation-Passed-B', attestation: 'B', attestation_verified: true });
    await h.webhook(`/webhooks/twilio/dial-status?Interaction=${String(interaction.sid)}`, {
      CallSid: String(interaction.inbound_resource_sid), DialCallSid: sid('CA'), DialCallStatus: 'completed', DialCallDuration: '12',
    });
    assert.deepEqual(JSON.parse(String((await latestInteraction()).data)), { stir_verstat: 'TN-Validation-Passed-B', attestation: 'B', attestation_verified: true, duration: '12' });
    await h.webhook('/webhooks/twilio/voice', callParams(pair.bob.identifier, pair.bob.proxy));
    assert.equal((await latestInteraction()).data, null, 'a call without StirVerstat records nothing of it');
  });

  test("message-status updates the interaction's outbound leg", async () => {
    await h.webhook('/webhooks/twilio/sms', smsParams(pair.alice.identifier, pair.alice.proxy, 'status please'));
    const interaction = await latestInteraction();
    const outboundSid = sid('SM');
    for (const status of ['sent', 'delivered']) {
      const res = await h.webhook(`/webhooks/twilio/message-status?Interaction=${String(interaction.sid)}`, {
        MessageSid: outboundSid, SmsSid: outboundSid, MessageStatus: status, SmsStatus: status, AccountSid: TWILIO_SID, From: pair.bob.proxy, To: pair.bob.identifier,
      });
      assert.equal(res.status, 200);
    }
    const updated = await latestInteraction();
    assert.equal(updated.sid, interaction.sid);
    assert.equal(updated.outbound_resource_sid, outboundSid);
    assert.equal(updated.outbound_resource_status, 'delivered');
  });

  test("call-status reports the inbound leg's progress", async () => {
    const params = callParams(pair.alice.identifier, pair.alice.proxy);
    await h.webhook('/webhooks/twilio/voice', params);
    const res = await h.webhook('/webhooks/twilio/call-status', { ...params, CallStatus: 'completed', CallDuration: '12' });
    assert.equal(res.status, 200);
    const updated = await latestInteraction();
    assert.equal(updated.inbound_resource_sid, params.CallSid);
    assert.equal(updated.inbound_resource_status, 'completed');
  });

  test('traffic to a number with no session: the empty answer for SMS, <Reject/> for a call', async () => {
    const sms = await h.webhook('/webhooks/twilio/sms', smsParams('+14155550999', pair.alice.proxy, 'who is this'));
    assert.equal(sms.status, 200);
    assert.equal(sms.body, EMPTY);
    const call = await h.webhook('/webhooks/twilio/voice', callParams('+14155550999', pair.alice.proxy));
    const reject = new twilio.twiml.VoiceResponse();
    reject.reject();
    assert.equal(call.body, reject.toString());
  });

  test('an opt-out word is not forwarded', async () => {
    const res = await h.webhook('/webhooks/twilio/sms', smsParams(pair.alice.identifier, pair.alice.proxy, 'STOP'));
    assert.equal(res.body, EMPTY);
  });

  describe('the signature gate', () => {
    const unsignedCases = (params: Record<string, string>) => [
      ['missing', null],
      ['garbage', 'not-a-signature'],
      ['another token', twilio.getExpectedTwilioSignature('some-other-auth-token', `${BASE}/webhooks/twilio/sms`, params)],
      ['another URL', twilio.getExpectedTwilioSignature('twilio-account-auth-token-0123', `${BASE}/webhooks/twilio/voice`, params)],
    ] as const;

    test('a missing or wrong X-Twilio-Signature is 403 and nothing is forwarded or logged', async () => {
      const before = (await interactionsOf(h, pair)).length;
      const params = smsParams(pair.alice.identifier, pair.alice.proxy, 'forged');
      for (const [why, signature] of unsignedCases(params)) {
        const res = await h.webhook('/webhooks/twilio/sms', params, { signature });
        assert.equal(res.status, 403, why);
        assert.equal(res.json.code, 80610, why);
        assert.ok(!res.body.includes('<Message'), why);
      }
      assert.equal((await interactionsOf(h, pair)).length, before);
    });

    test('a signed body that was then altered is 403', async () => {
      const params = smsParams(pair.alice.identifier, pair.alice.proxy, 'original');
      const signature = twilio.getExpectedTwilioSignature('twilio-account-auth-token-0123', `${BASE}/webhooks/twilio/sms`, params);
      const res = await h.webhook('/webhooks/twilio/sms', { ...params, Body: 'altered' }, { signature });
      assert.equal(res.status, 403);
    });

    test('status callbacks are gated too: an unsigned one changes nothing', async () => {
      const interaction = await latestInteraction();
      const res = await h.webhook(`/webhooks/twilio/message-status?Interaction=${String(interaction.sid)}`, { MessageSid: sid('SM'), MessageStatus: 'failed' }, { signature: null });
      assert.equal(res.status, 403);
      assert.equal((await latestInteraction()).outbound_resource_status, interaction.outbound_resource_status);
    });
  });

  describe('malformed webhooks get a 4xx, never a 5xx', () => {
    test('missing or unusable From/To, or no MessageSid: 400 with the parameter named', async () => {
      const good = smsParams(pair.alice.identifier, pair.alice.proxy, 'x');
      const { From: _from, ...noFrom } = good;
      const { MessageSid: _m, SmsMessageSid: _s, SmsSid: _ss, ...noSid } = good;
      for (const [params, name] of [[noFrom, 'From'], [{ ...good, To: 'not a number' }, 'To'], [noSid, 'MessageSid']] as const) {
        const res = await h.webhook('/webhooks/twilio/sms', params);
        assert.equal(res.status, 400, `${name}: ${res.body}`);
        assert.equal(res.json.code, 80701);
        assert.match(String(res.json.message), new RegExp(`'${name}'`));
      }
      const { CallSid: _c, ...noCallSid } = callParams(pair.alice.identifier, pair.alice.proxy);
      assert.equal((await h.webhook('/webhooks/twilio/voice', noCallSid)).status, 400);
      assert.equal((await h.webhook('/webhooks/twilio/message-status', { MessageSid: sid('SM') })).status, 400);
    });

    test('a 200 KB body is refused unread (413)', async () => {
      const params = smsParams(pair.alice.identifier, pair.alice.proxy, 'x'.repeat(200 * 1024));
      const res = await h.webhook('/webhooks/twilio/sms', params);
      assert.equal(res.status, 413);
    });

    test('JSON, plain text or no content type: 415', async () => {
      const params = smsParams(pair.alice.identifier, pair.alice.proxy, 'x');
      for (const contentType of ['application/json', 'text/plain', 'application/xml']) {
        const res = await h.webhook('/webhooks/twilio/sms', params, { contentType, payload: JSON.stringify(params) });
        assert.equal(res.status, 415, contentType);
      }
      const bare = await h.app.inject({ method: 'POST', url: '/webhooks/twilio/sms' });
      assert.equal(bare.statusCode, 415);
    });

    test('no Basic auth is needed (Twilio sends none), and the API stays behind it', async () => {
      const res = await h.app.inject({ method: 'GET', url: `/v1/Services/${pair.service}` });
      assert.equal(res.statusCode, 401);
    });
  });
});

test('MASQ_DEFAULT_CARRIER=twilio without Twilio credentials stops masq at start', async () => {
  await assert.rejects(
    createRuntime(defaultConfig({ databaseUrl: 'sqlite::memory:', defaultCarrier: 'twilio' }), { sweepIntervalMs: 0 }),
    (err: unknown) => err instanceof AppError && /'twilio' is not a configured carrier/.test(err.message),
  );
});

describe('Twilio webhooks without a Twilio account configured', () => {
  let h: Harness;
  before(async () => { h = await startTwilioApp({ twilioConfigured: false }); });
  after(async () => { await h.close(); });

  test('every route answers 404 in the Twilio envelope', async () => {
    for (const path of ['sms', 'voice', 'message-status', 'dial-status', 'call-status']) {
      const res = await h.webhook(`/webhooks/twilio/${path}`, { From: '+14155550001', To: '+14155551212', MessageSid: 'SM1' });
      assert.equal(res.status, 404, path);
      assert.equal(res.json.code, 20404);
      assert.equal(res.json.status, 404);
    }
  });
});

describe('Twilio webhooks with an out-of-session auto-reply', () => {
  let h: Harness;
  let pair: Pair;
  const text = 'This number is no longer in use & cannot reach your driver';
  before(async () => {
    h = await startTwilioApp({ outOfSessionReply: text });
    pair = await seedPair(h, 'replies', ['+14155551212'], '+14155550001', '+14155550002');
  });
  after(async () => { await h.close(); });

  test('an SMS from a stranger gets the reply back as <Message>; a call hears it, then is hung up', async () => {
    const sms = await h.webhook('/webhooks/twilio/sms', smsParams('+14155550999', pair.alice.proxy, 'hello?'));
    const expectedSms = new twilio.twiml.MessagingResponse();
    expectedSms.message(text);
    assert.equal(sms.body, expectedSms.toString());
    const call = await h.webhook('/webhooks/twilio/voice', callParams('+14155550999', pair.alice.proxy));
    const expectedCall = new twilio.twiml.VoiceResponse();
    expectedCall.say(text);
    expectedCall.hangup();
    assert.equal(call.body, expectedCall.toString());
  });
});
