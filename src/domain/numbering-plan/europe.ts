// GB and DE in the simulated plan. Geographic numbers by city (the area code and a few exchanges),
// mobile and (GB) non-geographic 03 ranges. Only NANP numbers carry rate centers and coordinates, as on
// Twilio. Exchanges are picked by hash from ranges that are really in use (libphonenumber validates every
// one in the tests); Ofcom's drama ranges (020 7946 0xxx, 07700 900xxx) are never picked.
import { hash32 } from './hash.ts';
import { isRealRange } from './real-range.ts';
import { pickExchanges, VOICE_ONLY, VOICE_SMS, type RangeSource } from './ranges.ts';
import type { AddressRequirement, AvailableNumberType, NumberCapabilities, NumberPlace } from './types.ts';

interface Area {
  readonly name: string;
  readonly region: string;
  /** The area code without trunk 0 (20 for London). */
  readonly code: string;
  /** Digits of the exchange after the area code; the last four digits are the line. */
  readonly exchangeDigits: number;
  /** First digits an exchange may start with. */
  readonly leading: string;
}

interface Ranged {
  readonly type: AvailableNumberType;
  readonly prefixes: readonly string[];
  readonly place: NumberPlace;
  readonly capabilities: NumberCapabilities;
  readonly addressRequirements: AddressRequirement;
  readonly monthlyPrice: string;
}

const EXCHANGES_PER_AREA = 12;
const COUNTRY_CODES: Readonly<Record<string, string>> = { GB: '44', DE: '49' };

const placeOf = (isoCountry: string, region: string | null, locality: string | null): NumberPlace =>
  ({ isoCountry, region, locality, rateCenter: null, lata: null, postalCode: null, latitude: null, longitude: null });

const exchangesOf = (isoCountry: string, area: Area): string[] => {
  const candidates: string[] = [];
  const width = area.exchangeDigits;
  for (let n = 0; n < 10 ** width; n++) {
    const exchange = String(n).padStart(width, '0');
    if (area.leading.includes(exchange[0] ?? '')) candidates.push(exchange);
  }
  const drama = (exchange: string) => area.code === '20' && exchange === '7946';
  const countryCode = COUNTRY_CODES[isoCountry] ?? '';
  return pickExchanges(candidates.filter((e) => !drama(e)), `${area.code}`, EXCHANGES_PER_AREA, hash32,
    (e) => isRealRange(countryCode, `${area.code}${e}`, 4, isoCountry, 'local')).map((e) => `${area.code}${e}`);
};

const geographic = (isoCountry: string, areas: readonly Area[], addressRequirements: AddressRequirement): Ranged[] =>
  areas.map((area) => ({
    type: 'local', prefixes: exchangesOf(isoCountry, area), place: placeOf(isoCountry, area.region, area.name),
    capabilities: VOICE_ONLY, addressRequirements, monthlyPrice: '1.15',
  }));

const blocks = (type: AvailableNumberType, isoCountry: string, heads: readonly string[], width: number, seed: string, ranged: Omit<Ranged, 'type' | 'prefixes' | 'place'>): Ranged => {
  const candidates = heads.flatMap((head) => Array.from({ length: 10 ** width }, (_, n) => `${head}${String(n).padStart(width, '0')}`))
    .filter((prefix) => prefix !== '770090');
  const countryCode = COUNTRY_CODES[isoCountry] ?? '';
  const real = (prefix: string) => isRealRange(countryCode, prefix, 4, isoCountry, type);
  return { type, prefixes: pickExchanges(candidates, seed, 40, hash32, real), place: placeOf(isoCountry, null, null), ...ranged };
};

const GB_AREAS: readonly Area[] = [
  { name: 'London', region: 'England', code: '20', exchangeDigits: 4, leading: '378' },
  { name: 'Birmingham', region: 'England', code: '121', exchangeDigits: 3, leading: '2345' },
  { name: 'Manchester', region: 'England', code: '161', exchangeDigits: 3, leading: '2345' },
  { name: 'Leeds', region: 'England', code: '113', exchangeDigits: 3, leading: '2345' },
  { name: 'Bristol', region: 'England', code: '117', exchangeDigits: 3, leading: '2345' },
  { name: 'Edinburgh', region: 'Scotland', code: '131', exchangeDigits: 3, leading: '2345' },
  { name: 'Glasgow', region: 'Scotland', code: '141', exchangeDigits: 3, leading: '2345' },
];

const DE_AREAS: readonly Area[] = [
  { name: 'Berlin', region: 'Berlin', code: '30', exchangeDigits: 4, leading: '2345678' },
  { name: 'Hamburg', region: 'Hamburg', code: '40', exchangeDigits: 4, leading: '2345678' },
  { name: 'Munich', region: 'Bavaria', code: '89', exchangeDigits: 4, leading: '2345678' },
  { name: 'Frankfurt am Main', region: 'Hesse', code: '69', exchangeDigits: 4, leading: '2345678' },
  { name: 'Cologne', region: 'North Rhine-Westphalia', code: '221', exchangeDigits: 4, leading: '2345678' },
];

const GB: readonly Ranged[] = [
  ...geographic('GB', GB_AREAS, 'any'),
  // 07 mobile: 074-079 (not 07624, the Isle of Man's, nor 07700 900, the drama range); 07 + 9 digits.
  blocks('mobile', 'GB', ['74', '75', '77', '78', '79'], 4, 'gb-mobile', { capabilities: VOICE_SMS, addressRequirements: 'any', monthlyPrice: '1.15' }),
  // 03: non-geographic at geographic rates; 03 + 9 digits.
  blocks('national', 'GB', ['30', '33', '34'], 4, 'gb-03', { capabilities: VOICE_ONLY, addressRequirements: 'any', monthlyPrice: '1.15' }),
];

const DE: readonly Ranged[] = [
  ...geographic('DE', DE_AREAS, 'local'),
  // 015x/016x/017x mobile: 0151 + 8 digits, 0176 + 8 digits.
  blocks('mobile', 'DE', ['151', '176'], 4, 'de-mobile', { capabilities: VOICE_SMS, addressRequirements: 'any', monthlyPrice: '3.00' }),
];

const sourceOf = (isoCountry: string, countryCode: string, ranged: readonly Ranged[]): RangeSource => ({
  isoCountry,
  types: [...new Set(ranged.map((r) => r.type))],
  areaCodes: () => [],
  // Area codes and coordinates are NANP's: a search by them finds nothing here.
  ranges: function* (type, options) {
    if (options.areaCode !== null || options.near !== null) return;
    for (const r of ranged.filter((x) => x.type === type)) {
      for (const prefix of r.prefixes) {
        yield { countryCode, type, prefix, freeDigits: 4, areaCode: null, place: r.place, capabilities: r.capabilities, addressRequirements: r.addressRequirements, monthlyPrice: r.monthlyPrice };
      }
    }
  } satisfies RangeSource['ranges'],
});

export const EUROPE_SOURCES: readonly RangeSource[] = [sourceOf('DE', COUNTRY_CODES.DE ?? '49', DE), sourceOf('GB', COUNTRY_CODES.GB ?? '44', GB)];

