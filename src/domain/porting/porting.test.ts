import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addBusinessDays } from '../business-days.ts';
import { AppError } from '../errors.ts';
import { normalizedBody, parsePhoneNumbers, parseTargetDate, snakeKey } from './body.ts';
import { focDateOf } from './losing-carrier.ts';
import { canMoveNumber, requestStatusOf } from './port-in.ts';
import { REJECTION_CODES, rejectionOf } from './rejection-codes.ts';

describe('port-in domain', () => {
  test('keys in any case become snake_case, recursively', () => {
    assert.deepEqual([snakeKey('accountSid'), snakeKey('AccountSid'), snakeKey('account_sid'), snakeKey('street2'), snakeKey('street_2')],
      ['account_sid', 'account_sid', 'account_sid', 'street_2', 'street_2']);
    assert.deepEqual(normalizedBody({ losingCarrierInformation: { customerName: 'A', address: { street2: 'B' } }, phoneNumbers: [{ phoneNumber: '+1' }] }),
      { losing_carrier_information: { customer_name: 'A', address: { street_2: 'B' } }, phone_numbers: [{ phone_number: '+1' }] });
    assert.throws(() => normalizedBody([1]), AppError);
  });

  test('phone numbers: 1 to 1000, no repeats', () => {
    assert.throws(() => parsePhoneNumbers({ phone_numbers: [] }), AppError);
    assert.throws(() => parsePhoneNumbers({ phone_numbers: Array.from({ length: 1001 }, (_, i) => ({ phone_number: `+1212555${i}` })) }), AppError);
    assert.throws(() => parsePhoneNumbers({ phone_numbers: [{ phone_number: '+12125550100' }, { phone_number: '+12125550100' }] }), AppError);
    assert.deepEqual(parsePhoneNumbers({ phone_numbers: [{ phone_number: '+12125550100', pin: 1234 }] }), [{ phoneNumber: '+12125550100', pin: '1234' }]);
  });

  test('the target date is at least 7 days out', () => {
    const now = new Date('2030-01-01T12:00:00Z');
    assert.equal(parseTargetDate({ target_port_in_date: '2030-01-08' }, now, 7), '2030-01-08');
    assert.throws(() => parseTargetDate({ target_port_in_date: '2030-01-07' }, now, 7), AppError);
    assert.throws(() => parseTargetDate({ target_port_in_date: '2030-02-30' }, now, 7), AppError);
  });

  test('business days skip weekends; a later target date wins', () => {
    const friday = new Date('2030-01-04T15:00:00Z');
    assert.equal(addBusinessDays(friday, 1).toISOString(), '2030-01-07T15:00:00.000Z');
    assert.equal(addBusinessDays(friday, 3).toISOString(), '2030-01-09T15:00:00.000Z');
    assert.equal(focDateOf(friday, 1, '2030-01-20').toISOString(), '2030-01-20T15:00:00.000Z');
    assert.equal(focDateOf(friday, 1, '2030-01-05').toISOString(), '2030-01-07T15:00:00.000Z');
  });

  test('the request follows its numbers', () => {
    const n = (...statuses: Parameters<typeof canMoveNumber>[0][]) => statuses.map((status) => ({ status }));
    assert.equal(requestStatusOf('Waiting for Signature', n('Waiting for Signature', 'Canceled')), 'Waiting for Signature');
    assert.equal(requestStatusOf('Waiting for Signature', n('Canceled')), 'Canceled');
    assert.equal(requestStatusOf('In progress', n('Pending', 'Rejected')), 'Action Required');
    assert.equal(requestStatusOf('Action Required', n('Pending', 'Submitted')), 'In progress');
    assert.equal(requestStatusOf('In progress', n('Completed', 'Canceled')), 'Completed');
    assert.equal(requestStatusOf('Expired', n('Canceled')), 'Expired');
    assert.ok(canMoveNumber('Rejected', 'Submitted'));
    assert.ok(!canMoveNumber('Completed', 'Canceled'));
  });

  test('21 rejection codes with distinct masq integers', () => {
    const codes = Object.values(REJECTION_CODES).map((c) => c.code);
    assert.equal(codes.length, 21);
    assert.equal(new Set(codes).size, 21);
    assert.deepEqual(rejectionOf('PASSCODE_PIN_INVALID')?.code, 1012);
    assert.equal(rejectionOf('NOPE'), null);
  });
});
