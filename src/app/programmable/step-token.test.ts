// Step tokens: what a carrier hands back is trusted only when the owning account's auth token signed it.
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { test } from 'node:test';
import fc from 'fast-check';
import { STEP_REFERENCE, stepReference } from '../../domain/programmable/continuation.ts';
import { readStepTraffic, signStep, verifyStep, type StepTarget } from './step-token.ts';

const TOKEN = 'the-account-auth-token';
const TARGET: StepTarget = { trafficSid: 'NT0123456789abcdef0123456789abcdef', url: 'https://app.invalid/gather?lang=en&x="1"', method: 'GET' };

test('a token verifies with the auth token that signed it and names its target', () => {
  const token = signStep(TOKEN, TARGET);
  assert.deepEqual(verifyStep(TOKEN, token), TARGET);
  assert.equal(readStepTraffic(token), TARGET.trafficSid);
});

test('a Record step\'s recordingStatusCallback travels signed in the token; a token without one has none', () => {
  const recorded: StepTarget = { ...TARGET, recordingCallback: { url: 'https://app.invalid/rec?x=1&y="2"', method: 'GET', events: ['completed', 'absent'] } };
  const token = signStep(TOKEN, recorded);
  assert.deepEqual(verifyStep(TOKEN, token), recorded);
  assert.equal('recordingCallback' in (verifyStep(TOKEN, signStep(TOKEN, TARGET)) ?? {}), false);
  // Signed as masq signs (step-token.ts's label), so only the payload's shape can refuse it.
  const selfSigned = (r: unknown): string => {
    const payload = Buffer.from(JSON.stringify({ t: TARGET.trafficSid, u: TARGET.url, m: 'POST', r })).toString('base64url');
    return `${payload}.${createHmac('sha256', TOKEN).update(`masq-step-v1\n${payload}`, 'utf8').digest('base64url')}`;
  };
  assert.deepEqual(verifyStep(TOKEN, selfSigned({ u: 'https://app.invalid/', m: 'POST', e: [] }))?.recordingCallback, { url: 'https://app.invalid/', method: 'POST', events: [] });
  // A payload whose callback is malformed (an unknown event, a bad method) is no target, even correctly signed.
  for (const r of [{ u: 'https://app.invalid/', m: 'POST', e: ['in-progress'] }, { u: 'https://app.invalid/', m: 'PUT', e: [] }, { u: 1, m: 'POST', e: [] }, 'x']) {
    assert.equal(verifyStep(TOKEN, selfSigned(r)), null, JSON.stringify(r));
  }
});

test('another account\'s auth token does not verify it', () => {
  assert.equal(verifyStep('another-token', signStep(TOKEN, TARGET)), null);
});

test('a changed payload or signature is refused', () => {
  const token = signStep(TOKEN, TARGET);
  const [payload = '', signature = ''] = token.split('.');
  const forgedPayload = Buffer.from(JSON.stringify({ t: TARGET.trafficSid, u: 'https://evil.invalid/', m: 'POST' })).toString('base64url');
  assert.equal(verifyStep(TOKEN, `${forgedPayload}.${signature}`), null);
  const flipped = signature.startsWith('A') ? `B${signature.slice(1)}` : `A${signature.slice(1)}`;
  assert.equal(verifyStep(TOKEN, `${payload}.${flipped}`), null);
  assert.equal(verifyStep(TOKEN, `${payload}.${signature.slice(0, -2)}`), null);
});

test('garbage is no token', () => {
  for (const garbage of ['', '.', 'abc', 'a.b.c', 'not a token', `${'a'.repeat(9000)}.b`, 'e30.AAAA']) {
    assert.equal(verifyStep(TOKEN, garbage), null, garbage);
    assert.equal(readStepTraffic(garbage), null, garbage);
  }
});

test('a token signed over something that is not a step target does not verify', () => {
  // Even a correctly signed payload of another shape (an HMAC made for another purpose) is refused.
  const notATarget = signStep(TOKEN, TARGET).replace(/^[^.]+/, Buffer.from('{"t":1}').toString('base64url'));
  assert.equal(verifyStep(TOKEN, notATarget), null);
});

test('property: any target round-trips, and the reference is found again by STEP_REFERENCE in any text', () => {
  fc.assert(fc.property(
    fc.record({
      trafficSid: fc.string(), url: fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string()), method: fc.constantFrom('GET' as const, 'POST' as const),
      recordingCallback: fc.record({ url: fc.webUrl({ withQueryParameters: true }), method: fc.constantFrom('GET' as const, 'POST' as const), events: fc.subarray(['completed' as const, 'absent' as const]) }).map((c) => ({ ...c })),
    }, { requiredKeys: ['trafficSid', 'url', 'method'] }),
    fc.string(),
    (target, auth) => {
      const token = signStep(auth, target);
      assert.match(token, /^[A-Za-z0-9_.-]+$/);
      assert.deepEqual(verifyStep(auth, token), { ...target });
      const text = `<Gather action="${stepReference(token)}"/> and <Redirect>${stepReference(token)}</Redirect>`;
      assert.deepEqual([...text.matchAll(STEP_REFERENCE)].map((m) => m[1]), [token, token]);
    },
  ));
});
