// The webhook side of Twilio-shaped carriers (Twilio itself, and SignalWire's Compatibility API, which
// posts the same forms and reads the same markup): signature check over the form, parsing, and the
// answer in TwiML. Paths below /webhooks/{account}/: sms and voice (the number's Messaging and Voice
// URLs), message-status, dial-status and call-status (the status callbacks of the legs it places), and
// program (a programmable call's step callbacks, ?Step={token}).
import { notFound } from '../../domain/errors.ts';
import { parseForm, type FormFields } from '../../domain/form-fields.ts';
import type { RawWebhook, WebhookAdapter, WebhookAnswer, WebhookEvent } from '../../ports/carrier.ts';
import { emptyTwiml, renderPlanTwiml, statusUrlsUnder, type Twiml } from '../twiml/render-plan.ts';
import { isWithheldSender, parseInbound, parseProgramStep, parseStatus, type StatusCallbackKind } from './inbound.ts';
import { verifyTwilioSignature } from './signature.ts';

/** Twilio's webhooks are a few KB; a bigger body is not from Twilio and is refused unread (413). */
export const TWILIO_WEBHOOK_BODY_LIMIT = 64 * 1024;

const FORM = 'application/x-www-form-urlencoded';

export interface TwilioWebhookOptions {
  /** The carrier account's name: inbound events are tagged with it. */
  readonly account: string;
  /** The key requests are signed with: Twilio's auth token, SignalWire's signing key. */
  readonly signingKey: string;
  /** The header carrying the signature, in lower case (x-twilio-signature, x-signalwire-signature). */
  readonly signatureHeader: string;
  /** How the header is spelled in messages to people. */
  readonly signatureName: string;
}

/** Where a programmable call's continuations lead (render-plan.ts's statusUrlsUnder().programStep). */
const PROGRAM_STEP_PATH = 'program';

const STATUS_PATHS: Readonly<Record<string, StatusCallbackKind>> = { 'message-status': 'message', 'dial-status': 'dial', 'call-status': 'call' };

const answerOf = (twiml: Twiml): WebhookAnswer => ({ status: 200, contentType: twiml.contentType, body: twiml.body });

export const createTwilioWebhookAdapter = (options: TwilioWebhookOptions): WebhookAdapter => {
  // verify() and parse() read the same form: parsed once per request.
  const forms = new WeakMap<RawWebhook, FormFields>();
  const formOf = (request: RawWebhook): FormFields => {
    let fields = forms.get(request);
    if (!fields) forms.set(request, (fields = parseForm(request.rawBody.toString('utf8'))));
    return fields;
  };
  const parse = (request: RawWebhook): WebhookEvent => {
    const params = formOf(request);
    if (request.path === 'sms' || request.path === 'voice') {
      const channel = request.path === 'sms' ? 'message' : 'voice';
      // A withheld caller id matches no participant: a <Reject/> (a call) or an empty answer (a message), not a 400.
      if (isWithheldSender(params)) return { kind: 'withheld', channel };
      return { kind: 'inbound', event: parseInbound(channel, params, options.account) };
    }
    if (request.path === PROGRAM_STEP_PATH) return parseProgramStep(params, request.query);
    const kind = STATUS_PATHS[request.path];
    if (!kind) throw notFound(`/webhooks/${options.account}/${request.path}`);
    const report = parseStatus(kind, params, request.query.Interaction || null);
    return report ? { kind: 'status', report } : { kind: 'ignored', reason: 'The status callback names no leg' };
  };
  return {
    bodyLimit: TWILIO_WEBHOOK_BODY_LIMIT,
    contentTypes: [FORM],
    isSigned: (headers) => Boolean(headers[options.signatureHeader]),
    verify: (request) => {
      const signature = request.headers[options.signatureHeader];
      if (verifyTwilioSignature(options.signingKey, signature, request.url, formOf(request))) return null;
      return `${options.signatureName} is missing or does not match this request`;
    },
    parse,
    answer: (plan, inReply, context) => answerOf(renderPlanTwiml(plan, inReply, statusUrlsUnder(context.webhookBase))),
    acknowledge: () => answerOf(emptyTwiml()),
  };
};
