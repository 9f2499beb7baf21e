// TeXML's form webhooks through the Telnyx adapter (inbound calls, <Dial action> and call status
// callbacks) and the TeXML it answers with: <Dial callerId><Number/></Dial>, escaped, status URLs under
// the account's webhook base.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { telnyxSigningKeys, telnyxWebhook } from '../../../test/support/fake-telnyx-api.ts';
import type { CallPlan, PlanVerb } from '../../domain/call-plan.ts';
import { AppError } from '../../domain/errors.ts';
import type { WebhookAdapter, WebhookEvent } from '../../ports/carrier.ts';
import { createTelnyxAccount } from './account.ts';

const WEBHOOK_BASE = 'https://masq.invalid/webhooks/telnyx-us';

const adapter: WebhookAdapter = (() => {
  const { webhooks } = createTelnyxAccount({
    name: 'telnyx-us', apiKey: 'KEY-test', publicKey: telnyxSigningKeys().publicKey, apiUrl: 'http://127.0.0.1:9',
    messagingProfileId: null, webhookBase: WEBHOOK_BASE,
  });
  assert.ok(webhooks);
  return webhooks;
})();

/** What TeXML posts to the application's voice URL for an inbound call. */
const call = {
  AccountSid: '2db1ac54-04ca-4e4a-a2d0-1f7e5b1e0f57', CallSid: 'v3:6fd3b5c9d6', CallSidLegacy: 'v3:6fd3b5c9d6', ConnectionId: '1494404757140276705',
  From: '+14155550001', To: '+14155551212', CallStatus: 'ringing', Direction: 'inbound', CallerId: '+14155550001',
};

const form = (params: Record<string, string>): string => new URLSearchParams(params).toString();
const parse = (path: string, params: Record<string, string>, query: Record<string, string> = {}): WebhookEvent =>
  adapter.parse(telnyxWebhook(path, form(params), { query }));

const rejects80701 = (work: () => unknown, parameter: string) =>
  assert.throws(work, (err: unknown) => err instanceof AppError && err.twilioCode === 80701 && err.message.includes(`'${parameter}'`));

test('an inbound call: CallSid as the resource, normalised numbers, every parameter kept for callbacks', () => {
  const event = parse('voice', call);
  assert.equal(event.kind, 'inbound');
  if (event.kind !== 'inbound') return;
  assert.deepEqual(
    { channel: event.event.channel, carrier: event.event.carrier, resourceSid: event.event.resourceSid, from: event.event.from, to: event.event.to, body: event.event.body },
    { channel: 'voice', carrier: 'telnyx-us', resourceSid: 'v3:6fd3b5c9d6', from: '+14155550001', to: '+14155551212', body: '' },
  );
  assert.deepEqual(event.event.carrierParams, call);
  const mexican = parse('voice', { ...call, From: '+5215512345678' });
  assert.equal(mexican.kind === 'inbound' ? mexican.event.from : mexican.kind, '+525512345678');
});

test('a withheld caller is reported as such; a missing or unusable From/To/CallSid is 80701', () => {
  for (const From of ['Anonymous', 'restricted', '', 'sip:anonymous@anonymous.invalid']) {
    assert.deepEqual(parse('voice', { ...call, From }), { kind: 'withheld', channel: 'voice' }, From);
  }
  const { From: _from, ...noFrom } = call;
  rejects80701(() => parse('voice', noFrom), 'From');
  rejects80701(() => parse('voice', { ...call, From: 'caller' }), 'From');
  rejects80701(() => parse('voice', { ...call, To: '' }), 'To');
  rejects80701(() => parse('voice', { ...call, CallSid: ' ' }), 'CallSid');
});

test('the <Dial action> callback reports the partner leg, naming the interaction from the URL', () => {
  const params = { ...call, CallStatus: 'in-progress', DialCallSid: 'v3:partner-leg', DialCallStatus: 'completed', DialCallDuration: '42' };
  assert.deepEqual(parse('dial-status', params, { Interaction: 'KI0123' }), {
    kind: 'status',
    report: { interactionSid: 'KI0123', resourceSid: 'v3:partner-leg', resourceType: 'Call', status: 'completed', durationSeconds: 42, errorCode: null },
  });
  // A dial that placed no call still ends the interaction's outbound leg.
  assert.deepEqual(parse('dial-status', { ...call, DialCallStatus: 'no_answer' }), {
    kind: 'status',
    report: { interactionSid: null, resourceSid: null, resourceType: 'Call', status: 'no-answer', durationSeconds: null, errorCode: null },
  });
  rejects80701(() => parse('dial-status', { ...call, DialCallSid: 'v3:x' }), 'DialCallStatus');
});

