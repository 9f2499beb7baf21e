// A <Record>'s recordingStatusCallback, read the same way by the TwiML reader (which reports what is wrong)
// and by the continuation rewriting (which moves it into the Record's step reference), so both forms of a
// document name the same callback. Twilio's defaults: POST, and the `completed` event only.
import { RECORDING_CALLBACK_EVENTS, type HttpMethod, type RecordingCallback, type RecordingCallbackEvent } from './verbs.ts';

export const DEFAULT_RECORDING_EVENTS: readonly RecordingCallbackEvent[] = ['completed'];

export type RecordingEventsReading =
  | { readonly kind: 'ok'; readonly events: readonly RecordingCallbackEvent[] }
  /** `unsupported`: Twilio's `in-progress`; `invalid`: no event at all, or a word Twilio does not know. */
  | { readonly kind: 'unsupported' | 'invalid'; readonly message: string };

const isEvent = (word: string): word is RecordingCallbackEvent => RECORDING_CALLBACK_EVENTS.some((event) => event === word);

/** Twilio's list of events: words separated by spaces (its SDK's form) or commas; repeats count once. */
export const readRecordingEvents = (value: string): RecordingEventsReading => {
  const words = value.split(/[\s,]+/).filter((word) => word !== '');
  if (words.length === 0) return { kind: 'invalid', message: `recordingStatusCallbackEvent must name ${RECORDING_CALLBACK_EVENTS.join(' or ')}.` };
  const events: RecordingCallbackEvent[] = [];
  for (const word of words) {
    if (word === 'in-progress') {
      return { kind: 'unsupported', message: "masq does not report a recording's in-progress event: it gets a recording once it has ended (use completed or absent)." };
    }
    if (!isEvent(word)) return { kind: 'invalid', message: `recordingStatusCallbackEvent must be among ${RECORDING_CALLBACK_EVENTS.join(', ')}, not '${word}'.` };
    if (!events.includes(word)) events.push(word);
  }
  return { kind: 'ok', events };
};

/** The callback a Record names, with Twilio's defaults; undefined when it names none. */
export const recordingCallbackOf = (given: {
  readonly url: string | undefined;
  readonly method: HttpMethod | undefined;
  readonly events: readonly RecordingCallbackEvent[] | undefined;
}): RecordingCallback | undefined =>
  given.url === undefined ? undefined : { url: given.url, method: given.method ?? 'POST', events: given.events ?? DEFAULT_RECORDING_EVENTS };
