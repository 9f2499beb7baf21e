// The `rates` setting: per carrier account, any part of its kind's default card replaced (docs/usage.md).
// Amounts are decimal strings or numbers in the currency's unit ("0.0083"), at most 6 decimals, turned
// into micro-units without floating point. Every problem is reported at once, with its path.
import {
  LEASE_MODELS, RATED_NUMBER_TYPES, defaultRateCard, type BillingIncrement, type InOut, type LeaseModel, type RateCard, type RatedNumberType,
} from './rate-card.ts';

type JsonObject = Readonly<Record<string, unknown>>;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/** "0.0083" -> 8300; undefined (with a problem) when not a non-negative decimal of at most 6 places. */
export const decimalToMicros = (value: unknown): number | undefined => {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value.trim() : '';
  const match = /^(\d{1,9})(?:\.(\d{1,6}))?$/.exec(text);
  if (match === null) return undefined;
  return Number(match[1]) * 1_000_000 + Number((match[2] ?? '').padEnd(6, '0'));
};

class Reader {
  readonly problems: string[] = [];

  object(v: unknown, path: string, known: readonly string[]): JsonObject | undefined {
    if (v === undefined) return undefined;
    if (!isObject(v)) {
      this.problems.push(`${path}: must be an object with any of ${known.join(', ')}`);
      return undefined;
    }
    for (const key of Object.keys(v)) if (!known.includes(key)) this.problems.push(`${path}: unknown key "${key}" (known: ${known.join(', ')})`);
    return v;
  }

  money(v: unknown, path: string, base: number): number {
    if (v === undefined) return base;
    const micros = decimalToMicros(v);
    if (micros === undefined) this.problems.push(`${path}: must be an amount like "0.0083" (0 or more, at most 6 decimals)`);
    return micros ?? base;
  }

  text(v: unknown, path: string, base: string, pattern: RegExp, what: string): string {
    if (v === undefined) return base;
    if (typeof v === 'string' && pattern.test(v)) return v;
    this.problems.push(`${path}: must be ${what}`);
    return base;
  }

  model(v: unknown, path: string, base: LeaseModel): LeaseModel {
    if (v === undefined) return base;
    const found = LEASE_MODELS.find((candidate) => candidate === v);
    if (found === undefined) this.problems.push(`${path}: must be one of ${LEASE_MODELS.join(', ')}`);
    return found ?? base;
  }

  /** "60/60", "6/6", "1/1", "30/6": first increment / next increments, in seconds. */
  increment(v: unknown, path: string, base: BillingIncrement): BillingIncrement {
    if (v === undefined) return base;
    const match = typeof v === 'string' ? /^(\d{1,4})\/(\d{1,4})$/.exec(v.trim()) : null;
    const first = Number(match?.[1] ?? 0);
    const next = Number(match?.[2] ?? 0);
    if (first >= 1 && next >= 1) return { first, next };
    this.problems.push(`${path}: must be "first/next" in seconds, like "60/60", "6/6" or "1/1"`);
    return base;
  }

  perType<T>(v: unknown, path: string, base: Readonly<Record<RatedNumberType, T>>, each: (b: T, v: unknown, path: string) => T): Record<RatedNumberType, T> {
    const o = this.object(v, path, RATED_NUMBER_TYPES) ?? {};
    return {
      local: each(base.local, o.local, `${path}.local`),
      tollfree: each(base.tollfree, o.tollfree, `${path}.tollfree`),
      mobile: each(base.mobile, o.mobile, `${path}.mobile`),
      shortcode: each(base.shortcode, o.shortcode, `${path}.shortcode`),
    };
  }

  inOut = (base: InOut, v: unknown, path: string): InOut => {
    const o = this.object(v, path, ['inbound', 'outbound']) ?? {};
    return { inbound: this.money(o.inbound, `${path}.inbound`, base.inbound), outbound: this.money(o.outbound, `${path}.outbound`, base.outbound) };
  };

  amount = (base: number, v: unknown, path: string): number => this.money(v, path, base);
}

const CARD_KEYS = ['version', 'currency', 'sms', 'mms', 'carrierFees', 'voice', 'lease', 'fees'];
const FEE_KEYS = ['porting', 'brandRegistration', 'campaignVetting', 'campaignMonthly', 'tollfreeVerification'] as const;

