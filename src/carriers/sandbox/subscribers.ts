// The sandbox as a losing carrier: fictional subscriber records for the numbers it does not sell (the
// numbering plan's lines that are not in stock count as held by other customers, numbering-plan/plan.ts).
// Like the plan, they are computed from the digits and never stored, so a record exists for every such
// number, in every process, and reads the same each time. GET /sandbox/Subscribers/{E164} shows one, so a
// user (or a test) knows what to submit.
//
// Ten consecutive numbers (same digits but the last) are one account: one holder, account number, PIN,
// address and line type, so a multi-number port for one account can match every number's record.
import { hash32 } from '../../domain/numbering-plan/hash.ts';
import { inStock, placeOfNumber } from '../../domain/numbering-plan/plan.ts';
import type { SubscriberRecord } from '../../domain/porting/losing-carrier.ts';

const FIRST = ['Avery', 'Blake', 'Casey', 'Dana', 'Emery', 'Finley', 'Harper', 'Jordan', 'Kendall', 'Logan', 'Morgan', 'Quinn', 'Riley', 'Sawyer', 'Taylor', 'Rowan'];
const LAST = ['Alvarez', 'Brooks', 'Chen', 'Diallo', 'Evans', 'Fischer', 'Garcia', 'Hughes', 'Ibrahim', 'Jensen', 'Kowalski', 'Lopez', 'Murphy', 'Nakamura', 'Okafor', 'Patel'];
const TRADES = ['Bakery', 'Plumbing', 'Dental', 'Logistics', 'Florist', 'Auto Repair', 'Bookkeeping', 'Printing'];
const STREETS = ['Main St', 'Oak Ave', 'Maple Dr', 'Cedar Ln', 'Pine St', 'Elm St', 'Washington Ave', 'Lake Rd', 'Hill St', 'Park Blvd'];
const TOLL_FREE = new Set(['800', '833', '844', '855', '866', '877', '888']);

const pick = <T>(items: readonly T[], n: number): T => {
  const item = items[n % items.length];
  if (item === undefined) throw new Error('pick from an empty list');
  return item;
};

const digits = (seed: string, count: number): string => {
  let out = '';
  for (let i = 0; out.length < count; i++) out += String(hash32(`${seed}:${i}`) % 10_000).padStart(4, '0');
  return out.slice(0, count);
};

/** A US number the sandbox's plan places (toll-free included); null for anything else. */
const usPlace = (e164: string) => {
  if (!/^\+1[2-9]\d{2}[2-9]\d{6}$/.test(e164)) return null;
  const place = placeOfNumber(e164);
  return place && place.isoCountry === 'US' ? place : null;
};

export const isTollFree = (e164: string): boolean => TOLL_FREE.has(e164.slice(2, 5));

/** Whether the sandbox's plan places the number in the US. */
export const isUsNumber = (e164: string): boolean => usPlace(e164) !== null;

/** The subscriber record of a number held elsewhere; null when the sandbox knows no subscriber for it. */
export const subscriberOf = (e164: string): SubscriberRecord | null => {
  const place = usPlace(e164);
  if (!place || inStock(e164) || isTollFree(e164)) return null;
  const account = e164.slice(0, -1);
  const h = hash32(`subscriber:${account}`);
  const wireless = h % 2 === 0;
  const business = (h >>> 1) % 3 === 0;
  const last = pick(LAST, h >>> 3);
  const customerName = business ? `${last} ${pick(TRADES, h >>> 7)} LLC` : `${pick(FIRST, h >>> 11)} ${last}`;
  return {
    phoneNumber: e164,
    lineType: wireless ? 'wireless' : 'wireline',
    customerName,
    customerType: business ? 'Business' : 'Individual',
    accountNumber: digits(`account:${account}`, 9),
    pin: wireless ? digits(`pin:${account}`, 4) : null,
    accountTelephoneNumber: `${account}0`,
    address: {
      street: `${100 + (h % 9800)} ${pick(STREETS, h >>> 15)}`,
      city: place.locality ?? place.rateCenter ?? 'Springfield',
      state: place.region ?? 'NY',
      zip: place.postalCode ?? digits(`zip:${account}`, 5),
      country: 'US',
    },
    focBusinessDays: wireless ? 1 + (hash32(`foc:${e164}`) % 3) : 5 + (hash32(`foc:${e164}`) % 16),
  };
};
