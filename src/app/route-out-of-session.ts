// Traffic that matches no open session: ask the service's OutOfSessionCallbackUrl. Its TwiML answer goes
// back to the carrier as is; its JSON answer creates a session between the sender and the named second
// participant, and the traffic is routed in it. Without an answer, the configured default applies.
import { AppError } from '../domain/errors.ts';
import { DEFAULT_OPT_OUT_WORDS, isOptOut, type InboundEvent } from '../domain/routing.ts';
import type { Service } from '../domain/service.ts';
import { askOutOfSession, type AutoCreateRequest, type PreviousSession } from './callbacks/out-of-session.ts';
import { createSession } from './create-session.ts';
import type { AppDeps } from './deps.ts';
import type { RouteOutcome } from './route-inbound.ts';

type Router = (deps: AppDeps, event: InboundEvent, depth: number) => Promise<RouteOutcome>;

const nothing = (event: InboundEvent, reason: string, code: 80902 | 80905 | 80901 = event.channel === 'voice' ? 80902 : 80905): RouteOutcome =>
  ({ kind: 'nothing', channel: event.channel, code, reason });

/** The service that owns the proxy number the traffic reached, if any. */
const serviceOf = async (deps: AppDeps, proxyNumber: string): Promise<Service | null> => {
  const number = await deps.store.findNumberByE164(proxyNumber);
  if (!number?.serviceSid) return null;
  return deps.store.findService(number.accountSid, number.serviceSid);
};

/** The last session this sender had on this proxy number, so the callback can tell who they were talking to. */
const previousSession = async (deps: AppDeps, event: InboundEvent): Promise<PreviousSession | null> => {
  const inbound = await deps.store.findLatestParticipant(event.to, event.from);
  if (!inbound) return null;
  const session = await deps.store.findSession(inbound.serviceSid, inbound.sessionSid);
  if (!session) return null;
  const outbound = (await deps.store.listParticipants(session.sid)).find((p) => p.sid !== inbound.sid) ?? null;
  return { session, inbound, outbound };
};

const autoCreate = async (deps: AppDeps, service: Service, event: InboundEvent, request: AutoCreateRequest): Promise<boolean> => {
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

const defaultOutcome = async (deps: AppDeps, event: InboundEvent): Promise<RouteOutcome> => {
  const fallback = deps.settings.callbacks.outOfSessionDefault;
  if (fallback.kind === 'silence') return nothing(event, 'No open session for this sender and proxy number');
  const reply: RouteOutcome = { kind: 'reply', channel: event.channel, from: event.to, to: event.from, text: fallback.text };
  const carrier = deps.carriers.get(event.carrier);
  // Carriers that cannot answer their webhook with a message get the reply through their API.
  if (event.channel === 'message' && !carrier.forwardsInReply) {
    await carrier.sendMessage({ from: event.to, to: event.from, body: fallback.text, mediaUrls: [], statusCallbackUrl: null, idempotencyKey: `reply-${event.resourceSid}` })
      .catch(() => undefined);
  }
  return reply;
};

export const routeOutOfSession = async (deps: AppDeps, event: InboundEvent, depth: number, route: Router): Promise<RouteOutcome> => {
  const service = await serviceOf(deps, event.to);
  if (!service) return nothing(event, `${event.to} is not in any service's pool`);
  // Opt-out words reach no one, not even a callback that could start a session with them.
  if (event.channel === 'message' && isOptOut(event.body, service.optOutWords ?? DEFAULT_OPT_OUT_WORDS)) {
    return nothing(event, 'Opt-out word outside any session', 80901);
  }
  const answer = await askOutOfSession(deps, service, event, await previousSession(deps, event));
  if (answer.kind === 'markup') return answer;
  // depth guards against a callback whose session still does not match (routed once, never looped).
  if (answer.kind === 'create' && depth === 0 && (await autoCreate(deps, service, event, answer.request))) return route(deps, event, depth + 1);
  return defaultOutcome(deps, event);
};
