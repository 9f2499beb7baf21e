// Twilio's webhook parameters -> InboundEvent and status reports: the fields masq routes on, normalised
// through the domain's number rules; everything else kept for the out-of-session callback.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppError } from '../../domain/errors.ts';
import { parseInbound, parseStatus } from './inbound.ts';

const sms = {
  ToCountry: 'US', MessageSid: 'SM0123', SmsMessageSid: 'SM0123', AccountSid: 'AC1', From: '+14155550001', To: '+14155551212',
  Body: 'Running late </Message>', NumMedia: '0', NumSegments: '1', FromCity: 'SAN FRANCISCO', ApiVersion: '2010-04-01', AddOns: '{"status":"successful"}',
};

const rejects80701 = (work: () => unknown, parameter: string) =>
  assert.throws(work, (err: unknown) => err instanceof AppError && err.code === 'parameter-invalid' && err.status === 400 && err.message.includes(`'${parameter}'`));

test('an SMS: sid, numbers, body, and every parameter kept as it came', () => {
  const event = parseInbound('message', sms, 'twilio');
  assert.deepEqual(
    { channel: event.channel, carrier: event.carrier, resourceSid: event.resourceSid, from: event.from, to: event.to, body: event.body, mediaUrls: event.mediaUrls },
    { channel: 'message', carrier: 'twilio', resourceSid: 'SM0123', from: '+14155550001', to: '+14155551212', body: 'Running late </Message>', mediaUrls: [] },
  );
  assert.deepEqual(event.carrierParams, sms);
});

test('MMS media come from MediaUrl0..N-1 as NumMedia says', () => {
  const event = parseInbound('message', { ...sms, NumMedia: '2', MediaUrl0: 'https://api.twilio.com/m/0', MediaContentType0: 'image/jpeg', MediaUrl1: 'https://api.twilio.com/m/1', MediaUrl2: 'https://not.counted' }, 'twilio');
  assert.deepEqual(event.mediaUrls, ['https://api.twilio.com/m/0', 'https://api.twilio.com/m/1']);
  rejects80701(() => parseInbound('message', { ...sms, NumMedia: 'many' }, 'twilio'), 'NumMedia');
  rejects80701(() => parseInbound('message', { ...sms, NumMedia: '11' }, 'twilio'), 'NumMedia');
});

test('a call: CallSid as the resource, no body', () => {
  const event = parseInbound('voice', { CallSid: 'CA9', From: '+14155550001', To: '+14155551212', CallStatus: 'ringing', Direction: 'inbound', Body: 'ignored' }, 'twilio');
  assert.equal(event.resourceSid, 'CA9');
  assert.equal(event.channel, 'voice');
  assert.equal(event.body, '');
  rejects80701(() => parseInbound('voice', { From: '+14155550001', To: '+14155551212' }, 'twilio'), 'CallSid');
});

test('numbers are normalised by the domain (Mexico drops its legacy mobile 1); channel addresses pass', () => {
  assert.equal(parseInbound('message', { ...sms, From: '+5215512345678' }, 'twilio').from, '+525512345678');
  assert.equal(parseInbound('message', { ...sms, From: 'whatsapp:+14155550001' }, 'twilio').from, 'whatsapp:+14155550001');
});

test('missing or unusable From/To is 80701 (400), naming the parameter', () => {
  const { From: _from, ...noFrom } = sms;
  rejects80701(() => parseInbound('message', noFrom, 'twilio'), 'From');
  rejects80701(() => parseInbound('message', { ...sms, To: '' }, 'twilio'), 'To');
  rejects80701(() => parseInbound('message', { ...sms, From: 'Anonymous' }, 'twilio'), 'From');
  rejects80701(() => parseInbound('message', { ...sms, To: '+1' }, 'twilio'), 'To');
  const { MessageSid: _m, SmsMessageSid: _s, ...noSid } = sms;
  rejects80701(() => parseInbound('message', noSid, 'twilio'), 'MessageSid');
});

test('a repeated key counts by its first value and stays a string in the forwarded parameters', () => {
  const event = parseInbound('message', { ...sms, Body: ['first', 'second'] }, 'twilio');
  assert.equal(event.body, 'first');
  assert.equal(event.carrierParams.Body, 'first');
});

test('status callbacks: message, dial and call legs, with durations and error codes', () => {
  assert.deepEqual(parseStatus('message', { MessageSid: 'SM1', MessageStatus: 'undelivered', ErrorCode: '30003' }, null),
    { interactionSid: null, resourceSid: 'SM1', resourceType: 'Message', status: 'undelivered', durationSeconds: null, errorCode: '30003' });
  assert.deepEqual(parseStatus('message', { SmsSid: 'SM2', SmsStatus: 'read' }, null),
    { interactionSid: null, resourceSid: 'SM2', resourceType: 'Message', status: 'delivered', durationSeconds: null, errorCode: null });
  assert.deepEqual(parseStatus('dial', { CallSid: 'CA0', DialCallSid: 'CA1', DialCallStatus: 'completed', DialCallDuration: '42' }, null),
    { interactionSid: null, resourceSid: 'CA1', resourceType: 'Call', status: 'completed', durationSeconds: 42, errorCode: null });
  assert.deepEqual(parseStatus('call', { CallSid: 'CA0', CallStatus: 'no-answer', CallDuration: 'x' }, null),
    { interactionSid: null, resourceSid: 'CA0', resourceType: 'Call', status: 'no-answer', durationSeconds: null, errorCode: null });
  assert.equal(parseStatus('message', { MessageSid: 'SM1', MessageStatus: 'brand-new-word' }, null)?.status, 'unknown');
});

test('a dial that placed no call still reports its status, with no leg sid; a callback without a status is 80701', () => {
  assert.deepEqual(parseStatus('dial', { CallSid: 'CA0', DialCallStatus: 'failed' }, null), {
    interactionSid: null, resourceSid: null, resourceType: 'Call', status: 'failed', durationSeconds: null, errorCode: null,
  });
  assert.equal(parseStatus('call', { CallStatus: 'completed' }, null), null);
  rejects80701(() => parseStatus('message', { MessageSid: 'SM1' }, null), 'MessageStatus');
  rejects80701(() => parseStatus('dial', { DialCallSid: 'CA1' }, null), 'DialCallStatus');
});

test("a call's StirVerstat becomes its attestation; a message's, or a call without one, has none", () => {
  const voice = { CallSid: 'CA0123', AccountSid: 'AC1', From: '+14155550001', To: '+14155551212', CallStatus: 'ringing', Direction: 'inbound' };
  assert.deepEqual(parseInbound('voice', { ...voice, StirVerstat: 'TN-Validation-Passed-A' }, 'twilio').attestation, { level: 'A', verified: true, raw: 'TN-Validation-Passed-A' });
  assert.deepEqual(parseInbound('voice', { ...voice, StirVerstat: 'TN-Validation-Failed-C' }, 'twilio').attestation, { level: 'C', verified: false, raw: 'TN-Validation-Failed-C' });
  assert.deepEqual(parseInbound('voice', { ...voice, StirVerstat: 'No-TN-Validation' }, 'twilio').attestation, { level: null, verified: null, raw: 'No-TN-Validation' });
  assert.equal(Object.hasOwn(parseInbound('voice', voice, 'twilio'), 'attestation'), false);
  assert.equal(parseInbound('message', { ...sms, StirVerstat: 'TN-Validation-Passed-A' }, 'twilio').attestation, undefined);
});
