// Carries a routed message or call to the partner. Messages go out through the carrier of the partner's
// proxy number (so a pool may mix carriers); calls are bridged by the carrier holding the inbound leg.
// A carrier that forwards in its webhook answer (Twilio's TwiML) gets the forward back to render;
// otherwise masq sends through the carrier's API now. The plan is made first and stored with the
// interaction, so a retried webhook replays it (route-inbound.ts).
import { dialString } from '../domain/dial-string.ts';
import type { ResourceStatus } from '../domain/interaction.ts';
import type { Participant } from '../domain/participant.ts';
import { parseIdentifier, storedE164 } from '../domain/phone-number.ts';
import type { InboundEvent } from '../domain/routing.ts';
import type { Service } from '../domain/service.ts';
import type { SentResource } from '../ports/carrier.ts';
import type { RecordedForward } from '../ports/store.ts';
import type { AppDeps } from './deps.ts';
import { recordResourceStatus } from './record-resource-status.ts';
import type { RouteOutcome } from './route-inbound.ts';

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

/** Sends by API and records what the carrier said; a failed send is recorded as failed, never thrown at the carrier's webhook. */
const sendNow = async (deps: AppDeps, interactionSid: string, type: 'Message' | 'Call', send: () => Promise<SentResource>): Promise<void> => {
  let sent: SentResource | null = null;
  try {
    sent = await send();
  } catch {
    sent = null;
  }
  const status: ResourceStatus = sent?.status ?? 'failed';
  await recordResourceStatus(deps, { interactionSid, resourceSid: sent?.sid ?? null, resourceType: type, status });
};

/**
 * Decides how the forward goes out, before anything is written: the decision is stored with the
 * interaction (RecordedForward) so that a retried webhook can carry out the very same forward.
 */
export const planForward = (deps: AppDeps, event: InboundEvent, service: Service, partner: PartnerLeg, verdict: { readonly from: string }): RecordedForward => {
  const to = partnerAddress(service, partner.participant, event.channel);
  if (event.channel === 'message') {
    const carrier = deps.carriers.get(partner.carrier ?? event.carrier);
    return { from: verdict.from, to, sentBy: carrier.forwardsInReply && carrier.name === event.carrier ? null : carrier.name };
  }
  const carrier = deps.carriers.get(event.carrier);
  return { from: verdict.from, to, sentBy: carrier.forwardsInReply || !carrier.bridgeCall ? null : carrier.name };
};

/**
 * Carries out a planned forward for the interaction: in the webhook's answer, or through the carrier's API
 * now. A replay (retried webhook) sends by API again with the same idempotency key: the first attempt's
 * fate is unknown when its instance died mid-send, so API forwards are at least once (docs/operations.md).
 */
export const carryForward = async (deps: AppDeps, event: InboundEvent, interactionSid: string, plan: RecordedForward): Promise<RouteOutcome> => {
  const forward = { kind: 'forward' as const, channel: event.channel, interactionSid, from: plan.from, to: plan.to, body: event.body, mediaUrls: event.mediaUrls };
  if (plan.sentBy === null) return { ...forward, inReply: true };
  const carrier = deps.carriers.get(plan.sentBy);
  if (event.channel === 'message') {
    await sendNow(deps, interactionSid, 'Message', () => carrier.sendMessage({
      from: plan.from, to: plan.to, body: event.body, mediaUrls: event.mediaUrls, statusCallbackUrl: null, idempotencyKey: interactionSid,
    }));
    return { ...forward, inReply: false };
  }
  // Planned for a carrier that bridges by API; should its configuration have changed since, answer instead.
  if (!carrier.bridgeCall) return { ...forward, inReply: true };
  const bridge = carrier.bridgeCall.bind(carrier);
  await sendNow(deps, interactionSid, 'Call', () => bridge({ inboundResourceSid: event.resourceSid, from: plan.from, to: plan.to, idempotencyKey: interactionSid }));
  return { ...forward, inReply: false };
};
