// US SMS registration gating (issue 13; did-wire-contract.md §5.3, did-platform.md §4.1-4.2). Checked per
// message at send time, as Twilio does: the send is accepted and the failure comes on the outbound leg.
//   1. To US/PR/VI/GU/AS from a US local or mobile number (10DLC): the sender must be in a messaging service
//      whose campaign is VERIFIED. None or FAILED: 30034; PENDING/IN_PROGRESS: 30035; SUSPENDED: 30033.
//   2. To US/CA from a toll-free number: its latest verification must be TWILIO_APPROVED, else 30032.
//   3. Short codes, alphanumeric senders, other countries and voice are not gated.
// Pure: the registration facts are read by the caller (ports/store/sms-gate.ts).
import { twilioCodeOf, ERROR_CATALOG, type ErrorName } from '../errors.ts';
import { e164Class, e164Region } from '../e164-class.ts';
import type { NumberType } from '../inventory-number.ts';

export const SMS_GATING_MODES = ['enforce', 'warn', 'off'] as const;
export type SmsGatingMode = (typeof SMS_GATING_MODES)[number];
/** The installation default when MASQ_SMS_GATING is not set: the sandbox quick start keeps working. */
export const DEFAULT_SMS_GATING: SmsGatingMode = 'warn';

export const isSmsGatingMode = (value: unknown): value is SmsGatingMode => SMS_GATING_MODES.some((mode) => mode === value);

/** The async failure codes, by catalog name. */
export type SmsGateError = 'sms-unregistered-number' | 'sms-number-being-configured' | 'sms-campaign-suspended' | 'sms-tollfree-unverified';

/** Where 10DLC rules apply (Twilio: "US" is the US, Puerto Rico, the Virgin Islands, Guam and American Samoa). */
const TEN_DLC_DESTINATIONS: ReadonlySet<string> = new Set(['US', 'PR', 'VI', 'GU', 'AS']);
/** Where an unverified toll-free number cannot send. */
const TOLL_FREE_DESTINATIONS: ReadonlySet<string> = new Set(['US', 'CA']);

/** Which sender kinds are gated toward a destination. */
export interface DestinationScope {
  readonly tenDlc: boolean;
  readonly tollFree: boolean;
}

/**
 * Which senders are gated toward `to`; null when none is. Every gated region shares +1, so anything else
 * is answered without parsing (the routing path asks this for every forwarded message).
 */
export const destinationScope = (to: string): DestinationScope | null => {
  if (!to.startsWith('+1')) return null;
  const region = e164Region(to);
  if (region === null) return null;
  const scope = { tenDlc: TEN_DLC_DESTINATIONS.has(region), tollFree: TOLL_FREE_DESTINATIONS.has(region) };
  return scope.tenDlc || scope.tollFree ? scope : null;
};

export type SenderKind = '10dlc' | 'toll-free' | 'ungated';

/** The kind libphonenumber gives a +1 number (memoised in e164-class.ts: a pool's few numbers send everything). */
const kindOfNumber = (from: string): SenderKind => {
  const { country, type } = e164Class(from);
  if (country !== 'US') return 'ungated';
  return type === 'TOLL_FREE' ? 'toll-free' : '10dlc';
};

/**
 * A US number is toll-free (its inventory type, or libphonenumber's) or a 10DLC long code; anything else
 * (short codes, alphanumeric ids, other countries) is not gated. The allocator's query classifies pool
 * numbers the same way from their stored facts: iso_country 'US', toll-free when the area code is one of
 * numbering-plan/nanp.ts TOLL_FREE_AREA_CODES (storage/sms-gate-sql.ts; a test keeps the two in step).
 */
export const senderKind = (from: string, inventoryType: NumberType | null = null): SenderKind => {
  if (!from.startsWith('+1') || inventoryType === 'short-code') return 'ungated';
  const byNumber = kindOfNumber(from);
  return byNumber === '10dlc' && inventoryType === 'toll-free' ? 'toll-free' : byNumber;
};

/** Whether a message from `from` to `to` could be gated at all: false means no registration is read. */
export const mayBeGated = (from: string, to: string): boolean => {
  const scope = destinationScope(to);
  if (scope === null) return false;
  const kind = senderKind(from);
  return (kind === '10dlc' && scope.tenDlc) || (kind === 'toll-free' && scope.tollFree);
};

/** What the store knows of a sender's registrations: null where it has none. */
export interface SenderRegistration {
  /** The campaign_status of the campaign of the messaging service the number is in. */
  readonly campaignStatus: string | null;
  /** The status of the number's latest toll-free verification. */
  readonly tollfreeStatus: string | null;
}

const campaignError = (status: string | null): SmsGateError | null => {
  switch (status) {
    case 'VERIFIED': return null;
    case 'PENDING': case 'IN_PROGRESS': return 'sms-number-being-configured';
    case 'SUSPENDED': return 'sms-campaign-suspended';
    default: return 'sms-unregistered-number'; // no service, no campaign, FAILED
  }
};

/** The error a send from a sender of this kind and registration toward this scope fails with; null when clear. */
export const gateErrorFor = (kind: SenderKind, scope: DestinationScope | null, registration: SenderRegistration): SmsGateError | null => {
  if (scope === null) return null;
  if (kind === '10dlc' && scope.tenDlc) return campaignError(registration.campaignStatus);
  if (kind === 'toll-free' && scope.tollFree) return registration.tollfreeStatus === 'TWILIO_APPROVED' ? null : 'sms-tollfree-unverified';
  return null;
};

export interface GateInput {
  readonly from: string;
  readonly to: string;
  readonly inventoryType: NumberType | null;
  readonly registration: SenderRegistration;
}

/** The rule itself: the error of this send, null when it may go. */
export const checkSmsGate = (input: GateInput): SmsGateError | null =>
  gateErrorFor(senderKind(input.from, input.inventoryType), destinationScope(input.to), input.registration);

/** What the user reads: the code, Twilio's title and what to do about it. */
export interface GateProblem {
  readonly error: SmsGateError;
  readonly code: number;
  readonly message: string;
}

const REMEDY: Readonly<Record<SmsGateError, string>> = {
  'sms-unregistered-number': 'add the number to a messaging service whose A2P 10DLC campaign is VERIFIED',
  'sms-number-being-configured': "wait until the messaging service's campaign is VERIFIED",
  'sms-campaign-suspended': "the messaging service's campaign is SUSPENDED",
  'sms-tollfree-unverified': "the number's toll-free verification must be TWILIO_APPROVED",
};

export const gateProblem = (error: SmsGateError, from: string, to: string): GateProblem => {
  const name: ErrorName = error;
  return { error, code: twilioCodeOf(name), message: `${ERROR_CATALOG[name].title}: ${from} cannot text ${to}; ${REMEDY[error]}.` };
};

/** What happens to a send, given the account's mode. */
export type GateOutcome =
  | { readonly kind: 'send' }
  | { readonly kind: 'warn'; readonly problem: GateProblem }
  | { readonly kind: 'block'; readonly problem: GateProblem };

export const applyGatingMode = (mode: SmsGatingMode, problem: GateProblem | null): GateOutcome => {
  if (problem === null || mode === 'off') return { kind: 'send' };
  return mode === 'enforce' ? { kind: 'block', problem } : { kind: 'warn', problem };
};

/** The account's mode from its stored number-policy fields, over the installation default. */
export const smsGatingOf = (fields: Readonly<Record<string, unknown>>, fallback: SmsGatingMode): SmsGatingMode => {
  const value = fields.smsGating;
  return isSmsGatingMode(value) ? value : fallback;
};
