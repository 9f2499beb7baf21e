// Rating: from an event and a rate card to the priced part of its cost records. Pure and integer-only:
// amounts are micro-units, rounded half up once per record (never summed as floats).
//
// SMS bill per segment (segments.ts; a toll-free sender to the US or Canada uses 152/66 per part, as Twilio
// documents), MMS per message, a call leg by its duration rounded up to the card's increment, a lease
// per number and period (prorated by the day under `calendar-prorated`), fees per registration or number.
import { e164Class } from '../e164-class.ts';
import type { NumberType } from '../inventory-number.ts';
import { numberFacts } from '../phone-number.ts';
import type { CostCategory, CostRecord } from './cost-record.ts';
import type { BillingIncrement, RateCard, RatedNumberType } from './rate-card.ts';
import { smsSegmentCount } from './segments.ts';

/** The priced half of a CostRecord; the caller adds who, what and when (cost-records.ts). */
export type Priced = Pick<CostRecord, 'category' | 'quantity' | 'unit' | 'billableQuantity' | 'rateMicros' | 'amountMicros'>;
export type Direction = 'inbound' | 'outbound';

const SHORT_CODE = /^\d{3,8}$/;

/**
 * A masq number's rating type: the inventory's type when known, else libphonenumber's (TOLL_FREE, MOBILE,
 * anything else local); a number that is not E.164 (digits only) is a short code.
 */
export const ratedNumberType = (number: string, stored: NumberType | null = null): RatedNumberType => {
  if (stored === 'toll-free') return 'tollfree';
  if (stored === 'mobile') return 'mobile';
  if (stored === 'short-code') return 'shortcode';
  if (stored !== null) return 'local';
  if (SHORT_CODE.test(number)) return 'shortcode';
  const { type } = e164Class(number);
  if (type === 'TOLL_FREE') return 'tollfree';
  if (type === 'MOBILE') return 'mobile';
  return 'local';
};

const SMS_SUFFIX: Readonly<Record<RatedNumberType, string>> = { local: 'longcode', mobile: 'longcode', tollfree: 'tollfree', shortcode: 'shortcode' };

const smsCategory = (direction: Direction, type: RatedNumberType): CostCategory => {
  const category = `sms-${direction}-${SMS_SUFFIX[type]}`;
  // The six combinations are all in COST_CATEGORIES; the switch keeps the type without a cast.
  switch (category) {
    case 'sms-inbound-longcode': case 'sms-inbound-tollfree': case 'sms-inbound-shortcode':
    case 'sms-outbound-longcode': case 'sms-outbound-tollfree': case 'sms-outbound-shortcode':
      return category;
    default:
      throw new Error(`no SMS category for ${category}`);
  }
};

/** micros x quantity, rounded half up to a micro-unit. */
const times = (rateMicros: number, quantity: number, per = 1): number => Math.round((rateMicros * quantity) / per);

export interface SmsEvent {
  readonly direction: Direction;
  /** The masq number's rating type. */
  readonly numberType: RatedNumberType;
  readonly body: string;
  /** The other end's E.164 (toll-free to the US or Canada concatenates with a 16-bit reference). */
  readonly counterpart: string;
}

const US_CA = new Set(['US', 'CA']);

/** Segments as the card's carrier bills them. */
export const billedSegments = (event: Pick<SmsEvent, 'numberType' | 'body' | 'counterpart'>): number => {
  const sixteenBit = event.numberType === 'tollfree' && US_CA.has(numberFacts(event.counterpart).isoCountry ?? '');
  return smsSegmentCount(event.body, { concatenationReference: sixteenBit ? '16-bit' : '8-bit' });
};

/** The segments at the card's rate, and the carrier surcharge on outbound segments where the card has one. */
export const rateSms = (card: RateCard, event: SmsEvent): Priced[] => {
  const segments = billedSegments(event);
  const rate = card.sms[event.numberType][event.direction];
  const priced: Priced[] = [{
    category: smsCategory(event.direction, event.numberType), quantity: segments, unit: 'segments',
    billableQuantity: segments, rateMicros: rate, amountMicros: times(rate, segments),
  }];
  const fee = card.carrierFees[event.numberType];
  if (event.direction === 'outbound' && fee > 0) {
    priced.push({ category: 'sms-messages-carrierfees', quantity: segments, unit: 'segments', billableQuantity: segments, rateMicros: fee, amountMicros: times(fee, segments) });
  }
  return priced;
};

