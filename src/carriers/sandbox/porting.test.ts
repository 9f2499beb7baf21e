import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { inStock } from '../../domain/numbering-plan/plan.ts';
import type { LosingCarrierInformation } from '../../domain/porting/port-in.ts';
import { mismatchOf, SandboxPorting } from './porting.ts';
import { subscriberOf } from './subscribers.ts';

const held = (lineType: 'wireless' | 'wireline') => {
  for (let n = 2_125_550_000; ; n++) {
    const r = subscriberOf(`+1${n}`);
    if (r && r.lineType === lineType) return r;
  }
};

describe('the sandbox as a losing carrier', () => {
  test('records are deterministic, exist only for numbers out of stock, and ten numbers share an account', () => {
    const r = held('wireless');
    assert.deepEqual(subscriberOf(r.phoneNumber), r);
    assert.ok(!inStock(r.phoneNumber));
    assert.match(r.pin ?? '', /^\d{4}$/);
    assert.ok(r.focBusinessDays >= 1 && r.focBusinessDays <= 3);
    const w = held('wireline');
    assert.equal(w.pin, null);
    assert.ok(w.focBusinessDays >= 5 && w.focBusinessDays <= 20);
    assert.equal(subscriberOf('+18005550199'), null);
    assert.equal(subscriberOf('+442071838750'), null);
  });

  test('a submission is checked field by field; a match is accepted with its FOC date', async () => {
    const r = held('wireless');
    const holder: LosingCarrierInformation = {
      customerName: r.customerName.toUpperCase(), customerType: r.customerType, accountNumber: r.accountNumber, accountTelephoneNumber: null,
      authorizedRepresentative: 'x', authorizedRepresentativeEmail: 'x@example.invalid', addressSid: null,
      address: { street: null, street2: null, city: null, state: null, zip: r.address.zip, country: null },
    };
    const submission = { e164: r.phoneNumber, pin: r.pin, holder, submittedAt: new Date('2030-01-07T10:00:00Z'), targetDate: null, documents: [], idempotencyKey: 'k' };
    assert.equal(mismatchOf(r, submission), null);
    assert.equal(mismatchOf(r, { ...submission, pin: null }), 'PASSCODE_PIN_INVALID');
    assert.equal(mismatchOf(r, { ...submission, holder: { ...holder, accountNumber: null } }), 'ACCOUNT_NUMBER_MISMATCH');
    assert.equal(mismatchOf(r, { ...submission, holder: { ...holder, address: null } }), 'LOCATION_MISMATCH');
    const decision = await new SandboxPorting().submit(submission);
    assert.equal(decision.kind, 'accepted');
  });
});
