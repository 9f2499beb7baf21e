// The audio of a recording Twilio made on a programmable call (<Record>, <Dial record>), by the RecordingUrl
// its step callback carried: GET {RecordingUrl}.wav with the account's Basic credentials. SignalWire's LaML
// API serves recordings the same way under {space}/api/laml. The credentials go only to the configured API
// origin: a RecordingUrl anywhere else is refused, whoever put it in the callback (a redirect the API
// answers is followed once, without them: shared/get-bytes.ts).
import type { RecordingFetchPort } from '../../ports/carrier.ts';
import type { StoredAudio } from '../../ports/recording-storage.ts';
import { downloadAudio, MAX_RECORDING_BYTES } from '../shared/get-bytes.ts';

export interface TwilioRecordingsOptions {
  /** Twilio's account sid, SignalWire's project id. */
  readonly accountSid: string;
  /** Twilio's auth token, SignalWire's API token. */
  readonly authToken: string;
  /** The API's base URL: https://api.twilio.com, {space}/api/laml, or a fake in tests. */
  readonly apiUrl: string;
  readonly timeoutMs?: number;
}

const DEFAULT_TIMEOUT_MS = 60_000;
const WAV = 'audio/x-wav';

const urlOf = (value: string | undefined): URL | null => {
  if (!value) return null;
  try {
    return new URL(value);
  } catch {
    return null;
  }
};

export class TwilioRecordings implements RecordingFetchPort {
  readonly #options: TwilioRecordingsOptions;
  readonly #origin: string;

  constructor(options: TwilioRecordingsOptions) {
    this.#options = options;
    this.#origin = new URL(options.apiUrl).origin;
  }

  async fetchRecording(params: Readonly<Record<string, string>>): Promise<StoredAudio> {
    const recording = urlOf(params.RecordingUrl?.trim());
    if (recording === null) throw new Error('The step callback carries no RecordingUrl to fetch');
    if (recording.origin !== this.#origin) throw new Error(`RecordingUrl ${recording.origin} is not the account's API (${this.#origin}): not fetched`);
    // The bare RecordingUrl answers the recording's JSON; its .wav (or .mp3) form the audio.
    if (!/\.(wav|mp3)$/i.test(recording.pathname)) recording.pathname = `${recording.pathname}.wav`;
    const { accountSid, authToken } = this.#options;
    return downloadAudio({
      url: recording,
      headers: { authorization: `Basic ${Buffer.from(`${accountSid}:${authToken}`).toString('base64')}`, 'user-agent': 'masq' },
      trustedOrigin: this.#origin,
      timeoutMs: this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      maxBytes: MAX_RECORDING_BYTES,
      fallbackType: WAV,
    });
  }
}
