// The Telnyx account's WebhookAdapter: every webhook under /webhooks/{account}/ is ed25519-signed;
// messaging events arrive as JSON (messaging), TeXML voice callbacks as forms (voice, dial-status,
// call-status, program). Calls are answered in TeXML (Telnyx's TwiML); messages only need a 2xx.
import type { KeyObject } from 'node:crypto';
import type { CallPlan, PlanVerb } from '../../domain/call-plan.ts';
import { notFound } from '../../domain/errors.ts';
import type { AnswerContext, RawWebhook, WebhookAdapter, WebhookAnswer, WebhookEvent } from '../../ports/carrier.ts';
import { emptyTwiml, renderPlanTwiml, statusUrlsUnder } from '../twiml/render-plan.ts';
import { parseMessagingEvent } from './messaging-events.ts';
import { parsePortingEvent } from './porting-events.ts';
import { hasTelnyxSignature, telnyxSignatureProblem } from './signature.ts';
import { parseCallStatus, parseProgramStep, parseTexmlForm, parseVoiceCall } from './texml-callbacks.ts';

/** Paths below /webhooks/{account}/ that Telnyx is configured to call. */
export const TELNYX_WEBHOOK_PATHS = {
  /** The messaging profile's (and each sent message's) webhook_url: JSON events. */
  messaging: 'messaging',
  /** The TeXML application's voice URL. */
  voice: 'voice',
  /** The <Dial action> URL masq renders (statusUrlsUnder): the partner leg's outcome. */
  dialStatus: 'dial-status',
  /** The TeXML application's status callback URL: the inbound leg's progress. */
  callStatus: 'call-status',
  /** Porting orders' webhook_url (set by porting.ts): porting_order.* events, JSON. */
  porting: 'porting',
  /** A programmable call's step URL (statusUrlsUnder().programStep, ?Step={token}): its continuations. */
  programStep: 'program',
} as const;

// The message-status URL statusUrlsUnder builds for a message's status callback: if one is handed to
// Telnyx as a message's webhook_url, its JSON events arrive there, and are read like messaging ones.
const MESSAGE_STATUS_PATH = 'message-status';

/** Telnyx's events are a few KiB; an MMS lists media URLs, not the media. */
const BODY_LIMIT_BYTES = 64 * 1024;

export interface TelnyxWebhookOptions {
  /** The account name: the carrier of inbound events, and the webhook path segment. */
  readonly name: string;
  readonly publicKey: KeyObject;
}

const interactionOf = (request: RawWebhook): string | null => request.query.Interaction?.trim() || null;

const parseRequest = (request: RawWebhook, carrier: string): WebhookEvent => {
  switch (request.path) {
    case TELNYX_WEBHOOK_PATHS.messaging:
    case MESSAGE_STATUS_PATH:
      return parseMessagingEvent(request.rawBody, carrier, interactionOf(request));
    case TELNYX_WEBHOOK_PATHS.porting:
      return parsePortingEvent(request.rawBody);
    case TELNYX_WEBHOOK_PATHS.voice:
      return parseVoiceCall(parseTexmlForm(request.rawBody), carrier);
    case TELNYX_WEBHOOK_PATHS.dialStatus:
      return parseCallStatus('dial', parseTexmlForm(request.rawBody), interactionOf(request));
    case TELNYX_WEBHOOK_PATHS.callStatus:
      return parseCallStatus('call', parseTexmlForm(request.rawBody), interactionOf(request));
    case TELNYX_WEBHOOK_PATHS.programStep:
      return parseProgramStep(parseTexmlForm(request.rawBody), request.query);
    default:
      throw notFound(`/webhooks/${carrier}/${request.path}`);
  }
};

/**
 * Acknowledgements are an empty TeXML document for every path. Telnyx only wants a 2xx for messaging
 * events, but the <Dial action> callback asks for the call's next instructions: an empty <Response/>
 * says "nothing more" and ends the call cleanly, where an empty body could be read as a failed fetch.
 */
const acknowledge = (): WebhookAnswer => {
  const twiml = emptyTwiml();
  return { status: 200, contentType: twiml.contentType, body: twiml.body };
};

const answer = (plan: CallPlan, inReply: readonly PlanVerb[], context: AnswerContext): WebhookAnswer => {
  // Messages leave through the REST API (TeXML has no <Message>): the webhook only needs its 2xx.
  if (plan.channel === 'message') return { status: 200, contentType: null, body: '' };
  // TeXML is not read exactly as Twilio reads TwiML: a programmable call's verbs are translated (render-voice.ts).
  const twiml = renderPlanTwiml(plan, inReply, statusUrlsUnder(context.webhookBase), 'texml');
  return { status: 200, contentType: twiml.contentType, body: twiml.body };
};

export const createTelnyxWebhooks = (options: TelnyxWebhookOptions): WebhookAdapter => ({
  bodyLimit: BODY_LIMIT_BYTES,
  contentTypes: ['application/json', 'application/x-www-form-urlencoded'],
  isSigned: hasTelnyxSignature,
  verify: (request, now) => telnyxSignatureProblem(options.publicKey, request.headers, request.rawBody, now),
  parse: (request) => parseRequest(request, options.name),
  answer,
  acknowledge,
});
