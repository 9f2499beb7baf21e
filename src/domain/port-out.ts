// Port-out: another carrier asks for one of masq's numbers (docs/porting.md, "Port out"). The rules that
// need no storage: the per-number PIN that protects a number, how a request is checked against it, the
// window in which the owner may still reject, and which requests are still open.
//
//   request -> rejected (wrong PIN or account number: the number stays active, the attempt is recorded)
//   request -> pending -> [authorized] -> completed (on its due date: the number is ported-out)
//                     \-> rejected (the owner, with a reason, before the due date: the number is active again)
import { addBusinessDays, DAY_MS } from './business-days.ts';
import { invalidParameter } from './errors.ts';

export const PORT_OUT_STATUSES = ['pending', 'authorized', 'rejected', 'completed'] as const;
export type PortOutStatus = (typeof PORT_OUT_STATUSES)[number];

/** Requests that still hold the number (it is porting-out): at most one per number. */
export const OPEN_PORT_OUT_STATUSES: readonly PortOutStatus[] = ['pending', 'authorized'];
export const isOpenPortOut = (status: PortOutStatus): boolean => OPEN_PORT_OUT_STATUSES.includes(status);

/**
 * Why a request was rejected. The first two are Telnyx's porting exception codes (did-wire-contract §5.2),
 * which a gaining carrier understands; OWNER_REJECTED is masq's: the owner said no, with their reason.
 */
export const PORT_OUT_REJECTIONS = ['PASSCODE_PIN_INVALID', 'ACCOUNT_NUMBER_MISMATCH', 'OWNER_REJECTED'] as const;
export type PortOutRejection = (typeof PORT_OUT_REJECTIONS)[number];

export interface PortOut {
  /** PO... */
  readonly sid: string;
  /** The account holding the number: the owner who sees and decides the request. */
  readonly accountSid: string;
  readonly numberSid: string;
  /** E.164 */
  readonly phoneNumber: string;
  readonly status: PortOutStatus;
  /** The carrier account that reported the request ('sandbox', 'twilio', ...). */
  readonly source: string;
  /** That carrier's own id for the request, when it has one: reporting it again is a no-op. */
  readonly carrierRef: string | null;
  /** Who asks for the number. */
  readonly gainingCarrier: string;
  readonly requestedDate: Date | null;
  /** When the number leaves (null for a request rejected on arrival): the owner may reject until then. */
  readonly dueDate: Date | null;
  readonly rejectionCode: PortOutRejection | null;
  readonly rejectionReason: string | null;
  /** The pool the number left when the request was accepted, and whether it was reserved there: restored on rejection. */
  readonly poolServiceSid: string | null;
  readonly poolReserved: boolean;
  readonly dateCompleted: Date | null;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

/** What a gaining carrier sends (Twilio, Telnyx and the sandbox all carry these). */
export interface PortOutAsk {
  readonly pin: string;
  /** The account number the gaining carrier was given; masq's is the AC sid of the account holding the number. */
  readonly accountNumber: string | null;
}

export const PIN_DIGITS = 8;
const PIN_PATTERN = /^\d{4,10}$/;

/**
 * A PIN from random hex (Ids.token): 64 random bits reduced to PIN_DIGITS decimal digits. The reduction's
 * bias (10^8 against 2^64) is far below anything a guesser could use.
 */
export const pinFromRandomHex = (hex: string): string => {
  if (!/^[0-9a-f]{16,}$/i.test(hex)) throw new Error('pinFromRandomHex: expected at least 16 hex digits');
  return (BigInt(`0x${hex}`) % 10n ** BigInt(PIN_DIGITS)).toString().padStart(PIN_DIGITS, '0');
};

/** An owner-chosen PIN: 4 to 10 digits, what carriers' port forms accept. */
export const checkPin = (raw: string, param = 'Pin'): string => {
  const pin = raw.trim();
  if (!PIN_PATTERN.test(pin)) throw invalidParameter(param, 'Expected 4 to 10 digits.');
  return pin;
};

/** Compares every character whatever the first difference, so the time taken says nothing about the PIN. */
export const pinMatches = (expected: string, given: string): boolean => {
  let difference = expected.length ^ given.length;
  for (let i = 0; i < expected.length; i += 1) difference |= expected.charCodeAt(i) ^ (given.charCodeAt(i) || 0);
  return difference === 0;
};

/** Why a request fails its checks, or null when the PIN (and account number, if given) match. */
export const portOutRejection = (
  ask: PortOutAsk, expected: { readonly pin: string | null; readonly accountSid: string },
): { readonly code: PortOutRejection; readonly reason: string } | null => {
  // A number whose owner never saw a PIN has one nobody can know: any PIN is wrong.
  if (expected.pin === null || !pinMatches(expected.pin, ask.pin.trim())) {
    return { code: 'PASSCODE_PIN_INVALID', reason: 'The port-out PIN does not match the one set for this number' };
  }
  if (ask.accountNumber !== null && ask.accountNumber.trim() !== expected.accountSid) {
    return { code: 'ACCOUNT_NUMBER_MISMATCH', reason: 'The account number does not match the account holding this number' };
  }
  return null;
};

/** The furthest ahead a gaining carrier may ask for the number. */
export const MAX_REQUESTED_DAYS = 90;

/**
 * When an accepted request completes: the date asked for, but never sooner than one business day (the
 * FCC's interval for a simple port, and the owner's window to reject); without a date, that earliest one.
 */
export const portOutDueDate = (now: Date, requested: Date | null): Date => {
  const earliest = addBusinessDays(now, 1);
  if (requested === null) return earliest;
  if (requested.getTime() > now.getTime() + MAX_REQUESTED_DAYS * DAY_MS) {
    throw invalidParameter('RequestedDate', `Expected a date at most ${MAX_REQUESTED_DAYS} days ahead.`);
  }
  return requested.getTime() > earliest.getTime() ? requested : earliest;
};
