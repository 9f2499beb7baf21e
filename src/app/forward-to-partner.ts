// How a routed message or call reaches the partner. Messages go out through the carrier account of the
// partner's proxy number (so a pool may mix carriers and accounts); calls are bridged by the carrier
// holding the inbound leg. The decision is made first and stored with the interaction, so a retried
// webhook replays it (plan-inbound.ts); execute-plan.ts carries it out.
import { dialString } from '../domain/dial-string.ts';
import type { CallPlan } from '../domain/call-plan.ts';
import type { Participant } from '../domain/participant.ts';
import { parseIdentifier, storedE164 } from '../domain/phone-number.ts';
import type { InboundEvent } from '../domain/routing.ts';
import type { Service } from '../domain/service.ts';
import type { RecordedForward } from '../ports/store.ts';
import type { AppDeps } from './deps.ts';
import { answeredInReply } from './execute-plan.ts';

/** The partner's address as this channel dials it (Argentina's 9 for voice, Mexico's 1, channels as they are). */
export const partnerAddress = (service: Service, partner: Participant, channel: InboundEvent['channel']): string => {
  const dialChannel = channel === 'message' ? 'sms' : 'voice';
  // Stored identifiers are already normalised: a phone number is its own E.164, so it needs no parse.
  const stored = storedE164(partner.identifier);
  if (stored !== null) return dialString(stored, dialChannel, service.dialRules);
  const parsed = parseIdentifier(partner.identifier);
  return parsed.kind === 'phone' ? dialString(parsed.e164, dialChannel, service.dialRules) : parsed.raw;
};

/** The partner, and the carrier of its proxy number as the route read it (null: unmanaged, `fallback` sends). */
export interface PartnerLeg {
  readonly participant: Participant;
  readonly carrier: string | null;
}

/**
 * Decides how the forward goes out, before anything is written: the decision is stored with the
 * interaction (RecordedForward) so that a retried webhook can carry out the very same forward.
 */
export const planForward = (deps: Pick<AppDeps, 'carriers'>, event: InboundEvent, service: Service, partner: PartnerLeg, verdict: { readonly from: string }): RecordedForward => {
  const to = partnerAddress(service, partner.participant, event.channel);
  const inbound = deps.carriers.get(event.carrier);
  // A message leaves through the partner number's account; a call is bridged by the inbound one.
  const sender = event.channel === 'message' ? deps.carriers.get(partner.carrier ?? event.carrier) : inbound;
  const verb = event.channel === 'message' ? { verb: 'message' as const, carrier: sender.name } : { verb: 'dial' as const };
  return { from: verdict.from, to, sentBy: answeredInReply(inbound, event, verb) ? null : sender.name };
};

/**
 * The plan that carries out a recorded forward for the interaction: the same on a first delivery and on
 * a retried webhook's replay. The message goes through the account that was chosen for it (the partner's
 * number's, or the inbound one when it answers in its webhook); a call is always bridged by the carrier
 * holding its inbound leg (execute-plan.ts decides in its answer or by API).
 */
export const forwardPlan = (event: InboundEvent, interactionSid: string, forward: RecordedForward): CallPlan => ({
  channel: event.channel,
  interactionSid,
  verbs: event.channel === 'message'
    ? [{ verb: 'message', carrier: forward.sentBy ?? event.carrier, from: forward.from, to: forward.to, body: event.body, mediaUrls: event.mediaUrls, reply: false }]
    : [{ verb: 'dial', callerId: forward.from, to: forward.to, timeoutSeconds: null }],
  refusal: null,
});
