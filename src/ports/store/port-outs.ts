// Port-out requests for an account's numbers, and the PIN that protects each number (migration 014).
import type { PortOut, PortOutRejection, PortOutStatus } from '../../domain/port-out.ts';
import type { Page, PageRequest } from './common.ts';

export type PortOutPatch = Partial<Pick<PortOut, 'status' | 'rejectionCode' | 'rejectionReason' | 'dueDate' | 'dateCompleted'>> & {
  readonly dateUpdated: Date;
};

export interface PortOutFilter {
  readonly status?: PortOutStatus;
  /** E.164, exact. */
  readonly phoneNumber?: string;
}

/** A number's port-out PIN. Stored as given, not hashed: its owner is shown it, as Twilio shows port_out_pin. */
export interface PortOutPin {
  readonly numberSid: string;
  readonly pin: string;
  readonly dateUpdated: Date;
}

/** Rejected requests of one kind against a number since a date: the owner sees repeated wrong PINs. */
export interface RejectedAttempts {
  readonly count: number;
  readonly last: Date | null;
}

export interface PortOutRepo {
  createPortOut(portOut: PortOut): Promise<void>;
  findPortOut(accountSid: string, sid: string): Promise<PortOut | null>;
  /** The request a carrier already reported under its own id, if any (any account's). */
  findPortOutByCarrierRef(source: string, carrierRef: string): Promise<PortOut | null>;
  /** The open (pending or authorized) request for a number, if any. */
  openPortOutOf(numberSid: string): Promise<PortOut | null>;
  /** Keyset-paged in creation order. */
  listPortOuts(accountSid: string, filter: PortOutFilter, page: PageRequest): Promise<Page<PortOut>>;
  updatePortOut(accountSid: string, sid: string, patch: PortOutPatch): Promise<PortOut | null>;
  /** Open requests due at or before `now`, soonest first. */
  duePortOuts(now: Date, limit: number): Promise<readonly PortOut[]>;
  rejectedPortOuts(numberSid: string, code: PortOutRejection, since: Date): Promise<RejectedAttempts>;

  getPortOutPin(numberSid: string): Promise<PortOutPin | null>;
  /** Stores the PIN only when the number has none yet (two first readers keep the same one). */
  addPortOutPin(pin: PortOutPin): Promise<void>;
  /** Replaces the number's PIN (or sets its first). */
  setPortOutPin(pin: PortOutPin): Promise<void>;
}
