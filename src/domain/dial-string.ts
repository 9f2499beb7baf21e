// The string handed to a carrier when masq dials or texts a participant. Identifiers are stored in
// their plain E.164 form; two countries need a carrier-facing variant, each behind a service flag that
// is off by default (as on Twilio). See docs/compatibility.md.
import { parsePhoneNumberFromString, type NumberType, type PhoneNumber } from 'libphonenumber-js/max';
import type { DialRules } from './service.ts';

export type DialChannel = 'voice' | 'sms';

// Toll-free, premium and other service numbers never get a prefix. An unknown type (possible but not
// valid) may: Twilio's own Argentine example +542231234567 is one.
const MAY_BE_MOBILE: ReadonlySet<NumberType> = new Set<NumberType>(['MOBILE', 'FIXED_LINE_OR_MOBILE', undefined]);
// An Argentine mobile stored without its 9 parses as a fixed line (the two share one numbering space).
const MAY_BE_ARGENTINE_MOBILE: ReadonlySet<NumberType> = new Set<NumberType>([...MAY_BE_MOBILE, 'FIXED_LINE']);

const parse = (e164: string): PhoneNumber | undefined => {
  const phone = parsePhoneNumberFromString(e164);
  return phone?.isPossible() ? phone : undefined;
};

/**
 * Argentina: mobiles are reached by voice as +54 9 <area> <subscriber>. Fixed and mobile numbers share
 * one numbering space, so libphonenumber cannot tell a stored +54 11 ... apart; a service enabling the
 * rule asserts its participants are mobiles. SMS routes expect the form without the 9, so never for SMS.
 */
const withArgentineNine = (phone: PhoneNumber): string => {
  if (phone.nationalNumber.startsWith('9') || !MAY_BE_ARGENTINE_MOBILE.has(phone.getType())) return phone.number;
  const nine = parse(`+54 9${phone.nationalNumber}`);
  return nine ? nine.number : phone.number;
};

/**
 * Mexico: the mobile '1' after +52 was abolished in 2019; some legacy routes still want it. Fixed lines
 * and mobiles mostly look alike since then (FIXED_LINE_OR_MOBILE), so every number that may be a mobile
 * gets it. The result is not a "possible" number in today's metadata, so it is built, not re-parsed.
 */
const withMexicanOne = (phone: PhoneNumber): string =>
  MAY_BE_MOBILE.has(phone.getType()) ? `+521${phone.nationalNumber}` : phone.number;

/** The number to dial or text for a participant's E.164 identifier under the service's dial rules. */
export const dialString = (e164: string, channel: DialChannel, rules: DialRules): string => {
  // Only +54 (voice) and +52 can change, and calling codes are prefix-free: any other number is dialled as
  // it is without parsing it (this runs for every forwarded message; parsing is most of its cost).
  const argentina = rules.argentinaMobileNine && channel === 'voice' && e164.startsWith('+54');
  const mexico = rules.mexicoLegacyOne && e164.startsWith('+52');
  if (!argentina && !mexico) return e164;
  // A number today's metadata finds impossible is dialled as given; that includes a legacy +52 1 ...
  // which therefore never gets a second '1'.
  const phone = parse(e164);
  if (!phone) return e164;
  if (phone.countryCallingCode === '54' && rules.argentinaMobileNine && channel === 'voice') return withArgentineNine(phone);
  if (phone.countryCallingCode === '52' && rules.mexicoLegacyOne) return withMexicanOne(phone);
  return e164;
};
