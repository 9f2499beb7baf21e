// A carrier account's rate card: what each billable event costs, in micro-units of the card's currency.
// Defaults per carrier kind come from list prices (did-platform.md §7; docs/usage.md has the table);
// the `rates` setting overrides any part of them per carrier account. Pure: shapes, defaults, validation.

/** How rating groups numbers: the categories and prices differ by these four. */
export const RATED_NUMBER_TYPES = ['local', 'tollfree', 'mobile', 'shortcode'] as const;
export type RatedNumberType = (typeof RATED_NUMBER_TYPES)[number];

export const LEASE_MODELS = ['anniversary', 'calendar-prorated'] as const;
/** `anniversary` (Twilio): a full month billed on the activation day, then each month on that day.
 *  `calendar-prorated` (Plivo): the rest of the activation month prorated by the day, then the 1st of each month. */
export type LeaseModel = (typeof LEASE_MODELS)[number];

/** A call leg's billing increment in seconds: 60/60 bills per started minute, 6/6 per started 6 s after the first 6 s. */
export interface BillingIncrement {
  readonly first: number;
  readonly next: number;
}

export interface InOut {
  readonly inbound: number;
  readonly outbound: number;
}

export interface RateCard {
  /** Written on every record it prices, so a card changed mid-month keeps old records explainable. */
  readonly version: string;
  /** ISO 4217, lower case ('usd'). */
  readonly currency: string;
  /** Per SMS segment, by the masq number's type. */
  readonly sms: Readonly<Record<RatedNumberType, InOut>>;
  /** Per MMS message. */
  readonly mms: Readonly<Record<RatedNumberType, InOut>>;
  /** Carrier surcharges per outbound SMS segment (sms-messages-carrierfees); 0 = none. */
  readonly carrierFees: Readonly<Record<RatedNumberType, number>>;
  readonly voice: {
    /** Per minute of an inbound leg, by the called masq number's type. */
    readonly inbound: Readonly<Record<RatedNumberType, number>>;
    /** Per minute of an outbound leg (the bridged side of a masked call). */
    readonly outbound: number;
    readonly increment: BillingIncrement;
  };
  readonly lease: {
    readonly model: LeaseModel;
    /** Per number and month. */
    readonly monthly: Readonly<Record<RatedNumberType, number>>;
  };
  readonly fees: {
    readonly porting: number;
    readonly brandRegistration: number;
    readonly campaignVetting: number;
    readonly campaignMonthly: number;
    readonly tollfreeVerification: number;
  };
}

/** Dollars (or the currency's unit) to micro-units, for the literals below. */
const m = (amount: number): number => Math.round(amount * 1_000_000);
const byType = (local: number, tollfree: number, mobile: number, shortcode: number): Record<RatedNumberType, number> =>
  ({ local: m(local), tollfree: m(tollfree), mobile: m(mobile), shortcode: m(shortcode) });
const same = (inbound: number, outbound: number): Record<RatedNumberType, InOut> => {
  const io = { inbound: m(inbound), outbound: m(outbound) };
  return { local: io, tollfree: io, mobile: io, shortcode: io };
};

const TWILIO: RateCard = {
  version: 'twilio-list-2026',
  currency: 'usd',
  sms: same(0.0083, 0.0083),
  mms: same(0.0165, 0.022),
  carrierFees: byType(0, 0.0025, 0, 0),
  voice: { inbound: byType(0.0085, 0.022, 0.0085, 0), outbound: m(0.014), increment: { first: 60, next: 60 } },
  lease: { model: 'anniversary', monthly: byType(1.15, 2.15, 1.15, 1000) },
  fees: { porting: 0, brandRegistration: m(4), campaignVetting: m(15), campaignMonthly: m(10), tollfreeVerification: 0 },
};

const TELNYX: RateCard = {
  version: 'telnyx-list-2026',
  currency: 'usd',
  sms: same(0.004, 0.004),
  mms: same(0.01, 0.015),
  carrierFees: byType(0, 0.0025, 0, 0),
  voice: { inbound: byType(0.0055, 0.018, 0.0055, 0), outbound: m(0.01), increment: { first: 6, next: 6 } },
  lease: { model: 'anniversary', monthly: byType(1, 1, 1, 1000) },
  fees: { porting: 0, brandRegistration: m(4), campaignVetting: m(15), campaignMonthly: m(10), tollfreeVerification: 0 },
};

const SIGNALWIRE: RateCard = {
  version: 'signalwire-default-2026',
  currency: 'usd',
  sms: same(0.0042, 0.0042),
  mms: same(0.01, 0.015),
  carrierFees: byType(0, 0.0025, 0, 0),
  voice: { inbound: byType(0.0055, 0.018, 0.0055, 0), outbound: m(0.0115), increment: { first: 60, next: 60 } },
  lease: { model: 'anniversary', monthly: byType(0.8, 1, 0.8, 1000) },
  fees: { porting: 0, brandRegistration: m(4), campaignVetting: m(15), campaignMonthly: m(10), tollfreeVerification: 0 },
};

/** The sandbox prices like Twilio, so a demo shows realistic costs. */
const SANDBOX: RateCard = { ...TWILIO, version: 'sandbox-2026' };

const DEFAULT_CARDS: Readonly<Record<string, RateCard>> = { sandbox: SANDBOX, twilio: TWILIO, telnyx: TELNYX, signalwire: SIGNALWIRE };

/** The default card of a carrier kind (account type); an unknown kind prices like Twilio, the reference. */
export const defaultRateCard = (carrierType: string): RateCard => DEFAULT_CARDS[carrierType] ?? { ...TWILIO, version: `${carrierType}-default` };

export const CARRIER_KINDS_WITH_DEFAULTS: readonly string[] = Object.keys(DEFAULT_CARDS);

/** The cards of every carrier account, by account name; what the app layer prices with (AppSettings.rateCards). */
export interface RateCards {
  cardFor(carrierAccount: string): RateCard;
}

/** Cards by account name; an account no longer configured (its numbers remain) prices with its name's kind default. */
export const rateCardsOf = (cards: ReadonlyMap<string, RateCard>): RateCards => ({
  cardFor: (carrierAccount) => cards.get(carrierAccount) ?? defaultRateCard(carrierAccount),
});
