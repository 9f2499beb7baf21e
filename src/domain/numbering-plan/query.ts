// Twilio's AvailablePhoneNumbers query parameters (did-platform §1.3) read into a NumberSearch. Bad input
// is the caller's to fix: 21451 for an area code that is not one of the country's, 80701 for any other
// malformed parameter; never a 500.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { AppError, invalidParameter } from '../errors.ts';
import { parseContains } from './contains.ts';
import { areaCodePoint, TOLL_FREE_AREA_CODES } from './nanp.ts';
import type { AvailableNumberType, NumberCapabilities, NumberSearch } from './types.ts';

export type SearchParams = Readonly<Record<string, string | undefined>>;

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_DISTANCE_MILES = 25;
export const MAX_DISTANCE_MILES = 500;
const KM_PER_MILE = 1.609344;

const text = (params: SearchParams, name: string): string | null => {
  const value = params[name]?.trim();
  return value === undefined || value === '' ? null : value;
};

const flag = (params: SearchParams, name: string): boolean | undefined => {
  const value = text(params, name)?.toLowerCase();
  if (value === undefined) return undefined;
  if (value === 'true') return true;
  if (value === 'false') return false;
  throw invalidParameter(name, 'Expected true or false.');
};

const integer = (params: SearchParams, name: string, min: number, max: number, fallback: number): number => {
  const value = text(params, name);
  if (value === null) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw invalidParameter(name, `Expected a whole number from ${min} to ${max}.`);
  return Number(value);
};

/** An area code is valid when libphonenumber takes a number in it as the country's (toll-free: 8YY). */
const checkAreaCode = (raw: string | null, isoCountry: string, type: AvailableNumberType): string | null => {
  if (raw === null) return null;
  const invalid = new AppError('area-code-invalid', `AreaCode ${raw} is not a valid area code for ${isoCountry}`);
  if (!/^[2-9]\d\d$/.test(raw)) throw invalid;
  if (type === 'toll-free') {
    if (isoCountry !== 'US' || !TOLL_FREE_AREA_CODES.includes(raw)) throw invalid;
    return raw;
  }
  const probe = parsePhoneNumberFromString(`+1${raw}2345678`);
  if (!probe || !probe.isValid() || probe.country !== isoCountry) throw invalid;
  return raw;
};

const parseLatLong = (raw: string): { latitude: number; longitude: number } => {
  const parts = raw.split(',').map((p) => p.trim());
  const [latitude, longitude] = parts.map(Number);
  if (parts.length !== 2 || latitude === undefined || longitude === undefined || !Number.isFinite(latitude) || !Number.isFinite(longitude)
    || Math.abs(latitude) > 90 || Math.abs(longitude) > 180) {
    throw invalidParameter('NearLatLong', 'Expected "latitude,longitude" in degrees.');
  }
  return { latitude, longitude };
};

/** Where a NANP number is: its area code's point (what Twilio's NearNumber means for masq's plan). */
const pointOfNumber = (raw: string): { latitude: number; longitude: number } => {
  const parsed = parsePhoneNumberFromString(raw.startsWith('+') ? raw : `+${raw}`);
  const point = parsed?.countryCallingCode === '1' ? areaCodePoint(parsed.nationalNumber.slice(0, 3)) : null;
  if (!point) throw invalidParameter('NearNumber', 'Expected a US or Canadian number in a known area code.');
  return point;
};

const nearOf = (params: SearchParams): NumberSearch['near'] => {
  const latLong = text(params, 'NearLatLong');
  const nearNumber = text(params, 'NearNumber');
  const miles = integer(params, 'Distance', 0, MAX_DISTANCE_MILES, DEFAULT_DISTANCE_MILES);
  const point = latLong !== null ? parseLatLong(latLong) : nearNumber !== null ? pointOfNumber(nearNumber) : null;
  return point && { ...point, km: miles * KM_PER_MILE };
};

const capabilitiesOf = (params: SearchParams): Partial<NumberCapabilities> => {
  const wanted: { -readonly [K in keyof NumberCapabilities]?: boolean } = {};
  const pairs = [['voice', 'VoiceEnabled'], ['sms', 'SmsEnabled'], ['mms', 'MmsEnabled'], ['fax', 'FaxEnabled']] as const;
  for (const [name, param] of pairs) {
    const value = flag(params, param);
    if (value !== undefined) wanted[name] = value;
  }
  return wanted;
};

export const parseNumberSearch = (params: SearchParams, isoCountry: string, type: AvailableNumberType): NumberSearch => {
  const contains = text(params, 'Contains');
  const rateCenter = text(params, 'InRateCenter');
  const lata = text(params, 'InLata');
  // Rate-center names repeat across states: Twilio asks for the LATA with them.
  if (rateCenter !== null && lata === null) throw invalidParameter('InRateCenter', 'InRateCenter requires InLata.');
  return {
    isoCountry,
    type,
    areaCode: checkAreaCode(text(params, 'AreaCode'), isoCountry, type),
    contains: contains === null ? null : parseContains(contains),
    region: text(params, 'InRegion'),
    postalCode: text(params, 'InPostalCode'),
    locality: text(params, 'InLocality'),
    rateCenter,
    lata,
    near: nearOf(params),
    capabilities: capabilitiesOf(params),
    excludeAddressRequired: {
      all: flag(params, 'ExcludeAllAddressRequired') ?? false,
      local: flag(params, 'ExcludeLocalAddressRequired') ?? false,
      foreign: flag(params, 'ExcludeForeignAddressRequired') ?? false,
    },
    includeBeta: flag(params, 'Beta') ?? true,
    limit: integer(params, 'PageSize', 1, MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE),
  };
};
