// A NumberSearch as Telnyx's GET /v2/available_phone_numbers filters (did-platform §1.4), and its rows as
// AvailableNumbers. Telnyx filters are literal: a `*` or `%` in one finds nothing. So a Contains pattern
// is sent as its longest run of literal digits and every row is then matched against the whole pattern
// (contains.ts), as are capabilities asked to be absent, which Telnyx cannot express either.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import { matchesContains } from '../../domain/numbering-plan/contains.ts';
import type { AvailableNumber, AvailableNumberType, ContainsPattern, NumberCapabilities, NumberSearch } from '../../domain/numbering-plan/types.ts';
import { isJsonObject, optionalString, type JsonObject } from './json-fields.ts';

/** Telnyx's phone_number_type of each type; null where Telnyx sells none. */
export const TELNYX_TYPES: Readonly<Record<AvailableNumberType, string | null>> = {
  local: 'local', 'toll-free': 'toll_free', mobile: 'mobile', national: 'national', 'shared-cost': 'shared_cost',
  voip: null, 'machine-to-machine': null, 'short-code': null,
};

/** When no row says its price: Telnyx's US local list price (telnyx.com/pricing/numbers). */
export const TELNYX_DEFAULT_PRICE = '1.00';

/** Rows asked for when masq filters after Telnyx: enough that a page survives the filter, but bounded. */
const OVERFETCH_CAP = 100;

const CAPABILITIES = ['voice', 'sms', 'mms', 'fax'] as const;

/** Twilio lets a place filter be a phone number ("the same as that number's"); Telnyx cannot resolve one. */
const isPhoneNumber = (value: string | null): boolean => value !== null && /^\+?\d{7,15}$/.test(value.replace(/[\s().-]/g, ''));

/**
 * Whether Telnyx can answer the search truly. It has no postal code, LATA or distance filter and its rows
 * carry none of them, so such a search (and one by "the same place as this number") can only be
 * answered with nothing, never with numbers that may not match.
 */
export const searchable = (query: NumberSearch): boolean =>
  TELNYX_TYPES[query.type] !== null && query.postalCode === null && query.lata === null && query.near === null && query.nearNumber === null
  && ![query.region, query.locality, query.rateCenter].some(isPhoneNumber);

const runs = (segment: readonly (string | null)[]): string[] => segment.map((d) => d ?? ' ').join('').split(' ').filter((r) => r.length >= 2);

/**
 * The literal part of a Contains pattern Telnyx can filter on, always matching a superset of the
 * pattern's numbers: its longest run of digits (ends_with when it ends a `$` pattern). With an area code,
 * Telnyx matches below the NDC only, so the pattern must start with that area code, which is dropped;
 * any other pattern could straddle the NDC and is left to masq's filter alone. A `+` pattern may begin
 * with the country code, which Telnyx's national match lacks: its leading run is not used.
 */
export const literalFilter = (pattern: ContainsPattern, areaCode: string | null): { key: 'contains' | 'ends_with'; value: string } | null => {
  let segments = pattern.segments;
  if (areaCode !== null) {
    const first = segments[0] ?? [];
    if (first.slice(0, areaCode.length).join('') !== areaCode || first.slice(0, areaCode.length).includes(null)) return null;
    segments = [first.slice(areaCode.length), ...segments.slice(1)];
  }
  if (pattern.anchorStart && areaCode === null) {
    const first = segments[0] ?? [];
    const lead = first.findIndex((d) => d === null);
    segments = [lead === -1 ? [] : first.slice(lead), ...segments.slice(1)];
  }
  const last = segments[segments.length - 1] ?? [];
  const trailing = last.map((d) => d ?? ' ').join('').split(' ').pop() ?? '';
  if (pattern.anchorEnd && trailing.length >= 2) return { key: 'ends_with', value: trailing };
  const longest = segments.flatMap(runs).sort((a, b) => b.length - a.length)[0];
  return longest ? { key: 'contains', value: longest } : null;
};

/** Whether rows must be checked by masq after Telnyx answered. */
const postFiltered = (query: NumberSearch): boolean =>
  query.contains !== null || Object.values(query.capabilities).some((wanted) => wanted === false);

