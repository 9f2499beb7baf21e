// The audio of a recording Telnyx made on a TeXML call (<Record>, <Dial record>). The step callback names
// it by RecordingSid (and the TeXML AccountSid); masq asks the configured API for it
// (GET /v2/texml/Accounts/{AccountSid}/Recordings/{RecordingSid}.json, Bearer API key) and downloads the
// media_url that answer gives, without the key. A RecordingUrl in the callback is never fetched itself, so
// the key only ever goes to the configured API, and the audio only ever comes from where the API says.
import type { RecordingFetchPort } from '../../ports/carrier.ts';
import type { StoredAudio } from '../../ports/recording-storage.ts';
import { downloadAudio, MAX_RECORDING_BYTES } from '../shared/get-bytes.ts';
import { postForm } from '../shared/post-form.ts';

export interface TelnyxRecordingsOptions {
  readonly apiKey: string;
  /** https://api.telnyx.com, or a fake in tests; no trailing slash. */
  readonly apiUrl: string;
  readonly timeoutMs: number;
}

/** Telnyx records MP3 unless told otherwise. */
const MP3 = 'audio/mpeg';
/** The longest a download may take (the API lookup has the account's REST timeout). */
const DOWNLOAD_TIMEOUT_MS = 60_000;

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const mediaUrlIn = (body: string): string | null => {
  try {
    const json: unknown = JSON.parse(body);
    return isRecord(json) && typeof json.media_url === 'string' && json.media_url !== '' ? json.media_url : null;
  } catch {
    return null;
  }
};

const required = (params: Readonly<Record<string, string>>, name: string): string => {
  const value = params[name]?.trim();
  if (!value) throw new Error(`The step callback carries no ${name}: the recording cannot be looked up`);
  return value;
};

export class TelnyxRecordings implements RecordingFetchPort {
  readonly #options: TelnyxRecordingsOptions;
  readonly #origin: string;

  constructor(options: TelnyxRecordingsOptions) {
    this.#options = options;
    this.#origin = new URL(options.apiUrl).origin;
  }

  async fetchRecording(params: Readonly<Record<string, string>>): Promise<StoredAudio> {
    const mediaUrl = await this.#mediaUrl(required(params, 'AccountSid'), required(params, 'RecordingSid'));
    return downloadAudio({
      url: mediaUrl, headers: { 'user-agent': 'masq' }, trustedOrigin: this.#origin,
      timeoutMs: DOWNLOAD_TIMEOUT_MS, maxBytes: MAX_RECORDING_BYTES, fallbackType: MP3,
    });
  }

  async #mediaUrl(accountSid: string, recordingSid: string): Promise<URL> {
    const { apiKey, apiUrl, timeoutMs } = this.#options;
    const path = `/v2/texml/Accounts/${encodeURIComponent(accountSid)}/Recordings/${encodeURIComponent(recordingSid)}.json`;
    const outcome = await postForm({
      method: 'GET', url: new URL(`${apiUrl}${path}`), body: '', timeoutMs,
      headers: { authorization: `Bearer ${apiKey}`, accept: 'application/json', 'user-agent': 'masq' },
    });
    if (outcome.kind !== 'answered') throw new Error(`Telnyx's recordings API could not be reached: ${outcome.reason}`);
    if (outcome.status !== 200) throw new Error(`Telnyx's recordings API answered HTTP ${outcome.status} for the recording ${recordingSid}`);
    const found = mediaUrlIn(outcome.body);
    let url: URL | null = null;
    try {
      url = found === null ? null : new URL(found);
    } catch {
      url = null;
    }
    // The API's own answer, but still: only https (a pre-signed storage link), or the API itself.
    if (url === null || (url.protocol !== 'https:' && url.origin !== this.#origin)) throw new Error(`Telnyx's recording ${recordingSid} names no https media_url`);
    return url;
  }
}
