// The sandbox's simulated numbering plan: NANP local by area code and rate center (US, CA and the
// territories), US toll-free, GB geographic/mobile/03 and DE geographic/mobile. It is computed, never
// stored: a search walks the ranges its filters allow, in a fixed order, and generates matching lines
// lazily, so taking the first N results costs about N however large the plan is. About three lines in
// four are "in stock" (a hash of the number decides); the rest count as held by other customers.
import { EUROPE_SOURCES } from './europe.ts';
import { hash32 } from './hash.ts';
import { linesOf, PATTERN_SCAN_BUDGET } from './lines.ts';
import { NANP_SOURCES } from './nanp.ts';
import type { NumberRange, RangeSource } from './ranges.ts';
import type { AvailableNumber, AvailableNumberType, NumberSearch } from './types.ts';

const SOURCES: readonly RangeSource[] = [...NANP_SOURCES, ...EUROPE_SOURCES].sort((a, b) => (a.isoCountry < b.isoCountry ? -1 : 1));

export interface PlanCountry {
  readonly isoCountry: string;
  readonly types: readonly AvailableNumberType[];
}

export const planCountries = (): readonly PlanCountry[] => SOURCES.map((s) => ({ isoCountry: s.isoCountry, types: s.types }));

/** The area codes the plan has for a country and type (NANP only). */
export const planAreaCodes = (isoCountry: string, type: AvailableNumberType): readonly string[] =>
  SOURCES.find((s) => s.isoCountry === isoCountry)?.areaCodes(type) ?? [];

const CAPABILITY_NAMES = ['voice', 'sms', 'mms', 'fax'] as const;

const sameText = (wanted: string | null, actual: string | null): boolean =>
  wanted === null || (actual !== null && wanted.toLowerCase() === actual.toLowerCase());

const rangeMatches = (range: NumberRange, search: NumberSearch): boolean => {
  const { place, capabilities } = range;
  const capsOk = CAPABILITY_NAMES.every((name) => search.capabilities[name] === undefined || search.capabilities[name] === capabilities[name]);
  const address = range.addressRequirements;
  const addressOk = !(search.excludeAddressRequired.all && address !== 'none')
    && !(search.excludeAddressRequired.local && address === 'local')
    && !(search.excludeAddressRequired.foreign && address === 'foreign');
  return capsOk && addressOk
    && sameText(search.region, place.region) && sameText(search.locality, place.locality)
    && sameText(search.rateCenter, place.rateCenter) && sameText(search.lata, place.lata)
    && sameText(search.postalCode, place.postalCode);
};

/** Every range of a country's number type, in plan order (for tests that check each exchange). */
export const planRanges = (isoCountry: string, type: AvailableNumberType): Iterable<NumberRange> =>
  SOURCES.find((s) => s.isoCountry === isoCountry)?.ranges(type, { areaCode: null, near: null }) ?? [];

/** Whether the simulated carrier still has the number (not held by someone outside masq). */
export const inStock = (e164: string): boolean => hash32(`stock:${e164}`) % 4 !== 0;

const toAvailable = (range: NumberRange, national: string): AvailableNumber => ({
  ...range.place,
  e164: `+${range.countryCode}${national}`,
  type: range.type,
  capabilities: range.capabilities,
  addressRequirements: range.addressRequirements,
  monthlyPrice: range.monthlyPrice,
  beta: false,
});

/** Every number of the plan the search allows, lazily, in the plan's fixed order (stock only). */
export function* searchPlan(search: NumberSearch): Generator<AvailableNumber> {
  const source = SOURCES.find((s) => s.isoCountry === search.isoCountry);
  if (!source || !source.types.includes(search.type)) return;
  const budget = { remaining: PATTERN_SCAN_BUDGET };
  for (const range of source.ranges(search.type, { areaCode: search.areaCode, near: search.near })) {
    if (!rangeMatches(range, search)) continue;
    for (const national of linesOf(range, search.contains, budget)) {
      const e164 = `+${range.countryCode}${national}`;
      if (inStock(e164)) yield toAvailable(range, national);
    }
    if (budget.remaining <= 0) return;
  }
}
