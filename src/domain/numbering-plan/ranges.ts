// The plan's building block: a range of numbers sharing a national prefix and a place, whose last
// `freeDigits` digits run through every value. Countries describe themselves as lazily generated ranges
// (nanp.ts, europe.ts), so the plan holds millions of numbers without storing one.
import type { AddressRequirement, AvailableNumberType, NumberCapabilities, NumberPlace } from './types.ts';

export interface NumberRange {
  readonly countryCode: string;
  readonly type: AvailableNumberType;
  /** The national significant number's leading digits (no trunk 0). */
  readonly prefix: string;
  readonly freeDigits: number;
  /** NANP area code, null elsewhere. */
  readonly areaCode: string | null;
  readonly place: NumberPlace;
  readonly capabilities: NumberCapabilities;
  readonly addressRequirements: AddressRequirement;
  readonly monthlyPrice: string;
  /** New to the carrier (Twilio's beta): left out of a search with Beta=false. */
  readonly beta: boolean;
}

/** How a range filter sees the search: enough to skip whole ranges before looking at a line. */
export interface RangeSource {
  readonly isoCountry: string;
  /** The country calling code without "+" (1 for every NANP country). */
  readonly countryCode: string;
  readonly types: readonly AvailableNumberType[];
  /** Area codes this source has for a type (NANP); empty elsewhere. */
  areaCodes(type: AvailableNumberType): readonly string[];
  /** The ranges of a type in their fixed order, the places near a point first when asked. */
  ranges(type: AvailableNumberType, options: RangeOptions): Iterable<NumberRange>;
  /**
   * The range whose prefix starts this national number (a short code: its digits), of any type, found
   * without walking the plan; the caller checks the length. Null when no range of the source has it.
   */
  rangeOf(national: string): NumberRange | null;
  /**
   * Where a national number of the source's territory is, whether or not the plan has its exchange: its
   * range's place, else its area's (a NANP area code's main rate center, a city's area code). Null when
   * the number is in no area the source knows.
   */
  placeOf(national: string): NumberPlace | null;
}

export interface RangeOptions {
  readonly areaCode: string | null;
  readonly near: { readonly latitude: number; readonly longitude: number; readonly km: number } | null;
}

/** A range's number as masq writes it: E.164, or a short code's bare digits. */
export const numberOf = (range: NumberRange, national: string): string =>
  (range.type === 'short-code' ? national : `+${range.countryCode}${national}`);

/** Whether a national number is one of the range's lines (its prefix, then exactly its free digits). */
export const holds = (range: NumberRange, national: string): boolean =>
  national.length === range.prefix.length + range.freeDigits && national.startsWith(range.prefix) && /^\d+$/.test(national);

export const VOICE_ONLY: NumberCapabilities = { voice: true, sms: false, mms: false, fax: false };
export const VOICE_SMS: NumberCapabilities = { voice: true, sms: true, mms: false, fax: false };
export const FULL: NumberCapabilities = { voice: true, sms: true, mms: true, fax: true };
export const SMS_ONLY: NumberCapabilities = { voice: false, sms: true, mms: false, fax: false };
export const MESSAGING: NumberCapabilities = { voice: false, sms: true, mms: true, fax: false };

/**
 * `count` exchanges picked deterministically from `candidates` by a hash of `seed`, in ascending order,
 * keeping only those `accept` takes (libphonenumber's view of a real range): candidates are tried in
 * hash order and the search stops at `count`, so it costs about `count` checks.
 */
export const pickExchanges = (
  candidates: readonly string[], seed: string, count: number, pick: (key: string) => number, accept: (exchange: string) => boolean,
): string[] => {
  const ranked = candidates.map((value) => ({ value, rank: pick(`${seed}:${value}`) }))
    .sort((a, b) => a.rank - b.rank || (a.value < b.value ? -1 : 1));
  const chosen: string[] = [];
  for (const { value } of ranked) {
    if (chosen.length >= count) break;
    if (accept(value)) chosen.push(value);
  }
  return chosen.sort();
};
