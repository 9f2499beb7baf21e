// NANP (+1) in the simulated plan: every area code masq ships coordinates for, each split into three rate
// centers (the area code's main city and two neighbours ~35 km north and south) holding eight exchanges
// (NXX) each, plus US toll-free and US short codes (short-codes.ts). Exchanges are valid NXX (2-9 first,
// never N11) and leave out 555 (the fictional/directory range), 950 and 958/959/976 (carrier-access and
// premium service codes), so every number dials like a real one. Which exchanges an area code has is a hash of the digits: the same in
// every run, with nothing stored.
import coordinateFile from '../data/nanp-area-codes.json' with { type: 'json' };
import placeFile from '../data/nanp-area-code-places.json' with { type: 'json' };
import { distanceKm } from '../geo-match.ts';
import { hash32 } from './hash.ts';
import { isRealRange } from './real-range.ts';
import { FULL, holds, pickExchanges, VOICE_SMS, type NumberRange, type RangeOptions, type RangeSource } from './ranges.ts';
import { SHORT_CODE_RANGES, shortCodeRangeOf } from './short-codes.ts';
import type { AvailableNumberType, NumberPlace } from './types.ts';

interface AreaCode {
  readonly npa: string;
  readonly isoCountry: string;
  readonly region: string;
  readonly city: string;
  readonly latitude: number;
  readonly longitude: number;
}

/** Canada is not in the US-centred source data: its largest area codes, by hand (city centres). */
const CANADA: readonly (readonly [string, string, string, number, number])[] = [
  ['204', 'MB', 'Winnipeg', 49.8951, -97.1384], ['306', 'SK', 'Regina', 50.4452, -104.6189],
  ['403', 'AB', 'Calgary', 51.0447, -114.0719], ['416', 'ON', 'Toronto', 43.6532, -79.3832],
  ['514', 'QC', 'Montreal', 45.5019, -73.5674], ['604', 'BC', 'Vancouver', 49.2827, -123.1207],
  ['613', 'ON', 'Ottawa', 45.4215, -75.6972], ['647', 'ON', 'Toronto', 43.6532, -79.3832],
  ['780', 'AB', 'Edmonton', 53.5461, -113.4938], ['902', 'NS', 'Halifax', 44.6488, -63.5752],
];

/** NANP territories with their own ISO country (libphonenumber's, and Twilio's, view). */
const TERRITORIES: Readonly<Record<string, string>> = { VI: 'VI', GU: 'GU', MP: 'MP', AS: 'AS', PR: 'PR' };

export const TOLL_FREE_AREA_CODES: readonly string[] = ['800', '833', '844', '855', '866', '877', '888'];

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isPair = (value: unknown): value is [number, number] => Array.isArray(value) && value.length === 2 && value.every((x) => typeof x === 'number');
const isPlace = (value: unknown): value is [string, string] => Array.isArray(value) && value.length === 2 && value.every((x) => typeof x === 'string');

const loadAreaCodes = (): AreaCode[] => {
  const coordinates: Record<string, unknown> = isRecord(coordinateFile) && isRecord(coordinateFile.areaCodes) ? coordinateFile.areaCodes : {};
  const places: Record<string, unknown> = isRecord(placeFile) && isRecord(placeFile.places) ? placeFile.places : {};
  const found: AreaCode[] = [];
  for (const [npa, at] of Object.entries(coordinates)) {
    const place = places[npa];
    if (!isPair(at) || !isPlace(place)) throw new Error(`domain/data: no place or coordinates for area code ${npa}`);
    found.push({ npa, isoCountry: TERRITORIES[place[0]] ?? 'US', region: place[0], city: place[1], latitude: at[0], longitude: at[1] });
  }
  for (const [npa, region, city, latitude, longitude] of CANADA) found.push({ npa, isoCountry: 'CA', region, city, latitude, longitude });
  return found.sort((a, b) => (a.npa < b.npa ? -1 : 1));
};

const AREA_CODES = loadAreaCodes();

