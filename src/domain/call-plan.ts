// What masq does with one inbound message or call, as data: a short list of verbs that routing decides
// (in the domain and app layers) and that one "execute plan" step carries out, either rendered into the
// answer of the carrier's webhook (TwiML, TeXML...) or through the carrier's API. Nothing here knows
// any carrier's markup: that lives in carriers/.
import type { ErrorName } from './errors.ts';
import type { InboundChannel } from './routing.ts';
import type { VoiceVerb } from './twiml/verbs.ts';

export type PlanVerb =
  /**
   * Send a message. `carrier` is the carrier account that sends it (the account of the `from` number).
   * `reply` marks an answer to the sender of the inbound traffic (from the number it reached, to them):
   * markup renders it without to/from, and it is not an interaction's outbound leg.
   */
  | { readonly verb: 'message'; readonly carrier: string; readonly from: string; readonly to: string; readonly body: string; readonly mediaUrls: readonly string[]; readonly reply: boolean }
  /** Connect the inbound call to `to`, showing `callerId`; always carried out by the carrier holding the inbound leg. */
  | { readonly verb: 'dial'; readonly callerId: string; readonly to: string; readonly timeoutSeconds: number | null }
  | { readonly verb: 'say'; readonly text: string }
  | { readonly verb: 'play'; readonly url: string }
  /** Refuse the call without answering it (not billed). */
  | { readonly verb: 'reject' }
  | { readonly verb: 'hangup' }
  /** The customer's own markup (an out-of-session callback's TwiML), passed through untouched. */
  | { readonly verb: 'markup'; readonly contentType: string; readonly body: string }
  /**
   * A programmable call's next document (issue 14): voice verbs to carry out on the call, read from the
   * owner's TwiML or built from a masq flow. Every continuation (a Gather, Dial or Record `action`, a
   * Redirect's `url`) holds a step reference `masq-step:{token}` (domain/programmable/continuation.ts):
   * carrier renderers turn it into their step URL (StatusUrls.programStep), the sandbox hands it back.
   * `passThrough` is the app's own TwiML with the same references in place of its URLs: carriers that read
   * TwiML as Twilio does render it as is (verbs masq does not model included), the others render `verbs`.
   */
  | { readonly verb: 'program'; readonly trafficSid: string; readonly verbs: readonly VoiceVerb[]; readonly passThrough: string | null };

export type PlanVerbName = PlanVerb['verb'];

export interface CallPlan {
  readonly channel: InboundChannel;
  /** The interaction the plan forwards for (its status callbacks name it); null when nothing was logged. */
  readonly interactionSid: string | null;
  readonly verbs: readonly PlanVerb[];
  /** Why the traffic was not forwarded, for the log (never on the wire); null when it was, or when silent by design. */
  readonly refusal: { readonly code: ErrorName; readonly reason: string } | null;
}

/** Nothing more happens: a message is dropped, a call is rejected unanswered. */
export const refusePlan = (channel: InboundChannel, code: ErrorName | null, reason: string): CallPlan => ({
  channel,
  interactionSid: null,
  verbs: channel === 'voice' ? [{ verb: 'reject' }] : [],
  refusal: code === null ? null : { code, reason },
});

/** The sender hears or reads `text`: a reply SMS from the number they reached, or speech then a hang-up. */
export const replyPlan = (channel: InboundChannel, carrier: string, sender: string, reached: string, text: string): CallPlan => ({
  channel,
  interactionSid: null,
  verbs: channel === 'voice'
    ? [{ verb: 'say', text }, { verb: 'hangup' }]
    : [{ verb: 'message', carrier, from: reached, to: sender, body: text, mediaUrls: [], reply: true }],
  refusal: null,
});

export const markupPlan = (channel: InboundChannel, contentType: string, body: string): CallPlan => ({
  channel, interactionSid: null, verbs: [{ verb: 'markup', contentType, body }], refusal: null,
});

/** One word for what a plan does, as the sandbox API reports it: forward, reply, markup or nothing. */
export const planSummary = (plan: CallPlan): 'forward' | 'reply' | 'markup' | 'nothing' => {
  if (plan.verbs.some((v) => v.verb === 'markup')) return 'markup';
  if (plan.verbs.some((v) => v.verb === 'dial' || (v.verb === 'message' && !v.reply))) return 'forward';
  if (plan.verbs.some((v) => v.verb === 'say' || v.verb === 'message')) return 'reply';
  return 'nothing';
};
