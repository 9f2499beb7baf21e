// A customer app's TwiML answer -> typed verbs in document order, or every problem found, each naming its
// element. Pure: it never fetches anything (Play/Redirect URLs are only checked), and it carries out nothing.
// Anything Twilio has and masq does not is refused by name, so no verb is ever silently dropped.
import { ElementReader, type ReadContext } from './element-reader.ts';
import { MESSAGING_VERBS } from './messaging-verbs.ts';
import { readChildren, type ElementReaders } from './places.ts';
import type { MessagingVerb, TwimlKind, TwimlReadResult, TwimlVerb, VoiceVerb } from './verbs.ts';
import { VOICE_VERBS } from './voice-verbs.ts';
import { parseXmlTree } from './xml-tree.ts';

export interface ReadTwimlOptions {
  /** The URL the TwiML was fetched from: relative URLs in it resolve against it, as on Twilio. */
  readonly baseUrl?: string;
}

const read = <V extends TwimlVerb>(xml: string, readers: ElementReaders<V>, place: string, options: ReadTwimlOptions): TwimlReadResult<V> => {
  const tree = parseXmlTree(xml);
  if (tree.kind === 'invalid') return tree;
  const context: ReadContext = { problems: [], baseUrl: options.baseUrl };
  const root = new ElementReader(tree.root, tree.root.name, context);
  if (tree.root.name !== 'Response') {
    root.problem('invalid', `The root element must be <Response>, not <${tree.root.name}>.`);
    return { kind: 'invalid', problems: context.problems };
  }
  root.finish();
  root.noText();
  const verbs = readChildren(root, readers, place);
  return context.problems.length > 0 ? { kind: 'invalid', problems: context.problems } : { kind: 'ok', verbs };
};

/** Reads the TwiML a voice URL answered. */
export const readVoiceTwiml = (xml: string, options: ReadTwimlOptions = {}): TwimlReadResult<VoiceVerb> =>
  read(xml, VOICE_VERBS, 'in a voice response', options);

/** Reads the TwiML an SMS URL answered. */
export const readMessagingTwiml = (xml: string, options: ReadTwimlOptions = {}): TwimlReadResult<MessagingVerb> =>
  read(xml, MESSAGING_VERBS, 'in a messaging response', options);

/** Either kind, chosen by the caller (a voice URL's answer or an SMS URL's answer). */
export const readTwiml = (kind: TwimlKind, xml: string, options: ReadTwimlOptions = {}): TwimlReadResult<TwimlVerb> =>
  kind === 'voice' ? readVoiceTwiml(xml, options) : readMessagingTwiml(xml, options);
