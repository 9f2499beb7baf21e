// The one step that carries out a call plan for an inbound event. Each verb either goes back in the
// answer to the carrier's webhook (rendered in its markup by the carrier adapter: TwiML, TeXML...) or is
// carried out now through a carrier account's API: a message sent from a number of another account, or
// by a carrier that forwards messages only by API (Telnyx, the sandbox); a call bridged by a carrier
// that bridges by API (the sandbox).
import type { CallPlan, PlanVerb } from '../domain/call-plan.ts';
import type { ResourceStatus } from '../domain/interaction.ts';
import type { InboundEvent } from '../domain/routing.ts';
import type { CarrierAccount, SentResource } from '../ports/carrier.ts';
import type { AppDeps } from './deps.ts';
import { recordResourceStatus } from './record-resource-status.ts';

export interface ExecutedPlan {
  readonly plan: CallPlan;
  /** The verbs the inbound carrier carries out from its webhook's answer; the others were done by API. */
  readonly inReply: readonly PlanVerb[];
}

type MessageVerb = Extract<PlanVerb, { verb: 'message' }>;
type DialVerb = Extract<PlanVerb, { verb: 'dial' }>;

/** Whether the inbound carrier carries out this verb in its answer. */
const answeredInReply = (inbound: CarrierAccount, event: InboundEvent, verb: PlanVerb): boolean => {
  if (verb.verb === 'message') return verb.carrier === event.carrier && inbound.delivery.message === 'in-reply';
  if (verb.verb === 'dial') return inbound.delivery.voice === 'in-reply' || inbound.voice === null;
  // Speech, rejection and markup only exist as the answer to the carrier holding the call.
  return true;
};

/** Sends by API and records what the carrier said on the interaction; a failed send is recorded as failed, never thrown at the carrier's webhook. */
const sendForInteraction = async (deps: AppDeps, interactionSid: string, type: 'Message' | 'Call', send: () => Promise<SentResource>): Promise<void> => {
  let sent: SentResource | null = null;
  try {
    sent = await send();
  } catch {
    sent = null;
  }
  const status: ResourceStatus = sent?.status ?? 'failed';
  await recordResourceStatus(deps, { interactionSid, resourceSid: sent?.sid ?? null, resourceType: type, status, resourceUrl: sent?.url ?? null });
};

const sendMessage = async (deps: AppDeps, event: InboundEvent, plan: CallPlan, verb: MessageVerb): Promise<void> => {
  const account = deps.carriers.get(verb.carrier);
  const message = { from: verb.from, to: verb.to, body: verb.body, mediaUrls: verb.mediaUrls, statusCallbackUrl: null };
  if (verb.reply || plan.interactionSid === null) {
    // An auto-reply is no interaction's leg: best effort, keyed by the traffic it answers.
    await account.messaging.send({ ...message, idempotencyKey: `reply-${event.resourceSid}` }).catch(() => undefined);
    return;
  }
  const interactionSid = plan.interactionSid;
  // Keyed by the interaction: a replayed forward (retried webhook) is the same send.
  await sendForInteraction(deps, interactionSid, 'Message', () => account.messaging.send({ ...message, idempotencyKey: interactionSid }));
};

const bridgeCall = async (deps: AppDeps, event: InboundEvent, plan: CallPlan, verb: DialVerb, voice: NonNullable<CarrierAccount['voice']>): Promise<void> => {
  const interactionSid = plan.interactionSid;
  const call = { inboundResourceSid: event.resourceSid, from: verb.callerId, to: verb.to, idempotencyKey: interactionSid ?? `dial-${event.resourceSid}` };
  if (interactionSid === null) {
    await voice.bridge(call).catch(() => undefined);
    return;
  }
  await sendForInteraction(deps, interactionSid, 'Call', () => voice.bridge(call));
};

/**
 * Carries out the plan's API verbs now and returns the ones for the webhook's answer. A replayed plan
 * (retried webhook) sends by API again with the same idempotency key: the first attempt's fate is
 * unknown when its instance died mid-send, so API forwards are at least once (docs/operations.md).
 */
export const executePlan = async (deps: AppDeps, event: InboundEvent, plan: CallPlan): Promise<ExecutedPlan> => {
  const inbound = deps.carriers.get(event.carrier);
  const inReply: PlanVerb[] = [];
  for (const verb of plan.verbs) {
    if (answeredInReply(inbound, event, verb)) inReply.push(verb);
    else if (verb.verb === 'message') await sendMessage(deps, event, plan, verb);
    else if (verb.verb === 'dial' && inbound.voice) await bridgeCall(deps, event, plan, verb, inbound.voice);
  }
  return { plan, inReply };
};
