// What a billable event cost: one immutable record per event and category, written in the same
// transaction as the event itself (an SMS in or out, a call leg, a month of a number's lease, a porting
// or registration fee), so usage can never drift from traffic. Amounts are integers of micro-units of the
// currency (1 USD = 1_000_000): rates like $0.0083 per segment add up exactly, and the wire's decimal
// strings are made from them only at the edge (http/).

/** Usage categories, as Twilio's 2010 Usage Records name them (did-wire-contract.md §3.3). */
export const COST_CATEGORIES = [
  'sms-inbound-longcode', 'sms-inbound-tollfree', 'sms-inbound-shortcode',
  'sms-outbound-longcode', 'sms-outbound-tollfree', 'sms-outbound-shortcode',
  'sms-messages-carrierfees',
  'mms-inbound', 'mms-outbound',
  'calls-inbound-local', 'calls-inbound-tollfree', 'calls-inbound-mobile', 'calls-outbound', 'calls-sip', 'calls-recordings',
  'phonenumbers-local', 'phonenumbers-tollfree', 'phonenumbers-mobile', 'phonenumbers-shortcode', 'phonenumbers-porting',
  'a2p-10dlc-registrationfees-brandregistration', 'a2p-10dlc-registrationfees-campaignvetting',
  'a2p-10dlc-registrationfees-monthly', 'a2p-10dlc-registrationfees-onetime',
  'tollfree-verification',
] as const;
export type CostCategory = (typeof COST_CATEGORIES)[number];

/**
 * What `quantity` and `billableQuantity` count; always integers. A call leg is counted in `seconds` (talked,
 * then billed after the card's increments: 61 s at 60/60 bills 120 s), so 6/6 and 1/1 billing stay exact;
 * the wire's `usage` in minutes is billable seconds / 60. A number's lease is 1 `numbers` per period,
 * its proration in the amount. 'minutes' and 'months' are not written by masq's rating (kept for imports).
 */
export type CostUnit = 'segments' | 'messages' | 'seconds' | 'minutes' | 'months' | 'numbers' | 'registrations';
export const COST_UNITS: readonly CostUnit[] = ['segments', 'messages', 'seconds', 'minutes', 'months', 'numbers', 'registrations'];

export interface CostRecord {
  /** CR…: stable, so a retried write of the same event is recognised (unique `eventKey` below). */
  readonly sid: string;
  readonly accountSid: string;
  readonly category: CostCategory;
  /**
   * Unique per billable event and category, e.g. `KI…:out` for the outbound SMS of an interaction or
   * `PN…:2026-12` for a number's December lease: a second write of the same event is ignored, never
   * billed twice (a retried webhook, two sweepers).
   */
  readonly eventKey: string;
  /** The resource billed: an interaction (KI), a number (PN), a port-in request (KW), a brand (BN)... */
  readonly resourceSid: string;
  /** The masq number involved (PN) and its E.164, for per-number reports; null when none (a brand fee). */
  readonly numberSid: string | null;
  readonly phoneNumber: string | null;
  /** The Proxy service (KS) or Messaging service (MG) the event belongs to, for per-service reports. */
  readonly serviceSid: string | null;
  /** The carrier account name whose rate card priced it. */
  readonly carrier: string;
  /** What happened, in `unit`s: segments sent, seconds talked, 1 number leased... */
  readonly quantity: number;
  readonly unit: CostUnit;
  /** What is billed after the rate card's rounding (a 61 s call at 60/60 is 120 seconds). */
  readonly billableQuantity: number;
  /** Price per rated unit, micro-units of `currency`: per segment or message, per minute for calls, per month for a lease. */
  readonly rateMicros: number;
  /** billableQuantity x rate (prorations included), micro-units: never a float. */
  readonly amountMicros: number;
  /** ISO 4217, lower case as Twilio's `price_unit` ('usd'). */
  readonly currency: string;
  readonly occurredAt: Date;
  /** Which version of the rate card priced it (a card changed mid-month keeps old records as they were). */
  readonly rateCardVersion: string;
}

/** A micro-unit amount as the wire's decimal string: 8300 -> "0.0083"; negative for credits. */
export const microsToDecimal = (micros: number): string => {
  const sign = micros < 0 ? '-' : '';
  const abs = Math.abs(Math.trunc(micros));
  const whole = Math.floor(abs / 1_000_000);
  const fraction = String(abs % 1_000_000).padStart(6, '0').replace(/0+$/, '');
  return `${sign}${whole}${fraction ? `.${fraction}` : ''}`;
};