const readSections = (r: Reader, o: JsonObject, path: string, base: RateCard): RateCard => {
  const voice = r.object(o.voice, `${path}.voice`, ['inbound', 'outbound', 'increment']) ?? {};
  const lease = r.object(o.lease, `${path}.lease`, ['model', 'monthly']) ?? {};
  const fees = r.object(o.fees, `${path}.fees`, FEE_KEYS) ?? {};
  const fee = (key: (typeof FEE_KEYS)[number]): number => r.money(fees[key], `${path}.fees.${key}`, base.fees[key]);
  return {
    version: r.text(o.version, `${path}.version`, base.version, /^[\w.:-]{1,64}$/, 'a version name (letters, digits, . : - _; up to 64)'),
    currency: r.text(o.currency, `${path}.currency`, base.currency, /^[a-z]{3}$/, 'an ISO 4217 code in lower case, like "usd"'),
    sms: r.perType(o.sms, `${path}.sms`, base.sms, r.inOut),
    mms: r.perType(o.mms, `${path}.mms`, base.mms, r.inOut),
    carrierFees: r.perType(o.carrierFees, `${path}.carrierFees`, base.carrierFees, r.amount),
    voice: {
      inbound: r.perType(voice.inbound, `${path}.voice.inbound`, base.voice.inbound, r.amount),
      outbound: r.money(voice.outbound, `${path}.voice.outbound`, base.voice.outbound),
      increment: r.increment(voice.increment, `${path}.voice.increment`, base.voice.increment),
    },
    lease: {
      model: r.model(lease.model, `${path}.lease.model`, base.lease.model),
      monthly: r.perType(lease.monthly, `${path}.lease.monthly`, base.lease.monthly, r.amount),
    },
    fees: {
      porting: fee('porting'), brandRegistration: fee('brandRegistration'), campaignVetting: fee('campaignVetting'),
      campaignMonthly: fee('campaignMonthly'), tollfreeVerification: fee('tollfreeVerification'),
    },
  };
};

export interface CardResult {
  readonly card: RateCard;
  readonly problems: readonly string[];
}

/** `base` with the overrides of one account applied; problems name the path under `path` (e.g. rates.twilio-us). */
export const applyRateOverrides = (base: RateCard, overrides: unknown, path: string): CardResult => {
  const r = new Reader();
  const o = r.object(overrides, path, CARD_KEYS);
  if (o === undefined) return { card: base, problems: r.problems };
  return { card: readSections(r, o, path, base), problems: r.problems };
};

/** The `rates` setting's value: account name -> its overrides (checked against a card when the account's kind is known). */
export type RateOverrides = Readonly<Record<string, JsonObject>>;

/** Parses and checks the shape of the `rates` setting; throws with every problem. */
export const parseRateOverrides = (value: unknown, base: RateCard): RateOverrides => {
  if (!isObject(value)) throw new Error('must be a JSON object: carrier account name -> rate card overrides');
  const problems: string[] = [];
  const result: Record<string, JsonObject> = {};
  for (const [name, overrides] of Object.entries(value)) {
    const { problems: found } = applyRateOverrides(base, overrides, name);
    problems.push(...found);
    if (isObject(overrides)) result[name] = overrides;
  }
  if (problems.length > 0) throw new Error(problems.join('; '));
  return result;
};

/** Each carrier account's card: its kind's default with its overrides; problems for overrides of unknown accounts. */
export const resolveRateCards = (
  accounts: readonly { readonly name: string; readonly type: string }[], overrides: RateOverrides,
): { readonly cards: ReadonlyMap<string, RateCard>; readonly problems: readonly string[] } => {
  const cards = new Map<string, RateCard>();
  const problems: string[] = [];
  for (const account of accounts) {
    const { card, problems: found } = applyRateOverrides(defaultRateCard(account.type), overrides[account.name] ?? {}, `rates.${account.name}`);
    cards.set(account.name, card);
    problems.push(...found);
  }
  const names = accounts.map((account) => account.name);
  for (const name of Object.keys(overrides)) {
    if (!names.includes(name)) problems.push(`rates.${name}: no carrier account is named "${name}" (configured: ${names.join(', ') || 'none'})`);
  }
  return { cards, problems };
};
