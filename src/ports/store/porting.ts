// Port-in requests, their numbers, and each account's porting webhook configuration (migration 015).
import type { PortInNumber, PortInRequest, PortNumberStatus, PortRequestStatus } from '../../domain/porting/port-in.ts';
import type { PortingWebhookConfig } from '../../domain/porting/webhook-config.ts';
import type { Page, PageRequest } from './common.ts';

export type PortInRequestPatch = Partial<Pick<PortInRequest, 'status' | 'details' | 'orderCancellationReason' | 'signedAt' | 'dateStatusChanged'>> & {
  readonly dateUpdated: Date;
};

export type PortInNumberPatch = Partial<Pick<PortInNumber, 'status' | 'pin' | 'rejectionCode' | 'portDate' | 'numberSid' | 'carrierRef' | 'pollAt' | 'dateStatusChanged'>> & {
  readonly dateUpdated: Date;
};

export interface PortInFilter {
  readonly status?: PortRequestStatus;
  readonly sid?: string;
  readonly createdBefore?: Date;
  readonly createdAfter?: Date;
}

export interface PortingRepo {
  /** Writes the request and its numbers; StoreConflict('port-in-number') when a number is in another open port. */
  createPortIn(request: PortInRequest, numbers: readonly PortInNumber[]): Promise<void>;
  findPortIn(accountSid: string, sid: string): Promise<PortInRequest | null>;
  /** The request's numbers in creation order. */
  portInNumbers(requestSid: string): Promise<readonly PortInNumber[]>;
  findPortInNumber(accountSid: string, requestSid: string, sid: string): Promise<PortInNumber | null>;
  /** Keyset-paged in creation order. */
  listPortIns(accountSid: string, filter: PortInFilter, page: PageRequest): Promise<Page<PortInRequest>>;
  updatePortIn(sid: string, patch: PortInRequestPatch): Promise<void>;
  /** Changes the number only while it is still in `from` (a guard against two sweepers); true when it did. */
  updatePortInNumber(sid: string, from: PortNumberStatus, patch: PortInNumberPatch): Promise<boolean>;
  /** The open port (any account's) of this E.164 number, if any. */
  openPortFor(e164: string): Promise<PortInNumber | null>;
  /**
   * Numbers in `status` whose port date is null or at/before `now`, oldest first; only numbers with no
   * carrier order (the carrier, not the FOC date, moves those: pollDuePortInNumbers).
   */
  duePortInNumbers(status: PortNumberStatus, now: Date, limit: number): Promise<readonly PortInNumber[]>;
  /** Numbers waiting on a carrier order whose poll time is at/before `now`, the longest waiting first. */
  pollDuePortInNumbers(now: Date, limit: number): Promise<readonly PortInNumber[]>;
  /** The open number whose carrier order is `carrierRef`, among the requests ported to `carrier`. */
  portInNumberByCarrierRef(carrier: string, carrierRef: string): Promise<PortInNumber | null>;
  /** Unsigned requests whose signature deadline is at/before `now`. */
  expiredUnsignedPortIns(now: Date, limit: number): Promise<readonly PortInRequest[]>;

  getPortingWebhookConfig(accountSid: string): Promise<PortingWebhookConfig | null>;
  putPortingWebhookConfig(config: PortingWebhookConfig): Promise<void>;
}
