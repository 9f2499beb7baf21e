// Participant identifiers and inventory numbers: E.164 parsing, the country behind a shared dialing
// code, and NANP area codes. Everything goes through libphonenumber-js with its `max` metadata (the
// only metadata that knows number types and the Crown-dependency ranges); we never split digits by hand.
import metadata from 'libphonenumber-js/max/metadata';
import { parsePhoneNumberFromString, type PhoneNumber } from 'libphonenumber-js/max';
import { AppError } from './errors.ts';

export type ParsedIdentifier =
  | {
      readonly kind: 'phone';
      /** Canonical E.164, e.g. +14155551212. */
      readonly e164: string;
      /** ISO 3166-1 alpha-2; null for non-geographic codes such as +800 or +883. */
      readonly country: string | null;
      /** NANP area code (NPA) for +1 numbers, null elsewhere. */
      readonly areaCode: string | null;
    }
  | {
      readonly kind: 'channel';
      /** The scheme, lower-cased: whatsapp, messenger, ... */
      readonly channel: string;
      /** What follows the scheme, carried as it is. */
      readonly address: string;
      readonly raw: string;
    };

export type PhoneIdentifier = Extract<ParsedIdentifier, { kind: 'phone' }>;

/** Twilio's limit on an identifier's length. */
export const MAX_IDENTIFIER_LENGTH = 191;

const NANP_CALLING_CODE = '1';
const SCHEME = /^([A-Za-z][A-Za-z0-9+.-]*):(.*)$/s;
// A '+' then digits with the usual punctuation. Without this gate libphonenumber would happily find a
// number inside free text ("call +1 415 ... now"), which is not an identifier.
const E164_ISH = /^\+[0-9 ().-]+$/;

const invalid = (raw: string, why: string): AppError =>
  new AppError('identifier-invalid', `Invalid participant identifier '${raw.slice(0, 40)}': ${why}`);

/** The countries sharing a calling code, main country first (libphonenumber's order); [] if non-geographic. */
const countriesOfCallingCode = (callingCode: string): readonly string[] => {
  // '001' is the metadata's stand-in region for non-geographic codes (+800, +883...), not a country.
  const regions: readonly string[] = metadata.country_calling_codes[callingCode] ?? [];
  return regions.filter((region) => region !== '001');
};

/**
 * The country of a possible-but-invalid number under a shared calling code. libphonenumber resolves a
 * country only for valid numbers (NANP aside, where leading digits decide), but Twilio accepts e.g.
 * +44 1481 1xxxxx, which is a Guernsey range even though that exact block is unassigned. We ask the
 * metadata which countries own the longest prefix of the number: keep the first k digits, fill the rest
 * with one repeated digit, and see which fills are valid. When several countries own that prefix the
 * main country wins, as it does when none does.
 */
const countryByLongestPrefix = (callingCode: string, national: string, main: string): string => {
  for (let k = national.length - 1; k >= 1; k -= 1) {
    const owners = new Set<string>();
    for (const fill of '0123456789') {
      const probe = parsePhoneNumberFromString(`+${callingCode}${national.slice(0, k)}${fill.repeat(national.length - k)}`);
      if (probe?.isValid() && probe.country) owners.add(probe.country);
    }
    if (owners.size === 1) return [...owners][0] ?? main;
    if (owners.size > 1) return owners.has(main) ? main : ([...owners].sort()[0] ?? main);
  }
  return main;
};

// The prefix probe costs a few ms (up to ~100 parses); remember recent answers. Bounded, and a pure
// function's memo, so the domain stays deterministic.
const PROBE_MEMO_LIMIT = 1024;
const probeMemo = new Map<string, string>();

const resolveCountry = (phone: PhoneNumber): string | null => {
  if (phone.country) return phone.country;
  const sharing = countriesOfCallingCode(phone.countryCallingCode);
  const main = sharing[0];
  if (main === undefined) return null;
  // For +1, libphonenumber already matched the area code against every NANP member's leading digits.
  if (sharing.length === 1 || phone.countryCallingCode === NANP_CALLING_CODE) return main;
  const known = probeMemo.get(phone.number);
  if (known !== undefined) return known;
  const country = countryByLongestPrefix(phone.countryCallingCode, phone.nationalNumber, main);
  if (probeMemo.size >= PROBE_MEMO_LIMIT) probeMemo.clear();
  probeMemo.set(phone.number, country);
  return country;
};

const areaCodeOf = (phone: PhoneNumber): string | null =>
  phone.countryCallingCode === NANP_CALLING_CODE ? phone.nationalNumber.slice(0, 3) : null;

/** Parses an E.164-ish string; undefined unless libphonenumber calls it possible and it has no extension. */
const parsePossible = (text: string): PhoneNumber | undefined => {
  const phone = parsePhoneNumberFromString(text);
  return phone && phone.isPossible() && !phone.ext ? phone : undefined;
};

/**
 * Mexico dropped the mobile '1' after +52 in 2019, yet handsets and legacy systems still send
 * +52 1 XXXXXXXXXX (13 digits after '+'). We store and route the 10-digit form.
 */
export const normalizeInbound = (e164: string): string => {
  const phone = parsePhoneNumberFromString(e164);
  if (!phone || phone.countryCallingCode !== '52') return e164;
  const national = phone.nationalNumber;
  if (national.length !== 11 || !national.startsWith('1')) return e164;
  const modern = parsePossible(`+52${national.slice(1)}`);
  return modern ? modern.number : e164;
};

