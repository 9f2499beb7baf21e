// A call plan's in-reply verbs -> TwiML, the markup Twilio, SignalWire (cXML/LaML) and Telnyx (TeXML) all
// read. Our own tiny XML builder (the SDK pulls in xmlbuilder and 29 MB): escaping is byte-for-byte what
// twilio.twiml produces, which the tests check, so message text can never turn into a verb.
import type { CallPlan, PlanVerb } from '../../domain/call-plan.ts';

export interface Twiml {
  readonly contentType: string;
  readonly body: string;
}

export const TWIML_CONTENT_TYPE = 'text/xml';

/** Where the carrier reports what became of the legs it places for a plan. */
export interface StatusUrls {
  /** The <Message action> URL for the interaction's forwarded message. */
  messageStatus(interactionSid: string | null): string;
  /** The <Dial action> URL for the interaction's bridged call. */
  dialStatus(interactionSid: string | null): string;
}

/** The status URLs under an account's webhook base ({publicUrl}/webhooks/{account}). */
export const statusUrlsUnder = (webhookBase: string): StatusUrls => {
  const withInteraction = (path: string, sid: string | null) => `${webhookBase}/${path}${sid ? `?Interaction=${encodeURIComponent(sid)}` : ''}`;
  return {
    messageStatus: (sid) => withInteraction('message-status', sid),
    dialStatus: (sid) => withInteraction('dial-status', sid),
  };
};

// Characters XML 1.0 cannot carry at all, not even escaped (C0 controls but tab/LF/CR, U+FFFE/U+FFFF,
// lone surrogates). twilio.twiml throws on them; a carrier-supplied body must not break our answer,
// so they are dropped.
// With the `u` flag a well-formed surrogate pair is one code point outside the class; a lone half is not.
const ILLEGAL_XML = /[\0-\x08\x0B\f\x0E-\x1F\uFFFE\uFFFF\uD800-\uDFFF]/gu;

const legal = (value: string): string => value.replace(ILLEGAL_XML, '');

/** Text content: the same escapes as xmlbuilder's textEscape. */
export const escapeText = (value: string): string =>
  legal(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/\r/g, '&#xD;');

/** Attribute values (always double-quoted): the same escapes as xmlbuilder's attEscape. */
export const escapeAttribute = (value: string): string =>
  legal(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;')
    .replace(/\t/g, '&#x9;').replace(/\n/g, '&#xA;').replace(/\r/g, '&#xD;');

/** An element; children are nested elements (already rendered) or one escaped text. */
type Content = { readonly text: string } | { readonly elements: readonly string[] };

const element = (name: string, attributes: ReadonlyArray<readonly [string, string]>, content: Content = { elements: [] }): string => {
  const attrs = attributes.map(([key, value]) => ` ${key}="${escapeAttribute(value)}"`).join('');
  const inner = 'text' in content ? escapeText(content.text) : content.elements.join('');
  return inner === '' ? `<${name}${attrs}/>` : `<${name}${attrs}>${inner}</${name}>`;
};

const document = (verbs: readonly string[]): Twiml => ({
  contentType: TWIML_CONTENT_TYPE,
  body: `<?xml version="1.0" encoding="UTF-8"?>${element('Response', [], { elements: verbs })}`,
});

/** The empty answer: nothing more happens to the message, or a status callback is acknowledged. */
export const emptyTwiml = (): Twiml => document([]);

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

const verbXml = (v: Exclude<PlanVerb, { verb: 'markup' }>, interactionSid: string | null, urls: StatusUrls): string => {
  switch (v.verb) {
    case 'message': return message(v, interactionSid, urls);
    case 'dial': return dial(v, interactionSid, urls);
    case 'say': return element('Say', [], { text: v.text });
    case 'play': return element('Play', [], { text: v.url });
    // A call has to be ended explicitly, or the carrier would treat an empty answer as a hang-up after
    // answering (billed); <Reject/> never answers it.
    case 'reject': return element('Reject', []);
    case 'hangup': return element('Hangup', []);
  }
};

/**
 * The TwiML answer carrying `inReply` (the plan's verbs this carrier carries out in its answer; the rest
 * went out by API). The customer's own markup is passed through untouched.
 */
export const renderPlanTwiml = (plan: CallPlan, inReply: readonly PlanVerb[], urls: StatusUrls): Twiml => {
  const markup = inReply.find((v) => v.verb === 'markup');
  if (markup?.verb === 'markup') return { contentType: markup.contentType, body: markup.body };
  const verbs: string[] = [];
  for (const v of inReply) if (v.verb !== 'markup') verbs.push(verbXml(v, plan.interactionSid, urls));
  return document(verbs);
};
