// The Interaction logged for one inbound message or call (Twilio's field semantics: the inbound leg is
// the sender's message/call, always "delivered"/"in-progress"; the outbound leg is the one masq places
// toward the partner, "queued"/"initiated" until the carrier reports).
import { attestationData } from '../domain/attestation.ts';
import { twilioCodeOf, type ErrorName } from '../domain/errors.ts';
import type { Interaction, InteractionLeg } from '../domain/interaction.ts';
import type { Participant } from '../domain/participant.ts';
import type { InboundEvent } from '../domain/routing.ts';
import type { Session } from '../domain/session.ts';
import type { AppDeps } from './deps.ts';

/** Why traffic was logged but not forwarded. */
export interface Blocked {
  readonly code: ErrorName;
  readonly reason: string;
}

export const messageData = (body: string, mediaUrls: readonly string[]): string =>
  JSON.stringify(mediaUrls.length > 0 ? { body, media_urls: mediaUrls } : { body });

/** {"body", "media_urls"} for messages (duration comes later for calls); a blocked one says why; an attested call, its STIR/SHAKEN. */
const interactionData = (event: InboundEvent, blocked: Blocked | null): string | null => {
  const fields: Record<string, unknown> = {};
  if (event.channel === 'message') fields.body = event.body;
  if (event.mediaUrls.length > 0) fields.media_urls = event.mediaUrls;
  if (blocked) Object.assign(fields, { blocked: blocked.reason, error_code: twilioCodeOf(blocked.code) });
  // Calls only, and only when the carrier said: nothing more to do on the usual path.
  if (event.attestation) Object.assign(fields, attestationData(event.attestation));
  return Object.keys(fields).length > 0 ? JSON.stringify(fields) : null;
};

const inboundLeg = (event: InboundEvent, sender: Participant): InteractionLeg => ({
  participantSid: sender.sid,
  resourceSid: event.resourceSid,
  resourceType: event.channel === 'message' ? 'Message' : 'Call',
  resourceStatus: event.channel === 'message' ? 'delivered' : 'in-progress',
  resourceUrl: null,
});

const outboundLeg = (event: InboundEvent, partner: Participant | null, blocked: Blocked | null): InteractionLeg => ({
  participantSid: partner?.sid ?? null,
  resourceSid: null,
  resourceType: partner ? (event.channel === 'message' ? 'Message' : 'Call') : null,
  // A blocked interaction never gets an outbound leg: 'canceled' says it was stopped before it started.
  resourceStatus: !partner ? null : blocked ? 'canceled' : event.channel === 'message' ? 'queued' : 'initiated',
  resourceUrl: null,
});

export const inboundInteraction = (
  deps: Pick<AppDeps, 'clock' | 'ids'>,
  event: InboundEvent,
  m: { readonly session: Session; readonly sender: Participant; readonly partner: Participant | null },
  blocked: Blocked | null,
): Interaction => {
  const now = deps.clock.now();
  return {
    sid: deps.ids.sid('interaction'),
    sessionSid: m.session.sid,
    serviceSid: m.session.serviceSid,
    accountSid: m.session.accountSid,
    type: event.channel === 'message' ? 'message' : 'voice',
    data: interactionData(event, blocked),
    inbound: inboundLeg(event, m.sender),
    outbound: outboundLeg(event, m.partner, blocked),
    participantSid: null,
    dateCreated: now,
    dateUpdated: now,
  };
};
