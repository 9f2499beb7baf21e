// Typed voice verbs (domain/twiml/verbs.ts) -> the markup a carrier carries out: TwiML for Twilio and
// SignalWire, TeXML for Telnyx. TeXML copies TwiML's verbs but not all of its attributes or ranges, so
// the TeXML rendering translates: what TeXML names differently is renamed, what it bounds tighter is
// clamped, what it lacks is left out. docs/programmable-numbers.md ("On each carrier") lists every case.
import type { DialTarget, DialVerb, GatherPrompt, GatherVerb, HttpMethod, PlayVerb, RecordVerb, SayVerb, VoiceVerb } from '../../domain/twiml/verbs.ts';
import { element, responseDocument, type Attributes, type Twiml } from './xml-markup.ts';

export type MarkupDialect = 'twiml' | 'texml';

/** Where a verb goes next (an action, a Redirect's URL) and how it is requested; absent parts are left out. */
export interface ContinuationTarget {
  readonly url?: string;
  readonly method?: HttpMethod;
}

export interface VoiceMarkupOptions {
  readonly dialect: MarkupDialect;
  /** Maps each verb's continuation to what the markup holds (a plan's `masq-step:` references become step URLs). */
  readonly continuation: (target: ContinuationTarget) => ContinuationTarget;
}

/** TeXML's documented ranges where they are narrower than TwiML's: values outside are clamped into them. */
export const TEXML_RANGES = {
  sayLoop: { min: 0, max: 10 },
  pauseLength: { min: 1, max: 180 },
  gatherTimeout: { min: 1, max: 120 },
  dialTimeout: { min: 5, max: 120 },
  recordMaxLength: { min: 0, max: 14_400 },
} as const;

/** Twilio ends a <Record> after 5 s of silence unless told otherwise; TeXML's default (0) never does. */
const TWILIO_RECORD_SILENCE_SECONDS = 5;

type Value = string | number | boolean | undefined;

/** Attributes in the order given, the absent ones left out. */
const present = (entries: ReadonlyArray<readonly [string, Value]>): Attributes =>
  entries.flatMap(([name, value]) => (value === undefined ? [] : [[name, String(value)] as const]));

const clamp = (value: number | undefined, range: { readonly min: number; readonly max: number }): number | undefined =>
  value === undefined ? undefined : Math.min(range.max, Math.max(range.min, value));

const isTexml = (options: VoiceMarkupOptions): boolean => options.dialect === 'texml';

const say = (v: SayVerb, options: VoiceMarkupOptions): string => {
  const loop = isTexml(options) ? clamp(v.loop, TEXML_RANGES.sayLoop) : v.loop;
  return element('Say', present([['voice', v.voice], ['language', v.language], ['loop', loop]]), { text: v.text });
};

const play = (v: PlayVerb): string =>
  element('Play', present([['loop', v.loop], ['digits', v.digits]]), { text: v.url ?? '' });

/** A zero-second pause is no pause: TeXML (1-180 s) cannot say it, so it is left out there. */
const pause = (length: number | undefined, options: VoiceMarkupOptions): string[] => {
  if (!isTexml(options)) return [element('Pause', present([['length', length]]))];
  if (length === 0) return [];
  return [element('Pause', present([['length', clamp(length, TEXML_RANGES.pauseLength)]]))];
};

const prompt = (v: GatherPrompt, options: VoiceMarkupOptions): string[] => {
  switch (v.verb) {
    case 'Say': return [say(v, options)];
    case 'Play': return [play(v)];
    case 'Pause': return pause(v.length, options);
  }
};

const gather = (v: GatherVerb, options: VoiceMarkupOptions): string => {
  const next = options.continuation({ url: v.action, method: v.method });
  const texml = isTexml(options);
  const attributes = present([
    ['input', v.input],
    ['numDigits', v.numDigits],
    ['timeout', texml ? clamp(v.timeout, TEXML_RANGES.gatherTimeout) : v.timeout],
    ['finishOnKey', v.finishOnKey],
    ['action', next.url],
    // TeXML's <Gather> has no method: Telnyx requests its action as the TeXML application is set to.
    ['method', texml ? undefined : next.method],
  ]);
  return element('Gather', attributes, { elements: v.prompts.flatMap((p) => prompt(p, options)) });
};

const target = (t: DialTarget, options: VoiceMarkupOptions): string => {
  if (t.kind === 'sip') return element('Sip', [], { text: t.uri });
  // TeXML documents no sendDigits on <Number>.
  return element('Number', present([['sendDigits', isTexml(options) ? undefined : t.sendDigits]]), { text: t.number });
};

const dial = (v: DialVerb, options: VoiceMarkupOptions): string => {
  const next = options.continuation({ url: v.action, method: v.method });
  const attributes = present([
    ['callerId', v.callerId],
    ['timeout', isTexml(options) ? clamp(v.timeout, TEXML_RANGES.dialTimeout) : v.timeout],
    ['action', next.url],
    ['method', next.method],
    ['record', v.record],
  ]);
  return element('Dial', attributes, { elements: v.targets.map((t) => target(t, options)) });
};

const record = (v: RecordVerb, options: VoiceMarkupOptions): string => {
  const next = options.continuation({ url: v.action, method: v.method });
  const texml = isTexml(options);
  return element('Record', present([
    ['action', next.url],
    ['method', next.method],
    ['maxLength', texml ? clamp(v.maxLength, TEXML_RANGES.recordMaxLength) : v.maxLength],
    ['timeout', texml ? (v.timeout ?? TWILIO_RECORD_SILENCE_SECONDS) : v.timeout],
    ['finishOnKey', v.finishOnKey],
    ['playBeep', v.playBeep],
    // TeXML spells it `transcription`.
    [texml ? 'transcription' : 'transcribe', v.transcribe],
  ]));
};

const verbElements = (v: VoiceVerb, options: VoiceMarkupOptions): string[] => {
  switch (v.verb) {
    case 'Say': return [say(v, options)];
    case 'Play': return [play(v)];
    case 'Pause': return pause(v.length, options);
    case 'Gather': return [gather(v, options)];
    case 'Dial': return [dial(v, options)];
    case 'Record': return [record(v, options)];
    case 'Hangup': return [element('Hangup', [])];
    case 'Reject': return [element('Reject', present([['reason', v.reason]]))];
    case 'Redirect': {
      const next = options.continuation({ url: v.url, method: v.method });
      return [element('Redirect', present([['method', next.method]]), { text: next.url ?? '' })];
    }
  }
};

/** The verbs as elements, in order, for a <Response> (or to sit next to other verbs in one). */
export const renderVoiceElements = (verbs: readonly VoiceVerb[], options: VoiceMarkupOptions): string[] =>
  verbs.flatMap((v) => verbElements(v, options));

/** A whole answer carrying `verbs`. */
export const renderVoiceTwiml = (verbs: readonly VoiceVerb[], options: VoiceMarkupOptions): Twiml =>
  responseDocument(renderVoiceElements(verbs, options));
