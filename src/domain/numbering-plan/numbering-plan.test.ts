// The simulated numbering plan: the same answer every time, only numbers libphonenumber accepts as the
// country's and type's, and filters that hold for every result.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { distanceKm } from '../geo-match.ts';
import { acceptedTypes } from './real-range.ts';
import { planAreaCodes, planCountries, planRanges, searchPlan } from './plan.ts';
import { parseNumberSearch, type SearchParams } from './query.ts';
import type { AvailableNumber, AvailableNumberType } from './types.ts';

const search = (isoCountry: string, type: AvailableNumberType, params: SearchParams, limit = 50): AvailableNumber[] => {
  const query = parseNumberSearch({ ...params, PageSize: String(limit) }, isoCountry, type);
  return firstOf(searchPlan(query), limit);
};

const firstOf = <T>(items: Iterable<T>, count: number): T[] => {
  const found: T[] = [];
  for (const item of items) {
    if (found.length >= count) break;
    found.push(item);
  }
  return found;
};

describe('numbering-plan', () => {
  test('a search gives the same numbers every time', () => {
    const once = search('US', 'local', { AreaCode: '415' }, 20).map((n) => n.e164);
    assert.equal(once.length, 20);
    assert.deepEqual(search('US', 'local', { AreaCode: '415' }, 20).map((n) => n.e164), once);
  });

  test('every exchange of every country and type is valid, of its country and of its type, by libphonenumber', () => {
    let checked = 0;
    for (const { isoCountry, types } of planCountries()) {
      // Short codes are not E.164 numbers; countries.test.ts checks them by the registry's rule.
      for (const type of types.filter((t) => t !== 'short-code')) {
        for (const range of planRanges(isoCountry, type)) {
          for (const line of ['0'.repeat(range.freeDigits), '9'.repeat(range.freeDigits)]) {
            const e164 = `+${range.countryCode}${range.prefix}${line}`;
            const parsed = parsePhoneNumberFromString(e164);
            if (!parsed?.isValid()) assert.fail(`${e164} (${isoCountry} ${type}) is not a valid number`);
            assert.equal(parsed.country, isoCountry, `${e164} is a ${isoCountry} number`);
            const known = parsed.getType();
            if (known !== undefined) assert.ok(acceptedTypes(isoCountry, type).includes(known), `${e164}: libphonenumber says ${known}, plan says ${type}`);
            checked++;
          }
        }
      }
    }
    assert.ok(checked > 17_000, `checked ${checked} exchanges' ends`);
  });

  test('the plan covers every shipped area code, US toll-free and short codes, and six countries beyond NANP', () => {
    const byCountry = new Map(planCountries().map((c) => [c.isoCountry, c.types]));
    assert.deepEqual(byCountry.get('US'), ['local', 'toll-free', 'short-code']);
    assert.deepEqual(byCountry.get('CA'), ['local']);
    assert.deepEqual(byCountry.get('GB'), ['local', 'toll-free', 'mobile', 'national', 'shared-cost', 'voip']);
    assert.deepEqual(byCountry.get('DE'), ['local', 'toll-free', 'mobile', 'national', 'shared-cost']);
    assert.deepEqual(byCountry.get('FR'), ['local', 'toll-free', 'mobile', 'shared-cost', 'voip']);
    assert.deepEqual(byCountry.get('NL'), ['local', 'toll-free', 'mobile', 'national', 'voip', 'machine-to-machine']);
    assert.deepEqual(byCountry.get('ES'), ['local', 'toll-free', 'mobile', 'shared-cost']);
    assert.deepEqual(byCountry.get('AU'), ['local', 'toll-free', 'mobile', 'shared-cost']);
    const areaCodes = planAreaCodes('US', 'local');
    assert.ok(areaCodes.length > 320);
    for (const npa of areaCodes) assert.equal(search('US', 'local', { AreaCode: npa }, 1).length, 1, `area code ${npa} has numbers`);
    const tollFree = search('US', 'toll-free', {}, 200);
    assert.ok(tollFree.every((n) => /^\+18(00|33|44|55|66|77|88)/.test(n.e164) && n.capabilities.sms && n.capabilities.voice));
  });

  test('a number carries its place: rate center, LATA, state and coordinates near its area code', () => {
    const [number] = search('US', 'local', { AreaCode: '415' }, 1);
    assert.ok(number);
    assert.equal(number.region, 'CA');
    assert.equal(number.isoCountry, 'US');
    assert.match(number.lata ?? '', /^\d{3}$/);
    assert.match(number.postalCode ?? '', /^\d{5}$/);
    assert.ok(number.rateCenter && number.locality);
    assert.ok(distanceKm([37.77, -122.42], [number.latitude ?? 0, number.longitude ?? 0]) < 100);
    assert.equal(number.monthlyPrice, '1.15');
  });

  test('AreaCode, InRegion, InLocality, InLata + InRateCenter and capability filters hold for every result', () => {
    assert.ok(search('US', 'local', { AreaCode: '212' }).every((n) => n.e164.startsWith('+1212')));
    const texas = search('US', 'local', { InRegion: 'tx' }, 100);
    assert.ok(texas.length === 100 && texas.every((n) => n.region === 'TX'));
    const [first] = search('US', 'local', { AreaCode: '617' }, 1);
    assert.ok(first?.rateCenter && first.lata);
    const inCenter = search('US', 'local', { InRateCenter: first.rateCenter, InLata: first.lata }, 30);
    assert.ok(inCenter.length === 30 && inCenter.every((n) => n.rateCenter === first.rateCenter && n.lata === first.lata));
    assert.ok(search('GB', 'local', { InLocality: 'Glasgow' }).every((n) => n.e164.startsWith('+44141')));
    assert.deepEqual(search('GB', 'local', { SmsEnabled: 'true' }), [], 'GB landlines take no SMS');
    assert.equal(search('GB', 'mobile', { SmsEnabled: 'true' }).length, 50);
    assert.deepEqual(search('DE', 'local', { ExcludeLocalAddressRequired: 'true' }), []);
  });

  test('NearLatLong + Distance finds only numbers within the distance, nearest rate centers first', () => {
    const near = search('US', 'local', { NearLatLong: '41.8781,-87.6298', Distance: '30' }, 200);
    assert.equal(near.length, 200);
    for (const n of near) assert.ok(distanceKm([41.8781, -87.6298], [n.latitude ?? 0, n.longitude ?? 0]) <= 30 * 1.609344, n.e164);
    assert.deepEqual(search('US', 'local', { NearLatLong: '0,-30', Distance: '500' }), [], 'the mid-Atlantic has no numbers');
    const byNumber = search('US', 'local', { NearNumber: '+14155550100', Distance: '60' }, 20);
    assert.ok(byNumber.length === 20 && byNumber.every((n) => n.region === 'CA'));
  });

  test('about one line in four is held elsewhere, so consecutive lines have gaps', () => {
    const lines = search('US', 'local', { AreaCode: '303' }, 400).map((n) => Number(n.e164.slice(-4)));
    assert.ok(lines.at(-1) !== undefined && (lines.at(-1) ?? 0) > 450 && (lines.at(-1) ?? 0) < 650, `400 in stock end near line ${lines.at(-1)}`);
  });
});