/** Exchange codes a real switch could use (see the header for what is left out). */
const VALID_NXX: readonly string[] = Array.from({ length: 800 }, (_, i) => String(200 + i))
  .filter((nxx) => !(nxx[1] === '1' && nxx[2] === '1') && !['555', '950', '958', '959', '976'].includes(nxx));

const RATE_CENTERS = [
  { suffix: '', dLat: 0, dLon: 0 },
  { suffix: ' North', dLat: 0.3, dLon: 0.1 },
  { suffix: ' South', dLat: -0.3, dLon: -0.1 },
] as const;
const EXCHANGES_PER_RATE_CENTER = 8;
/** A rate center sits at most ~35 km from its area code's point: a margin for picking area codes by distance. */
const RATE_CENTER_REACH_KM = 40;

const localPrice = '1.15';
const tollFreePrice = '2.15';

const ratePlace = (code: AreaCode, index: number): NumberPlace => {
  const rc = RATE_CENTERS[index] ?? RATE_CENTERS[0];
  const locality = `${code.city}${rc.suffix}`;
  return {
    isoCountry: code.isoCountry,
    region: code.region,
    locality,
    rateCenter: locality.toUpperCase(),
    // Simulated: one LATA per area code, a 3-digit code like the real ones (they are regional, not real here).
    lata: String(100 + (hash32(`lata:${code.npa}`) % 900)),
    postalCode: code.isoCountry === 'CA' ? null : String(10000 + (hash32(`zip:${code.npa}:${index}`) % 89999)),
    latitude: Math.round((code.latitude + rc.dLat) * 1e4) / 1e4,
    longitude: Math.round((code.longitude + rc.dLon) * 1e4) / 1e4,
  };
};

/** An area code's exchanges, picked once per process (about 50 libphonenumber checks each). */
const exchangeCache = new Map<string, readonly string[]>();
const exchangesOf = (code: AreaCode): readonly string[] => {
  const cached = exchangeCache.get(code.npa);
  if (cached) return cached;
  const exchanges = pickExchanges(VALID_NXX, `nxx:${code.npa}`, EXCHANGES_PER_RATE_CENTER * RATE_CENTERS.length, hash32,
    (nxx) => isRealRange('1', `${code.npa}${nxx}`, 4, code.isoCountry, 'local'));
  exchangeCache.set(code.npa, exchanges);
  return exchanges;
};

function* localRanges(code: AreaCode, rateCenters: readonly number[]): Generator<NumberRange> {
  const exchanges = exchangesOf(code);
  for (const index of rateCenters) {
    const place = ratePlace(code, index);
    for (const nxx of exchanges.filter((_, i) => i % RATE_CENTERS.length === index)) {
      yield {
        countryCode: '1', type: 'local', prefix: `${code.npa}${nxx}`, freeDigits: 4, areaCode: code.npa, place,
        capabilities: FULL, addressRequirements: 'none', monthlyPrice: localPrice, beta: false,
      };
    }
  }
}

const TOLL_FREE_PLACE: NumberPlace = { isoCountry: 'US', region: null, locality: null, rateCenter: null, lata: null, postalCode: null, latitude: null, longitude: null };

/** A toll-free code's exchanges, picked once per process. */
const tollFreeCache = new Map<string, readonly NumberRange[]>();
const tollFreeRangesOf = (npa: string): readonly NumberRange[] => {
  const cached = tollFreeCache.get(npa);
  if (cached) return cached;
  const ranges = pickExchanges(VALID_NXX, `tf:${npa}`, 16, hash32, (x) => isRealRange('1', `${npa}${x}`, 4, 'US', 'toll-free'))
    .map((nxx): NumberRange => ({
      countryCode: '1', type: 'toll-free', prefix: `${npa}${nxx}`, freeDigits: 4, areaCode: npa, place: TOLL_FREE_PLACE,
      capabilities: { ...VOICE_SMS, mms: true }, addressRequirements: 'none', monthlyPrice: tollFreePrice, beta: false,
    }));
  tollFreeCache.set(npa, ranges);
  return ranges;
};

