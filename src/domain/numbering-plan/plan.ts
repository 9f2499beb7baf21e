// The sandbox's simulated numbering plan: NANP local by area code and rate center (US, CA and the
// territories), US toll-free and short codes, and GB, DE, FR, NL, ES and AU (international.ts). It is
// computed, never stored: a search walks the ranges its filters allow, in a fixed order, and generates
// matching lines lazily, so taking the first N results costs about N however large the plan is. About
// three lines in four are "in stock" (a hash of the number decides); the rest count as held by other
// customers.
import { hash32 } from './hash.ts';
import { INTERNATIONAL_SOURCES } from './international.ts';
import { linesOf, PATTERN_SCAN_BUDGET } from './lines.ts';
import { NANP_SOURCES } from './nanp.ts';
import { placeFilter, rangeInPlace } from './place-filter.ts';
import { holds, numberOf, type NumberRange, type RangeSource } from './ranges.ts';
import type { AvailableNumber, AvailableNumberType, NumberPlace, NumberSearch } from './types.ts';

const SOURCES: readonly RangeSource[] = [...NANP_SOURCES, ...INTERNATIONAL_SOURCES].sort((a, b) => (a.isoCountry < b.isoCountry ? -1 : 1));

export interface PlanCountry {
  readonly isoCountry: string;
  readonly types: readonly AvailableNumberType[];
}

export const planCountries = (): readonly PlanCountry[] => SOURCES.map((s) => ({ isoCountry: s.isoCountry, types: s.types }));

/** The area codes the plan has for a country and type (NANP only). */
export const planAreaCodes = (isoCountry: string, type: AvailableNumberType): readonly string[] =>
  SOURCES.find((s) => s.isoCountry === isoCountry)?.areaCodes(type) ?? [];

const CAPABILITY_NAMES = ['voice', 'sms', 'mms', 'fax'] as const;

const termsMatch = (range: NumberRange, search: NumberSearch): boolean => {
  const { capabilities } = range;
  const capsOk = CAPABILITY_NAMES.every((name) => search.capabilities[name] === undefined || search.capabilities[name] === capabilities[name]);
  const address = range.addressRequirements;
  const addressOk = !(search.excludeAddressRequired.all && address !== 'none')
    && !(search.excludeAddressRequired.local && address === 'local')
    && !(search.excludeAddressRequired.foreign && address === 'foreign');
  return capsOk && addressOk && (search.includeBeta || !range.beta);
};

/** Every range of a country's number type, in plan order (for tests that check each exchange). */
export const planRanges = (isoCountry: string, type: AvailableNumberType): Iterable<NumberRange> =>
  SOURCES.find((s) => s.isoCountry === isoCountry)?.ranges(type, { areaCode: null, near: null }) ?? [];

/** Whether the simulated carrier still has the number (not held by someone outside masq). */
export const inStock = (number: string): boolean => hash32(`stock:${number}`) % 4 !== 0;

const toAvailable = (range: NumberRange, national: string): AvailableNumber => ({
  ...range.place,
  e164: numberOf(range, national),
  type: range.type,
  capabilities: range.capabilities,
  addressRequirements: range.addressRequirements,
  monthlyPrice: range.monthlyPrice,
  beta: range.beta,
});

/** Every number of the plan the search allows, lazily, in the plan's fixed order (stock only). */
export function* searchPlan(search: NumberSearch): Generator<AvailableNumber> {
  const source = SOURCES.find((s) => s.isoCountry === search.isoCountry);
  if (!source || !source.types.includes(search.type)) return;
  // NearNumber the plan cannot place: nothing is known to be near it.
  if (search.nearNumber !== null && search.near === null) return;
  const place = placeFilter(search, placeOfNumber);
  if (place === null) return;
  const budget = { remaining: PATTERN_SCAN_BUDGET };
  for (const range of source.ranges(search.type, { areaCode: search.areaCode, near: search.near })) {
    if (!termsMatch(range, search) || !rangeInPlace(range.place, place)) continue;
    for (const national of linesOf(range, search.contains, budget)) {
      if (inStock(numberOf(range, national))) yield toAvailable(range, national);
    }
    if (budget.remaining <= 0) return;
  }
}

/**
 * The range that holds a number (E.164, or a short code's digits), in stock or not, found by lookup
 * rather than a walk of the plan: the country by calling code, then the source's own index.
 */
const rangeHolding = (number: string): NumberRange | null => {
  const e164 = /^\+(\d{6,15})$/.exec(number)?.[1];
  const candidates = e164 === undefined
    ? SOURCES.filter((s) => s.types.includes('short-code')).map((s) => ({ source: s, national: number }))
    : SOURCES.filter((s) => e164.startsWith(s.countryCode)).map((s) => ({ source: s, national: e164.slice(s.countryCode.length) }));
  for (const { source, national } of candidates) {
    const range = source.rangeOf(national);
    // "+1" and five digits is no short code, and a short code's digits are no national number.
    if (range && holds(range, national) && (range.type === 'short-code') === (e164 === undefined)) return range;
  }
  return null;
};

/**
 * What the plan says about one number (its place, type, capabilities and price), or null when the
 * number is not in the plan or the simulated carrier does not have it in stock.
 */
export const describePlanNumber = (number: string): AvailableNumber | null => {
  if (!inStock(number)) return null;
  const range = rangeHolding(number);
  if (!range) return null;
  const national = range.type === 'short-code' ? number : number.slice(range.countryCode.length + 1);
  return toAvailable(range, national);
};

/**
 * Where the plan puts a number, in stock or not: its range's place, or for a number whose exchange the
 * plan does not have, its area's (a NANP area code's main rate center, a city). Null when it cannot say.
 */
export const placeOfNumber = (e164: string): NumberPlace | null => {
  const digits = /^\+(\d{6,15})$/.exec(e164)?.[1];
  if (digits === undefined) return rangeHolding(e164)?.place ?? null;
  for (const source of SOURCES.filter((s) => digits.startsWith(s.countryCode))) {
    const place = source.placeOf(digits.slice(source.countryCode.length));
    if (place) return place;
  }
  return null;
};
