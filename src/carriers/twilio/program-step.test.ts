// A programmable call's step callbacks through the Twilio-shaped adapters (Twilio, SignalWire): signed over
// the whole step URL, query included; parsed into a program-step event; and the answer to a program plan,
// the app's TwiML passed through with masq's step URLs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import twilio from 'twilio';
import type { CallPlan } from '../../domain/call-plan.ts';
import { AppError } from '../../domain/errors.ts';
import { stepReference } from '../../domain/programmable/continuation.ts';
import type { RawWebhook, WebhookAdapter } from '../../ports/carrier.ts';
import { createSignalWireAccount } from '../signalwire/account.ts';
import { createTwilioAccount } from './account.ts';

const AUTH_TOKEN = 'step-test-auth-token';
const BASE = 'https://masq.invalid/webhooks/twilio';
const TOKEN = 'eyJ0IjoiTlQxIn0.c2lnbmF0dXJl-_1';

const adapterOf = (): WebhookAdapter => {
  const { webhooks } = createTwilioAccount({ name: 'twilio', accountSid: `AC${'1'.repeat(32)}`, authToken: AUTH_TOKEN, apiUrl: 'http://127.0.0.1:9', webhookBase: BASE });
  assert.ok(webhooks);
  return webhooks;
};

/** What Twilio posts to a <Gather action> once the caller pressed keys. */
const gathered = {
  AccountSid: `AC${'1'.repeat(32)}`, CallSid: 'CA0123', From: '+14155550001', To: '+14155551212', CallStatus: 'in-progress',
  Direction: 'inbound', ApiVersion: '2010-04-01', Digits: '1', FinishedOnKey: '',
};

const stepRequest = (params: Record<string, string>, query: Record<string, string>, signedUrl?: string): RawWebhook => {
  const url = `${BASE}/program?${new URLSearchParams(query).toString()}`;
  return {
    path: 'program',
    url,
    headers: { 'x-twilio-signature': twilio.getExpectedTwilioSignature(AUTH_TOKEN, signedUrl ?? url, params) },
    contentType: 'application/x-www-form-urlencoded',
    rawBody: Buffer.from(new URLSearchParams(params).toString()),
    query,
  };
};

test('a step callback signed over the step URL, ?Step= included, verifies; one signed without the query does not', () => {
  const adapter = adapterOf();
  const now = new Date();
  assert.equal(adapter.verify(stepRequest(gathered, { Step: TOKEN }), now), null);
  assert.match(adapter.verify(stepRequest(gathered, { Step: TOKEN }, `${BASE}/program`), now) ?? '', /X-Twilio-Signature/);
  assert.match(adapter.verify(stepRequest(gathered, { Step: TOKEN }, `${BASE}/program?Step=another`), now) ?? '', /X-Twilio-Signature/);
});

test('a step callback is a program-step event: the token, the call, and every parameter as it came', () => {
  const dialed = { ...gathered, DialCallSid: 'CA9', DialCallStatus: 'no-answer', DialCallDuration: '0', RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1' };
  assert.deepEqual(adapterOf().parse(stepRequest(dialed, { Step: TOKEN })), { kind: 'program-step', step: TOKEN, resourceSid: 'CA0123', params: dialed });
});

test('a step callback without its Step or its CallSid is 80701', () => {
  const adapter = adapterOf();
  const rejects = (request: RawWebhook, parameter: string) =>
    assert.throws(() => adapter.parse(request), (err: unknown) => err instanceof AppError && err.twilioCode === 80701 && err.message.includes(`'${parameter}'`));
  rejects(stepRequest(gathered, {}), 'Step');
  rejects(stepRequest(gathered, { Step: ' ' }), 'Step');
  const { CallSid: _omitted, ...withoutCall } = gathered;
  rejects(stepRequest(withoutCall, { Step: TOKEN }), 'CallSid');
});

const programPlan = (passThrough: string): CallPlan => ({
  channel: 'voice',
  interactionSid: null,
  verbs: [{ verb: 'program', trafficSid: 'NT1', verbs: [{ verb: 'Redirect', url: stepReference(TOKEN) }], passThrough }],
  refusal: null,
});

test('Twilio and SignalWire answer a program plan with the app\'s own TwiML, the step URL under their webhook base', () => {
  const app = `<Response><Pay/><Redirect method="GET">${stepReference(TOKEN)}</Redirect></Response>`;
  const plan = programPlan(app);
  const twilioAnswer = adapterOf().answer(plan, plan.verbs, { webhookBase: BASE });
  assert.deepEqual(twilioAnswer, { status: 200, contentType: 'text/xml', body: `<Response><Pay/><Redirect method="POST">${BASE}/program?Step=${TOKEN}</Redirect></Response>` });
  const signalwire = createSignalWireAccount({
    name: 'sw', projectId: 'p', apiToken: 't', signingKey: 'k', spaceUrl: 'http://127.0.0.1:9', webhookBase: 'https://masq.invalid/webhooks/sw',
  }).webhooks;
  assert.ok(signalwire);
  assert.equal(signalwire.answer(plan, plan.verbs, { webhookBase: 'https://masq.invalid/webhooks/sw' }).body,
    `<Response><Pay/><Redirect method="POST">https://masq.invalid/webhooks/sw/program?Step=${TOKEN}</Redirect></Response>`);
});
