// An inbound message or call from a carrier, routed: find the session by (sender, proxy number), apply the
// session rules, ask the intercept callback, log the interaction (with its CallbackUrl delivery, in one
// transaction), and forward to the partner from the partner's proxy number. Traffic that matches no
// open session goes to the out-of-session flow. Every carrier, the sandbox included, comes through here.
import { decideRoute, DEFAULT_OPT_OUT_WORDS, type InboundEvent, type RouteVerdict } from '../domain/routing.ts';
import type { ErrorCode } from '../domain/errors.ts';
import type { Interaction, InteractionLeg } from '../domain/interaction.ts';
import type { Participant } from '../domain/participant.ts';
import type { Service } from '../domain/service.ts';
import { expiryReason, isActiveStatus, isExpired, type Session } from '../domain/session.ts';
import { StoreConflict, type RecordedForward } from '../ports/store.ts';
import { askIntercept } from './callbacks/intercept.ts';
import { interactionCallbackEntry } from './callbacks/interaction-callback.ts';
import type { AppDeps } from './deps.ts';
import { carryForward, planForward } from './forward-to-partner.ts';
import { inboundInteraction, type Blocked } from './inbound-interaction.ts';
import { routeOutOfSession } from './route-out-of-session.ts';
import { sessionActivityAt } from './touch-session.ts';

export type Channel = InboundEvent['channel'];

export type RouteOutcome =
  | { readonly kind: 'forward'; readonly channel: Channel; readonly interactionSid: string; readonly from: string; readonly to: string; readonly body: string; readonly mediaUrls: readonly string[]; readonly inReply: boolean }
  | { readonly kind: 'reply'; readonly channel: Channel; readonly from: string; readonly to: string; readonly text: string }
  | { readonly kind: 'markup'; readonly contentType: string; readonly body: string }
  | { readonly kind: 'nothing'; readonly channel: Channel; readonly code: ErrorCode | null; readonly reason: string };

export const nothing = (event: InboundEvent, code: ErrorCode | null, reason: string): RouteOutcome => ({ kind: 'nothing', channel: event.channel, code, reason });

const RETRIED = 'A retried delivery of traffic already handled';

interface Matched {
  readonly service: Service;
  readonly session: Session;
  readonly sender: Participant;
  readonly partner: Participant | null;
  /** The carrier of the partner's proxy number (null: unmanaged, the inbound carrier answers). */
  readonly partnerCarrier: string | null;
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
  return { service, session, sender, partner: route.partner, partnerCarrier: route.partnerCarrier };
};

/** Writes the interaction (with its forward, if any), its callback and the session's new activity atomically. */
const record = async (deps: AppDeps, m: Matched, interaction: Interaction, forward: RecordedForward | null): Promise<boolean> => {
  try {
    await deps.store.recordInboundInteraction({
      interaction,
      activity: forward ? sessionActivityAt(m.service, m.session, interaction.dateCreated) : null,
      callback: interactionCallbackEntry(deps, m.service, interaction),
      forward,
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
const retried = async (deps: AppDeps, event: InboundEvent): Promise<RouteOutcome | null> => {
  const found = await deps.store.findInboundRecord(event.resourceSid);
  if (!found) return null;
  if (!found.forward || !unreported(found.interaction.outbound)) return nothing(event, null, RETRIED);
  return carryForward(deps, event, found.interaction.sid, found.forward);
};

const refusal = (verdict: RouteVerdict & { kind: 'refuse' }): Blocked => ({ code: verdict.code, reason: verdict.reason });

const routeInSession = async (deps: AppDeps, event: InboundEvent, m: Matched): Promise<RouteOutcome> => {
  const optOutWords = m.service.optOutWords ?? DEFAULT_OPT_OUT_WORDS;
  const verdict = decideRoute(event, m, deps.clock.now(), optOutWords);
  const partner = m.partner;
  if (verdict.kind === 'refuse' || !partner) {
    if (verdict.kind !== 'refuse') return nothing(event, 80614, 'The session has no other participant');
    if (verdict.logged && !(await record(deps, m, inboundInteraction(deps, event, m, refusal(verdict)), null))) return nothing(event, null, RETRIED);
    return nothing(event, verdict.code, verdict.reason);
  }
  const pending = inboundInteraction(deps, event, m, null);
  const intercept = await askIntercept(deps, m.service, pending);
  if (!intercept.allowed) {
    await record(deps, m, inboundInteraction(deps, event, m, { code: 80909, reason: 'The intercept callback answered 403' }), null);
    return nothing(event, 80909, 'Blocked by the intercept callback');
  }
  // Planned before the write and stored in the same insert: no extra statement on a first delivery.
  const plan = planForward(deps, event, m.service, { participant: partner, carrier: m.partnerCarrier }, verdict);
  if (!(await record(deps, m, pending, plan))) return (await retried(deps, event)) ?? nothing(event, null, RETRIED);
  return carryForward(deps, event, pending.sid, plan);
};

const routeOnce = async (deps: AppDeps, event: InboundEvent, depth: number): Promise<RouteOutcome> => {
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
  return (await retried(deps, event)) ?? routeOutOfSession(deps, event, depth, routeInbound);
};

// The deliveries being routed by this instance (its deps) right now, by carrier message/call id.
const inFlight = new WeakMap<AppDeps, Map<string, Promise<RouteOutcome>>>();

/**
 * What a duplicate that arrived while the first delivery was still being routed here answers: a send
 * through a carrier's API happened once and is not repeated; an answer (TwiML) is given again, since a
 * carrier only re-sends a webhook when it stopped waiting for the first answer.
 */
const shared = (event: InboundEvent, outcome: RouteOutcome): RouteOutcome =>
  outcome.kind === 'forward' && !outcome.inReply ? nothing(event, null, RETRIED) : outcome;

/**
 * Routes one inbound event. A carrier webhook delivered twice (same message or call id) is logged once;
 * the second delivery repeats the first one's forward only while the carrier has not reported it (see
 * `retried`): forwarded exactly once when nothing crashes, never lost when something does.
 */
export const routeInbound = async (deps: AppDeps, event: InboundEvent, depth = 0): Promise<RouteOutcome> => {
  if (depth > 0) return routeOnce(deps, event, depth);
  let running = inFlight.get(deps);
  if (!running) inFlight.set(deps, (running = new Map()));
  const first = running.get(event.resourceSid);
  if (first) return shared(event, await first);
  const routing = routeOnce(deps, event, depth);
  running.set(event.resourceSid, routing);
  try {
    return await routing;
  } finally {
    running.delete(event.resourceSid);
  }
};
