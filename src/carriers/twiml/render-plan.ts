// A call plan's in-reply verbs -> TwiML, the markup Twilio, SignalWire (cXML/LaML) and Telnyx (TeXML) all
// read. The XML itself is built by xml-markup.ts (escaping byte-for-byte what twilio.twiml produces, so
// message text can never turn into a verb); a programmable call's verbs by render-voice.ts.
import type { CallPlan, PlanVerb } from '../../domain/call-plan.ts';
import { STEP_REFERENCE } from '../../domain/programmable/continuation.ts';
import { renderPassThrough } from './pass-through.ts';
import { renderVoiceElements, type ContinuationTarget, type MarkupDialect } from './render-voice.ts';
import { element, responseDocument, type Twiml } from './xml-markup.ts';

export { escapeAttribute, escapeText, TWIML_CONTENT_TYPE, type Twiml } from './xml-markup.ts';
export type { MarkupDialect } from './render-voice.ts';

/** Where the carrier reports what became of the legs it places for a plan. */
export interface StatusUrls {
  /** The <Message action> URL for the interaction's forwarded message. */
  messageStatus(interactionSid: string | null): string;
  /** The <Dial action> URL for the interaction's bridged call. */
  dialStatus(interactionSid: string | null): string;
  /** A programmable call's step URL for a step token (the `program` plan verb's continuations). */
  programStep(token: string): string;
}

/** The status URLs under an account's webhook base ({publicUrl}/webhooks/{account}). */
export const statusUrlsUnder = (webhookBase: string): StatusUrls => {
  const withInteraction = (path: string, sid: string | null) => `${webhookBase}/${path}${sid ? `?Interaction=${encodeURIComponent(sid)}` : ''}`;
  return {
    messageStatus: (sid) => withInteraction('message-status', sid),
    dialStatus: (sid) => withInteraction('dial-status', sid),
    programStep: (token) => `${webhookBase}/program?Step=${encodeURIComponent(token)}`,
  };
};

/** The empty answer: nothing more happens to the message, or a status callback is acknowledged. */
export const emptyTwiml = (): Twiml => responseDocument([]);

type MessageVerb = Extract<PlanVerb, { verb: 'message' }>;

const message = (v: MessageVerb, interactionSid: string | null, urls: StatusUrls): string => {
  // A reply goes back to the sender: without `to`/`from`, <Message> answers whoever wrote.
  const attributes: ReadonlyArray<readonly [string, string]> = v.reply
    ? []
    : [['to', v.to], ['from', v.from], ['action', urls.messageStatus(interactionSid)]];
  if (v.mediaUrls.length === 0) return element('Message', attributes, { text: v.body });
  // MMS: the text moves into <Body> next to one <Media> per URL; an empty body is left out.
  const body = v.body === '' ? [] : [element('Body', [], { text: v.body })];
  return element('Message', attributes, { elements: [...body, ...v.mediaUrls.map((url) => element('Media', [], { text: url }))] });
};

const dial = (v: Extract<PlanVerb, { verb: 'dial' }>, interactionSid: string | null, urls: StatusUrls): string => {
  // answerOnBridge keeps the caller hearing ringback until the partner answers, so billing and the
  // interaction's duration start at the real answer, and a no-answer is not billed as a short call.
  const attributes: Array<readonly [string, string]> = [['callerId', v.callerId], ['answerOnBridge', 'true'], ['action', urls.dialStatus(interactionSid)]];
  if (v.timeoutSeconds !== null) attributes.push(['timeout', String(v.timeoutSeconds)]);
  return element('Dial', attributes, { elements: [element('Number', [], { text: v.to })] });
};

type ProgramVerb = Extract<PlanVerb, { verb: 'program' }>;

// A step reference, whole: `masq-step:{token}` and nothing else.
const WHOLE_REFERENCE = new RegExp(`^${STEP_REFERENCE.source}$`);

/**
 * A programmable call's continuations in the carrier's markup: a step reference becomes masq's step URL,
 * requested with the carrier's default (POST), the only method masq's webhooks take; with no URL at all the
 * carrier requests the current document (masq's too), so a method given alone is dropped for the same reason.
 */
const stepContinuation = (urls: StatusUrls) => (target: ContinuationTarget): ContinuationTarget => {
  if (target.url === undefined) return {};
  const token = WHOLE_REFERENCE.exec(target.url)?.[1];
  return token === undefined ? target : { url: urls.programStep(token) };
};

const program = (v: ProgramVerb, urls: StatusUrls, dialect: MarkupDialect): string[] =>
  renderVoiceElements(v.verbs, { dialect, continuation: stepContinuation(urls) });

const verbXml = (v: Exclude<PlanVerb, { verb: 'markup' }>, interactionSid: string | null, urls: StatusUrls, dialect: MarkupDialect): string[] => {
  switch (v.verb) {
    case 'message': return [message(v, interactionSid, urls)];
    case 'dial': return [dial(v, interactionSid, urls)];
    case 'say': return [element('Say', [], { text: v.text })];
    case 'play': return [element('Play', [], { text: v.url })];
    // A call has to be ended explicitly, or the carrier would treat an empty answer as a hang-up after
    // answering (billed); <Reject/> never answers it.
    case 'reject': return [element('Reject', [])];
    case 'hangup': return [element('Hangup', [])];
    case 'program': return program(v, urls, dialect);
  }
};

/**
 * The answer carrying `inReply` (the plan's verbs this carrier carries out in its answer; the rest went
 * out by API), in `dialect`: TwiML (Twilio, SignalWire) or TeXML (Telnyx). The customer's own markup is
 * passed through untouched; a programmable call's app TwiML too, with its step references made URLs,
 * where the carrier reads TwiML as Twilio does (TeXML gets the translation of its verbs instead).
 */
export const renderPlanTwiml = (plan: CallPlan, inReply: readonly PlanVerb[], urls: StatusUrls, dialect: MarkupDialect = 'twiml'): Twiml => {
  const markup = inReply.find((v) => v.verb === 'markup');
  if (markup?.verb === 'markup') return { contentType: markup.contentType, body: markup.body };
  const passThrough = dialect === 'twiml' ? inReply.find((v) => v.verb === 'program' && v.passThrough !== null) : undefined;
  if (passThrough?.verb === 'program' && passThrough.passThrough !== null) return renderPassThrough(passThrough.passThrough, urls.programStep);
  const verbs: string[] = [];
  for (const v of inReply) if (v.verb !== 'markup') verbs.push(...verbXml(v, plan.interactionSid, urls, dialect));
  return responseDocument(verbs);
};
