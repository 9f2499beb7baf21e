// The typed form of a customer app's TwiML answer, as read by read-twiml.ts. Optional fields are present
// only when the app gave the attribute, so "not given" (Twilio's default applies) stays distinguishable.

export type HttpMethod = 'GET' | 'POST';

export interface SayVerb {
  readonly verb: 'Say';
  readonly text: string;
  readonly voice?: string;
  readonly language?: string;
  /** 0 means "until the call ends", as on Twilio. */
  readonly loop?: number;
}

/** Either an audio URL to play or DTMF digits to send (`w` waits half a second). */
export interface PlayVerb {
  readonly verb: 'Play';
  readonly url?: string;
  readonly loop?: number;
  readonly digits?: string;
}

export interface PauseVerb {
  readonly verb: 'Pause';
  readonly length?: number;
}

export type GatherPrompt = SayVerb | PlayVerb | PauseVerb;

export interface GatherVerb {
  readonly verb: 'Gather';
  /** Only DTMF is supported; speech input is refused as unsupported. */
  readonly input?: 'dtmf';
  readonly numDigits?: number;
  readonly timeout?: number;
  readonly finishOnKey?: string;
  readonly action?: string;
  readonly method?: HttpMethod;
  readonly prompts: readonly GatherPrompt[];
}

export type DialTarget =
  | { readonly kind: 'number'; readonly number: string; readonly sendDigits?: string }
  | { readonly kind: 'sip'; readonly uri: string };

export const DIAL_RECORD_MODES = [
  'do-not-record',
  'record-from-answer',
  'record-from-ringing',
  'record-from-answer-dual',
  'record-from-ringing-dual',
] as const;
export type DialRecordMode = (typeof DIAL_RECORD_MODES)[number];

export interface DialVerb {
  readonly verb: 'Dial';
  readonly callerId?: string;
  readonly timeout?: number;
  readonly action?: string;
  readonly method?: HttpMethod;
  readonly record?: DialRecordMode;
  /** In document order; a bare `<Dial>+1555...</Dial>` reads as one number target. */
  readonly targets: readonly DialTarget[];
}

/**
 * The recording events masq can report: Twilio's `completed` and `absent`. Its `in-progress` is refused:
 * masq gets a recording only once the caller has finished it, so it cannot tell when one starts.
 */
export const RECORDING_CALLBACK_EVENTS = ['completed', 'absent'] as const;
export type RecordingCallbackEvent = (typeof RECORDING_CALLBACK_EVENTS)[number];

/** Where and when masq reports a <Record>'s recording (Twilio's RecordingStatusCallback), defaults applied. */
export interface RecordingCallback {
  readonly url: string;
  readonly method: HttpMethod;
  readonly events: readonly RecordingCallbackEvent[];
}

export interface RecordVerb {
  readonly verb: 'Record';
  readonly action?: string;
  readonly method?: HttpMethod;
  readonly maxLength?: number;
  readonly timeout?: number;
  readonly finishOnKey?: string;
  readonly playBeep?: boolean;
  readonly transcribe?: boolean;
  /**
   * The three recordingStatusCallback attributes, as read. masq delivers that callback itself (signed), so
   * rewrite-urls.ts moves them into the Record's step reference: the verbs a carrier gets never hold them.
   */
  readonly recordingStatusCallback?: string;
  readonly recordingStatusCallbackMethod?: HttpMethod;
  readonly recordingStatusCallbackEvent?: readonly RecordingCallbackEvent[];
}

export interface HangupVerb {
  readonly verb: 'Hangup';
}

export interface RejectVerb {
  readonly verb: 'Reject';
  readonly reason?: 'rejected' | 'busy';
}

export interface RedirectVerb {
  readonly verb: 'Redirect';
  readonly url: string;
  readonly method?: HttpMethod;
}

export interface MessageVerb {
  readonly verb: 'Message';
  readonly to?: string;
  readonly from?: string;
  readonly action?: string;
  readonly method?: HttpMethod;
  /** `<Body>` text or the message's own text; '' when the message carries media only. */
  readonly body: string;
  readonly media: readonly string[];
}

export type VoiceVerb = SayVerb | PlayVerb | PauseVerb | GatherVerb | DialVerb | RecordVerb | HangupVerb | RejectVerb | RedirectVerb;
export type MessagingVerb = MessageVerb | RedirectVerb;
export type TwimlVerb = VoiceVerb | MessagingVerb;

export type TwimlKind = 'voice' | 'messaging';

/**
 * Why an element was refused: `malformed` (not XML, too large), `refused` (DOCTYPE / entity declarations),
 * `unknown` (not a TwiML element at all), `unsupported` (Twilio has it, masq does not carry it out),
 * `not-allowed` (a known element in the wrong place), `invalid` (a bad attribute value or content).
 */
export type TwimlProblemKind = 'malformed' | 'refused' | 'unknown' | 'unsupported' | 'not-allowed' | 'invalid';

export interface TwimlProblem {
  /** XPath-like, 1-based per element name: `Response/Dial[2]/Number[1]`, `Response/Gather[1]/@timeout`. */
  readonly path: string;
  readonly kind: TwimlProblemKind;
  readonly message: string;
}

export type TwimlReadResult<V> =
  | { readonly kind: 'ok'; readonly verbs: readonly V[] }
  | { readonly kind: 'invalid'; readonly problems: readonly TwimlProblem[] };
