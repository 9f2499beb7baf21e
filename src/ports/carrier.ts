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

export interface Carrier {
  readonly name: string;
  /** Capabilities a newly added number on this carrier has unless an operator says otherwise. */
  defaultCapabilities(e164: string): Capabilities;
  sendMessage(message: OutboundMessage): Promise<SentResource>;
}

export interface CarrierRegistry {
  /** Throws AppError when no carrier of that name is configured. */
  get(name: string): Carrier;
  names(): readonly string[];
}
