// Where a programmable call goes after each step, rewritten: every continuation of a voice document (a
// Gather, Record or Dial `action`, a Redirect's URL) is replaced by a reference the caller mints (masq's
// signed step reference), in the typed verbs and in the app's own XML alike, so that a carrier calls masq
// back, never the app directly. One rule for both forms:
//   - URLs resolve against the document's URL, as the reader resolves them (and as Twilio does);
//   - a Gather or Record without an action continues at the document's own URL with POST (Twilio's
//     default), so masq names that URL explicitly; a Dial without one goes on with the next verb: untouched;
//   - the `method` attribute goes with the URL into the reference: the carrier calls masq with its own method;
//   - a Record's recordingStatusCallback (URL, method, events) goes into its reference too, and out of the
//     document: masq delivers that callback itself, signed, so no carrier may ever call the app with it.
import { resolveHttpUrl } from './element-reader.ts';
import { readRecordingEvents, recordingCallbackOf } from './recording-callback.ts';
import type { HttpMethod, RecordingCallback, RecordVerb, VoiceVerb } from './verbs.ts';
import { parseXmlTree, type XmlElement } from './xml-tree.ts';

export interface ContinuationSite {
  readonly url: string;
  readonly method: HttpMethod;
  /** A Record's recordingStatusCallback, for masq to deliver once the step's recording is kept. */
  readonly recordingCallback?: RecordingCallback;
}

/** Mints the reference that stands in the document for a continuation. */
export type ContinuationReference = (site: ContinuationSite) => string;

const DEFAULT_METHOD: HttpMethod = 'POST';

const methodOf = (value: string | undefined): HttpMethod => (value?.trim().toUpperCase() === 'GET' ? 'GET' : DEFAULT_METHOD);

const RECORDING_CALLBACK_ATTRIBUTES = ['recordingStatusCallback', 'recordingStatusCallbackMethod', 'recordingStatusCallbackEvent'] as const;

/** `{ recordingCallback }` when there is one: keeps a site without it free of the key. */
const withCallback = (site: { url: string; method: HttpMethod }, callback: RecordingCallback | undefined): ContinuationSite =>
  (callback === undefined ? site : { ...site, recordingCallback: callback });

/**
 * A Record's continuation. Without a URL to continue at (a flow's Record without action) there is no step
 * to carry the callback, so it is dropped with the rest: flows never name one.
 */
const referenceRecord = (verb: RecordVerb, documentUrl: string | null, reference: ContinuationReference): VoiceVerb => {
  const { method, action, recordingStatusCallback, recordingStatusCallbackMethod, recordingStatusCallbackEvent, ...rest } = verb;
  const url = action ?? documentUrl;
  if (url === null) return { ...rest };
  const callback = recordingCallbackOf({ url: recordingStatusCallback, method: recordingStatusCallbackMethod, events: recordingStatusCallbackEvent });
  return { ...rest, action: reference(withCallback({ url, method: method ?? DEFAULT_METHOD }, callback)) };
};

/** The typed verbs with their continuations replaced; `documentUrl` null: no default for a missing action. */
export const referenceVerbContinuations = (verbs: readonly VoiceVerb[], documentUrl: string | null, reference: ContinuationReference): VoiceVerb[] =>
  verbs.map((verb): VoiceVerb => {
    switch (verb.verb) {
      case 'Gather': {
        const { method, action, ...rest } = verb;
        const url = action ?? documentUrl;
        return url === null ? { ...rest } : { ...rest, action: reference({ url, method: method ?? DEFAULT_METHOD }) };
      }
      case 'Record':
        return referenceRecord(verb, documentUrl, reference);
      case 'Dial': {
        if (verb.action === undefined) return verb;
        const { method, action, ...rest } = verb;
        return { ...rest, action: reference({ url: action, method: method ?? DEFAULT_METHOD }) };
      }
      case 'Redirect':
        return { verb: 'Redirect', url: reference({ url: verb.url, method: verb.method ?? DEFAULT_METHOD }) };
      default:
        return verb;
    }
  });

const ACTION_VERBS = new Set(['Gather', 'Record', 'Dial']);
const DEFAULTS_TO_DOCUMENT = new Set(['Gather', 'Record']);

/**
 * The callback a <Record> element names, read as the reader reads it, its attributes taken out. Only
 * documents the reader accepted are rewritten, so a bad value cannot occur; were one there, the callback's
 * URL would be dropped (never passed to a carrier) and bad events would fall back to Twilio's default.
 */
const takeRecordingCallback = (attributes: Map<string, string>, documentUrl: string): RecordingCallback | undefined => {
  const [urlAttribute, methodAttribute, eventsAttribute] = RECORDING_CALLBACK_ATTRIBUTES;
  const given = attributes.get(urlAttribute);
  const method = attributes.get(methodAttribute);
  const events = attributes.get(eventsAttribute);
  for (const name of RECORDING_CALLBACK_ATTRIBUTES) attributes.delete(name);
  const read = events === undefined ? undefined : readRecordingEvents(events);
  return recordingCallbackOf({
    url: given === undefined ? undefined : resolveHttpUrl(given, documentUrl),
    method: method === undefined ? undefined : methodOf(method),
    events: read?.kind === 'ok' ? read.events : undefined,
  });
};

const rewriteElement = (element: XmlElement, documentUrl: string, reference: ContinuationReference): XmlElement => {
  const attributes = new Map(element.attributes);
  const method = methodOf(attributes.get('method'));
  const callback = element.name === 'Record' ? takeRecordingCallback(attributes, documentUrl) : undefined;
  let text = element.text;
  if (ACTION_VERBS.has(element.name)) {
    const given = attributes.get('action');
    const url = given === undefined ? (DEFAULTS_TO_DOCUMENT.has(element.name) ? documentUrl : undefined) : resolveHttpUrl(given, documentUrl);
    if (url !== undefined) {
      attributes.set('action', reference(withCallback({ url, method }, callback)));
      attributes.delete('method');
    }
  } else if (element.name === 'Redirect') {
    const url = resolveHttpUrl(text, documentUrl);
    if (url !== undefined) {
      text = reference({ url, method });
      attributes.delete('method');
    }
  }
  return { name: element.name, attributes, text, children: element.children.map((child) => rewriteElement(child, documentUrl, reference)) };
};

const escapeText = (value: string): string => value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const escapeAttribute = (value: string): string => escapeText(value).replace(/"/g, '&quot;');

/** The element as XML text: attributes in their order, its text before its children (TwiML never mixes them). */
export const serializeXml = (element: XmlElement): string => {
  const attributes = [...element.attributes].map(([name, value]) => ` ${name}="${escapeAttribute(value)}"`).join('');
  const inner = escapeText(element.text) + element.children.map(serializeXml).join('');
  return inner === '' ? `<${element.name}${attributes}/>` : `<${element.name}${attributes}>${inner}</${element.name}>`;
};

/**
 * The app's voice document with its continuations replaced, re-serialised; null when it is not well-formed
 * XML (only documents the reader accepted are passed through, so that does not happen in practice).
 */
export const rewriteContinuations = (xml: string, documentUrl: string, reference: ContinuationReference): string | null => {
  const tree = parseXmlTree(xml);
  if (tree.kind === 'invalid') return null;
  return `<?xml version="1.0" encoding="UTF-8"?>${serializeXml(rewriteElement(tree.root, documentUrl, reference))}`;
};
