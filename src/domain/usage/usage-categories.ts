// The usage categories masq reports, as Twilio's 2010 Usage Records name them (did-wire-contract §3.3).
// Cost records are written in leaf categories only (cost-record.ts); the aggregate categories Twilio also
// reports (`sms` = every sms-in/out-*, `calls`, `phonenumbers`, `totalprice`...) are sums of leaves,
// computed when read, so one record is never stored twice and the parents always agree with their children.
import { COST_CATEGORIES, type CostCategory } from './cost-record.ts';

export interface UsageCategory {
  readonly name: string;
  readonly description: string;
  /** The cost categories it sums (a leaf sums itself). */
  readonly leaves: readonly CostCategory[];
  /** What `count` (records, i.e. events) and `usage` (billable quantity) are measured in. */
  readonly countUnit: string;
  readonly usageUnit: string;
  /** What the stored billable quantity is divided by for `usage`: calls are stored in seconds, shown in minutes. */
  readonly usagePerUnit: number;
  /** totalprice: no count; its usage is the price itself (Twilio reports it so). */
  readonly priceOnly: boolean;
}

interface Units {
  readonly count: string;
  readonly usage: string;
  /** Stored quantities per `usage` unit (60 seconds a minute); 1 when they are the same. */
  readonly per?: number;
}

const SMS: Units = { count: 'messages', usage: 'segments' };
const MMS: Units = { count: 'messages', usage: 'messages' };
const CALLS: Units = { count: 'calls', usage: 'minutes', per: 60 };
const NUMBERS: Units = { count: 'numbers', usage: 'numbers' };
const FEES: Units = { count: 'registrations', usage: 'registrations' };
const PORTS: Units = { count: 'numbers', usage: 'numbers' };

const LEAF_SPECS: Readonly<Record<CostCategory, readonly [string, Units]>> = {
  'sms-inbound-longcode': ['Inbound SMS to long codes', SMS],
  'sms-inbound-tollfree': ['Inbound SMS to toll-free numbers', SMS],
  'sms-inbound-shortcode': ['Inbound SMS to short codes', SMS],
  'sms-outbound-longcode': ['Outbound SMS from long codes', SMS],
  'sms-outbound-tollfree': ['Outbound SMS from toll-free numbers', SMS],
  'sms-outbound-shortcode': ['Outbound SMS from short codes', SMS],
  'sms-messages-carrierfees': ['SMS carrier fees', SMS],
  'mms-inbound': ['Inbound MMS', MMS],
  'mms-outbound': ['Outbound MMS', MMS],
  'calls-inbound-local': ['Inbound voice minutes to local numbers', CALLS],
  'calls-inbound-tollfree': ['Inbound voice minutes to toll-free numbers', CALLS],
  'calls-inbound-mobile': ['Inbound voice minutes to mobile numbers', CALLS],
  'calls-outbound': ['Outbound voice minutes', CALLS],
  'calls-sip': ['SIP voice minutes', CALLS],
  'calls-recordings': ['Call recordings', { count: 'recordings', usage: 'minutes', per: 60 }],
  'phonenumbers-local': ['Local phone numbers', NUMBERS],
  'phonenumbers-tollfree': ['Toll-free phone numbers', NUMBERS],
  'phonenumbers-mobile': ['Mobile phone numbers', NUMBERS],
  'phonenumbers-shortcode': ['Short codes', NUMBERS],
  'phonenumbers-porting': ['Phone number porting', PORTS],
  'a2p-10dlc-registrationfees-brandregistration': ['A2P 10DLC brand registration fees', FEES],
  'a2p-10dlc-registrationfees-campaignvetting': ['A2P 10DLC campaign vetting fees', FEES],
  'a2p-10dlc-registrationfees-monthly': ['A2P 10DLC monthly campaign fees', FEES],
  'a2p-10dlc-registrationfees-onetime': ['A2P 10DLC one-time campaign fees', FEES],
  'tollfree-verification': ['Toll-free verification', FEES],
};

const startingWith = (prefix: string): CostCategory[] => COST_CATEGORIES.filter((c) => c.startsWith(prefix));

/**
 * Parent -> children. Carrier fees stay out of `sms` (they are surcharges on messages already counted
 * there; counting them again would double the message count); porting stays out of `phonenumbers`
 * (a port is not a month of a number). Both are in `totalprice`, like everything.
 */
const PARENTS: readonly (readonly [string, string, Units, readonly CostCategory[]])[] = [
  ['sms', 'SMS messages', SMS, [...startingWith('sms-inbound-'), ...startingWith('sms-outbound-')]],
  ['sms-inbound', 'Inbound SMS', SMS, startingWith('sms-inbound-')],
  ['sms-outbound', 'Outbound SMS', SMS, startingWith('sms-outbound-')],
  ['mms', 'MMS messages', MMS, ['mms-inbound', 'mms-outbound']],
  ['calls', 'Voice minutes', CALLS, [...startingWith('calls-inbound-'), 'calls-outbound', 'calls-sip']],
  ['calls-inbound', 'Inbound voice minutes', CALLS, startingWith('calls-inbound-')],
  ['phonenumbers', 'Phone numbers', NUMBERS, ['phonenumbers-local', 'phonenumbers-tollfree', 'phonenumbers-mobile', 'phonenumbers-shortcode']],
  ['a2p-10dlc-registrationfees', 'A2P 10DLC registration fees', FEES, startingWith('a2p-10dlc-registrationfees-')],
];

const leaf = (name: CostCategory): UsageCategory => {
  const [description, units] = LEAF_SPECS[name];
  return { name, description, leaves: [name], countUnit: units.count, usageUnit: units.usage, usagePerUnit: units.per ?? 1, priceOnly: false };
};

/** Every category masq reports, in Twilio's order for lists: by name. */
export const USAGE_CATEGORIES: readonly UsageCategory[] = [
  ...COST_CATEGORIES.map(leaf),
  ...PARENTS.map(([name, description, units, leaves]) => ({
    name, description, leaves, countUnit: units.count, usageUnit: units.usage, usagePerUnit: units.per ?? 1, priceOnly: false,
  })),
  { name: 'totalprice', description: 'Total price', leaves: COST_CATEGORIES, countUnit: '', usageUnit: 'usd', usagePerUnit: 1, priceOnly: true },
].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

const BY_NAME = new Map(USAGE_CATEGORIES.map((c) => [c.name, c]));

/** The category of that name, or undefined when masq does not report it. */
export const usageCategory = (name: string): UsageCategory | undefined => BY_NAME.get(name);

/** A category's leaves: what to ask the store for when the list is filtered by it. */
export const leafCategoriesOf = (names: readonly string[]): CostCategory[] =>
  [...new Set(names.flatMap((n) => usageCategory(n)?.leaves ?? []))];

/** Twilio's category names: lower-case words and digits joined by hyphens. */
export const isCategoryName = (value: string): boolean => /^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(value) && value.length <= 64;
