import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyRateOverrides, decimalToMicros, parseRateOverrides, resolveRateCards } from './rate-card-overrides.ts';
import { defaultRateCard } from './rate-card.ts';

describe('rate card overrides', () => {
  it('reads amounts as exact micro-units, never through floating point', () => {
    assert.deepEqual(['0.0083', '1.15', '0', 2, '1000', '0.000001', 0.0025].map(decimalToMicros), [8300, 1_150_000, 0, 2_000_000, 1_000_000_000, 1, 2500]);
    assert.deepEqual(['-1', '0.0000001', 'abc', '', null, '1e3'].map(decimalToMicros), [undefined, undefined, undefined, undefined, undefined, undefined]);
  });

  it('replaces only the parts given, on the account kind\'s defaults', () => {
    const base = defaultRateCard('telnyx');
    const { card, problems } = applyRateOverrides(base, {
      version: 'acme-2026-07', currency: 'eur',
      sms: { local: { outbound: '0.0079' } }, carrierFees: { local: '0.003' },
      voice: { increment: '1/1', inbound: { tollfree: '0.02' } }, lease: { model: 'calendar-prorated', monthly: { local: '0.9' } },
      fees: { brandRegistration: '4.41' },
    }, 'rates.telnyx-us');
    assert.deepEqual(problems, []);
    assert.equal(card.version, 'acme-2026-07');
    assert.equal(card.currency, 'eur');
    assert.deepEqual(card.sms.local, { inbound: base.sms.local.inbound, outbound: 7900 });
    assert.deepEqual(card.sms.tollfree, base.sms.tollfree);
    assert.equal(card.carrierFees.local, 3000);
    assert.deepEqual(card.voice.increment, { first: 1, next: 1 });
    assert.equal(card.voice.inbound.tollfree, 20_000);
    assert.equal(card.voice.outbound, base.voice.outbound);
    assert.deepEqual(card.lease, { model: 'calendar-prorated', monthly: { ...base.lease.monthly, local: 900_000 } });
    assert.equal(card.fees.brandRegistration, 4_410_000);
  });

  it('reports every problem with its path', () => {
    const { problems } = applyRateOverrides(defaultRateCard('twilio'), {
      sms: { local: { outbund: '1' }, landline: {} }, voice: { increment: '60' }, lease: { model: 'monthly' }, currency: 'USD', fees: { porting: '-5' },
    }, 'rates.x');
    assert.deepEqual([...problems].sort(), [
      'rates.x.currency: must be an ISO 4217 code in lower case, like "usd"',
      'rates.x.fees.porting: must be an amount like "0.0083" (0 or more, at most 6 decimals)',
      'rates.x.lease.model: must be one of anniversary, calendar-prorated',
      'rates.x.sms.local: unknown key "outbund" (known: inbound, outbound)',
      'rates.x.sms: unknown key "landline" (known: local, tollfree, mobile, shortcode)',
      'rates.x.voice.increment: must be "first/next" in seconds, like "60/60", "6/6" or "1/1"',
    ]);
  });

  it('checks the setting\'s shape, and names overrides of accounts that do not exist', () => {
    assert.throws(() => parseRateOverrides([], defaultRateCard('twilio')), /JSON object/);
    assert.throws(() => parseRateOverrides({ sandbox: { sms: 3 } }, defaultRateCard('twilio')), /sandbox\.sms: must be an object/);
    const overrides = parseRateOverrides({ sandbox: { voice: { outbound: '0.02' } }, ghost: {} }, defaultRateCard('twilio'));
    const { cards, problems } = resolveRateCards([{ name: 'sandbox', type: 'sandbox' }, { name: 'tx', type: 'telnyx' }], overrides);
    assert.deepEqual(problems, ['rates.ghost: no carrier account is named "ghost" (configured: sandbox, tx)']);
    assert.equal(cards.get('sandbox')?.voice.outbound, 20_000);
    assert.deepEqual(cards.get('tx'), defaultRateCard('telnyx'));
  });
});
