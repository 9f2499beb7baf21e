// Geo tiers: which pool numbers may serve a participant, most local first. The allocator tries the tiers
// in order and the first one with an eligible number wins (domain/allocator/allocate.ts).
//
// `country` follows servingCountries (an Antiguan is served by AG numbers, else US ones). `area-code`,
// `overlay` and `radius` are NANP refinements, as on Twilio; for any other identifier, and for an area
// code we know nothing about, every level behaves as `country`.
import type { GeoTier } from './allocator/types.ts';
import coordinateFile from './data/nanp-area-codes.json' with { type: 'json' };
import overlayFile from './data/nanp-overlays.json' with { type: 'json' };
import type { PhoneIdentifier } from './phone-number.ts';
import { servingCountries } from './phone-number.ts';
import type { PoolNumber } from './pool-number.ts';
import type { GeoMatchLevel } from './service.ts';

type LatLon = readonly [number, number];

/**
 * Radius rings around the identifier's area code, after the area code and its overlays: about 50, 100
 * and 200 miles. Area-code centroids are only good to within a couple of hundred km (the source says
 * +/- 200 miles), so finer rings would pretend a precision the data lacks, and beyond ~320 km a number
 * no longer reads as local. Farther numbers do not match: radius never silently becomes country.
 */
export const RADIUS_RINGS_KM: readonly number[] = [80, 160, 320];

const EARTH_RADIUS_KM = 6371.0088;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every((x) => typeof x === 'string');
const isLatLon = (value: unknown): value is LatLon =>
  Array.isArray(value) && value.length === 2 && value.every((x) => typeof x === 'number' && Number.isFinite(x));

const loadOverlayGroups = (file: unknown): readonly (readonly string[])[] => {
  if (!isRecord(file) || !Array.isArray(file.groups) || !file.groups.every(isStringArray)) {
    throw new Error('domain/data/nanp-overlays.json: expected {"groups": string[][]}');
  }
  return file.groups;
};

const loadCoordinates = (file: unknown): ReadonlyMap<string, LatLon> => {
  const table = isRecord(file) ? file.areaCodes : undefined;
  if (!isRecord(table)) throw new Error('domain/data/nanp-area-codes.json: expected {"areaCodes": {...}}');
  const entries = Object.entries(table).map(([npa, latLon]): [string, LatLon] => {
    if (!isLatLon(latLon)) throw new Error(`domain/data/nanp-area-codes.json: bad coordinates for ${npa}`);
    return [npa, latLon];
  });
  return new Map(entries);
};

/** Each area code with every code that shares its geography (itself included); 917 joins all of NYC. */
const buildOverlayIndex = (groups: readonly (readonly string[])[]): ReadonlyMap<string, readonly string[]> => {
  const index = new Map<string, string[]>();
  for (const group of groups) {
    for (const npa of group) {
      const partners = index.get(npa) ?? [npa];
      for (const other of group) if (!partners.includes(other)) partners.push(other);
      index.set(npa, partners);
    }
  }
  return index;
};

const OVERLAYS = buildOverlayIndex(loadOverlayGroups(overlayFile));

/** Overlay codes newer than the coordinate source (945, 983...) sit where their partners sit. */
const withOverlayPartners = (known: ReadonlyMap<string, LatLon>): ReadonlyMap<string, LatLon> => {
  const all = new Map(known);
  for (const [npa, partners] of OVERLAYS) {
    if (all.has(npa)) continue;
    const located = partners.map((p) => known.get(p)).find((c) => c !== undefined);
    if (located) all.set(npa, located);
  }
  return all;
};

const COORDINATES = withOverlayPartners(loadCoordinates(coordinateFile));

/** The area code and every area code overlaying the same region, the area code first. */
export const overlayGroup = (npa: string): readonly string[] => OVERLAYS.get(npa) ?? [npa];

/** Great-circle (haversine) distance in km. */
export const distanceKm = (a: LatLon, b: LatLon): number => {
  const rad = (deg: number) => (deg * Math.PI) / 180;
  const dLat = rad(b[0] - a[0]);
  const dLon = rad(b[1] - a[1]);
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(rad(a[0])) * Math.cos(rad(b[0])) * Math.sin(dLon / 2) ** 2;
  return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1, Math.sqrt(h)));
};

