// Port-out rules without storage: PINs made and checked, a request checked against them, the due date.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { AppError } from './errors.ts';
import { addBusinessDays } from './business-days.ts';
import { checkPin, pinFromRandomHex, pinMatches, portOutDueDate, portOutRejection } from './port-out.ts';

const DAY = 86_400_000;
const AC = `AC${'1'.repeat(32)}`;

test('a PIN from 64 random bits is always 8 digits', () => {
  fc.assert(fc.property(fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }), (n) => {
    assert.match(pinFromRandomHex(n.toString(16).padStart(16, '0')), /^\d{8}$/);
  }));
  assert.throws(() => pinFromRandomHex('abc'));
});

test("an owner's PIN is 4 to 10 digits", () => {
  assert.equal(checkPin(' 1234 '), '1234');
  assert.equal(checkPin('0123456789'), '0123456789');
  for (const bad of ['123', '12345678901', '12a4', '']) assert.throws(() => checkPin(bad), (err: unknown) => err instanceof AppError && err.twilioCode === 80701);
});

test('PINs match only when equal, whatever their lengths', () => {
  assert.equal(pinMatches('12345678', '12345678'), true);
  for (const other of ['1234567', '123456789', '12345679', '', '1234567\u0000']) assert.equal(pinMatches('12345678', other), false, other);
});

test('a request is rejected for a wrong PIN first, then a wrong account number; no PIN issued matches nothing', () => {
  assert.equal(portOutRejection({ pin: '1234', accountNumber: null }, { pin: '1234', accountSid: AC }), null);
  assert.equal(portOutRejection({ pin: ' 1234 ', accountNumber: ` ${AC} ` }, { pin: '1234', accountSid: AC }), null);
  assert.equal(portOutRejection({ pin: '9999', accountNumber: 'nope' }, { pin: '1234', accountSid: AC })?.code, 'PASSCODE_PIN_INVALID');
  assert.equal(portOutRejection({ pin: '1234', accountNumber: 'nope' }, { pin: '1234', accountSid: AC })?.code, 'ACCOUNT_NUMBER_MISMATCH');
  assert.equal(portOutRejection({ pin: '', accountNumber: null }, { pin: null, accountSid: AC })?.code, 'PASSCODE_PIN_INVALID');
});

test('the due date: one business day at the earliest, the requested date when later, at most 90 days ahead', () => {
  const friday = new Date('2030-01-04T15:00:00Z');
  assert.equal(addBusinessDays(friday, 1).toISOString(), '2030-01-07T15:00:00.000Z', 'over the weekend');
  assert.equal(portOutDueDate(friday, null).toISOString(), '2030-01-07T15:00:00.000Z');
  assert.equal(portOutDueDate(friday, new Date(friday.getTime() - DAY)).toISOString(), '2030-01-07T15:00:00.000Z', 'a past date is the earliest');
  const later = new Date(friday.getTime() + 20 * DAY);
  assert.equal(portOutDueDate(friday, later).getTime(), later.getTime());
  assert.throws(() => portOutDueDate(friday, new Date(friday.getTime() + 91 * DAY)), (err: unknown) => err instanceof AppError && err.twilioCode === 80701);
});
