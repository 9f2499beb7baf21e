// Which elements may stand where. An element read outside its place is refused with the reason a user can
// act on: wrong place (`not-allowed`), a Twilio element masq does not carry out (`unsupported`), or not TwiML.
import type { ElementReader } from './element-reader.ts';

export type ElementReaders<V> = ReadonlyMap<string, (reader: ElementReader) => V | undefined>;

/** Every element masq reads somewhere; met elsewhere, it is in the wrong place rather than unknown. */
const SUPPORTED = new Set(['Response', 'Say', 'Play', 'Pause', 'Gather', 'Dial', 'Number', 'Sip', 'Record', 'Hangup', 'Reject', 'Redirect', 'Message', 'Body', 'Media']);

/** Twilio's TwiML elements masq does not carry out (yet): refused by name, never dropped. */
export const TWILIO_UNSUPPORTED = new Set([
  'Application', 'Autopilot', 'Client', 'Conference', 'Config', 'Connect', 'ConversationRelay', 'Echo', 'Enqueue',
  'Identity', 'Leave', 'Parameter', 'Pay', 'Prompt', 'Queue', 'Refer', 'ReferSip', 'Room', 'Sim', 'Siprec', 'Sms',
  'Start', 'Stop', 'Stream', 'Task', 'Transcription', 'VirtualAgent', 'WhatsApp',
]);

const refuse = (reader: ElementReader, place: string): void => {
  const name = reader.element.name;
  if (SUPPORTED.has(name)) reader.problem('not-allowed', `<${name}> is not allowed ${place}.`);
  else if (TWILIO_UNSUPPORTED.has(name)) reader.problem('unsupported', `masq does not support Twilio's <${name}> ${place}.`);
  else reader.problem('unknown', `<${name}> is not a TwiML element.`);
};

/** Reads the children of `parent` with the readers allowed in that place, refusing every other element. */
export const readChildren = <V>(parent: ElementReader, readers: ElementReaders<V>, place: string): V[] => {
  const verbs: V[] = [];
  for (const child of parent.children()) {
    const read = readers.get(child.element.name);
    if (read === undefined) {
      refuse(child, place);
      continue;
    }
    const verb = read(child);
    if (verb !== undefined) verbs.push(verb);
  }
  return verbs;
};