/** Mexico's legacy +52 1 form as its 10-digit number (see normalizeInbound); any other possible number as parsed. */
const modernPossible = (phone: PhoneNumber): PhoneNumber | undefined => {
  // Only +52 can change; every other number is already in its final form, so it is not parsed again.
  if (phone.countryCallingCode === '52') return parsePossible(normalizeInbound(phone.number));
  return phone.isPossible() ? phone : undefined;
};

const parsePhone = (raw: string, text: string): PhoneIdentifier => {
  if (!E164_ISH.test(text)) throw invalid(raw, "expected an E.164 number starting with '+', or a channel address such as whatsapp:+1...");
  const first = parsePhoneNumberFromString(text);
  if (!first || first.ext) throw invalid(raw, 'not a phone number');
  const phone = modernPossible(first);
  if (!phone) throw invalid(raw, 'not a possible phone number for its country code');
  return Object.freeze({ kind: 'phone', e164: phone.number, country: resolveCountry(phone), areaCode: areaCodeOf(phone) });
};

/**
 * A stored participant identifier that is a phone number, as it is: masq stores identifiers as
 * parseIdentifier normalised them, so '+' and digits only is an E.164 number already (normalising it
 * again gives it back). Null for anything else (channel addresses, or text not from the store).
 */
export const storedE164 = (identifier: string): string | null => (STORED_E164.test(identifier) ? identifier : null);
const STORED_E164 = /^\+[1-9][0-9]{1,14}$/;

const parseUncached = (raw: string): ParsedIdentifier => {
  if (raw.length > MAX_IDENTIFIER_LENGTH) throw invalid(raw, `longer than ${MAX_IDENTIFIER_LENGTH} characters`);
  const text = raw.trim();
  if (text === '') throw invalid(raw, 'empty');
  const scheme = SCHEME.exec(text);
  if (!scheme) return parsePhone(raw, text);
  const [, name = '', rest = ''] = scheme;
  if (name.toLowerCase() === 'tel') return parsePhone(raw, rest.trim());
  if (rest.trim() === '') throw invalid(raw, `empty ${name} address`);
  return Object.freeze({ kind: 'channel', channel: name.toLowerCase(), address: rest, raw: text });
};

// Every inbound message parses its sender, its proxy number and the partner's number, and a pool's numbers
// and a conversation's people recur: libphonenumber took a sixth of the webhook's CPU before this memo
// (see BENCHMARKS.md). A pure function's memo, bounded and frozen, so the domain stays deterministic.
// Map order is insertion order: a hit is moved to the back, and the front (least recently used) goes first.
const IDENTIFIER_MEMO_LIMIT = 20_000;

const memoized = (parse: (raw: string) => ParsedIdentifier): ((raw: string) => ParsedIdentifier) => {
  const memo = new Map<string, ParsedIdentifier>();
  return (raw) => {
    const known = memo.get(raw);
    if (known !== undefined) {
      memo.delete(raw);
      memo.set(raw, known);
      return known;
    }
    const parsed = parse(raw);
    if (memo.size >= IDENTIFIER_MEMO_LIMIT) {
      const oldest = memo.keys().next();
      if (!oldest.done) memo.delete(oldest.value);
    }
    memo.set(raw, parsed);
    return parsed;
  };
};

/**
 * A participant identifier: an E.164 number (punctuation allowed, `tel:` accepted) or a channel
 * address (`whatsapp:+1...`, `messenger:1234`). Numbers are judged by isPossible, not isValid, because
 * Twilio accepts numbers the metadata does not know yet (its own Argentine example +542231234567 is
 * "invalid" in libphonenumber). Throws AppError identifier-invalid (80404) otherwise.
 */
export const parseIdentifier = memoized(parseUncached);

/**
 * parseIdentifier for the address inbound traffic was sent TO: a pool's own proxy numbers, a few thousand
 * that recur on every message. Their own memo, so a flood of first-time senders (each parsed once through
 * parseIdentifier) never evicts them.
 */
export const parseProxyIdentifier = memoized(parseUncached);

/** The NANP area code (first three national digits) of a +1 number; null for other or unparsable numbers. */
export const nanpAreaCode = (e164: string): string | null => {
  const phone = parsePhoneNumberFromString(e164);
  return phone ? areaCodeOf(phone) : null;
};

export interface NumberFacts {
  readonly isoCountry: string | null;
  readonly areaCode: string | null;
}

/** Country and area code stored with an inventory number; nulls when the number cannot be parsed. */
export const numberFacts = (e164: string): NumberFacts => {
  const phone = parsePhoneNumberFromString(e164);
  if (!phone) return { isoCountry: null, areaCode: null };
  return { isoCountry: resolveCountry(phone), areaCode: areaCodeOf(phone) };
};

// Which pool countries may serve a participant, as ordered tiers. Source: Twilio's Proxy guide
// "Phone Number Management" (geo_match_level=country): participants in NANP territories outside the
// US and Canada are served by a number of their own country when the pool has one, otherwise by a US
// number; the UK and the Crown dependencies (GB, GG, IM, JE) share +44 and serve one another. Canada is
// served only by Canadian numbers. The NANP membership list is libphonenumber's for calling code 1.
const UK_FAMILY: readonly string[] = ['GB', 'GG', 'IM', 'JE'];
const NANP_SERVED_BY_OWN_ONLY = new Set(['US', 'CA']);

const isNanpCountry = (country: string): boolean => countriesOfCallingCode(NANP_CALLING_CODE).includes(country);

/** Ordered tiers of pool countries that may serve a participant of `country` (own country first). */
export const servingCountries = (country: string): readonly (readonly string[])[] => {
  if (UK_FAMILY.includes(country)) return [UK_FAMILY];
  if (isNanpCountry(country) && !NANP_SERVED_BY_OWN_ONLY.has(country)) return [[country], ['US']];
  return [[country]];
};
