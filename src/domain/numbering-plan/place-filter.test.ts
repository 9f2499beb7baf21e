// Place filters in every country: InRegion, InLocality, InPostalCode, InRateCenter and InLata by name or by
// a phone number ("the same as this number's"), and the NANP-only filters answering nothing elsewhere.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { distanceKm } from '../geo-match.ts';
import { placeOfNumber, searchPlan } from './plan.ts';
import { parseNumberSearch, type SearchParams } from './query.ts';
import type { AvailableNumber, AvailableNumberType } from './types.ts';

const search = (isoCountry: string, type: AvailableNumberType, params: SearchParams, limit = 30): AvailableNumber[] => {
  const found: AvailableNumber[] = [];
  for (const n of searchPlan(parseNumberSearch({ ...params, PageSize: String(limit) }, isoCountry, type))) {
    if (found.length >= limit) break;
    found.push(n);
  }
  return found;
};

describe('numbering-plan place filters', () => {
  test('a NANP number stands for its rate center, LATA, postal code, locality and state', () => {
    const [number] = search('US', 'local', { AreaCode: '617' }, 1);
    assert.ok(number?.rateCenter && number.lata && number.postalCode && number.locality);
    const same = (params: SearchParams, field: keyof AvailableNumber) => {
      const found = search('US', 'local', params);
      assert.ok(found.length === 30 && found.every((n) => n[field] === number[field]), `${JSON.stringify(params)} by ${field}`);
    };
    same({ InRateCenter: number.e164 }, 'rateCenter');
    same({ InLata: number.e164 }, 'lata');
    same({ InPostalCode: number.e164 }, 'postalCode');
    same({ InLocality: number.e164.slice(2) }, 'locality');
    same({ InRegion: number.e164 }, 'region');
    // An exchange the plan does not have (555) still says its area code's state.
    assert.ok(search('US', 'local', { InRegion: '+14155550100' }).every((n) => n.region === 'CA'));
  });

  test('NearNumber searches around the number\'s rate center', () => {
    const center = placeOfNumber('+12125550100');
    assert.ok(center?.latitude && center.longitude);
    const near = search('US', 'local', { NearNumber: '+12125550100', Distance: '10' });
    assert.equal(near.length, 30);
    for (const n of near) assert.ok(distanceKm([center.latitude, center.longitude], [n.latitude ?? 0, n.longitude ?? 0]) <= 10 * 1.609344, n.e164);
     const toronto = search('CA', 'local', { NearLatLong: '43.6532,-79.3832', Distance: '15' });
    assert.ok(toronto.length === 30 && toronto.every((n) => n.region === 'ON'), 'Canada too');
    const [ottawa] = search('CA', 'local', { AreaCode: '613' }, 1);
    assert.ok(ottawa?.lata);
    assert.ok(search('CA', 'local', { InLata: ottawa.e164 }).every((n) => n.lata === ottawa.lata));
  });

  test('outside NANP: region and locality by name (accents and case aside) or by number', () => {
    assert.ok(search('FR', 'local', { InRegion: 'ile-de-france' }).every((n) => n.locality === 'Paris'));
    assert.equal(search('FR', 'local', { InRegion: 'ile-de-france' }).length, 30);
    const london = search('GB', 'local', { InLocality: '+442071234567' });
    assert.ok(london.length === 30 && london.every((n) => n.locality === 'London' && n.e164.startsWith('+4420')));
    const glasgow = search('GB', 'local', { InLocality: 'glasgow' });
    assert.ok(glasgow.length === 30 && glasgow.every((n) => n.e164.startsWith('+44141')));
    const perth = search('AU', 'local', { InLocality: '+61892345678' });
    assert.ok(perth.length === 30 && perth.every((n) => n.locality === 'Perth' && n.region === 'Western Australia'));
  });

  test('filters that exist only in NANP find nothing elsewhere (an empty list, not an error)', () => {
    const nothing: readonly SearchParams[] = [
      { InLata: '224' }, { InPostalCode: '94105' }, { InRateCenter: 'LONDON', InLata: '224' }, { NearLatLong: '51.5074,-0.1278' },
      { NearNumber: '+442071234567' }, { InLata: '+442071234567' },
    ];
    for (const params of nothing) {
      for (const isoCountry of ['GB', 'DE', 'FR', 'NL', 'ES', 'AU']) assert.deepEqual(search(isoCountry, 'local', params), [], `${isoCountry} ${JSON.stringify(params)}`);
      assert.deepEqual(search('GB', 'mobile', params), [], `GB mobile ${JSON.stringify(params)}`);
    }
    assert.deepEqual(search('US', 'local', { InRegion: '+442071234567' }), [], 'England is not a US state');
    assert.deepEqual(search('US', 'local', { InRegion: '+81312345678' }), [], 'the plan cannot place a Tokyo number');
    assert.deepEqual(search('US', 'toll-free', { InRegion: 'CA' }), [], 'toll-free numbers have no state');
  });
});
