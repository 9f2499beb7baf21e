// TeXML recordings on the fake Telnyx API, as masq fetches them: the recording resource
// (GET /v2/texml/Accounts/{account}/Recordings/{sid}.json, Bearer key) names a media_url, and the media is
// served there without credentials, as Telnyx's pre-signed storage links are.
import type { IncomingMessage, ServerResponse } from 'node:http';

export interface FakeTelnyxRecordings {
  /** Recordings' audio (MP3) by RecordingSid. */
  readonly recordings: Map<string, Buffer>;
}

const LOOKUP = /^\/v2\/texml\/Accounts\/[^/]+\/Recordings\/([^/]+)\.json$/;
const MEDIA = /^\/media\/recordings\/([^/]+)\.mp3$/;

/** Serves a recording request and answers true; false when `req` is not one (or is unauthorized for the lookup). */
export const telnyxRecordingsRoute = (state: FakeTelnyxRecordings, baseUrl: () => string) =>
  (req: IncomingMessage, res: ServerResponse, authorized: boolean): boolean => {
    if (req.method !== 'GET') return false;
    const path = new URL(req.url ?? '/', 'http://fake.invalid').pathname;
    const media = MEDIA.exec(path)?.[1];
    const audio = media === undefined ? undefined : state.recordings.get(media);
    if (audio) {
      res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(audio);
      return true;
    }
    const sid = LOOKUP.exec(path)?.[1];
    if (sid === undefined || !authorized || !state.recordings.has(sid)) return false;
    res.writeHead(200, { 'content-type': 'application/json' })
      .end(JSON.stringify({ sid, status: 'completed', media_url: `${baseUrl()}/media/recordings/${sid}.mp3` }));
    return true;
  };
