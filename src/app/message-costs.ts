// What one message costs, as records written with its interaction (plan-inbound.ts, send-message-interaction.ts).
// An inbound message bills its segments (or one MMS) on the proxy number it reached; its forward bills the
// outbound segments from the partner's proxy number, on the carrier that sends it. Nothing here reads the
// database: the number's type comes from its E.164 (rating.ts ratedNumberType).
import type { Interaction } from '../domain/interaction.ts';
import type { Participant } from '../domain/participant.ts';
import type { InboundEvent } from '../domain/routing.ts';
import type { CostRecord } from '../domain/usage/cost-record.ts';
import { rateMms, rateSms, ratedNumberType, type Direction } from '../domain/usage/rating.ts';
import { costRecords, rateCardFor } from './cost-records.ts';
import type { RecordedForward } from '../ports/store.ts';
import type { AppDeps } from './deps.ts';

export interface MessageLeg {
  readonly direction: Direction;
  readonly accountSid: string;
  readonly serviceSid: string | null;
  /** The interaction (KI) or message (SM) billed; with the direction it names the event (`KI…:in`). */
  readonly resourceSid: string;
  /** The carrier account that carries this leg. */
  readonly carrier: string;
  /** The masq number (its PN sid when known) and the other end. */
  readonly proxyNumber: string;
  readonly numberSid: string | null;
  readonly counterpart: string;
  readonly body: string;
  readonly mediaCount: number;
  readonly occurredAt: Date;
}

const SUFFIX: Readonly<Record<Direction, string>> = { inbound: 'in', outbound: 'out' };

export const messageLegCosts = (deps: Pick<AppDeps, 'ids' | 'settings'>, leg: MessageLeg): CostRecord[] => {
  const card = rateCardFor(deps, leg.carrier);
  const numberType = ratedNumberType(leg.proxyNumber);
  const priced = leg.mediaCount > 0
    ? [rateMms(card, { direction: leg.direction, numberType })]
    : rateSms(card, { direction: leg.direction, numberType, body: leg.body, counterpart: leg.counterpart });
  return costRecords(deps, card, {
    accountSid: leg.accountSid, resourceSid: leg.resourceSid, eventKey: `${leg.resourceSid}:${SUFFIX[leg.direction]}`, carrier: leg.carrier,
    numberSid: leg.numberSid, phoneNumber: leg.proxyNumber, serviceSid: leg.serviceSid, occurredAt: leg.occurredAt,
  }, priced);
};

/**
 * An inbound message's records: its inbound leg and, when a forward is recorded with it, the forward's
 * outbound leg (sent by `forward.sentBy`, or by the inbound carrier when its webhook answer carries it).
 * A refused or blocked message has no forward: only its inbound side is billed. Calls are billed when
 * their duration is known (call-costs.ts), not here.
 */
export const inboundMessageCosts = (
  deps: Pick<AppDeps, 'ids' | 'settings'>, event: InboundEvent, interaction: Interaction,
  parties: { readonly sender: Participant; readonly partner: Participant | null }, forward: RecordedForward | null,
): CostRecord[] => {
  if (event.channel !== 'message') return [];
  const common = {
    accountSid: interaction.accountSid, serviceSid: interaction.serviceSid, resourceSid: interaction.sid,
    body: event.body, mediaCount: event.mediaUrls.length, occurredAt: interaction.dateCreated,
  };
  const inbound = messageLegCosts(deps, {
    ...common, direction: 'inbound', carrier: event.carrier, proxyNumber: event.to, numberSid: parties.sender.proxyIdentifierSid, counterpart: event.from,
  });
  if (forward === null) return inbound;
  const outbound = messageLegCosts(deps, {
    ...common, direction: 'outbound', carrier: forward.sentBy ?? event.carrier, proxyNumber: forward.from,
    numberSid: parties.partner?.proxyIdentifierSid ?? null, counterpart: forward.to,
  });
  return [...inbound, ...outbound];
};
