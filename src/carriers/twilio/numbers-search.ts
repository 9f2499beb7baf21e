// A NumberSearch as Twilio's AvailablePhoneNumbers query (did-platform §1.3), and its rows read back into
// AvailableNumbers. Twilio filters everything itself (wildcards included), so nothing is post-filtered.
// The same API serves SignalWire's Compatibility API.
import type { AvailableNumber, AvailableNumberType, ContainsPattern, NumberSearch } from '../../domain/numbering-plan/types.ts';
import { addressRequirementOf, capabilitiesOf, isRecord, numberOrNull, stringOrNull, type JsonRecord } from './numbers-records.ts';
import { listPrice } from './numbers-prices.ts';

/** The AvailablePhoneNumbers sub-resource of each type; short codes are another Twilio product (none). */
export const TWILIO_TYPE_RESOURCE: Readonly<Record<AvailableNumberType, string | null>> = {
  local: 'Local', 'toll-free': 'TollFree', mobile: 'Mobile', national: 'National',
  'shared-cost': 'SharedCost', voip: 'Voip', 'machine-to-machine': 'MachineToMachine', 'short-code': null,
};

const KM_PER_MILE = 1.609344;
/** Twilio's Distance is whole miles, at most 500. */
const MAX_DISTANCE_MILES = 500;

/** The pattern back in Twilio's spelling: letters were read as keypad digits, so digits and wildcards only. */
export const containsParam = (pattern: ContainsPattern): string => {
  const body = pattern.segments.map((segment) => segment.map((digit) => digit ?? '*').join('')).join('%');
  return `${pattern.anchorStart ? '+' : ''}${body}${pattern.anchorEnd ? '$' : ''}`;
};

const CAPABILITY_PARAMS = [['voice', 'VoiceEnabled'], ['sms', 'SmsEnabled'], ['mms', 'MmsEnabled'], ['fax', 'FaxEnabled']] as const;

/** The query string of one search: only what the search asks for, so Twilio's own defaults apply to the rest. */
export const searchParams = (query: NumberSearch): URLSearchParams => {
  const params = new URLSearchParams();
  const set = (name: string, value: string | null): void => { if (value !== null) params.set(name, value); };
  set('AreaCode', query.areaCode);
  set('Contains', query.contains && containsParam(query.contains));
  set('InRegion', query.region);
  set('InPostalCode', query.postalCode);
  set('InLocality', query.locality);
  set('InRateCenter', query.rateCenter);
  set('InLata', query.lata);
  // NearNumber goes as it came: Twilio knows where its numbers are better than masq's plan does.
  if (query.nearNumber !== null) params.set('NearNumber', query.nearNumber);
  else if (query.near) params.set('NearLatLong', `${query.near.latitude},${query.near.longitude}`);
  if (query.near) params.set('Distance', String(Math.min(MAX_DISTANCE_MILES, Math.round(query.near.km / KM_PER_MILE))));
  for (const [name, param] of CAPABILITY_PARAMS) {
    const wanted = query.capabilities[name];
    if (wanted !== undefined) params.set(param, String(wanted));
  }
  if (query.excludeAddressRequired.all) params.set('ExcludeAllAddressRequired', 'true');
  if (query.excludeAddressRequired.local) params.set('ExcludeLocalAddressRequired', 'true');
  if (query.excludeAddressRequired.foreign) params.set('ExcludeForeignAddressRequired', 'true');
  if (!query.includeBeta) params.set('Beta', 'false');
  params.set('PageSize', String(query.limit));
  return params;
};

/** One `available_phone_numbers` row; null when it names no number (skipped rather than failing the search). */
const availableOf = (row: JsonRecord, query: NumberSearch): AvailableNumber | null => {
  const e164 = stringOrNull(row.phone_number);
  if (e164 === null || !/^\+\d{4,15}$/.test(e164)) return null;
  const isoCountry = stringOrNull(row.iso_country) ?? query.isoCountry;
  return {
    e164,
    type: query.type,
    isoCountry,
    region: stringOrNull(row.region),
    locality: stringOrNull(row.locality),
    rateCenter: stringOrNull(row.rate_center),
    lata: stringOrNull(row.lata),
    postalCode: stringOrNull(row.postal_code),
    latitude: numberOrNull(row.latitude),
    longitude: numberOrNull(row.longitude),
    capabilities: capabilitiesOf(row.capabilities),
    addressRequirements: addressRequirementOf(row.address_requirements),
    // The search answer carries no price: masq's list price for the country and type (numbers-prices.ts).
    monthlyPrice: listPrice(isoCountry, query.type),
    beta: row.beta === true,
  };
};

/** The rows of a search answer, at most `query.limit` of them. */
export const availableNumbersOf = (json: JsonRecord, query: NumberSearch): AvailableNumber[] => {
  const rows = Array.isArray(json.available_phone_numbers) ? json.available_phone_numbers : [];
  return rows.filter(isRecord).flatMap((row) => availableOf(row, query) ?? []).slice(0, query.limit);
};
