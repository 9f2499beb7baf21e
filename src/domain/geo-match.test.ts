import assert from 'node:assert/strict';
import { test } from 'node:test';
import { poolNumber } from './allocator/test-fixtures.ts';
import coordinateFile from './data/nanp-area-codes.json' with { type: 'json' };
import overlayFile from './data/nanp-overlays.json' with { type: 'json' };
import { distanceKm, geoTiers, numberMatchesTier, overlayGroup, RADIUS_RINGS_KM } from './geo-match.ts';
import { parseIdentifier, type PhoneIdentifier } from './phone-number.ts';

const phone = (raw: string): PhoneIdentifier => {
  const parsed = parseIdentifier(raw);
  if (parsed.kind !== 'phone') throw new Error(`${raw} is not a phone number`);
  return parsed;
};

const SF = phone('+14155551212');

test('country level: the identifier country, then who serves it', () => {
  assert.deepEqual(geoTiers(SF, 'country'), [{ countries: ['US'], areaCodes: null, label: 'same country (US)' }]);
  const antigua = geoTiers(phone('+12685551234'), 'country');
  assert.deepEqual(antigua.map((t) => t.countries), [['AG'], ['US']]);
  assert.match(antigua[1]?.label ?? '', /US numbers serving AG/);
  assert.deepEqual(geoTiers(phone('+441481123456'), 'country').map((t) => t.countries), [['GB', 'GG', 'IM', 'JE']]);
});

test('area-code level: exactly the NANP area code', () => {
  assert.deepEqual(geoTiers(SF, 'area-code'), [{ countries: null, areaCodes: ['415'], label: 'area code 415' }]);
});

test('overlay level: every code over the same region, including a code that overlays two regions', () => {
  assert.deepEqual(geoTiers(SF, 'overlay'), [{ countries: null, areaCodes: ['415', '628'], label: 'area code 415 or its overlays (628)' }]);
  assert.deepEqual([...overlayGroup('212')].sort(), ['212', '332', '646', '917']);
  const all = new Set(overlayGroup('917'));
  for (const code of ['212', '646', '332', '718', '347', '929']) assert.ok(all.has(code), code);
  assert.deepEqual(overlayGroup('907'), ['907']); // Alaska has one area code
  assert.deepEqual(geoTiers(SF, 'extended-area-code'), geoTiers(SF, 'overlay'));
});

test('radius level: the overlay group, then rings of nearby area codes, nearest first', () => {
  const tiers = geoTiers(SF, 'radius');
  assert.deepEqual(tiers[0]?.areaCodes, ['415', '628']);
  assert.ok(tiers[1]?.areaCodes?.includes('510'), 'Oakland is within the first ring of San Francisco');
  assert.match(tiers[1]?.label ?? '', /^within 80 km of area code 415$/);
  const listed = tiers.flatMap((t) => t.areaCodes ?? []);
  assert.equal(new Set(listed).size, listed.length, 'an area code sits in one tier only');
  assert.ok(!listed.includes('212'), 'New York is not near San Francisco');
  assert.ok(tiers.length <= RADIUS_RINGS_KM.length + 1);
});

test('radius level works for an overlay code newer than the coordinate data', () => {
  const tiers = geoTiers(phone('+19455551234'), 'radius'); // 945 overlays Dallas 214/469/972
  assert.ok(tiers[0]?.areaCodes?.includes('214'));
  assert.ok(tiers.length > 1);
});

test('outside NANP, or for an area code without a location, every level falls back to country', () => {
  const london = phone('+447700900123');
  for (const level of ['area-code', 'overlay', 'radius', 'extended-area-code'] as const) {
    assert.deepEqual(geoTiers(london, level), geoTiers(london, 'country'), level);
  }
  const toronto = phone('+14165551234'); // Canada is not in the coordinate source
  assert.deepEqual(geoTiers(toronto, 'radius'), [{ countries: ['CA'], areaCodes: null, label: 'same country (CA)' }]);
});

test('a non-geographic identifier may be served from any country', () => {
  assert.deepEqual(geoTiers(phone('+80012345678'), 'country').map((t) => t.countries), [null]);
});

test('numberMatchesTier checks country and area code', () => {
  const [overlay] = geoTiers(SF, 'overlay');
  assert.ok(overlay);
  assert.ok(numberMatchesTier(poolNumber('PN1', '+16285550100'), overlay));
  assert.ok(!numberMatchesTier(poolNumber('PN2', '+12125550100'), overlay));
  const [gbFamily] = geoTiers(phone('+441481123456'), 'country');
  assert.ok(gbFamily);
  assert.ok(numberMatchesTier(poolNumber('PN3', '+447700900001', { isoCountry: 'GB' }), gbFamily));
  assert.ok(!numberMatchesTier(poolNumber('PN4', '+14155550100', { isoCountry: 'US' }), gbFamily));
  assert.ok(!numberMatchesTier(poolNumber('PN5', '+447700900002', { isoCountry: null }), gbFamily));
});

test('the shipped data is big enough to be useful', () => {
  assert.ok(overlayFile.groups.length >= 60, `${overlayFile.groups.length} overlay groups`);
  assert.ok(Object.keys(coordinateFile.areaCodes).length >= 300);
  assert.ok(distanceKm([40.7128, -74.006], [34.0522, -118.2437]) > 3900); // NYC-LA is ~3,940 km
});