const countryTiers = (country: string | null): GeoTier[] => {
  // A non-geographic identifier (+800, +883...) has no country to match: any number may serve it.
  if (country === null) return [{ countries: null, areaCodes: null, label: 'any country (non-geographic identifier)' }];
  return servingCountries(country).map((countries, i) => ({
    countries,
    areaCodes: null,
    label: i === 0
      ? `same country (${countries.join(', ')})`
      : `${countries.join(', ')} numbers serving ${country} (no ${country} number available)`,
  }));
};

const overlayTier = (npa: string): GeoTier => {
  const group = overlayGroup(npa);
  const others = group.filter((code) => code !== npa);
  const label = others.length > 0 ? `area code ${npa} or its overlays (${others.join(', ')})` : `area code ${npa}`;
  return { countries: null, areaCodes: group, label };
};

const radiusTiers = (npa: string, origin: LatLon): GeoTier[] => {
  const first = overlayTier(npa);
  const taken = new Set(first.areaCodes);
  const byDistance = [...COORDINATES]
    .filter(([code]) => !taken.has(code))
    .map(([code, at]) => ({ code, km: distanceKm(origin, at) }))
    .sort((a, b) => a.km - b.km || (a.code < b.code ? -1 : 1));
  const rings: GeoTier[] = [];
  let inner = 0;
  for (const ring of RADIUS_RINGS_KM) {
    const codes = byDistance.filter((d) => d.km <= ring && d.km > inner).map((d) => d.code);
    if (codes.length > 0) rings.push({ countries: null, areaCodes: codes, label: `within ${ring} km of area code ${npa}` });
    inner = ring;
  }
  return [first, ...rings];
};

const radiusCache = new Map<string, readonly GeoTier[]>();

/** The geo tiers for a phone identifier at a service's geo match level, most local first. */
export const geoTiers = (identifier: PhoneIdentifier, level: GeoMatchLevel): GeoTier[] => {
  const npa = identifier.areaCode;
  if (npa === null || level === 'country') return countryTiers(identifier.country);
  if (level === 'area-code') return [{ countries: null, areaCodes: [npa], label: `area code ${npa}` }];
  // Twilio documents no extended-area-code semantics beyond "nearby codes": the overlay set is the safe reading.
  if (level === 'overlay' || level === 'extended-area-code') return [overlayTier(npa)];
  const origin = COORDINATES.get(npa);
  if (!origin) return countryTiers(identifier.country);
  // Sorting every known area code by distance costs ~1 ms; there are only a few hundred origins, so
  // each is computed once. The tiers are immutable, so sharing them is safe (and keeps setsOf warm).
  const cached = radiusCache.get(npa) ?? radiusTiers(npa, origin);
  radiusCache.set(npa, cached);
  return [...cached];
};

// Radius tiers list hundreds of codes and the allocator asks about each candidate: look them up in a Set.
const tierSets = new WeakMap<GeoTier, { countries: ReadonlySet<string> | null; areaCodes: ReadonlySet<string> | null }>();

const setsOf = (tier: GeoTier) => {
  let sets = tierSets.get(tier);
  if (!sets) {
    sets = {
      countries: tier.countries ? new Set(tier.countries) : null,
      areaCodes: tier.areaCodes ? new Set(tier.areaCodes) : null,
    };
    tierSets.set(tier, sets);
  }
  return sets;
};

/** Whether a pool number lies in a tier (a null list in the tier matches anything). */
export const numberMatchesTier = (number: Pick<PoolNumber, 'isoCountry' | 'areaCode'>, tier: GeoTier): boolean => {
  const { countries, areaCodes } = setsOf(tier);
  const countryOk = countries === null || (number.isoCountry !== null && countries.has(number.isoCountry));
  const areaOk = areaCodes === null || (number.areaCode !== null && areaCodes.has(number.areaCode));
  return countryOk && areaOk;
};
