// The numbers a SIP trunk delivers to masq are declared in the account (a SIP trunk has no API to search or
// buy numbers): single numbers and ranges, `+442071230000,+442071230100-+442071230199`. The account's
// NumbersPort answers from this list: search finds declared numbers, ordering one completes at once,
// listing pages them (so `masq numbers import` takes them), and releasing is a no-op.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { AvailableNumber, NumberCapabilities, NumberSearch } from '../../domain/numbering-plan/types.ts';
import type { NumbersPort, OrderState, OwnedNumber } from '../../ports/carrier.ts';

/** More than this many declared numbers is a typo in a range, not a trunk. */
export const MAX_DECLARED_NUMBERS = 100_000;

const e164 = (text: string): string => {
  const parsed = parsePhoneNumberFromString(text.trim());
  if (!/^\+\d+$/.test(text.trim()) || !parsed?.isPossible()) throw new Error('must list E.164 numbers (+ and digits) or ranges of them');
  return parsed.number;
};

/** Every number of the list, in order, without repeats; throws an Error saying what is wrong (never the value). */
export const parseDeclaredNumbers = (list: string): string[] => {
  const numbers = new Set<string>();
  for (const entry of list.split(',').map((v) => v.trim()).filter((v) => v !== '')) {
    const [first = '', last] = entry.split('-').map((v) => v.trim());
    const from = e164(first);
    const to = last === undefined ? from : e164(last);
    if (from.length !== to.length || BigInt(to.slice(1)) < BigInt(from.slice(1))) throw new Error('has a range whose end is before its start or of another length');
    for (let n = BigInt(from.slice(1)); n <= BigInt(to.slice(1)); n += 1n) {
      numbers.add(`+${n.toString()}`);
      if (numbers.size > MAX_DECLARED_NUMBERS) throw new Error(`declares more than ${MAX_DECLARED_NUMBERS} numbers`);
    }
  }
  return [...numbers];
};

const VOICE_ONLY: NumberCapabilities = { voice: true, sms: false, mms: false, fax: false };
const PAGE = 100;

const owned = (number: string): OwnedNumber => ({
  e164: number, carrierRef: number, type: null, capabilities: VOICE_ONLY, friendlyName: null, monthlyPrice: null,
});

const available = (number: string, isoCountry: string): AvailableNumber => ({
  e164: number, type: 'local', capabilities: VOICE_ONLY, addressRequirements: 'none', monthlyPrice: '0.00', beta: false,
  isoCountry, region: null, postalCode: null, locality: null, rateCenter: null, lata: null, latitude: null, longitude: null,
});

const countryOf = (number: string): string | null => parsePhoneNumberFromString(number)?.country ?? null;

export const declaredNumbersPort = (numbers: readonly string[]): NumbersPort => {
  const declared = new Set(numbers);
  const countries = [...new Set(numbers.map(countryOf).filter((c): c is string => c !== null))];
  return {
    countries: () => countries.map((isoCountry) => ({ isoCountry, types: ['local'] })),
    search: (query: NumberSearch) => Promise.resolve(numbers
      .filter((n) => countryOf(n) === query.isoCountry && (query.areaCode === null || n.slice(2).startsWith(query.areaCode)))
      .slice(0, query.limit)
      .map((n) => available(n, query.isoCountry))),
    order: (request): Promise<OrderState> => Promise.resolve(declared.has(request.e164)
      ? { state: 'complete', number: owned(request.e164) }
      : { state: 'failed', reason: 'The number is not declared on this SIP account', unavailable: true }),
    getOrder: (orderRef): Promise<OrderState> => Promise.resolve(declared.has(orderRef)
      ? { state: 'complete', number: owned(orderRef) }
      : { state: 'failed', reason: 'The number is not declared on this SIP account', unavailable: true }),
    release: () => Promise.resolve(),
    // The trunk delivers declared numbers to masq's address already: nothing to point.
    pointAtMasq: () => Promise.resolve(),
    listOwned: (cursor) => {
      const start = cursor === null ? 0 : Number(cursor);
      const page = numbers.slice(start, start + PAGE).map(owned);
      return Promise.resolve({ numbers: page, next: start + PAGE < numbers.length ? String(start + PAGE) : null });
    },
  };
};
