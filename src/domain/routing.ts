// Inbound routing as data. Given who sent what to which proxy number, and the session state found for
// that pair, decide: forward to the partner (from the partner's proxy number), or refuse with a reason.
// The carrier adapters turn the decision into TwiML, a REST send, or a simulated delivery.
import type { Attestation } from './attestation.ts';
import type { ErrorName } from './errors.ts';
import type { Participant } from './participant.ts';
import { isRoutable, type Session } from './session.ts';

export type InboundChannel = 'message' | 'voice';

/** One inbound message or call, as every carrier adapter hands it over. */
export interface InboundEvent {
  readonly channel: InboundChannel;
  /** The carrier adapter that received it ('sandbox', 'twilio', ...). */
  readonly carrier: string;
  /** The carrier's id for this message or call: de-duplicates retried webhooks. */
  readonly resourceSid: string;
  /** The sender's real address (E.164, normalised) and the proxy number it reached. */
  readonly from: string;
  readonly to: string;
  /** Message text; empty for calls. */
  readonly body: string;
  readonly mediaUrls: readonly string[];
  /** The carrier's own webhook parameters, passed on to the out-of-session callback as they came. */
  readonly carrierParams: Readonly<Record<string, string>>;
  /** A call's STIR/SHAKEN attestation, when the carrier reports one (recorded on the interaction). */
  readonly attestation?: Attestation;
}

/** The words carriers treat as opt-out; matched on the whole trimmed body, case-insensitively. */
export const DEFAULT_OPT_OUT_WORDS: readonly string[] = ['STOP', 'STOPALL', 'UNSUBSCRIBE', 'CANCEL', 'END', 'QUIT'];

export const isOptOut = (body: string, words: readonly string[] = DEFAULT_OPT_OUT_WORDS): boolean => {
  const word = body.trim().toUpperCase();
  return word.length > 0 && words.some((w) => w.toUpperCase() === word);
};

export interface RouteContext {
  readonly session: Session;
  readonly sender: Participant;
  /** The other non-deleted participant, if the session has one. */
  readonly partner: Participant | null;
}

export type RouteVerdict =
  | { readonly kind: 'forward'; readonly to: string; readonly from: string }
  | { readonly kind: 'refuse'; readonly code: ErrorName; readonly reason: string; readonly logged: boolean };

/**
 * The session-level rules, in the order Twilio applies them. `logged` says whether the refused traffic
 * still becomes an interaction (opt-outs are recorded; traffic with no partner or the wrong mode too,
 * so the customer sees it in the session's log).
 */
export const decideRoute = (event: InboundEvent, ctx: RouteContext, now: Date, optOutWords: readonly string[]): RouteVerdict => {
  if (!isRoutable(ctx.session, now)) {
    return { kind: 'refuse', code: 'session-expired', reason: `Session ${ctx.session.sid} is closed or expired`, logged: false };
  }
  if (event.channel === 'voice' && ctx.session.mode === 'message-only') {
    return { kind: 'refuse', code: 'call-to-message-only-session', reason: 'Calls are not carried in a message-only session', logged: true };
  }
  if (event.channel === 'message' && ctx.session.mode === 'voice-only') {
    return { kind: 'refuse', code: 'message-to-voice-only-session', reason: 'Messages are not carried in a voice-only session', logged: true };
  }
  if (!ctx.partner) {
    return { kind: 'refuse', code: 'no-partner', reason: 'The session has no other participant yet', logged: true };
  }
  if (event.channel === 'message' && isOptOut(event.body, optOutWords)) {
    return { kind: 'refuse', code: 'opt-out-word', reason: 'Opt-out words are never forwarded', logged: true };
  }
  return { kind: 'forward', to: ctx.partner.identifier, from: ctx.partner.proxyIdentifier };
};
