// A non-NANP country of the simulated plan, described as data (international.ts) and turned into ranges
// here: geographic numbers by city (an area code and a dozen of its exchanges) and non-geographic blocks
// (mobile, toll-free, national, shared-cost, VoIP, M2M). Which exchanges and blocks exist is picked by hash
// among those libphonenumber takes as the country's and type's, so the plan is the same in every run.
// Ranges are built on first use (a country's types cost a few thousand libphonenumber checks) and kept.
// Only NANP numbers carry rate centers, LATAs, postal codes and coordinates, as on Twilio.
import { hash32 } from './hash.ts';
import { isRealRange } from './real-range.ts';
import { holds, pickExchanges, type NumberRange, type RangeSource } from './ranges.ts';
import { AVAILABLE_NUMBER_TYPES, type AddressRequirement, type AvailableNumberType, type NumberCapabilities, type NumberPlace } from './types.ts';

/** What a type of number costs and carries in one country. */
export interface Terms {
  readonly capabilities: NumberCapabilities;
  readonly addressRequirements: AddressRequirement;
  readonly monthlyPrice: string;
  /** New to the carrier: hidden by Beta=false. */
  readonly beta?: boolean;
}

/** A city's geographic numbers: its area code, then an exchange, then four line digits. */
export interface Area {
  readonly name: string;
  readonly region: string;
  /** The area code without the trunk 0 (20 for London). */
  readonly code: string;
  readonly exchangeDigits: number;
  /** First digits an exchange may start with. */
  readonly leading: string;
}

/** Non-geographic blocks of one type: prefixes `prefixDigits` long that start with one of `heads`. */
export interface Blocks extends Terms {
  readonly type: Exclude<AvailableNumberType, 'local' | 'short-code'>;
  readonly heads: readonly string[];
  readonly prefixDigits: number;
  /** How many blocks of 10,000 numbers the plan holds. */
  readonly count: number;
}

export interface CountrySpec {
  readonly isoCountry: string;
  readonly countryCode: string;
  readonly areas: readonly Area[];
  readonly local: Terms;
  readonly blocks: readonly Blocks[];
  /** Prefixes never offered: the regulator's drama and test ranges (Ofcom's 020 7946 0xxx...). */
  readonly excluded: readonly string[];
}

/** Every range ends in four line digits: a block or an exchange holds 10,000 numbers. */
const LINE_DIGITS = 4;
const EXCHANGES_PER_AREA = 12;

const placeOf = (isoCountry: string, region: string | null, locality: string | null): NumberPlace =>
  ({ isoCountry, region, locality, rateCenter: null, lata: null, postalCode: null, latitude: null, longitude: null });

const rangeOf = (spec: CountrySpec, type: AvailableNumberType, prefix: string, place: NumberPlace, terms: Terms): NumberRange => ({
  countryCode: spec.countryCode, type, prefix, freeDigits: LINE_DIGITS, areaCode: null, place,
  capabilities: terms.capabilities, addressRequirements: terms.addressRequirements, monthlyPrice: terms.monthlyPrice, beta: terms.beta ?? false,
});

/** Every string of `width` digits after `head` whose first digit is allowed. */
const extend = (head: string, width: number, leading = '0123456789'): string[] => {
  const found: string[] = [];
  for (let n = 0; n < 10 ** width; n++) {
    const tail = String(n).padStart(width, '0');
    if (width === 0 || leading.includes(tail[0] ?? '')) found.push(`${head}${tail}`);
  }
  return found;
};

const real = (spec: CountrySpec, type: AvailableNumberType) => (prefix: string): boolean =>
  !spec.excluded.includes(prefix) && isRealRange(spec.countryCode, prefix, LINE_DIGITS, spec.isoCountry, type);

const areaRanges = (spec: CountrySpec, area: Area): NumberRange[] => {
  const prefixes = pickExchanges(extend(area.code, area.exchangeDigits, area.leading), `${spec.isoCountry}:${area.name}`,
    EXCHANGES_PER_AREA, hash32, real(spec, 'local'));
  const place = placeOf(spec.isoCountry, area.region, area.name);
  return prefixes.map((prefix) => rangeOf(spec, 'local', prefix, place, spec.local));
};

/** Draws before a type settles for fewer blocks than asked (a sparse numbering space). */
const DRAWS_PER_BLOCK = 50;