export const searchQuery = (query: NumberSearch, type: string): URLSearchParams => {
  const params = new URLSearchParams({ 'filter[country_code]': query.isoCountry, 'filter[phone_number_type]': type });
  const set = (name: string, value: string | null): void => { if (value !== null) params.set(`filter[${name}]`, value); };
  set('national_destination_code', query.areaCode);
  set('administrative_area', query.region);
  set('locality', query.locality);
  set('rate_center', query.rateCenter);
  const literal = query.contains && literalFilter(query.contains, query.areaCode);
  if (literal) params.set(`filter[phone_number][${literal.key}]`, literal.value);
  const features = CAPABILITIES.filter((name) => query.capabilities[name] === true);
  // Comma-separated, as the telnyx SDK sends arrays.
  if (features.length > 0) params.set('filter[features]', features.join(','));
  const limit = postFiltered(query) ? Math.max(query.limit, Math.min(query.limit * 4, OVERFETCH_CAP)) : query.limit;
  params.set('filter[limit]', String(limit));
  return params;
};

const regionOf = (row: JsonObject, type: string): string | null => {
  const entries = Array.isArray(row.region_information) ? row.region_information.filter(isJsonObject) : [];
  const entry = entries.find((r) => r.region_type === type);
  return (entry && optionalString(entry, 'region_name')) || null;
};

export const capabilitiesOfFeatures = (value: unknown): NumberCapabilities => {
  const names = new Set(Array.isArray(value) ? value.filter(isJsonObject).map((f) => optionalString(f, 'name')) : []);
  return { voice: names.has('voice'), sms: names.has('sms'), mms: names.has('mms'), fax: names.has('fax') };
};

/** The monthly cost when Telnyx states it in USD; otherwise masq's default quote. */
const priceOf = (row: JsonObject): string => {
  const cost = isJsonObject(row.cost_information) ? row.cost_information : {};
  const monthly = optionalString(cost, 'monthly_cost');
  const currency = optionalString(cost, 'currency') ?? 'USD';
  return monthly !== undefined && /^\d+(\.\d+)?$/.test(monthly) && currency.toUpperCase() === 'USD' ? monthly : TELNYX_DEFAULT_PRICE;
};

const matchesPattern = (query: NumberSearch, e164: string): boolean => {
  if (query.contains === null) return true;
  const parsed = parsePhoneNumberFromString(e164);
  return parsed !== undefined && matchesContains(query.contains, parsed.nationalNumber, parsed.countryCallingCode);
};

const matchesCapabilities = (query: NumberSearch, capabilities: NumberCapabilities): boolean =>
  CAPABILITIES.every((name) => query.capabilities[name] === undefined || query.capabilities[name] === capabilities[name]);

/** One row as an AvailableNumber; null when it names no number or is only a near match (best_effort). */
const availableOf = (row: JsonObject, query: NumberSearch): AvailableNumber | null => {
  const e164 = optionalString(row, 'phone_number');
  if (!e164 || !/^\+\d{4,15}$/.test(e164) || row.best_effort === true) return null;
  return {
    e164,
    type: query.type,
    isoCountry: regionOf(row, 'country_code') ?? query.isoCountry,
    region: regionOf(row, 'state'),
    locality: regionOf(row, 'location'),
    rateCenter: regionOf(row, 'rate_center'),
    lata: null,
    postalCode: null,
    latitude: null,
    longitude: null,
    capabilities: capabilitiesOfFeatures(row.features),
    // Telnyx's rows do not say; its regulatory requirements are ordered with the number (requirement groups).
    addressRequirements: 'none',
    monthlyPrice: priceOf(row),
    beta: false,
  };
};

/** The rows that really match the search, at most `query.limit`. */
export const availableNumbersOf = (rows: readonly JsonObject[], query: NumberSearch): AvailableNumber[] =>
  rows.flatMap((row) => availableOf(row, query) ?? [])
    .filter((n) => matchesPattern(query, n.e164) && matchesCapabilities(query, n.capabilities))
    .slice(0, query.limit);
