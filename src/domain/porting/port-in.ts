// A port-in: a request to move numbers from another carrier (the losing carrier) to one of masq's carrier
// accounts (the gaining carrier), as Twilio's Numbers v1 PortIn models it. Statuses are Twilio's wire
// strings. Pure: the clock's reading comes in as an argument.
//
// Per number:  Waiting for Signature -> Submitted -> Pending (FOC date) -> Completed
//              Submitted -> Rejected -> Submitted (corrected and resubmitted: masq extension)
//              any open status -> Canceled
// The request's status follows from its numbers (requestStatusOf), except Waiting for Signature (no LOA
// signature yet), Canceled (the whole request) and Expired (never signed in time).

export const PORT_NUMBER_STATUSES = ['Waiting for Signature', 'Submitted', 'Pending', 'Completed', 'Rejected', 'Canceled'] as const;
export type PortNumberStatus = (typeof PORT_NUMBER_STATUSES)[number];

export const PORT_REQUEST_STATUSES = ['Waiting for Signature', 'In progress', 'Completed', 'Action Required', 'Canceled', 'Expired'] as const;
export type PortRequestStatus = (typeof PORT_REQUEST_STATUSES)[number];

/** A number in one of these is in an open port: no second request may take it (22137). Matches migration 015's index. */
export const OPEN_PORT_STATUSES: readonly PortNumberStatus[] = ['Waiting for Signature', 'Submitted', 'Pending', 'Rejected'];
export const isOpenPort = (status: PortNumberStatus): boolean => OPEN_PORT_STATUSES.includes(status);

export type LineType = 'wireless' | 'wireline';
export const LINE_TYPES: readonly LineType[] = ['wireless', 'wireline'];

export interface PortAddress {
  readonly street: string | null;
  readonly street2: string | null;
  readonly city: string | null;
  readonly state: string | null;
  readonly zip: string | null;
  readonly country: string | null;
}

/** Who holds the numbers at the losing carrier, as the customer declares it (Twilio's losing_carrier_information). */
export interface LosingCarrierInformation {
  readonly customerName: string;
  readonly customerType: string | null;
  readonly accountNumber: string | null;
  readonly accountTelephoneNumber: string | null;
  readonly authorizedRepresentative: string;
  readonly authorizedRepresentativeEmail: string;
  readonly addressSid: string | null;
  readonly address: PortAddress | null;
}

/** What the request carries and echoes back without masq filtering on it. */
export interface PortInDetails {
  readonly losingCarrierInformation: LosingCarrierInformation;
  readonly documents: readonly string[];
  readonly notificationEmails: readonly string[] | null;
  /** YYYY-MM-DD */
  readonly targetPortInDate: string | null;
  readonly targetPortInTimeRangeStart: string | null;
  readonly targetPortInTimeRangeEnd: string | null;
  readonly bundleSid: string | null;
}

export interface PortInRequest {
  readonly sid: string;
  readonly accountSid: string;
  readonly status: PortRequestStatus;
  /** The carrier account the numbers port to. */
  readonly carrier: string;
  readonly details: PortInDetails;
  readonly supportTicketId: number;
  readonly orderCancellationReason: string | null;
  readonly signedAt: Date | null;
  readonly expiresAt: Date;
  readonly dateStatusChanged: Date;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

export interface PortInNumber {
  readonly sid: string;
  readonly requestSid: string;
  readonly accountSid: string;
  readonly phoneNumber: string;
  readonly status: PortNumberStatus;
  readonly pin: string | null;
  readonly lineType: LineType;
  /** A RejectionCode name while Rejected (rejection-codes.ts). */
  readonly rejectionCode: string | null;
  /** The FOC date: when the port executes. */
  readonly portDate: Date | null;
  /** The inventory number (PN) it became once Completed. */
  readonly numberSid: string | null;
  /** The gaining carrier's order for this submission of the number, when it decides later (Twilio, Telnyx). */
  readonly carrierRef: string | null;
  /** When masq next asks the carrier about that order; null when it is not waiting on one. */
  readonly pollAt: Date | null;
  readonly dateStatusChanged: Date;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

const NEXT: Readonly<Record<PortNumberStatus, readonly PortNumberStatus[]>> = {
  'Waiting for Signature': ['Submitted', 'Canceled'],
  Submitted: ['Pending', 'Rejected', 'Canceled'],
  Pending: ['Completed', 'Rejected', 'Canceled'],
  Rejected: ['Submitted', 'Canceled'],
  Completed: [],
  Canceled: [],
};

export const canMoveNumber = (from: PortNumberStatus, to: PortNumberStatus): boolean => NEXT[from].includes(to);

/** A request whose numbers can no longer change. */
export const isFinalRequest = (status: PortRequestStatus): boolean => status === 'Completed' || status === 'Canceled' || status === 'Expired';

/**
 * The request's status from its numbers, once signed: every number done (ported or canceled) makes it
 * Completed when at least one ported, else Canceled; a rejected number makes it Action Required; otherwise
 * it is In progress.
 */
export const requestStatusOf = (current: PortRequestStatus, numbers: readonly Pick<PortInNumber, 'status'>[]): PortRequestStatus => {
  if (isFinalRequest(current)) return current;
  const statuses = numbers.map((n) => n.status);
  if (statuses.every((s) => s === 'Canceled')) return 'Canceled';
  if (current === 'Waiting for Signature') return current;
  if (statuses.every((s) => s === 'Completed' || s === 'Canceled')) return statuses.includes('Completed') ? 'Completed' : 'Canceled';
  if (statuses.includes('Rejected')) return 'Action Required';
  return 'In progress';
};

/** Twilio's suggested_action on the list: what the customer should do next. */
export const suggestedActionOf = (status: PortRequestStatus): string | null => {
  if (status === 'Waiting for Signature') return 'Sign the Letter of Authorization';
  if (status === 'Action Required') return 'Correct the rejected numbers and resubmit';
  return null;
};

/** An unsigned request expires this long after it was created (docs/porting.md). */
export const SIGNATURE_DEADLINE_DAYS = 30;