/** The candidate at `index` of the heads' space, counted head by head (each head then every tail). */
const candidateAt = (blocks: Blocks, index: number): string | null => {
  let rest = index;
  for (const head of blocks.heads) {
    const width = blocks.prefixDigits - head.length;
    if (rest < 10 ** width) return `${head}${String(rest).padStart(width, '0')}`;
    rest -= 10 ** width;
  }
  return null;
};

/**
 * `blocks.count` prefixes drawn by hash from the heads' space (up to hundreds of thousands of candidates),
 * keeping those libphonenumber takes: the k-th draw is a hash of k, so the cost follows the count, not
 * the size of the space.
 */
const drawBlocks = (spec: CountrySpec, blocks: Blocks): string[] => {
  const space = blocks.heads.reduce((sum, head) => sum + 10 ** (blocks.prefixDigits - head.length), 0);
  const accept = real(spec, blocks.type);
  const tried = new Set<number>();
  const chosen: string[] = [];
  for (let k = 0; chosen.length < blocks.count && k < blocks.count * DRAWS_PER_BLOCK && tried.size < space; k++) {
    const index = hash32(`${spec.isoCountry}:${blocks.type}:${k}`) % space;
    if (tried.has(index)) continue;
    tried.add(index);
    const prefix = candidateAt(blocks, index);
    if (prefix !== null && accept(prefix)) chosen.push(prefix);
  }
  return chosen.sort();
};

const blockRanges = (spec: CountrySpec, blocks: Blocks): NumberRange[] =>
  drawBlocks(spec, blocks).map((prefix) => rangeOf(spec, blocks.type, prefix, placeOf(spec.isoCountry, null, null), blocks));

/** The types a country has, in Twilio's order. */
const typesOf = (spec: CountrySpec): AvailableNumberType[] =>
  AVAILABLE_NUMBER_TYPES.filter((type) => (type === 'local' ? spec.areas.length > 0 : spec.blocks.some((b) => b.type === type)));

/** The types whose ranges could hold a prefix, by the spec alone (so a lookup builds no other type). */
const typesHolding = (spec: CountrySpec, prefix: string): AvailableNumberType[] => [
  ...(spec.areas.some((a) => prefix.startsWith(a.code) && prefix.length === a.code.length + a.exchangeDigits) ? ['local' as const] : []),
  ...spec.blocks.filter((b) => prefix.length === b.prefixDigits && b.heads.some((h) => prefix.startsWith(h))).map((b) => b.type),
];

interface Built {
  readonly ranges: readonly NumberRange[];
  readonly byPrefix: ReadonlyMap<string, NumberRange>;
}

export const countrySource = (spec: CountrySpec): RangeSource => {
  const built = new Map<AvailableNumberType, Built>();
  const build = (type: AvailableNumberType): Built => {
    const cached = built.get(type);
    if (cached) return cached;
    const ranges = type === 'local' ? spec.areas.flatMap((a) => areaRanges(spec, a))
      : spec.blocks.filter((b) => b.type === type).flatMap((b) => blockRanges(spec, b));
    const made = { ranges, byPrefix: new Map(ranges.map((r) => [r.prefix, r])) };
    built.set(type, made);
    return made;
  };
  const lookup = (national: string): NumberRange | null => {
    const prefix = national.slice(0, -LINE_DIGITS);
    for (const type of typesHolding(spec, prefix)) {
      const range = build(type).byPrefix.get(prefix);
      if (range) return range;
    }
    return null;
  };
  return {
    isoCountry: spec.isoCountry,
    countryCode: spec.countryCode,
    types: typesOf(spec),
    areaCodes: () => [],
    // Area codes and coordinates are NANP's: a search by them finds nothing here.
    ranges: (type, options) => (options.areaCode !== null || options.near !== null ? [] : build(type).ranges),
    rangeOf: (national) => lookup(national),
    placeOf: (national) => {
      const range = lookup(national);
      if (range && holds(range, national)) return range.place;
      const area = spec.areas.find((a) => national.startsWith(a.code) && national.length === a.code.length + a.exchangeDigits + LINE_DIGITS
        && a.leading.includes(national[a.code.length] ?? ''));
      return area ? placeOf(spec.isoCountry, area.region, area.name) : null;
    },
  };
};