test('the call status callback reports the inbound leg; one naming no call is ignored', () => {
  assert.deepEqual(parse('call-status', { ...call, CallStatus: 'busy', CallDuration: 'n/a' }), {
    kind: 'status',
    report: { interactionSid: null, resourceSid: 'v3:6fd3b5c9d6', resourceType: 'Call', status: 'busy', durationSeconds: null, errorCode: null },
  });
  const { CallSid: _sid, CallSidLegacy: _legacy, ...noSid } = call;
  assert.equal(parse('call-status', { ...noSid, CallStatus: 'completed' }).kind, 'ignored');
  const odd = parse('call-status', { ...call, CallStatus: 'teleported' });
  assert.equal(odd.kind === 'status' ? odd.report.status : odd.kind, 'unknown');
});

const plan = (verbs: readonly PlanVerb[], interactionSid: string | null = 'KI0123'): CallPlan => ({ channel: 'voice', interactionSid, verbs, refusal: null });
const answerTo = (verbs: readonly PlanVerb[]) => adapter.answer(plan(verbs), verbs, { webhookBase: WEBHOOK_BASE });

test('a dial plan answers with TeXML <Dial callerId> to the partner, its action under the webhook base', () => {
  const answer = answerTo([{ verb: 'dial', callerId: '+14155551212', to: '+14155550002', timeoutSeconds: 30 }]);
  assert.equal(answer.status, 200);
  assert.equal(answer.contentType, 'text/xml');
  assert.equal(answer.body,
    '<?xml version="1.0" encoding="UTF-8"?><Response>'
    + `<Dial callerId="+14155551212" answerOnBridge="true" action="${WEBHOOK_BASE}/dial-status?Interaction=KI0123" timeout="30">`
    + '<Number>+14155550002</Number></Dial></Response>');
});

test('hostile text is escaped, never markup; a refused call is a <Reject/>', () => {
  const answer = answerTo([{ verb: 'say', text: 'Bye </Say><Dial>+19005550000</Dial> & "more"' }, { verb: 'hangup' }]);
  assert.equal(answer.body,
    '<?xml version="1.0" encoding="UTF-8"?><Response><Say>Bye &lt;/Say&gt;&lt;Dial&gt;+19005550000&lt;/Dial&gt; &amp; "more"</Say><Hangup/></Response>');
  assert.match(answerTo([{ verb: 'reject' }]).body, /<Response><Reject\/><\/Response>$/);
});

test('messages are answered with a bare 200 (they leave by API); callbacks with an empty TeXML document', () => {
  const message: PlanVerb = { verb: 'message', carrier: 'telnyx-us', from: '+14155551212', to: '+14155550002', body: 'hi', mediaUrls: [], reply: false };
  assert.deepEqual(adapter.answer({ ...plan([message]), channel: 'message' }, [], { webhookBase: WEBHOOK_BASE }), { status: 200, contentType: null, body: '' });
  assert.deepEqual(adapter.acknowledge(), { status: 200, contentType: 'text/xml', body: '<?xml version="1.0" encoding="UTF-8"?><Response/>' });
});

test('the adapter takes JSON and forms up to 64 KiB', () => {
  assert.equal(adapter.bodyLimit, 64 * 1024);
  assert.deepEqual([...adapter.contentTypes].sort(), ['application/json', 'application/x-www-form-urlencoded']);
});

test("an inbound call's ShakenStirAttestation and ShakenStirValidated become its attestation", () => {
  const attested = parse('voice', { ...call, ShakenStirAttestation: 'B', ShakenStirValidated: 'false' });
  assert.ok(attested.kind === 'inbound');
  assert.deepEqual(attested.event.attestation, { level: 'B', verified: false, raw: 'B' });
  const plain = parse('voice', call);
  assert.ok(plain.kind === 'inbound');
  assert.equal(Object.hasOwn(plain.event, 'attestation'), false, 'a TeXML application without shaken_stir_enabled sends none');
});
