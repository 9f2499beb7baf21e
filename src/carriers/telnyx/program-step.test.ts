// A programmable call on Telnyx: TeXML's step callbacks (signed ed25519 like every Telnyx webhook) parsed
// into program-step events, and a program plan answered with its verbs translated to TeXML, never the
// app's own TwiML.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { signedTelnyxRequest, telnyxSigningKeys, telnyxWebhook } from '../../../test/support/fake-telnyx-api.ts';
import type { CallPlan } from '../../domain/call-plan.ts';
import { AppError } from '../../domain/errors.ts';
import { stepReference } from '../../domain/programmable/continuation.ts';
import type { WebhookAdapter } from '../../ports/carrier.ts';
import { createTelnyxAccount } from './account.ts';

const WEBHOOK_BASE = 'https://masq.invalid/webhooks/telnyx';
const TOKEN = 'eyJ0IjoiTlQxIn0.c2lnbmF0dXJl-_1';
const keys = telnyxSigningKeys();

const adapter: WebhookAdapter = (() => {
  const { webhooks } = createTelnyxAccount({
    name: 'telnyx', apiKey: 'KEY-test', publicKey: keys.publicKey, apiUrl: 'http://127.0.0.1:9', messagingProfileId: null, webhookBase: WEBHOOK_BASE,
  });
  assert.ok(webhooks);
  return webhooks;
})();

/** What TeXML posts to a <Gather action> once the caller pressed keys (TwiML's names, plus its own). */
const gathered = {
  AccountSid: '2db1ac54-04ca-4e4a-a2d0-1f7e5b1e0f57', CallSid: 'v3:6fd3b5c9d6', CallSidLegacy: 'v3:6fd3b5c9d6', ConnectionId: '1494404757140276705',
  From: '+14155550001', To: '+14155551212', CallStatus: 'in-progress', Direction: 'inbound', Digits: '2',
};
const form = (params: Record<string, string>): string => new URLSearchParams(params).toString();

test('a signed TeXML step callback verifies and is a program-step event: token, CallSid, every parameter', () => {
  const body = form(gathered);
  const now = Math.floor(Date.now() / 1000);
  const request = telnyxWebhook('program', body, { query: { Step: TOKEN }, headers: signedTelnyxRequest(keys.privateKey, body, now) });
  assert.equal(adapter.verify(request, new Date(now * 1000)), null);
  assert.deepEqual(adapter.parse(request), { kind: 'program-step', step: TOKEN, resourceSid: 'v3:6fd3b5c9d6', params: gathered });
  const forged = telnyxWebhook('program', body, { query: { Step: TOKEN }, headers: signedTelnyxRequest(telnyxSigningKeys().privateKey, body, now) });
  assert.notEqual(adapter.verify(forged, new Date(now * 1000)), null);
});

test('a TeXML step callback without its Step or its CallSid is 80701', () => {
  const rejects = (work: () => unknown, parameter: string) =>
    assert.throws(work, (err: unknown) => err instanceof AppError && err.twilioCode === 80701 && err.message.includes(`'${parameter}'`));
  rejects(() => adapter.parse(telnyxWebhook('program', form(gathered))), 'Step');
  const { CallSid: _sid, ...noCall } = gathered;
  rejects(() => adapter.parse(telnyxWebhook('program', form(noCall), { query: { Step: TOKEN } })), 'CallSid');
});

test('a program plan is answered in TeXML from its verbs, the app\'s TwiML not passed through', () => {
  const plan: CallPlan = {
    channel: 'voice',
    interactionSid: null,
    verbs: [{
      verb: 'program',
      trafficSid: 'NT1',
      verbs: [
        { verb: 'Gather', action: stepReference(TOKEN), numDigits: 1, timeout: 500, prompts: [{ verb: 'Say', text: 'Press 1 & wait' }] },
        { verb: 'Record', action: stepReference(TOKEN), transcribe: false },
      ],
      passThrough: `<Response><Pay/><Gather action="${stepReference(TOKEN)}"/></Response>`,
    }],
    refusal: null,
  };
  const answer = adapter.answer(plan, plan.verbs, { webhookBase: WEBHOOK_BASE });
  assert.deepEqual(answer, {
    status: 200,
    contentType: 'text/xml',
    body: '<?xml version="1.0" encoding="UTF-8"?><Response>'
      + `<Gather numDigits="1" timeout="120" action="${WEBHOOK_BASE}/program?Step=${TOKEN}"><Say>Press 1 &amp; wait</Say></Gather>`
      + `<Record action="${WEBHOOK_BASE}/program?Step=${TOKEN}" timeout="5" transcription="false"/></Response>`,
  });
});
