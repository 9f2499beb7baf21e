// The rules of a number's lifecycle that do not need storage: when quarantine starts and ends, when it is
// extended, and when a number counts as inactive. The sweeper (app/sweep-numbers.ts) applies them.
import type { SmsGatingMode } from './messaging/sms-gate.ts';
import type { InventoryNumber, NumberType } from './inventory-number.ts';

const DAY_MS = 86_400_000;

/** An account's number policy (docs/numbers.md). */
export interface NumberPolicy {
  /** Quarantine per number type, in days (30-90). */
  readonly quarantineDays: Readonly<Record<NumberType, number>>;
  /** Quarantine is extended while the last `extensionWindowDays` saw at least this many misdirected attempts. */
  readonly misdirectedThreshold: number;
  readonly extensionDays: number;
  /** Quarantine never lasts longer than this in total, however busy the number stays. */
  readonly maxQuarantineDays: number;
  /** Days without traffic after which an active number is flagged inactive. */
  readonly inactivityDays: number;
  /** 'flag' only marks the number; 'warn' also calls `inactivityCallbackUrl`; 'release' warns, then releases. */
  readonly inactivityPolicy: 'flag' | 'warn' | 'release';
  readonly inactivityCallbackUrl: string | null;
  /** With 'release': days between the warning and the release (traffic in between cancels it). */
  readonly releaseAfterWarningDays: number;
  /** Text sent back to an SMS to a quarantined number; null sends nothing. */
  readonly quarantineSmsReply: string | null;
  /** US SMS registration gating (domain/messaging/sms-gate.ts); null follows the installation's MASQ_SMS_GATING. */
  readonly smsGating: SmsGatingMode | null;
}

export const MIN_QUARANTINE_DAYS = 30;
export const MAX_QUARANTINE_DAYS = 90;

export const DEFAULT_NUMBER_POLICY: NumberPolicy = {
  quarantineDays: { local: 90, 'toll-free': 90, mobile: 90, national: 90, 'shared-cost': 90, voip: 90, 'machine-to-machine': 90, 'short-code': 90 },
  misdirectedThreshold: 5,
  extensionDays: 14,
  maxQuarantineDays: 180,
  inactivityDays: 30,
  inactivityPolicy: 'flag',
  inactivityCallbackUrl: null,
  releaseAfterWarningDays: 14,
  quarantineSmsReply: null,
  smsGating: null,
};

export const addDays = (date: Date, days: number): Date => new Date(date.getTime() + days * DAY_MS);

/** The quarantine a number released at `now` starts with. */
export const quarantineEnd = (number: Pick<InventoryNumber, 'type'>, policy: NumberPolicy, now: Date): Date =>
  addDays(now, policy.quarantineDays[number.type ?? 'local']);

export type QuarantineDecision =
  | { readonly kind: 'end' }
  | { readonly kind: 'extend'; readonly until: Date };

/**
 * At the end of a quarantine: a number still getting misdirected traffic (at least the threshold within the
 * last `extensionDays`) stays quarantined `extensionDays` more, unless that would pass the maximum.
 */
export const decideQuarantineEnd = (
  number: Pick<InventoryNumber, 'dateReleased'>, recentMisdirected: number, policy: NumberPolicy, now: Date,
): QuarantineDecision => {
  if (recentMisdirected < policy.misdirectedThreshold) return { kind: 'end' };
  const released = number.dateReleased ?? now;
  const limit = addDays(released, policy.maxQuarantineDays);
  const until = addDays(now, policy.extensionDays);
  if (now.getTime() >= limit.getTime()) return { kind: 'end' };
  return { kind: 'extend', until: until.getTime() > limit.getTime() ? limit : until };
};

/** The window over which misdirected attempts count towards an extension. */
export const misdirectedWindowStart = (policy: NumberPolicy, now: Date): Date => addDays(now, -policy.extensionDays);

/** The moment after which a number with no traffic since `lastTraffic` counts as inactive. */
export const inactiveAfter = (lastTraffic: Date, policy: NumberPolicy): Date => addDays(lastTraffic, policy.inactivityDays);
