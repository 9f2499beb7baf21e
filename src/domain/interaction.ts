export const INTERACTION_TYPES = ['message', 'voice', 'unknown'] as const;
export type InteractionType = (typeof INTERACTION_TYPES)[number];

export const RESOURCE_STATUSES = [
  'accepted', 'answered', 'busy', 'canceled', 'completed', 'deleted', 'delivered', 'delivery-unknown',
  'failed', 'in-progress', 'initiated', 'no-answer', 'queued', 'received', 'receiving', 'ringing',
  'scheduled', 'sending', 'sent', 'undelivered', 'unknown',
] as const;
export type ResourceStatus = (typeof RESOURCE_STATUSES)[number];

export type ResourceType = 'Message' | 'Call';

// How far along its life a message or call is. Carriers' status callbacks can arrive out of order
// (a late "sent" after "delivered"); a status never moves an interaction backwards.
const STATUS_STAGE: Readonly<Record<ResourceStatus, number>> = {
  scheduled: 0, accepted: 1, queued: 1, initiated: 1, sending: 2, ringing: 2, receiving: 2, sent: 3, answered: 3,
  'in-progress': 4, received: 5, delivered: 5, undelivered: 5, failed: 5, completed: 5, busy: 5, 'no-answer': 5,
  canceled: 5, deleted: 5, 'delivery-unknown': 5, unknown: 0,
};

/** True when `next` is news for a leg in status `current` (the first status, or a later stage). */
export const isStatusProgress = (current: ResourceStatus | null, next: ResourceStatus): boolean =>
  current === null || (current !== next && STATUS_STAGE[next] >= STATUS_STAGE[current] && STATUS_STAGE[current] < 5);

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

/**
 * An interaction's `data` (JSON text, an object) with `fields` added or replaced: a call's duration, gating's
 * code or warning. Data that is not an object is replaced by the fields alone.
 */
export const withDataFields = (data: string | null, fields: Readonly<Record<string, unknown>>): string | null => {
  if (Object.keys(fields).length === 0) return data;
  let current: Record<string, unknown> = {};
  if (data) {
    const parsed: unknown = JSON.parse(data);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) current = { ...parsed };
  }
  return JSON.stringify({ ...current, ...fields });
};
