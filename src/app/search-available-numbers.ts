// AvailablePhoneNumbers: the numbers for sale through the carrier accounts that can search (the sandbox,
// Twilio, SignalWire, Telnyx). Each result says which carrier account sells it and at what price, so a
// search across carriers can be compared.
import { AppError } from '../domain/errors.ts';
import type { AvailableNumber, AvailableNumberType, NumberSearch } from '../domain/numbering-plan/types.ts';
import type { CarrierAccount, NumberCountry, NumbersPort } from '../ports/carrier.ts';
import type { AppDeps } from './deps.ts';

export interface OfferedNumber {
  readonly number: AvailableNumber;
  /** The carrier account that sells it (masq_carrier). */
  readonly carrier: string;
}

type Searching = Pick<AppDeps, 'carriers'>;

const numberAccounts = (deps: Searching): { account: CarrierAccount; numbers: NumbersPort }[] =>
  deps.carriers.names().flatMap((name) => {
    const account = deps.carriers.get(name);
    return account.numbers ? [{ account, numbers: account.numbers }] : [];
  });

/** Countries any searchable carrier account sells numbers in, with the union of their number types. */
export const availableCountries = (deps: Searching): readonly NumberCountry[] => {
  const types = new Map<string, Set<AvailableNumberType>>();
  for (const { numbers } of numberAccounts(deps)) {
    for (const country of numbers.countries()) {
      const known = types.get(country.isoCountry) ?? new Set<AvailableNumberType>();
      for (const type of country.types) known.add(type);
      types.set(country.isoCountry, known);
    }
  }
  return [...types].sort(([a], [b]) => (a < b ? -1 : 1)).map(([isoCountry, set]) => ({ isoCountry, types: [...set] }));
};

/**
 * Up to `query.limit` numbers for sale across the carrier accounts, taken in turn from each account's
 * answer (accounts in configuration order, each in its own ranking): one account with a deep stock (the
 * sandbox's plan fills any page) must not hide the others, or a search across carriers could never be
 * compared. Every account is asked at once, each for the whole page. An area-code search that finds
 * nothing is Twilio's 21452; any other empty search is an empty list.
 */
export const searchAvailableNumbers = async (deps: Searching, query: NumberSearch): Promise<readonly OfferedNumber[]> => {
  const answers = await Promise.all(numberAccounts(deps).map(async ({ account, numbers }) =>
    (await numbers.search(query)).map((number): OfferedNumber => ({ number, carrier: account.name }))));
  const offered: OfferedNumber[] = [];
  const seen = new Set<string>();
  const deepest = Math.max(0, ...answers.map((found) => found.length));
  for (let rank = 0; rank < deepest && offered.length < query.limit; rank += 1) {
    for (const found of answers) {
      const next = found[rank];
      if (next === undefined || seen.has(next.number.e164) || offered.length >= query.limit) continue;
      seen.add(next.number.e164);
      offered.push(next);
    }
  }
  if (offered.length === 0 && query.areaCode !== null) {
    throw new AppError('area-code-no-numbers', `No phone numbers found in area code ${query.areaCode} that match the search`);
  }
  return offered;
};
