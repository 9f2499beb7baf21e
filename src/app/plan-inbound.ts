// What to do with one inbound message or call, decided and logged: find the session by (sender, proxy
// number), apply the session rules, ask the intercept callback, log the interaction (with its forward
// and its CallbackUrl delivery, in one transaction), and answer with a call plan that forwards to the
// partner from the partner's proxy number. Traffic that matches no open session takes the out-of-session
// step, which may create the session it is then routed in. Every carrier, the sandbox included, comes
// through here; execute-plan.ts carries the plan out. Opt-out words are recorded against the number
// (opt-outs.ts), and a message is never forwarded to a partner who opted out of the number it would
// come from (21610): both known from the one route read.
import { refusePlan, type CallPlan } from '../domain/call-plan.ts';
import { decideRoute, DEFAULT_OPT_OUT_WORDS, type InboundEvent, type RouteVerdict } from '../domain/routing.ts';
import type { GateProblem } from '../domain/messaging/sms-gate.ts';
import { withDataFields, type Interaction, type InteractionLeg } from '../domain/interaction.ts';
import type { Participant } from '../domain/participant.ts';
import type { Service } from '../domain/service.ts';
import { expiryReason, isActiveStatus, isExpired, type Session } from '../domain/session.ts';
import { StoreConflict, type RecordedForward, type SenderGateFacts } from '../ports/store.ts';
import { askIntercept } from './callbacks/intercept.ts';
import { interactionCallbackJobs } from './callbacks/interaction-callback.ts';
import type { AppDeps } from './deps.ts';
import { forwardJob } from './forward-jobs.ts';
import { forwardPlan, planForward } from './forward-to-partner.ts';
import { inboundMessageCosts } from './message-costs.ts';
import { inboundInteraction, type Blocked } from './inbound-interaction.ts';
import { applyOptChange, optChangeOf } from './opt-outs.ts';
import { routeOutOfSession } from './route-out-of-session.ts';
import { sessionActivityAt } from './touch-session.ts';
import { sandboxMix } from './sandbox-mix.ts';
import { textingRefusal } from './untextable-sender.ts';
import { gateDataFields, gateReadSend, gateSend } from './sms-gate.ts';

const RETRIED = 'A retried delivery of traffic already handled';

interface Matched {
  readonly service: Service;
  readonly session: Session;
  readonly sender: Participant;
  readonly partner: Participant | null;
  /** The carrier of the partner's proxy number (null: unmanaged, the inbound carrier answers). */
  readonly partnerCarrier: string | null;
  readonly senderOptedOut: boolean;
  readonly partnerOptedOut: boolean;
  /** What gating a forward from the partner's number needs, read with the route; null without a partner. */
  readonly partnerGateFacts: SenderGateFacts | null;
}

/**
 * The live session this (sender, proxy number) pair belongs to; expired ones are closed on the way.
 * One indexed read (the sender with its session, service and partner, and the carrier of the partner's
 * number): this runs for every inbound message and call, so nothing is read twice.
 */
const matchSession = async (deps: AppDeps, event: InboundEvent): Promise<Matched | null> => {
  const route = await deps.store.findInboundRoute(event.to, event.from);
  if (!route || !isActiveStatus(route.session.status)) return null;
  const { sender, session, service } = route;
  const now = deps.clock.now();
  if (isExpired(session, now)) {
    await deps.store.transaction((tx) => tx.closeSession(session.sid, expiryReason(session), now));
    return null;
  }
  return { service, session, sender, partner: route.partner, partnerCarrier: route.partnerCarrier, senderOptedOut: route.senderOptedOut, partnerOptedOut: route.partnerOptedOut, partnerGateFacts: route.partnerGateFacts };
};

/**
 * Writes the interaction (with its forward, if any), its jobs (the CallbackUrl delivery, and the forward
 * when a carrier's API carries it) and the session's new activity atomically.
 */
