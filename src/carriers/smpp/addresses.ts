// SMPP addresses and E.164. On the way in, the TON says how to read the digits: international (1) gets
// its '+', national (2) is read in the account's country, unknown (0) is tried as international first
// (Kannel and many SMSCs send international numbers as bare digits); alphanumeric senders stay as they
// are (they match no participant). On the way out, an E.164 number is written as the TON configured.
import { isSupportedCountry, parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js/max';

export const TON = { UNKNOWN: 0, INTERNATIONAL: 1, NATIONAL: 2, ALPHANUMERIC: 5 } as const;

const digitsOf = (address: string): string => address.replace(/^\+/, '').replace(/^00/, '');

const valid = (candidate: string, country?: CountryCode): string | null => {
  const parsed = parsePhoneNumberFromString(candidate, country);
  return parsed?.isPossible() ? parsed.number : null;
};

const countryOf = (code: string | null): CountryCode | undefined => (code !== null && isSupportedCountry(code) ? code : undefined);

/** The address in E.164, or as it came when it is no phone number (an alphanumeric sender). */
export const inboundE164 = (address: string, ton: number, country: string | null): string => {
  const trimmed = address.trim();
  if (ton === TON.ALPHANUMERIC || !/^\+?\d+$/.test(trimmed)) return trimmed;
  const national = countryOf(country);
  if (ton === TON.NATIONAL) return (national && valid(trimmed, national)) ?? trimmed;
  const international = valid(`+${digitsOf(trimmed)}`);
  if (international !== null || ton === TON.INTERNATIONAL) return international ?? `+${digitsOf(trimmed)}`;
  return (national && valid(trimmed, national)) ?? `+${digitsOf(trimmed)}`;
};

/** An E.164 number as the SMSC wants it for this TON: bare digits, or the national number for TON 2. */
export const outboundAddress = (e164: string, ton: number): string => {
  if (ton === TON.NATIONAL) return parsePhoneNumberFromString(e164)?.nationalNumber ?? digitsOf(e164);
  if (ton === TON.ALPHANUMERIC) return e164;
  return digitsOf(e164);
};
