// The plan beyond NANP local numbers: GB, DE, FR, NL, ES and AU by type, US short codes, what one number
// is (describePlanNumber), Contains in every country, and Beta.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { containsRegExp, parseContains } from './contains.ts';
import { acceptedTypes } from './real-range.ts';
import { describePlanNumber, inStock, planCountries, planRanges, searchPlan } from './plan.ts';
import { parseNumberSearch, type SearchParams } from './query.ts';
import type { AvailableNumber, AvailableNumberType } from './types.ts';

const INTERNATIONAL = ['GB', 'DE', 'FR', 'NL', 'ES', 'AU'];

const search = (isoCountry: string, type: AvailableNumberType, params: SearchParams = {}, limit = 50): AvailableNumber[] => {
  const found: AvailableNumber[] = [];
  for (const n of searchPlan(parseNumberSearch({ ...params, PageSize: String(limit) }, isoCountry, type))) {
    if (found.length >= limit) break;
    found.push(n);
  }
  return found;
};

const everyType = (): { isoCountry: string; type: AvailableNumberType }[] =>
  planCountries().flatMap(({ isoCountry, types }) => types.map((type) => ({ isoCountry, type })));

const national = (n: AvailableNumber): string => parsePhoneNumberFromString(n.e164)?.nationalNumber ?? n.e164;

const linesOf = (isoCountry: string, type: AvailableNumberType): number => {
  let lines = 0;
  for (const range of planRanges(isoCountry, type)) lines += 10 ** range.freeDigits;
  return lines;
};