export const rateMms = (card: RateCard, event: Pick<SmsEvent, 'direction' | 'numberType'>): Priced => {
  const rate = card.mms[event.numberType][event.direction];
  return { category: event.direction === 'inbound' ? 'mms-inbound' : 'mms-outbound', quantity: 1, unit: 'messages', billableQuantity: 1, rateMicros: rate, amountMicros: rate };
};

/** Seconds billed for a leg: 0 for 0; at least the first increment, then whole next increments (61 s at 60/60: 120). */
export const billableSeconds = (seconds: number, increment: BillingIncrement): number => {
  const talked = Math.max(0, Math.ceil(seconds));
  if (talked === 0) return 0;
  if (talked <= increment.first) return increment.first;
  return increment.first + Math.ceil((talked - increment.first) / increment.next) * increment.next;
};

const INBOUND_CALL: Readonly<Record<RatedNumberType, CostCategory>> = {
  local: 'calls-inbound-local', tollfree: 'calls-inbound-tollfree', mobile: 'calls-inbound-mobile', shortcode: 'calls-inbound-local',
};

/** One leg of a call; null for a leg that never connected (0 s is not billed). */
export const rateCallLeg = (card: RateCard, leg: { readonly direction: Direction; readonly numberType: RatedNumberType; readonly durationSeconds: number }): Priced | null => {
  const billed = billableSeconds(leg.durationSeconds, card.voice.increment);
  if (billed === 0) return null;
  const rate = leg.direction === 'inbound' ? card.voice.inbound[leg.numberType] : card.voice.outbound;
  return {
    category: leg.direction === 'inbound' ? INBOUND_CALL[leg.numberType] : 'calls-outbound',
    quantity: Math.max(0, Math.ceil(leg.durationSeconds)), unit: 'seconds', billableQuantity: billed, rateMicros: rate, amountMicros: times(rate, billed, 60),
  };
};

const LEASE_CATEGORY: Readonly<Record<RatedNumberType, CostCategory>> = {
  local: 'phonenumbers-local', tollfree: 'phonenumbers-tollfree', mobile: 'phonenumbers-mobile', shortcode: 'phonenumbers-shortcode',
};

/** One number's lease for one period: `days` of `daysInPeriod` (both equal when not prorated). */
export const rateLease = (card: RateCard, numberType: RatedNumberType, share: { readonly days: number; readonly daysInPeriod: number }): Priced => {
  const rate = card.lease.monthly[numberType];
  return { category: LEASE_CATEGORY[numberType], quantity: 1, unit: 'numbers', billableQuantity: 1, rateMicros: rate, amountMicros: times(rate, share.days, share.daysInPeriod) };
};

export type FeeCategory = 'phonenumbers-porting' | 'a2p-10dlc-registrationfees-brandregistration' | 'a2p-10dlc-registrationfees-campaignvetting'
  | 'a2p-10dlc-registrationfees-monthly' | 'tollfree-verification';

const FEE_RATE: Readonly<Record<FeeCategory, (card: RateCard) => number>> = {
  'phonenumbers-porting': (card) => card.fees.porting,
  'a2p-10dlc-registrationfees-brandregistration': (card) => card.fees.brandRegistration,
  'a2p-10dlc-registrationfees-campaignvetting': (card) => card.fees.campaignVetting,
  'a2p-10dlc-registrationfees-monthly': (card) => card.fees.campaignMonthly,
  'tollfree-verification': (card) => card.fees.tollfreeVerification,
};

/** A one-off fee, `quantity` times (numbers ported, registrations). */
export const rateFee = (card: RateCard, category: FeeCategory, quantity = 1): Priced => {
  const rate = FEE_RATE[category](card);
  return {
    category, quantity, unit: category === 'phonenumbers-porting' ? 'numbers' : 'registrations',
    billableQuantity: quantity, rateMicros: rate, amountMicros: times(rate, quantity),
  };
};
