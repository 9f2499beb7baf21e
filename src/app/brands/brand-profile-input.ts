// The parameters of POST /masq/v1/BrandProfiles[/{BU}]. Only shape is checked here (lengths, known
// enums where given); completeness is the registry's to judge when a brand is submitted, so a profile
// can be saved while incomplete and a brand on it fails with errors[] naming what is missing.
import { invalidParameter } from '../../domain/errors.ts';
import { ENTITY_TYPES, VERTICALS, type BrandProfileData } from '../../domain/messaging/brand-profile.ts';

export type BrandProfileInput = { readonly [K in keyof BrandProfileData]?: string } & { readonly friendlyName?: string };

const WIRE_NAMES: Readonly<Record<keyof BrandProfileData, string>> = {
  legalName: 'LegalName', taxId: 'TaxId', entityType: 'EntityType', vertical: 'Vertical', street: 'Street', city: 'City', region: 'Region',
  postalCode: 'PostalCode', isoCountry: 'IsoCountry', website: 'Website', email: 'Email', phone: 'Phone', stockSymbol: 'StockSymbol',
  stockExchange: 'StockExchange',
};

const MAX_FIELD = 255;

const oneOf = (name: string, list: readonly string[], value: string | null): string | null => {
  if (value === null || list.includes(value)) return value;
  throw invalidParameter(name, `Expected one of ${list.join(', ')}.`);
};

/** `current` with the given fields applied; an empty value clears a field; codes are upper-cased. */
export const applyProfileInput = (current: BrandProfileData, input: BrandProfileInput): BrandProfileData => {
  const next: Record<keyof BrandProfileData, string | null> = { ...current };
  for (const key of Object.keys(WIRE_NAMES).filter((k): k is keyof BrandProfileData => Object.hasOwn(WIRE_NAMES, k))) {
    const value = input[key];
    if (value === undefined) continue;
    if (value.length > MAX_FIELD) throw invalidParameter(WIRE_NAMES[key], `Expected at most ${MAX_FIELD} characters.`);
    next[key] = value.trim() === '' ? null : value.trim();
  }
  const upper = (v: string | null): string | null => (v === null ? null : v.toUpperCase());
  return {
    ...next,
    entityType: oneOf('EntityType', ENTITY_TYPES, upper(next.entityType)),
    vertical: oneOf('Vertical', VERTICALS, upper(next.vertical)),
    isoCountry: upper(next.isoCountry),
    region: upper(next.region),
  };
};
