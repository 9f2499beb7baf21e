// Carries a routed message or call to the partner. Messages go out through the carrier of the partner's
// proxy number (so a pool may mix carriers); calls are bridged by the carrier holding the inbound leg.
// A carrier that forwards in its webhook answer (Twilio's TwiML) gets the forward back to render;
// otherwise masq sends through the carrier's API now.
import { dialString } from '../domain/dial-string.ts';
import type { Interaction, ResourceStatus } from '../domain/interaction.ts';
import type { Participant } from '../domain/participant.ts';
import { parseIdentifier, storedE164 } from '../domain/phone-number.ts';
import type { InboundEvent } from '../domain/routing.ts';
import type { Service } from '../domain/service.ts';
import type { SentResource } from '../ports/carrier.ts';
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
const sendNow = async (deps: AppDeps, interaction: Interaction, type: 'Message' | 'Call', send: () => Promise<SentResource>): Promise<void> => {
  let sent: SentResource | null = null;
  try {
    sent = await send();
  } catch {
    sent = null;
  }
  const status: ResourceStatus = sent?.status ?? 'failed';
  await recordResourceStatus(deps, { interactionSid: interaction.sid, resourceSid: sent?.sid ?? null, resourceType: type, status });
};

export const forwardToPartner = async (
  deps: AppDeps,
  event: InboundEvent,
  service: Service,
  partner: PartnerLeg,
  interaction: Interaction,
  verdict: { readonly from: string },
): Promise<RouteOutcome> => {
  const to = partnerAddress(service, partner.participant, event.channel);
  const forward = { kind: 'forward' as const, channel: event.channel, interactionSid: interaction.sid, from: verdict.from, to, body: event.body, mediaUrls: event.mediaUrls };
  if (event.channel === 'message') {
    const carrier = deps.carriers.get(partner.carrier ?? event.carrier);
    if (carrier.forwardsInReply && carrier.name === event.carrier) return { ...forward, inReply: true };
    await sendNow(deps, interaction, 'Message', () => carrier.sendMessage({
      from: verdict.from, to, body: event.body, mediaUrls: event.mediaUrls, statusCallbackUrl: null, idempotencyKey: interaction.sid,
    }));
    return { ...forward, inReply: false };
  }
  const carrier = deps.carriers.get(event.carrier);
  if (carrier.forwardsInReply || !carrier.bridgeCall) return { ...forward, inReply: true };
  const bridge = carrier.bridgeCall.bind(carrier);
  await sendNow(deps, interaction, 'Call', () => bridge({ inboundResourceSid: event.resourceSid, from: verdict.from, to, idempotencyKey: interaction.sid }));
  return { ...forward, inReply: false };
};