describe('numbering-plan countries', () => {
  test('six countries beyond NANP: every number valid, of its country and type; only NANP numbers have a rate center or coordinates', () => {
    for (const isoCountry of INTERNATIONAL) {
      const types = planCountries().find((c) => c.isoCountry === isoCountry)?.types ?? [];
      assert.ok(types.includes('local') && types.includes('mobile') && types.includes('toll-free'), `${isoCountry}: ${types.join()}`);
      for (const type of types) {
        const found = search(isoCountry, type);
        assert.equal(found.length, 50, `${isoCountry} ${type}`);
        for (const n of found) {
          const parsed = parsePhoneNumberFromString(n.e164);
          if (!parsed?.isValid() || parsed.country !== isoCountry) assert.fail(`${n.e164} is not a valid ${isoCountry} number`);
          const known = parsed.getType();
          assert.ok(known === undefined || acceptedTypes(isoCountry, type).includes(known), `${n.e164}: ${known} as ${type}`);
          assert.deepEqual([n.type, n.isoCountry, n.rateCenter, n.lata, n.postalCode, n.latitude, n.longitude], [type, isoCountry, null, null, null, null, null]);
          if (type === 'local') assert.ok(n.locality && n.region, n.e164);
        }
      }
    }
  });

  test('large without being stored: millions of numbers, UK mobiles in every 07 range', () => {
    const total = everyType().reduce((sum, { isoCountry, type }) => sum + linesOf(isoCountry, type), 0);
    assert.ok(total > 50_000_000, `${total} numbers`);
    assert.ok(linesOf('GB', 'mobile') >= 1_500_000);
    const heads = new Set([...planRanges('GB', 'mobile')].map((r) => r.prefix.slice(0, 2)));
    assert.deepEqual([...heads].sort(), ['71', '72', '73', '74', '75', '77', '78', '79']);
  });

  test('no range reaches Ofcom\'s drama numbers (020 7946 0xxx, 07700 900xxx, 0113 496 0xxx, 029 2018 0xxx, 0808 157 0xxx, 0306 999 0xxx)', () => {
    const drama = ['2079460123', '7700900123', '1134960123', '1614960123', '2920180123', '2896496123', '1914980123', '8081570123', '3069990123'];
    for (const type of planCountries().find((c) => c.isoCountry === 'GB')?.types ?? []) {
      for (const range of planRanges('GB', type)) {
        for (const number of drama) assert.ok(!number.startsWith(range.prefix), `${type} ${range.prefix} holds 0${number}`);
      }
    }
  });

  test('US short codes: 5 or 6 digits, not E.164, messaging only, at the registry\'s lease price', () => {
    const codes = search('US', 'short-code', {}, 200);
    assert.equal(codes.length, 200);
    for (const n of codes) {
      assert.match(n.e164, /^[2-9]\d{4,5}$/);
      assert.deepEqual(n.capabilities, { voice: false, sms: true, mms: true, fax: false });
      assert.deepEqual([n.isoCountry, n.monthlyPrice, n.addressRequirements], ['US', '1000.00', 'none']);
    }
    const sixDigits = search('US', 'short-code', { Contains: '+24680*$' }, 20);
    assert.ok(sixDigits.length > 0 && sixDigits.every((n) => /^24680\d$/.test(n.e164)), sixDigits.map((n) => n.e164).join());
    assert.deepEqual(search('US', 'short-code', { NearLatLong: '37.7,-122.4' }), [], 'a short code is nowhere');
  });

  test('Contains (digits, * and keypad letters) works in every country and type', () => {
    for (const { isoCountry, type } of everyType()) {
      const [first] = search(isoCountry, type, {}, 1);
      assert.ok(first, `${isoCountry} ${type}`);
      const digits = national(first);
      const pattern = `${digits.slice(-6, -4)}*${digits.slice(-3)}`;
      const found = search(isoCountry, type, { Contains: pattern }, 10);
      const regexp = containsRegExp(parseContains(pattern));
      assert.ok(found.length > 0 && found.every((n) => regexp.test(national(n))), `${isoCountry} ${type} ${pattern}`);
    }
    const love = search('GB', 'mobile', { Contains: 'LOVE$' }, 10);
    assert.ok(love.length === 10 && love.every((n) => n.e164.endsWith('5683')));
    const paris = search('FR', 'local', { Contains: '+331*' }, 5);
    assert.ok(paris.length === 5 && paris.every((n) => n.locality === 'Paris'));
  });

  test('describePlanNumber says what any number of the plan is, quickly, and nothing of one outside it', () => {
    for (const { isoCountry, type } of everyType()) {
      const [first] = search(isoCountry, type, {}, 1);
      assert.ok(first);
      assert.deepEqual(describePlanNumber(first.e164), first, `${isoCountry} ${type}`);
    }
    const [mobile] = search('GB', 'mobile', {}, 1);
    assert.ok(mobile);
    const held = Array.from({ length: 100 }, (_, i) => `${mobile.e164.slice(0, -2)}${String(i).padStart(2, '0')}`).find((n) => !inStock(n));
    assert.ok(held);
    assert.equal(describePlanNumber(held), null, 'held by someone else');
    assert.equal(describePlanNumber('+447624123456'), null, 'the Isle of Man is not in the plan');
    assert.equal(describePlanNumber('+123456'), null, '"+1" and five digits is no short code');
    assert.equal(describePlanNumber('not a number'), null);
    const many = search('GB', 'mobile', { Contains: '77$' }, 1000);
    const started = performance.now();
    for (const n of many) assert.equal(describePlanNumber(n.e164)?.e164, n.e164);
    const perNumber = (performance.now() - started) / many.length;
    assert.ok(perNumber < 1, `${perNumber.toFixed(3)} ms per GB mobile`);
  });

  test('Beta: NL machine-to-machine numbers are new (beta) and Beta=false leaves them out', () => {
    const m2m = search('NL', 'machine-to-machine', {}, 5);
    assert.ok(m2m.length === 5 && m2m.every((n) => n.beta && n.e164.startsWith('+31970') && n.e164.length === 14 && !n.capabilities.voice));
    assert.deepEqual(search('NL', 'machine-to-machine', { Beta: 'false' }), []);
    assert.equal(search('NL', 'mobile', { Beta: 'false' }).length, 50);
  });
});