const record = async (deps: AppDeps, m: Matched, event: InboundEvent, interaction: Interaction, forward: RecordedForward | null): Promise<boolean> => {
  const send = forward ? forwardJob(deps, interaction.accountSid, event, interaction.sid, forward) : null;
  try {
    await deps.store.recordInboundInteraction({
      interaction,
      activity: forward ? sessionActivityAt(m.service, m.session, interaction.dateCreated) : null,
      jobs: [...interactionCallbackJobs(deps, m.service, interaction), ...(send ? [send] : [])],
      forward,
      costs: inboundMessageCosts(deps, event, interaction, m, forward),
    });
    return true;
  } catch (err) {
    // The same carrier message/call id raced in twice: the first delivery owns it.
    if (err instanceof StoreConflict && err.kind === 'inbound-resource') return false;
    throw err;
  }
};

/** The carrier has not reported the outbound leg yet: no sid, still queued (message) or initiated (call). */
const unreported = (leg: InteractionLeg): boolean =>
  leg.resourceSid === null && (leg.resourceStatus === 'queued' || leg.resourceStatus === 'initiated');

/**
 * A webhook for traffic already logged (same carrier message/call id): null if it is not. Carriers retry
 * when they got no answer, e.g. the instance that logged it died between COMMIT and its answer, so while
 * the outbound leg is unreported the retry carries out the recorded forward again (never lost); once the
 * carrier has reported that leg, the forward provably happened and the retry forwards nothing.
 */
const retried = async (deps: AppDeps, event: InboundEvent): Promise<CallPlan | null> => {
  const found = await deps.store.findInboundRecord(event.resourceSid);
  if (!found) return null;
  if (!found.forward || !unreported(found.interaction.outbound)) return refusePlan(event.channel, null, RETRIED);
  return forwardPlan(event, found.interaction.sid, found.forward);
};

const refusal = (verdict: RouteVerdict & { kind: 'refuse' }): Blocked => ({ code: verdict.code, reason: verdict.reason });

/** A message the partner opted out of receiving from their proxy number: logged as blocked, never sent. */
const unsubscribedVerdict = (partner: Participant): RouteVerdict & { kind: 'refuse' } => ({
  kind: 'refuse', code: 'unsubscribed-recipient', logged: true,
  reason: `Attempt to send to unsubscribed recipient: ${partner.identifier} opted out of messages from ${partner.proxyIdentifier}`,
});

const routeInSession = async (deps: AppDeps, event: InboundEvent, m: Matched): Promise<CallPlan> => {
  const optOutWords = m.service.optOutWords ?? DEFAULT_OPT_OUT_WORDS;
  // Only an opt-out or opt-in word that changes something writes; any other message costs nothing here.
  await applyOptChange(deps, event, optChangeOf(event, optOutWords), m.senderOptedOut);
  const decided = decideRoute(event, m, deps.clock.now(), optOutWords);
  const partner = m.partner;
  const verdict = decided.kind === 'forward' && partner && event.channel === 'message' && m.partnerOptedOut ? unsubscribedVerdict(partner) : decided;
  if (verdict.kind === 'refuse' || !partner) {
    if (verdict.kind !== 'refuse') return refusePlan(event.channel, 'no-partner', 'The session has no other participant');
    if (verdict.logged && !(await record(deps, m, event, inboundInteraction(deps, event, m, refusal(verdict)), null))) return refusePlan(event.channel, null, RETRIED);
    return refusePlan(event.channel, verdict.code, verdict.reason);
  }
  // Planned before the write and stored in the same insert: no extra statement on a first delivery.
  const plan = planForward(deps, event, m.service, { participant: partner, carrier: m.partnerCarrier }, verdict);
  const untextable = event.channel === 'message' ? textingRefusal(deps.carriers.get(plan.sentBy ?? event.carrier), plan.from) : null;
  const sentBy = event.channel === 'voice' ? event.carrier : plan.sentBy ?? event.carrier;
  const blocked = sandboxMix(deps, sentBy, plan.from, m.partnerCarrier ?? event.carrier) ?? untextable;
  if (blocked) {
    if (!(await record(deps, m, event, inboundInteraction(deps, event, m, blocked), null))) return refusePlan(event.channel, null, RETRIED);
    return refusePlan(event.channel, blocked.code, blocked.reason);
  }
  const pending = inboundInteraction(deps, event, m, null);
  const intercept = await askIntercept(deps, m.service, pending);
  if (!intercept.allowed) {
    await record(deps, m, event, inboundInteraction(deps, event, m, { code: 'intercept-rejected', reason: 'The intercept callback answered 403' }), null);
    return refusePlan(event.channel, 'intercept-rejected', 'Blocked by the intercept callback');
  }
  const gated = await gateInReply(deps, event, m, pending, plan);
  if (gated.kind === 'block') {
    // Logged with its failed outbound leg (the CallbackUrl hears it); the webhook's answer sends nothing.
    if (!(await record(deps, m, event, gated.interaction, null))) return refusePlan(event.channel, null, RETRIED);
    return refusePlan(event.channel, gated.problem.error, gated.problem.message);
  }
  if (!(await record(deps, m, event, gated.interaction, plan))) return (await retried(deps, event)) ?? refusePlan(event.channel, null, RETRIED);
  return forwardPlan(event, pending.sid, plan);
};

