// libphonenumber's classification of an E.164 number (its region, its number type), memoised. Parsing and
// typing a number walks the metadata's patterns (tens of microseconds), and the routing path asks for
// every message: its rating (the proxy numbers' types, usage/rating.ts) and its gating (the sender's
// kind, the destination's region, messaging/sms-gate.ts). The same few pool numbers and partners come
// back again and again, so a bounded memo of a pure function answers most of them; the domain stays
// deterministic (a miss computes exactly what a hit returns).
import { parsePhoneNumberFromString, type NumberType as LibNumberType } from 'libphonenumber-js/max';

/** What libphonenumber says of a number; nulls where it knows nothing (not a number, no region, no type). */
export interface E164Class {
  /** ISO 3166-1 alpha-2 region, as PhoneNumber.country. */
  readonly country: string | null;
  /** PhoneNumber.getType(): TOLL_FREE, MOBILE, FIXED_LINE_OR_MOBILE... */
  readonly type: LibNumberType | null;
}

/** Entries kept per memo: a pool's numbers and its busiest partners, a few MB at most. */
export const E164_MEMO_LIMIT = 16_384;

/**
 * `compute` memoised for at most `limit` keys; the oldest key goes first once full, so a working set that
 * fits stays whole and one that does not still hits in proportion. `compute` must be pure and never
 * return undefined.
 */
export const boundedMemo = <V extends NonNullable<unknown> | null>(limit: number, compute: (key: string) => V): ((key: string) => V) => {
  const memo = new Map<string, V>();
  return (key) => {
    const known = memo.get(key);
    if (known !== undefined) return known;
    const value = compute(key);
    if (memo.size >= limit) {
      const oldest = memo.keys().next();
      if (!oldest.done) memo.delete(oldest.value);
    }
    memo.set(key, value);
    return value;
  };
};

/** The region alone (a parse, no typing): destinations, whose type nothing asks. */
export const e164Region = boundedMemo(E164_MEMO_LIMIT, (e164): string | null => parsePhoneNumberFromString(e164)?.country ?? null);

/** Region and type: senders and the numbers rated (the pool's numbers). */
export const e164Class = boundedMemo(E164_MEMO_LIMIT, (e164): E164Class => {
  const phone = parsePhoneNumberFromString(e164);
  return { country: phone?.country ?? null, type: phone?.getType() ?? null };
});
