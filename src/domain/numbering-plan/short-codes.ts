// US common short codes in the simulated plan (did-platform §4.3): 5 and 6 digits, never starting with
// 0 or 1, leased from the registry for messaging only (SMS and MMS, no voice). Short codes are not E.164:
// a short code's number is its bare digits. libphonenumber-js has no short-number metadata, so these
// ranges follow the registry's rule rather than a validation.
import { MESSAGING, type NumberRange } from './ranges.ts';
import type { NumberPlace } from './types.ts';

/** The registry's random-code lease, monthly; masq's sandbox does not price vanity codes apart. */
const SHORT_CODE_PRICE = '1000.00';

const PLACE: NumberPlace = { isoCountry: 'US', region: null, locality: null, rateCenter: null, lata: null, postalCode: null, latitude: null, longitude: null };

const range = (prefix: string, freeDigits: number): NumberRange => ({
  countryCode: '1', type: 'short-code', prefix, freeDigits, areaCode: null, place: PLACE,
  capabilities: MESSAGING, addressRequirements: 'none', monthlyPrice: SHORT_CODE_PRICE, beta: false,
});

const LEADING = ['2', '3', '4', '5', '6', '7', '8', '9'];

/** 5-digit codes (20000-99999) first, then 6-digit ones (200000-999999): 880,000 codes. */
export const SHORT_CODE_RANGES: readonly NumberRange[] = [...LEADING.map((d) => range(d, 4)), ...LEADING.map((d) => range(d, 5))];

/** The range of a short code's digits, or null for anything that is not a 5-6 digit code. */
export const shortCodeRangeOf = (digits: string): NumberRange | null =>
  (/^[2-9]\d{4,5}$/.test(digits) ? SHORT_CODE_RANGES.find((r) => r.prefix === digits[0] && r.freeDigits === digits.length - 1) ?? null : null);