type InReplyGate =
  | { readonly kind: 'send'; readonly interaction: Interaction }
  | { readonly kind: 'block'; readonly interaction: Interaction; readonly problem: GateProblem };

/**
 * US SMS registration gating for a forward that goes out in the webhook's answer (Twilio, SignalWire):
 * the answer is the send, so it is decided here. A forward sent by API is checked by its job, at send
 * time (forward-jobs.ts). Traffic that cannot be gated costs nothing (the pure pre-check); traffic that can
 * costs no read either: findInboundRoute read the partner number's facts with the route.
 */
const gateInReply = async (deps: AppDeps, event: InboundEvent, m: Matched, pending: Interaction, plan: RecordedForward): Promise<InReplyGate> => {
  if (event.channel !== 'message' || plan.sentBy !== null) return { kind: 'send', interaction: pending };
  const send = { accountSid: m.session.accountSid, interactionSid: pending.sid, from: plan.from, to: plan.to };
  // The forward comes from the partner's number, whose facts the route read brought: no read here.
  const gate = m.partnerGateFacts && plan.from === m.partner?.proxyIdentifier ? gateReadSend(deps, send, m.partnerGateFacts) : await gateSend(deps, send);
  const interaction = gate.kind === 'send' ? pending : { ...pending, data: withDataFields(pending.data, gateDataFields(gate)) };
  if (gate.kind !== 'block') return { kind: 'send', interaction };
  return { kind: 'block', problem: gate.problem, interaction: { ...interaction, outbound: { ...interaction.outbound, resourceStatus: 'undelivered' } } };
};

/**
 * One pass: a retry of logged traffic, or the session it belongs to, or the out-of-session step. That step
 * may create the session (its callback's JSON answer); `allowCreate` is off on the pass that follows, so
 * a callback whose session still does not match is routed once, never looped.
 */
const planOnce = async (deps: AppDeps, event: InboundEvent, allowCreate: boolean): Promise<CallPlan | 'session-created'> => {
  const matched = await matchSession(deps, event);
  if (matched) {
    // In a session, the interaction's unique inbound resource id is the de-duplication: a retry's insert
    // conflicts and is answered from what the first delivery recorded (see `record`). Only an intercept
    // callback, which would be asked again before that insert, needs the lookup first; without one it
    // would be a read on every message.
    const again = matched.service.interceptCallbackUrl ? await retried(deps, event) : null;
    return again ?? routeInSession(deps, event, matched);
  }
  // Logged before but no longer in an open session (closed since): the first delivery's answer stands.
  const again = await retried(deps, event);
  if (again) return again;
  const step = await routeOutOfSession(deps, event, allowCreate);
  return step.kind === 'plan' ? step.plan : 'session-created';
};

/**
 * Decides and logs what happens to one inbound event. A carrier webhook delivered twice (same message or
 * call id) is logged once; the second delivery repeats the first one's forward only while the carrier
 * has not reported it (see `retried`): forwarded exactly once when nothing crashes, never lost when
 * something does.
 */
export const planInbound = async (deps: AppDeps, event: InboundEvent): Promise<CallPlan> => {
  const first = await planOnce(deps, event, true);
  if (first !== 'session-created') return first;
  const second = await planOnce(deps, event, false);
  return second === 'session-created' ? refusePlan(event.channel, null, 'The created session does not match this traffic') : second;
};
