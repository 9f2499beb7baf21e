export const INTERACTION_TYPES = ['message', 'voice', 'unknown'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

export const RESOURCE_STATUSES = [
  'accepted', 'answered', 'busy', 'canceled', 'completed', 'deleted', 'delivered', 'delivery-unknown',
  'failed', 'in-progress', 'initiated', 'no-answer', 'queued', 'received', 'receiving', 'ringing',
  'scheduled', 'sending', 'sent', 'undelivered', 'unknown',
] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

export type ResourceType = 'Message' | 'Call';

/** One leg of an interaction: the inbound message/call, or the one masq placed toward the partner. */
export interface InteractionLeg {
  readonly participantSid: string | null;
  readonly resourceSid: string | null;
  readonly resourceType: ResourceType | null;
  readonly resourceStatus: ResourceStatus | null;
  readonly resourceUrl: string | null;
}

export interface Interaction {
  readonly sid: string;
  readonly sessionSid: string;
  readonly serviceSid: string;
  readonly accountSid: string;
  readonly type: InteractionType;
  /** JSON text, as Twilio returns it: {"body": ...} for messages, {"duration": ...} for calls. */
  readonly data: string | null;
  readonly inbound: InteractionLeg;
  readonly outbound: InteractionLeg;
  /** Set when created through MessageInteractions: the participant it was sent to. */
  readonly participantSid: string | null;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

export const EMPTY_LEG: InteractionLeg = {
  participantSid: null, resourceSid: null, resourceType: null, resourceStatus: null, resourceUrl: null,
};
