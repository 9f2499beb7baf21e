// What SMS registration gating reads (domain/messaging/sms-gate.ts): the sender's registrations, written by
// the Messaging v1 resources (messaging services, campaigns, toll-free verifications), and the account's
// gating mode. Read only: gating never changes a registration.
import type { SenderRegistration } from '../../domain/messaging/sms-gate.ts';

/** Everything one send's gate check needs, read in one statement. */
export interface SenderGateFacts {
  /** The account's stored number-policy fields (JSON text, as InventoryRepo.getNumberPolicy); null if never set. */
  readonly policy: string | null;
  /** The live inventory record's type of the sending number; null when unknown or not in the inventory. */
  readonly numberType: string | null;
  readonly registration: SenderRegistration;
}

export interface SmsGateRepo {
  /**
   * The account's policy and the registrations of the live number `sender` (E.164), in one read: the
   * account by primary key, the number by its live unique index, its messaging service and campaign by
   * their keys, and its latest toll-free verification (tollfree_verifications_number_idx).
   */
  senderGateFacts(accountSid: string, sender: string): Promise<SenderGateFacts>;
  /** The registrations of these numbers (by sid); a number with none is absent from the map. */
  senderRegistrations(numberSids: readonly string[]): Promise<ReadonlyMap<string, SenderRegistration>>;
}
