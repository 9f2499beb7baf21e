// The OutOfSessionCallbackUrl (Twilio Proxy §6.3): traffic that matches no open session. The application
// answers with markup (TwiML, passed back to the carrier as is) or with JSON asking masq to create a
// session on the spot. Anything else (no URL, an error status, silence, an answer we cannot read) falls
// back to the operator's default (MASQ_OUT_OF_SESSION_REPLY), because the carrier is waiting on us.
import type { Participant } from '../../domain/participant.ts';
import type { InboundEvent } from '../../domain/routing.ts';
import type { Service } from '../../domain/service.ts';
import { isValidTtl, MAX_TTL_SECONDS, type Session, type SessionMode } from '../../domain/session.ts';
import type { AccountRepo } from '../../ports/store.ts';
import type { WebhookResponse } from '../../ports/webhook-sender.ts';
import type { DepsWith } from '../deps.ts';
import { parseAutoCreate } from './auto-create.ts';
import { authTokenOf, describeFailure, wireDate } from './wire.ts';

export interface AutoCreateRequest {
  uniqueName?: string;
  mode?: SessionMode;
  ttl?: number;
  dateExpiry?: Date;
  participantIdentifier: string;
  participantProxyIdentifier?: string;
  participantFriendlyName?: string;
}

export type OutOfSessionAnswer =
  | { kind: 'markup'; contentType: string; body: string } // TwiML (application/xml or text/xml) returned as is
  | { kind: 'create'; request: AutoCreateRequest } // JSON answer: create a session and route in it
  // No URL, non-2xx (out-of-session-callback-failed), timeout, unparseable: apply settings.callbacks.outOfSessionDefault.
  // `reason` says why, for the log; it is absent when there simply is no URL.
  | { kind: 'default'; code?: 'out-of-session-callback-failed'; reason?: string };

export interface PreviousSession {
  session: Session;
  inbound: Participant;
  outbound: Participant | null;
}

const sessionParams = (s: Session): Record<string, string> => ({
  sessionSid: s.sid,
  sessionUniqueName: s.uniqueName ?? '',
  sessionAccountSid: s.accountSid,
  sessionServiceSid: s.serviceSid,
  sessionStatus: s.status,
  sessionMode: s.mode,
  sessionTtl: String(s.ttl),
  sessionDateCreated: wireDate(s.dateCreated),
  sessionDateUpdated: wireDate(s.dateUpdated),
  sessionDateEnded: s.dateEnded ? wireDate(s.dateEnded) : '',
  sessionClosedReason: s.closedReason ?? '',
});

const participantParams = (prefix: 'inboundParticipant' | 'outboundParticipant', p: Participant): Record<string, string> => ({
  [`${prefix}Sid`]: p.sid,
  [`${prefix}Identifier`]: p.identifier,
  [`${prefix}FriendlyName`]: p.friendlyName ?? '',
  [`${prefix}ProxyIdentifier`]: p.proxyIdentifier,
  [`${prefix}ProxyIdentifierSid`]: p.proxyIdentifierSid ?? '',
  [`${prefix}AccountSid`]: p.accountSid,
  [`${prefix}ServiceSid`]: p.serviceSid,
  [`${prefix}SessionSid`]: p.sessionSid,
  [`${prefix}DateCreated`]: wireDate(p.dateCreated),
  [`${prefix}DateUpdated`]: wireDate(p.dateUpdated),
});

/** The carrier's own parameters as they came, plus what masq knows of the sender's previous session. */
export const outOfSessionParams = (event: InboundEvent, previous: PreviousSession | null): Record<string, string> => ({
  ...event.carrierParams,
  ...(previous && sessionParams(previous.session)),
  ...(previous && participantParams('inboundParticipant', previous.inbound)),
  ...(previous?.outbound && participantParams('outboundParticipant', previous.outbound)),
});

const mediaType = (contentType: string | null): string => (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';

/** Reads a 2xx answer by its Content-Type: XML is TwiML, JSON is an auto-create request. */
const readAnswer = (response: WebhookResponse): OutOfSessionAnswer => {
  const type = mediaType(response.contentType);
  if (type === 'application/xml' || type === 'text/xml' || type.endsWith('+xml')) {
    return { kind: 'markup', contentType: response.contentType ?? type, body: response.body };
  }
  if (type === 'application/json' || type.endsWith('+json')) {
    const parsed = parseAutoCreate(response.body);
    if (!parsed.ok) return { kind: 'default', reason: `unusable auto-create answer: ${parsed.error}` };
    // The same bound as the API's Ttl: a larger one would make the session's expiry an invalid date.
    if (parsed.request.ttl !== undefined && !isValidTtl(parsed.request.ttl)) {
      return { kind: 'default', reason: `unusable auto-create answer: ttl must be at most ${MAX_TTL_SECONDS}` };
    }
    return { kind: 'create', request: parsed.request };
  }
  return { kind: 'default', reason: `answer is neither TwiML nor JSON (Content-Type: ${response.contentType ?? 'none'})` };
};

/** Calls OutOfSessionCallbackUrl with the carrier's params plus, when a previous (closed) session is known, its session* / *Participant* params (§6.3). */
export async function askOutOfSession(deps: DepsWith<AccountRepo, 'webhooks' | 'settings'>, service: Service, event: InboundEvent, previous: PreviousSession | null): Promise<OutOfSessionAnswer> {
  if (!service.outOfSessionCallbackUrl) return { kind: 'default' };
  const authToken = await authTokenOf(deps, service.accountSid);
  let response: WebhookResponse;
  try {
    response = await deps.webhooks.post({
      url: service.outOfSessionCallbackUrl,
      params: outOfSessionParams(event, previous),
      authToken,
      timeoutMs: deps.settings.callbacks.outOfSessionTimeoutMs,
    });
  } catch (err) {
    return { kind: 'default', reason: describeFailure(err) };
  }
  if (response.status < 200 || response.status > 299) {
    return { kind: 'default', code: 'out-of-session-callback-failed', reason: `OutOfSessionCallbackUrl answered HTTP ${response.status}` };
  }
  return readAnswer(response);
}
