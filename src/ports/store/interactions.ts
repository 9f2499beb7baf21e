// Interactions: one per message or call, with the forward decided for an inbound one.
import type { Interaction, InteractionLeg } from '../../domain/interaction.ts';
import type { Page, PageRequest } from './common.ts';

/**
 * Where an inbound message or call was forwarded, as decided on its first delivery. A carrier retries its
 * webhook when it got no answer (the instance died between COMMIT and the answer): the retry replays this.
 */
export interface RecordedForward {
  /** The partner's proxy number (caller id / sender of the forward). */
  readonly from: string;
  /** The partner's address as the channel dials it. */
  readonly to: string;
  /** The carrier that sends it through its API; null when the webhook's answer (TwiML) carries it. */
  readonly sentBy: string | null;
}

/** An inbound interaction with the forward recorded with it (null: nothing was forwarded, or logged before 006). */
export interface InboundRecord {
  readonly interaction: Interaction;
  readonly forward: RecordedForward | null;
}

export interface InteractionRepo {
  /** Throws StoreConflict('inbound-resource') when an interaction for its inbound carrier resource is logged already. */
  createInteraction(interaction: Interaction): Promise<void>;
  findInteraction(sessionSid: string, sid: string): Promise<Interaction | null>;
  listInteractions(sessionSid: string, page: PageRequest, participantSid?: string): Promise<Page<Interaction>>;
  updateInteraction(sid: string, patch: { readonly inbound?: InteractionLeg; readonly outbound?: InteractionLeg; readonly data?: string | null; readonly dateUpdated: Date }): Promise<Interaction | null>;
  deleteInteraction(sessionSid: string, sid: string): Promise<boolean>;
  /** The interaction logged for this inbound message/call id, with the forward recorded with it: what a retried webhook replays. */
  findInboundRecord(resourceSid: string): Promise<InboundRecord | null>;
  findInteractionByOutboundResource(resourceSid: string): Promise<Interaction | null>;
  /** By sid alone: carrier status callbacks name the interaction they report on. */
  findInteractionBySid(sid: string): Promise<Interaction | null>;
}
