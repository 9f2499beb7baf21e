// What a gaining carrier and the losing carrier exchange about a port, carrier-neutral: the portability
// answer, one number's submission, and the losing carrier's decision (FOC date or rejection). Adapters
// (ports/carrier.ts PortingPort) speak these shapes; the FOC arithmetic is here because it is pure.
import { addBusinessDays } from '../business-days.ts';
import type { RejectionCode } from './rejection-codes.ts';
import type { LineType, LosingCarrierInformation } from './port-in.ts';

/** A losing carrier's record of the holder of a number (the sandbox simulates them: carriers/sandbox/subscribers.ts). */
export interface SubscriberAddress {
  readonly street: string;
  readonly city: string;
  readonly state: string;
  readonly zip: string;
  readonly country: string;
}

export interface SubscriberRecord {
  readonly phoneNumber: string;
  readonly lineType: LineType;
  readonly customerName: string;
  readonly customerType: 'Business' | 'Individual';
  readonly accountNumber: string;
  /** Wireless accounts are protected by a PIN (a port must give it); wireline accounts have none. */
  readonly pin: string | null;
  /** The account's billing telephone number (BTN): its first number. */
  readonly accountTelephoneNumber: string;
  readonly address: SubscriberAddress;
  /** Business days from submission to the FOC date: 1-3 for wireless, 5-20 (1-4 weeks) for wireline. */
  readonly focBusinessDays: number;
}

export interface PortabilityAnswer {
  readonly portable: boolean;
  /** wireless | wireline when known; toll-free numbers and unknown numbers have none. */
  readonly lineType: LineType | null;
  readonly tollFree: boolean;
  /** Why not, when not portable. */
  readonly reason: string | null;
}

export interface PortSubmission {
  readonly e164: string;
  readonly pin: string | null;
  readonly holder: LosingCarrierInformation;
  readonly submittedAt: Date;
  /** The customer's wished date (YYYY-MM-DD): the FOC date is never earlier. */
  readonly targetDate: string | null;
  /** The request's documents (utility bill...), as the customer gave them. */
  readonly documents: readonly string[];
  /**
   * Stable for this submission of this number (a resubmission after a correction has another), so a carrier
   * asked again after a lost answer finds the order it already made instead of making a second.
   */
  readonly idempotencyKey: string;
}

/**
 * The losing carrier's decision at submission. A carrier that decides later (a real one: Twilio, Telnyx)
 * answers `pending` with its order's ref, and masq asks `status(ref)` (or hears its webhook) until it decides.
 */
export type PortDecision =
  | { readonly kind: 'accepted'; readonly focDate: Date }
  | { readonly kind: 'rejected'; readonly code: RejectionCode }
  | { readonly kind: 'pending'; readonly ref: string };

/** Where a carrier's port order stands, in masq's terms (did-wire-contract §5.2). */
export type PortOrderState =
  /** Created, but the carrier still waits for the LOA signature it collects (a carrier whose collectsSignature is `carrier`). */
  | { readonly kind: 'awaiting-signature' }
  /** With the carrier or the losing carrier, no FOC date yet. */
  | { readonly kind: 'submitted' }
  | { readonly kind: 'accepted'; readonly focDate: Date }
  | { readonly kind: 'rejected'; readonly code: RejectionCode }
  /** Ported: the number is the account's at the carrier now. */
  | { readonly kind: 'completed' }
  /** Canceled at the carrier (by its support desk, or a cancel masq asked for). */
  | { readonly kind: 'canceled' };

/** The FOC date: `businessDays` after submission, or the customer's target date when that is later. */
export const focDateOf = (submittedAt: Date, businessDays: number, targetDate: string | null): Date => {
  const earliest = addBusinessDays(submittedAt, businessDays);
  const target = targetDate === null ? null : new Date(`${targetDate}T${earliest.toISOString().slice(11)}`);
  return target !== null && target.getTime() > earliest.getTime() ? target : earliest;
};
