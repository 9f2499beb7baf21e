// The out-of-session step of the inbound sequence, for traffic that matches no open session: ask the
// service's OutOfSessionCallbackUrl. Its TwiML answer goes back to the carrier as is; its JSON answer
// creates a session between the sender and the named second participant, and the sequence then routes
// the traffic in it (plan-inbound.ts). Without an answer, the configured default applies. A number in no
// pool may be quarantined: its traffic is answered by quarantined-traffic.ts and never reaches a callback.
// Any other number in no pool is answered by its application, when it has one (programmable/route-programmable.ts).
// Opt-out words to any of masq's numbers are recorded against the number (opt-outs.ts).
import { markupPlan, refusePlan, replyPlan, type CallPlan } from '../domain/call-plan.ts';
import { AppError, type ErrorName } from '../domain/errors.ts';
import { DEFAULT_OPT_OUT_WORDS, type InboundEvent } from '../domain/routing.ts';
import type { Service } from '../domain/service.ts';
import { askOutOfSession, type AutoCreateRequest, type PreviousSession } from './callbacks/out-of-session.ts';
import type { InventoryRepo, NumberRepo, ParticipantRepo, ServiceRepo, SessionRepo } from '../ports/store.ts';
import { createSession, type SessionCreation } from './create-session.ts';
import type { AppDeps, DepsWith } from './deps.ts';
import { applyOptChange, optChangeOf } from './opt-outs.ts';
import { routeProgrammable } from './programmable/route-programmable.ts';
import { quarantinedTraffic } from './quarantined-traffic.ts';

/** What the step decided: the plan for the traffic, or that its session now exists (route it again). */
export type OutOfSessionStep = { readonly kind: 'plan'; readonly plan: CallPlan } | { readonly kind: 'session-created' };

const nothing = (event: InboundEvent, reason: string, code: ErrorName = event.channel === 'voice' ? 'no-active-session' : 'unknown-scenario'): OutOfSessionStep =>
  ({ kind: 'plan', plan: refusePlan(event.channel, code, reason) });

/** The service that owns the proxy number the traffic reached, if any. */
const serviceOf = async (deps: DepsWith<NumberRepo & ServiceRepo>, proxyNumber: string): Promise<Service | null> => {
  const number = await deps.store.findNumberByE164(proxyNumber);
  if (!number?.serviceSid) return null;
  return deps.store.findService(number.accountSid, number.serviceSid);
};

/** The last session this sender had on this proxy number, so the callback can tell who they were talking to. */
const previousSession = async (deps: DepsWith<ParticipantRepo & SessionRepo>, event: InboundEvent): Promise<PreviousSession | null> => {
  const inbound = await deps.store.findLatestParticipant(event.to, event.from);
  if (!inbound) return null;
  const session = await deps.store.findSession(inbound.serviceSid, inbound.sessionSid);
  if (!session) return null;
  const outbound = (await deps.store.listParticipants(session.sid)).find((p) => p.sid !== inbound.sid) ?? null;
  return { session, inbound, outbound };
};

const autoCreate = async (deps: DepsWith<SessionCreation, 'clock' | 'ids' | 'settings'>, service: Service, event: InboundEvent, request: AutoCreateRequest): Promise<boolean> => {
  try {
    await createSession(deps, service, {
      uniqueName: request.uniqueName ?? null,
      mode: request.mode,
      ttl: request.ttl,
      dateExpiry: request.dateExpiry ?? null,
      participants: [
        // The sender keeps the number they reached; the second participant's is named or allocated.
        { identifier: event.from, proxyIdentifier: event.to },
        { identifier: request.participantIdentifier, proxyIdentifier: request.participantProxyIdentifier ?? null, friendlyName: request.participantFriendlyName ?? null },
      ],
    });
    return true;
  } catch (err) {
    if (err instanceof AppError) return false;
    throw err;
  }
};

/** No callback answer: silence, or the configured reply from the number the sender reached (not to someone who opted out of it). */
const defaultStep = async (deps: DepsWith<InventoryRepo, 'settings'>, event: InboundEvent): Promise<OutOfSessionStep> => {
  const fallback = deps.settings.callbacks.outOfSessionDefault;
  if (fallback.kind === 'silence') return nothing(event, 'No open session for this sender and proxy number');
  if (event.channel === 'message' && (await deps.store.isOptedOut(event.to, event.from))) {
    return nothing(event, `${event.from} opted out of messages from ${event.to}`, 'unsubscribed-recipient');
  }
  return { kind: 'plan', plan: replyPlan(event.channel, event.carrier, event.from, event.to, fallback.text) };
};

/**
 * A number in no service's pool: quarantined (never forwarded: announced, replied to, counted), or one
 * with an application (a Messaging service's inbound URL, a flow, the owner's app), or one of masq's that
 * routes nowhere yet (its opt-out words still count), or not masq's at all. An opt-out word to a number
 * with an application is recorded and still reaches the application, as on Twilio; masq then refuses to
 * send the sender anything from that number.
 */
const outsidePools = async (deps: AppDeps, event: InboundEvent): Promise<OutOfSessionStep> => {
  const number = await deps.store.findLiveNumber(event.to);
  if (number?.state === 'quarantined') return { kind: 'plan', plan: await quarantinedTraffic(deps, event, number) };
  const change = number ? optChangeOf(event, DEFAULT_OPT_OUT_WORDS) : null;
  await applyOptChange(deps, event, change);
  const programmed = number ? await routeProgrammable(deps, event, number) : null;
  if (programmed) return { kind: 'plan', plan: programmed };
  if (change === 'opt-out') return nothing(event, 'Opt-out word to a number in no pool', 'opt-out-word');
  return nothing(event, `${event.to} is not in any service's pool`);
};

export const routeOutOfSession = async (deps: AppDeps, event: InboundEvent, allowCreate: boolean): Promise<OutOfSessionStep> => {
  const service = await serviceOf(deps, event.to);
  if (!service) return outsidePools(deps, event);
  const change = optChangeOf(event, service.optOutWords ?? DEFAULT_OPT_OUT_WORDS);
  await applyOptChange(deps, event, change);
  // Opt-out words reach no one, not even a callback that could start a session with them.
  if (change === 'opt-out') return nothing(event, 'Opt-out word outside any session', 'opt-out-word');
  const answer = await askOutOfSession(deps, service, event, await previousSession(deps, event));
  if (answer.kind === 'markup') return { kind: 'plan', plan: markupPlan(event.channel, answer.contentType, answer.body) };
  if (answer.kind === 'create' && allowCreate && (await autoCreate(deps, service, event, answer.request))) return { kind: 'session-created' };
  return defaultStep(deps, event);
};
