// What a number costs a month on a Twilio-shaped carrier. Twilio's AvailablePhoneNumbers answer carries no
// price (prices live in its separate Pricing API), yet every search result names one (masq_price), so
// masq quotes its own list: Twilio's published US prices (SignalWire's and other countries' differ).
// A quote, not a bill: the carrier's invoice is what counts.
import type { AvailableNumberType } from '../../domain/numbering-plan/types.ts';

/** USD a month by number type: twilio.com/en-us/pricing (US local $1.15, toll-free $2.15); others as local. */
const LIST_PRICES: Readonly<Partial<Record<AvailableNumberType, string>>> = {
  'toll-free': '2.15',
};
const DEFAULT_PRICE = '1.15';

/** Countries whose prices differ from the list above, by type (none yet: add them as they are checked). */
const COUNTRY_PRICES: Readonly<Record<string, Partial<Record<AvailableNumberType, string>>>> = {};

/** The monthly price masq quotes for a number of this country and type, a decimal string in USD. */
export const listPrice = (isoCountry: string, type: AvailableNumberType): string =>
  COUNTRY_PRICES[isoCountry]?.[type] ?? LIST_PRICES[type] ?? DEFAULT_PRICE;
