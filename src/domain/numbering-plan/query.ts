// Twilio's AvailablePhoneNumbers query parameters (did-platform §1.3) read into a NumberSearch. Bad input
// is the caller's to fix: 21451 for an area code that is not one of the country's, 80701 for any other
// malformed parameter; never a 500. A well-formed filter that no number of the country can meet (InLata
// in the UK, NearNumber of a number the plan cannot place) is no mistake: the search finds nothing.
// Page and PageToken are accepted and ignored: Twilio answers a search as one page.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { AppError, invalidParameter } from '../errors.ts';
import { parseContains } from './contains.ts';
import { TOLL_FREE_AREA_CODES } from './nanp.ts';
import { asNumber } from './place-filter.ts';
import { placeOfNumber } from './plan.ts';
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
  if (!/^[2-9]\d\d$/.test(raw) || type === 'short-code') throw invalid;
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

/** NearNumber as E.164 (10 digits are a NANP number, as in Twilio's examples). */
const nearNumberOf = (params: SearchParams): string | null => {
  const raw = text(params, 'NearNumber');
  if (raw === null) return null;
  const parsed = parsePhoneNumberFromString(asNumber(raw) ?? raw);
  if (!parsed?.isValid()) throw invalidParameter('NearNumber', 'Expected a phone number in E.164 (+14155550123).');
  return parsed.number;
};

/** Where the plan puts a number (its rate center): null for a number it cannot place (only NANP numbers have coordinates). */
const pointOfNumber = (e164: string): { latitude: number; longitude: number } | null => {
  const place = placeOfNumber(e164);
  const latitude = place?.latitude ?? null;
  const longitude = place?.longitude ?? null;
  return latitude === null || longitude === null ? null : { latitude, longitude };
};

const nearOf = (params: SearchParams, nearNumber: string | null): NumberSearch['near'] => {
  const latLong = text(params, 'NearLatLong');
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
  // Rate-center names repeat across states: Twilio asks for the LATA with them (a number says both).
  if (rateCenter !== null && lata === null && asNumber(rateCenter) === null) throw invalidParameter('InRateCenter', 'InRateCenter requires InLata.');
  const nearNumber = nearNumberOf(params);
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
    near: nearOf(params, nearNumber),
    nearNumber,
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
