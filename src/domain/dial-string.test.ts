import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dialString } from './dial-string.ts';
import { DEFAULT_DIAL_RULES, type DialRules } from './service.ts';

const AR: DialRules = { argentinaMobileNine: true, mexicoLegacyOne: false };
const MX: DialRules = { argentinaMobileNine: false, mexicoLegacyOne: true };

test('by default every number is dialled as stored', () => {
  for (const n of ['+541112345678', '+525512345678', '+14155551212']) {
    assert.equal(dialString(n, 'voice', DEFAULT_DIAL_RULES), n);
    assert.equal(dialString(n, 'sms', DEFAULT_DIAL_RULES), n);
  }
});

test("Argentina: voice calls to a mobile get the '9' after +54 when the service asks for it", () => {
  assert.equal(dialString('+541112345678', 'voice', AR), '+5491112345678');
  assert.equal(dialString('+542231234567', 'voice', AR), '+5492231234567'); // Twilio's own example
});

test("Argentina: SMS never gets the '9'", () => {
  assert.equal(dialString('+541112345678', 'sms', AR), '+541112345678');
});

test("Argentina: a number that already has its '9', or a toll-free one, is left alone", () => {
  assert.equal(dialString('+5491112345678', 'voice', AR), '+5491112345678');
  assert.equal(dialString('+548001234567', 'voice', AR), '+548001234567');
});

test("Mexico: the legacy '1' after +52 goes on voice and SMS when the service asks for it", () => {
  assert.equal(dialString('+525512345678', 'voice', MX), '+5215512345678');
  assert.equal(dialString('+525512345678', 'sms', MX), '+5215512345678');
});

test("Mexico: never a second '1', never on toll-free numbers", () => {
  assert.equal(dialString('+5215512345678', 'voice', MX), '+5215512345678');
  assert.equal(dialString('+528001234567', 'sms', MX), '+528001234567');
});

test('the rules touch only their own country', () => {
  const both: DialRules = { argentinaMobileNine: true, mexicoLegacyOne: true };
  assert.equal(dialString('+14155551212', 'voice', both), '+14155551212');
  assert.equal(dialString('+447700900123', 'sms', both), '+447700900123');
});
