// AvailablePhoneNumbers rows and countries as Twilio writes them (did-wire-contract §3.2): every key
// present with null rather than omitted, coordinates and prices as decimal strings (twilio-node keeps
// numeric strings as strings), capabilities in lower case; masq_carrier and masq_price say who sells it.
// Twilio's seven types each have their subresource; US short codes are masq's own (`ShortCode`), with a
// short code's bare digits as phone_number (short codes are not E.164).
import { Type } from '@sinclair/typebox';
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { OfferedNumber } from '../../app/search-available-numbers.ts';
import type { AvailableNumberType } from '../../domain/numbering-plan/types.ts';
import type { NumberCountry } from '../../ports/carrier.ts';
import { Nullable } from './common.ts';

const NullableString = Nullable(Type.String());

export const AvailablePhoneNumberJson = Type.Object({
  friendly_name: Type.String(),
  phone_number: Type.String(),
  lata: NullableString,
  locality: NullableString,
  rate_center: NullableString,
  latitude: NullableString,
  longitude: NullableString,
  region: NullableString,
  postal_code: NullableString,
  iso_country: Type.String(),
  address_requirements: Type.String(),
  beta: Type.Boolean(),
  capabilities: Type.Object({ voice: Type.Boolean(), sms: Type.Boolean(), mms: Type.Boolean(), fax: Type.Boolean() }),
  masq_carrier: Type.String({ description: 'The carrier account that sells the number' }),
  masq_price: Type.String({ description: 'Monthly price in USD' }),
  masq_type: Type.String({ description: 'local, toll-free, mobile, national, shared-cost, voip, machine-to-machine or short-code' }),
});

export interface TypePath {
  readonly type: AvailableNumberType;
  /** The path segment (Local in .../US/Local.json). */
  readonly segment: string;
  /** The key in a country's subresource_uris. */
  readonly key: string;
  /** A masq extension: Twilio has no such subresource. */
  readonly masqOnly: boolean;
}

export const TYPE_PATHS: readonly TypePath[] = [
  { type: 'local', segment: 'Local', key: 'local', masqOnly: false },
  { type: 'toll-free', segment: 'TollFree', key: 'toll_free', masqOnly: false },
  { type: 'mobile', segment: 'Mobile', key: 'mobile', masqOnly: false },
  { type: 'national', segment: 'National', key: 'national', masqOnly: false },
  { type: 'shared-cost', segment: 'SharedCost', key: 'shared_cost', masqOnly: false },
  { type: 'voip', segment: 'Voip', key: 'voip', masqOnly: false },
  { type: 'machine-to-machine', segment: 'MachineToMachine', key: 'machine_to_machine', masqOnly: false },
  { type: 'short-code', segment: 'ShortCode', key: 'short_code', masqOnly: true },
];

/** "(415) 555-0123" for NANP numbers, the international format elsewhere, as Twilio shows them; a short code as is. */
const friendlyName = (e164: string): string => {
  if (!e164.startsWith('+')) return e164;
  const parsed = parsePhoneNumberFromString(e164);
  if (!parsed) return e164;
  return parsed.countryCallingCode === '1' ? parsed.formatNational() : parsed.formatInternational();
};

const degrees = (value: number | null): string | null => (value === null ? null : value.toFixed(6));

export const serializeAvailableNumber = ({ number, carrier }: OfferedNumber) => ({
  friendly_name: friendlyName(number.e164),
  phone_number: number.e164,
  lata: number.lata,
  locality: number.locality,
  rate_center: number.rateCenter,
  latitude: degrees(number.latitude),
  longitude: degrees(number.longitude),
  region: number.region,
  postal_code: number.postalCode,
  iso_country: number.isoCountry,
  address_requirements: number.addressRequirements,
  beta: number.beta,
  capabilities: { ...number.capabilities },
  masq_carrier: carrier,
  masq_price: number.monthlyPrice,
  masq_type: number.type,
});

export const CountryJson = Type.Object({
  country_code: Type.String(),
  country: Type.String(),
  beta: Type.Boolean(),
  uri: Type.String(),
  subresource_uris: Type.Record(Type.String(), Type.String()),
});

const countryNames = new Intl.DisplayNames(['en'], { type: 'region' });

/** One country of the list; `base` is /2010-04-01/Accounts/{AC}/AvailablePhoneNumbers. */
export const serializeCountry = (country: NumberCountry, base: string) => {
  const uri = `${base}/${country.isoCountry}`;
  const subresources = TYPE_PATHS.filter((t) => country.types.includes(t.type)).map((t) => [t.key, `${uri}/${t.segment}.json`]);
  return {
    country_code: country.isoCountry,
    country: countryNames.of(country.isoCountry) ?? country.isoCountry,
    beta: false,
    uri: `${uri}.json`,
    subresource_uris: Object.fromEntries(subresources),
  };
};
