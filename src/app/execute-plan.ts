// The one step that carries out a call plan for an inbound event. Each verb either goes back in the
// answer to the carrier's webhook (rendered in its markup by the carrier adapter: TwiML, TeXML...) or is
// carried out now through a carrier account's API: a message sent from a number of another account, or
// by a carrier that forwards messages only by API (Telnyx, the sandbox); a call bridged by a carrier
// that bridges by API (the sandbox).
import type { CallPlan, PlanVerb } from '../domain/call-plan.ts';
import type { InboundEvent } from '../domain/routing.ts';
import type { CarrierAccount } from '../ports/carrier.ts';
import type { AppDeps } from './deps.ts';
import { forwardJobId } from './forward-jobs.ts';
import { JOB_HANDLERS } from './job-handlers.ts';
import { runJobNow } from './run-jobs.ts';

export interface ExecutedPlan {
  readonly plan: CallPlan;
  /** The verbs the inbound carrier carries out from its webhook's answer; the others were done by API. */
  readonly inReply: readonly PlanVerb[];
}

type MessageVerb = Extract<PlanVerb, { verb: 'message' }>;

/**
 * Whether the inbound carrier account carries out this verb in its webhook's answer, rather than an API
 * (its own or another account's). The one rule: planForward (forward-to-partner.ts) asks it too when it
 * records how a forward leaves, so a retried webhook replays the same decision.
 */
export const answeredInReply = (inbound: CarrierAccount, event: InboundEvent, verb: Pick<PlanVerb, 'verb'> & { readonly carrier?: string }): boolean => {
  if (verb.verb === 'message') return verb.carrier === event.carrier && inbound.delivery.message === 'in-reply';
  if (verb.verb === 'dial') return inbound.delivery.voice === 'in-reply' || inbound.voice === null;
  // Speech, rejection and markup only exist as the answer to the carrier holding the call.
  return true;
};

/**
 * An auto-reply is no interaction's leg: best effort, keyed by the traffic it answers and its place among
 * the plan's messages sent this way (a programmable number's app may answer with several).
 */
const sendReply = async (deps: AppDeps, event: InboundEvent, verb: MessageVerb, index: number): Promise<void> => {
  const idempotencyKey = index === 0 ? `reply-${event.resourceSid}` : `reply-${event.resourceSid}-${index}`;
  const message = { from: verb.from, to: verb.to, body: verb.body, mediaUrls: verb.mediaUrls, statusCallbackUrl: null, idempotencyKey };
  await deps.carriers.get(verb.carrier).messaging.send(message).catch(() => undefined);
};

/**
 * Runs the interaction's forward job now, while the carrier waits on its webhook: committed with the
 * interaction (plan-inbound.ts), so if this instance dies first the job worker sends it. A job another
 * instance is running (its lease holds) or that already ran is left alone: the forward happens once.
 */
const runForward = async (deps: AppDeps, interactionSid: string): Promise<void> => {
  await runJobNow(deps, JOB_HANDLERS, forwardJobId(interactionSid));
};

/**
 * Carries out the plan's API verbs now and returns the ones for the webhook's answer. A replayed plan
 * (retried webhook) runs the same forward job: once it ran, nothing is sent again; while its first run
 * holds the lease, the retry leaves it to that run (or, should that instance have died, to the worker
 * once the lease ends: at least once, docs/operations.md).
 */
export const executePlan = async (deps: AppDeps, event: InboundEvent, plan: CallPlan): Promise<ExecutedPlan> => {
  const inbound = deps.carriers.get(event.carrier);
  const inReply: PlanVerb[] = [];
  let replies = 0;
  for (const verb of plan.verbs) {
    if (answeredInReply(inbound, event, verb)) inReply.push(verb);
    else if (verb.verb === 'message' && (verb.reply || plan.interactionSid === null)) await sendReply(deps, event, verb, replies++);
    else if ((verb.verb === 'message' || verb.verb === 'dial') && plan.interactionSid !== null) await runForward(deps, plan.interactionSid);
  }
  return { plan, inReply };
};
