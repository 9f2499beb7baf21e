import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { defaultRateCard } from './rate-card.ts';
import { billableSeconds, billedSegments, rateCallLeg, rateFee, rateLease, rateMms, rateSms, ratedNumberType } from './rating.ts';

const twilio = defaultRateCard('twilio');
const telnyx = defaultRateCard('telnyx');

describe('rating', () => {
  it('tells a number\'s type from the inventory, else from its E.164; digits only is a short code', () => {
    assert.equal(ratedNumberType('+18005550100'), 'tollfree');
    assert.equal(ratedNumberType('+14155550100'), 'local');
    assert.equal(ratedNumberType('+447911123456'), 'mobile');
    assert.equal(ratedNumberType('12345'), 'shortcode');
    assert.equal(ratedNumberType('+14155550100', 'toll-free'), 'tollfree');
    assert.equal(ratedNumberType('+18005550100', 'local'), 'local');
  });

  it('bills SMS per segment: 160/153 GSM-7, extension characters count twice, any other character makes it UCS-2 (70/67)', () => {
    const local = (body: string) => billedSegments({ numberType: 'local', body, counterpart: '+14155550101' });
    assert.equal(local('a'.repeat(160)), 1);
    assert.equal(local('a'.repeat(161)), 2);
    assert.equal(local('€'.repeat(80)), 1);
    assert.equal(local('€'.repeat(81)), 2);
    assert.equal(local('a'.repeat(306)), 2);
    assert.equal(local('a'.repeat(307)), 3);
    assert.equal(local(`${'a'.repeat(69)}é`), 1); // é is GSM-7
    assert.equal(local(`${'a'.repeat(69)}ç`), 2 - 1); // ç: UCS-2, 70 units fit one segment
    assert.equal(local(`${'a'.repeat(70)}ç`), 2);
    assert.equal(local('😀'.repeat(35)), 1); // 70 UTF-16 units
    assert.equal(local('😀'.repeat(36)), 2);
  });

  it('uses 152/66 per part for a toll-free sender to the US or Canada, 153/67 otherwise', () => {
    const body = 'a'.repeat(306);
    assert.equal(billedSegments({ numberType: 'tollfree', body, counterpart: '+14155550101' }), 3);
    assert.equal(billedSegments({ numberType: 'tollfree', body, counterpart: '+16135550101' }), 3); // Canada
    assert.equal(billedSegments({ numberType: 'tollfree', body, counterpart: '+447700900123' }), 2);
    assert.equal(billedSegments({ numberType: 'local', body, counterpart: '+14155550101' }), 2);
    assert.equal(billedSegments({ numberType: 'tollfree', body: 'ç'.repeat(132), counterpart: '+14155550101' }), 2);
    assert.equal(billedSegments({ numberType: 'tollfree', body: 'ç'.repeat(133), counterpart: '+14155550101' }), 3);
  });

  it('prices segments in micro-units, with the carrier surcharge on outbound toll-free segments only', () => {
    const out = rateSms(twilio, { direction: 'outbound', numberType: 'tollfree', body: 'a'.repeat(200), counterpart: '+14155550101' });
    assert.deepEqual(out.map((p) => [p.category, p.billableQuantity, p.rateMicros, p.amountMicros]), [
      ['sms-outbound-tollfree', 2, 8300, 16_600], ['sms-messages-carrierfees', 2, 2500, 5000],
    ]);
    const inbound = rateSms(twilio, { direction: 'inbound', numberType: 'local', body: 'hi', counterpart: '+14155550101' });
    assert.deepEqual(inbound.map((p) => [p.category, p.quantity, p.unit, p.amountMicros]), [['sms-inbound-longcode', 1, 'segments', 8300]]);
    assert.equal(rateSms(twilio, { direction: 'outbound', numberType: 'shortcode', body: 'x', counterpart: '+14155550101' })[0]?.category, 'sms-outbound-shortcode');
  });

  it('prices an MMS per message', () => {
    assert.deepEqual(rateMms(twilio, { direction: 'inbound', numberType: 'local' }), {
      category: 'mms-inbound', quantity: 1, unit: 'messages', billableQuantity: 1, rateMicros: 16_500, amountMicros: 16_500,
    });
    assert.equal(rateMms(twilio, { direction: 'outbound', numberType: 'local' }).amountMicros, 22_000);
  });

  it('rounds a call leg up to the increment: 60/60, 6/6, 1/1, and a different first increment', () => {
    assert.deepEqual([0, 1, 60, 61, 120, 121].map((s) => billableSeconds(s, { first: 60, next: 60 })), [0, 60, 60, 120, 120, 180]);
    assert.deepEqual([1, 6, 7, 61].map((s) => billableSeconds(s, { first: 6, next: 6 })), [6, 6, 12, 66]);
    assert.deepEqual([1, 59, 61].map((s) => billableSeconds(s, { first: 1, next: 1 })), [1, 59, 61]);
    assert.deepEqual([1, 30, 31, 37].map((s) => billableSeconds(s, { first: 30, next: 6 })), [30, 30, 36, 42]);
    assert.equal(billableSeconds(60.2, { first: 60, next: 60 }), 120);
  });

  it('prices each leg of a call: inbound by the number\'s type, outbound flat, amounts per billed second', () => {
    const inbound = rateCallLeg(twilio, { direction: 'inbound', numberType: 'tollfree', durationSeconds: 61 });
    assert.deepEqual(inbound, { category: 'calls-inbound-tollfree', quantity: 61, unit: 'seconds', billableQuantity: 120, rateMicros: 22_000, amountMicros: 44_000 });
    const outbound = rateCallLeg(telnyx, { direction: 'outbound', numberType: 'local', durationSeconds: 61 });
    assert.deepEqual([outbound?.category, outbound?.billableQuantity, outbound?.amountMicros], ['calls-outbound', 66, 11_000]);
    assert.equal(rateCallLeg(twilio, { direction: 'inbound', numberType: 'local', durationSeconds: 0 }), null);
    assert.equal(rateCallLeg(twilio, { direction: 'inbound', numberType: 'mobile', durationSeconds: 5 })?.category, 'calls-inbound-mobile');
  });

  it('prorates a lease by the day and prices fees per registration or number', () => {
    assert.equal(rateLease(twilio, 'local', { days: 31, daysInPeriod: 31 }).amountMicros, 1_150_000);
    assert.equal(rateLease(twilio, 'local', { days: 10, daysInPeriod: 30 }).amountMicros, 383_333);
    assert.equal(rateLease(twilio, 'tollfree', { days: 1, daysInPeriod: 28 }).category, 'phonenumbers-tollfree');
    assert.deepEqual(rateFee(twilio, 'a2p-10dlc-registrationfees-campaignvetting'), {
      category: 'a2p-10dlc-registrationfees-campaignvetting', quantity: 1, unit: 'registrations', billableQuantity: 1, rateMicros: 15_000_000, amountMicros: 15_000_000,
    });
    assert.deepEqual([rateFee(twilio, 'phonenumbers-porting', 3).unit, rateFee(twilio, 'phonenumbers-porting', 3).amountMicros], ['numbers', 0]);
  });

  it('never produces a fractional or negative amount (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 10_000_000 }), fc.integer({ min: 1, max: 120 }), fc.integer({ min: 1, max: 120 }),
      (seconds, rate, first, next) => {
        const card = { ...twilio, voice: { ...twilio.voice, outbound: rate, increment: { first, next } } };
        const leg = rateCallLeg(card, { direction: 'outbound', numberType: 'local', durationSeconds: seconds });
        if (leg === null) return seconds === 0;
        return Number.isInteger(leg.amountMicros) && leg.amountMicros >= 0 && leg.billableQuantity >= seconds && leg.billableQuantity - seconds < Math.max(first, next);
      }));
  });
});
