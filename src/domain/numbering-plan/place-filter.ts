// The place filters of a search (InRegion, InPostalCode, InLocality, InRateCenter, InLata) as the plan
// applies them. Twilio lets each be a phone number, meaning "the same as that number's": the plan puts
// that number in its place and takes the field from there. A number it cannot place, or whose place has
// no such field (a UK number has no LATA), matches nothing. Names compare without case or accents
// ("ile-de-france" finds Île-de-France).
import type { NumberPlace, NumberSearch } from './types.ts';

const FIELDS = ['region', 'postalCode', 'locality', 'rateCenter', 'lata'] as const;
type Field = (typeof FIELDS)[number];

export type PlaceFilter = Readonly<Record<Field, string | null>>;

/** A value that is a phone number rather than a name or code: E.164, or 10-11 NANP digits. */
export const asNumber = (value: string): string | null => {
  const digits = /^\+?(\d{10,15})$/.exec(value.replace(/[\s().-]/g, ''))?.[1];
  if (digits === undefined) return null;
  if (value.trim().startsWith('+')) return `+${digits}`;
  return digits.length === 10 ? `+1${digits}` : `+${digits}`;
};

const folded = (text: string): string => text.normalize('NFD').replace(/\p{M}/gu, '').trim().toLowerCase();

/** The search's place filters with numbers resolved, or null when one of them can match nothing. */
export const placeFilter = (search: NumberSearch, placeOf: (e164: string) => NumberPlace | null): PlaceFilter | null => {
  const filter: Record<Field, string | null> = { region: null, postalCode: null, locality: null, rateCenter: null, lata: null };
  for (const field of FIELDS) {
    const raw = search[field];
    if (raw === null) continue;
    const number = asNumber(raw);
    const value = number === null ? raw : placeOf(number)?.[field] ?? null;
    if (value === null) return null;
    filter[field] = folded(value);
  }
  return filter;
};

/** Whether a range's place meets every filter given. */
export const rangeInPlace = (place: NumberPlace, filter: PlaceFilter): boolean =>
  FIELDS.every((field) => {
    const wanted = filter[field];
    const actual = place[field];
    return wanted === null || (actual !== null && folded(actual) === wanted);
  });
