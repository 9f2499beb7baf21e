// A routing outcome -> the TwiML answer to Twilio's webhook. Twilio forwards in its reply: an SMS
// becomes <Message to from action>, a call <Dial callerId answerOnBridge action><Number>. Our own
// tiny XML builder (the SDK pulls in xmlbuilder and 29 MB): escaping is byte-for-byte what
// twilio.twiml produces, which the tests check, so message text can never turn into a TwiML verb.

/** What render needs of app's RouteOutcome (structurally; carriers may not import app/). */
export type TwimlOutcome =
  | {
      readonly kind: 'forward';
      readonly channel: 'message' | 'voice';
      readonly interactionSid: string;
      readonly from: string;
      readonly to: string;
      readonly body: string;
      readonly mediaUrls: readonly string[];
      readonly inReply: boolean;
    }
  | { readonly kind: 'reply'; readonly channel: 'message' | 'voice'; readonly text: string }
  | { readonly kind: 'markup'; readonly contentType: string; readonly body: string }
  | { readonly kind: 'nothing'; readonly channel: 'message' | 'voice' };

export interface Twiml {
  readonly contentType: string;
  readonly body: string;
}

export const TWIML_CONTENT_TYPE = 'text/xml';

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

const document = (...verbs: string[]): Twiml => ({
  contentType: TWIML_CONTENT_TYPE,
  body: `<?xml version="1.0" encoding="UTF-8"?>${element('Response', [], { elements: verbs })}`,
});

/** The empty answer: Twilio does nothing more with the message, or acknowledges a status callback. */
export const emptyTwiml = (): Twiml => document();

/** Where Twilio reports what became of the leg it placed for us. */
export const messageStatusUrl = (publicUrl: string, interactionSid?: string): string =>
  `${publicUrl}/webhooks/twilio/message-status${interactionSid ? `?Interaction=${encodeURIComponent(interactionSid)}` : ''}`;

export const dialStatusUrl = (publicUrl: string, interactionSid: string): string =>
  `${publicUrl}/webhooks/twilio/dial-status?Interaction=${encodeURIComponent(interactionSid)}`;

const forwardMessage = (o: Extract<TwimlOutcome, { kind: 'forward' }>, publicUrl: string): string => {
  const attributes = [['to', o.to], ['from', o.from], ['action', messageStatusUrl(publicUrl, o.interactionSid)]] as const;
  if (o.mediaUrls.length === 0) return element('Message', attributes, { text: o.body });
  // MMS: the text moves into <Body> next to one <Media> per URL; an empty body is left out.
  const body = o.body === '' ? [] : [element('Body', [], { text: o.body })];
  return element('Message', attributes, { elements: [...body, ...o.mediaUrls.map((url) => element('Media', [], { text: url }))] });
};

const forwardCall = (o: Extract<TwimlOutcome, { kind: 'forward' }>, publicUrl: string): string =>
  // answerOnBridge keeps the caller hearing ringback until the partner answers, so billing and the
  // interaction's duration start at the real answer, and a no-answer is not billed as a short call.
  element('Dial', [['callerId', o.from], ['answerOnBridge', 'true'], ['action', dialStatusUrl(publicUrl, o.interactionSid)]], {
    elements: [element('Number', [], { text: o.to })],
  });

/** The TwiML answer for an outcome; `publicUrl` is masq's externally visible base (no trailing slash). */
export const renderTwiml = (outcome: TwimlOutcome, publicUrl: string): Twiml => {
  switch (outcome.kind) {
    case 'forward':
      // Not in reply: masq already sent it by API through the partner number's own carrier.
      if (!outcome.inReply) return emptyTwiml();
      return document(outcome.channel === 'voice' ? forwardCall(outcome, publicUrl) : forwardMessage(outcome, publicUrl));
    case 'reply':
      // Without `to`, <Message> goes back to the sender: the out-of-session auto-reply.
      return outcome.channel === 'voice'
        ? document(element('Say', [], { text: outcome.text }), element('Hangup', []))
        : document(element('Message', [], { text: outcome.text }));
    case 'markup':
      // The customer's own TwiML from its out-of-session callback, passed through untouched.
      return { contentType: outcome.contentType, body: outcome.body };
    case 'nothing':
      // A call has to be ended explicitly, or Twilio would treat the empty answer as a hang-up after
      // answering (billed); <Reject/> never answers it.
      return outcome.channel === 'voice' ? document(element('Reject', [])) : emptyTwiml();
  }
};
