// A carrier moves real (or simulated) traffic. Adapters live in carriers/; app/ sees only this.
import type { ResourceStatus } from '../domain/interaction.ts';
import type { Capabilities } from '../domain/pool-number.ts';

export interface OutboundMessage {
  readonly from: string;
  readonly to: string;
  readonly body: string;
  readonly mediaUrls: readonly string[];
  /** Where the carrier should report delivery status, when it supports callbacks. */
  readonly statusCallbackUrl: string | null;
  /** Stable per logical send, so a retried request never sends twice. */
  readonly idempotencyKey: string;
}

export interface SentResource {
  /** The carrier's id for the message or call (SM..., CA..., or a sandbox id). */
  readonly sid: string;
  readonly status: ResourceStatus;
  readonly url: string | null;
}

/** A call masq places toward the partner to bridge an inbound call (carriers that bridge by API). */
export interface OutboundCall {
  /** The carrier's id of the inbound leg being bridged. */
  readonly inboundResourceSid: string;
  readonly from: string;
  readonly to: string;
  readonly idempotencyKey: string;
}

export interface Carrier {
  readonly name: string;
  /**
   * True when the carrier forwards by answering its own inbound webhook with markup (Twilio's TwiML
   * <Message>/<Dial>); false when masq must send through the carrier's API (sendMessage / bridgeCall).
   */
  readonly forwardsInReply: boolean;
  /** Capabilities a newly added number on this carrier has unless an operator says otherwise. */
  defaultCapabilities(e164: string): Capabilities;
  sendMessage(message: OutboundMessage): Promise<SentResource>;
  /**
   * Places the outbound leg of a bridged call. Only carriers that bridge by API (forwardsInReply =
   * false) have it: a call can be bridged only by the carrier that holds its inbound leg.
   */
  bridgeCall?(call: OutboundCall): Promise<SentResource>;
}

export interface CarrierRegistry {
  /** Throws AppError when no carrier of that name is configured. */
  get(name: string): Carrier;
  names(): readonly string[];
}
