// STIR/SHAKEN in each carrier's words -> one attestation, and back to Twilio's verstat for the interaction.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { attestationData, attestationFromSandbox, attestationFromTelnyx, attestationFromVerstat, trustedLevel, verstatOf } from './attestation.ts';
import { AppError } from './errors.ts';

test("Twilio's verstat: level and verification when it has them, the raw text always", () => {
  for (const level of ['A', 'B', 'C'] as const) {
    assert.deepEqual(attestationFromVerstat(`TN-Validation-Passed-${level}`), { level, verified: true, raw: `TN-Validation-Passed-${level}` });
    assert.deepEqual(attestationFromVerstat(`TN-Validation-Failed-${level}`), { level, verified: false, raw: `TN-Validation-Failed-${level}` });
  }
  assert.deepEqual(attestationFromVerstat('TN-Validation-Failed'), { level: null, verified: false, raw: 'TN-Validation-Failed' });
  assert.deepEqual(attestationFromVerstat('No-TN-Validation'), { level: null, verified: null, raw: 'No-TN-Validation' });
  assert.deepEqual(attestationFromVerstat(' something-new '), { level: null, verified: null, raw: 'something-new' }, 'a value Twilio adds later is kept, unread');
  assert.equal(attestationFromVerstat(undefined), undefined);
  assert.equal(attestationFromVerstat('  '), undefined);
  assert.equal(attestationFromVerstat('x'.repeat(500))?.raw.length, 64, 'bounded against hostile input');
});

test("Telnyx's attestation and validated flag", () => {
  assert.deepEqual(attestationFromTelnyx('A', 'true'), { level: 'A', verified: true, raw: 'A' });
  assert.deepEqual(attestationFromTelnyx('c', false), { level: 'C', verified: false, raw: 'c' });
  assert.deepEqual(attestationFromTelnyx('A', undefined), { level: 'A', verified: null, raw: 'A' });
  assert.equal(attestationFromTelnyx(undefined, undefined), undefined);
  assert.equal(attestationFromTelnyx('', ''), undefined);
});

test("the verstat recorded on an interaction, whatever the carrier's words", () => {
  assert.equal(verstatOf({ level: 'B', verified: true, raw: 'B' }), 'TN-Validation-Passed-B');
  assert.equal(verstatOf({ level: 'A', verified: false, raw: 'A' }), 'TN-Validation-Failed-A');
  assert.equal(verstatOf({ level: 'A', verified: null, raw: 'A' }), null, 'not claimed as passed when the carrier did not say');
  assert.equal(verstatOf({ level: null, verified: null, raw: '' }), 'No-TN-Validation');
  assert.deepEqual(attestationData({ level: 'C', verified: true, raw: 'TN-Validation-Passed-C' }), { stir_verstat: 'TN-Validation-Passed-C', attestation: 'C', attestation_verified: true });
});

test('the sandbox takes a level letter or a verstat, and refuses anything else', () => {
  assert.deepEqual(attestationFromSandbox('a'), { level: 'A', verified: true, raw: 'a' });
  assert.deepEqual(attestationFromSandbox('TN-Validation-Failed-B'), { level: 'B', verified: false, raw: 'TN-Validation-Failed-B' });
  assert.equal(attestationFromSandbox(undefined), undefined);
  assert.throws(() => attestationFromSandbox('D'), (err: unknown) => err instanceof AppError && err.twilioCode === 80701);
});

test('a routing decision trusts a level only when the signature was not reported as failed', () => {
  assert.equal(trustedLevel(attestationFromVerstat('TN-Validation-Passed-A')), 'A');
  assert.equal(trustedLevel(attestationFromVerstat('TN-Validation-Failed-A')), null);
  assert.equal(trustedLevel(attestationFromTelnyx('B', 'false')), null);
  assert.equal(trustedLevel(attestationFromTelnyx('B', undefined)), 'B');
  assert.equal(trustedLevel(undefined), null);
});