function* tollFreeRanges(npas: readonly string[]): Generator<NumberRange> {
  for (const npa of npas) yield* tollFreeRangesOf(npa);
}

/** Rate centers within reach of a point, nearest first, as [area code, rate center index]. */
const nearRateCenters = (codes: readonly AreaCode[], near: NonNullable<RangeOptions['near']>): [AreaCode, number][] => {
  const origin = [near.latitude, near.longitude] as const;
  const found: { code: AreaCode; index: number; km: number }[] = [];
  for (const code of codes) {
    if (distanceKm(origin, [code.latitude, code.longitude]) > near.km + RATE_CENTER_REACH_KM) continue;
    RATE_CENTERS.forEach((_, index) => {
      const place = ratePlace(code, index);
      const km = distanceKm(origin, [place.latitude ?? 0, place.longitude ?? 0]);
      if (km <= near.km) found.push({ code, index, km });
    });
  }
  found.sort((a, b) => a.km - b.km || (a.code.npa < b.code.npa ? -1 : 1) || a.index - b.index);
  return found.map((f) => [f.code, f.index]);
};

function* nanpLocal(codes: readonly AreaCode[], options: RangeOptions): Generator<NumberRange> {
  const chosen = options.areaCode === null ? codes : codes.filter((c) => c.npa === options.areaCode);
  if (options.near === null) {
    for (const code of chosen) yield* localRanges(code, [0, 1, 2]);
    return;
  }
  for (const [code, index] of nearRateCenters(chosen, options.near)) yield* localRanges(code, [index]);
}

/** The range of a national number in one NANP country: by its area code, then its exchange. */
const rangeIn = (codes: ReadonlyMap<string, AreaCode>, isUs: boolean, national: string): NumberRange | null => {
  if (isUs && national.length <= 6) return shortCodeRangeOf(national);
  const npa = national.slice(0, 3);
  const code = codes.get(npa);
  const ranges = code ? localRanges(code, [0, 1, 2]) : isUs && TOLL_FREE_AREA_CODES.includes(npa) ? tollFreeRangesOf(npa) : [];
  for (const range of ranges) if (national.startsWith(range.prefix)) return range;
  return null;
};

const nanpSource = (isoCountry: string): RangeSource => {
  const codes = AREA_CODES.filter((c) => c.isoCountry === isoCountry);
  const byNpa = new Map(codes.map((c) => [c.npa, c]));
  // Toll-free and short codes are sold as US numbers (Twilio lists them under US only).
  const hasTollFree = isoCountry === 'US';
  return {
    isoCountry,
    countryCode: '1',
    types: hasTollFree ? ['local', 'toll-free', 'short-code'] : ['local'],
    // Only area codes in service: libphonenumber knows no valid exchange of a planned code (e.g. 278).
    areaCodes: (type: AvailableNumberType) => (type === 'toll-free' ? (hasTollFree ? TOLL_FREE_AREA_CODES : [])
      : type === 'local' ? codes.filter((c) => exchangesOf(c).length > 0).map((c) => c.npa) : []),
    ranges: (type, options) => {
      if (type === 'local') return nanpLocal(codes, options);
      // Toll-free numbers and short codes have no place: a search near a point finds none.
      if (!hasTollFree || options.near !== null) return [];
      if (type === 'short-code') return options.areaCode === null ? SHORT_CODE_RANGES : [];
      if (type !== 'toll-free') return [];
      return tollFreeRanges(options.areaCode === null ? TOLL_FREE_AREA_CODES : TOLL_FREE_AREA_CODES.filter((n) => n === options.areaCode));
    },
    rangeOf: (national) => rangeIn(byNpa, hasTollFree, national),
    placeOf: (national) => {
      const range = rangeIn(byNpa, hasTollFree, national);
      if (range && holds(range, national)) return range.place;
      const code = national.length === 10 ? byNpa.get(national.slice(0, 3)) : undefined;
      return code ? ratePlace(code, 0) : null;
    },
  };
};

export const NANP_SOURCES: readonly RangeSource[] = [...new Set(AREA_CODES.map((c) => c.isoCountry))].sort().map(nanpSource);
