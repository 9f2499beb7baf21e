// Fetching a TeXML recording's audio on loopback: the recording looked up through the configured API by
// AccountSid and RecordingSid (Bearer key), its media_url downloaded without the key; a media_url that is
// neither https nor the API, a missing sid, or an error answer is a rejection.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { closeServer, listenOnLoopback } from '../../../test/support/loopback-server.ts';
import { TelnyxRecordings } from './recordings.ts';

const API_KEY = 'KEYrecordings-test';
const ACCOUNT = '2db1ac54-04ca-4e4a-a2d0-1f7e5b1e0f57';
const AUDIO = Buffer.from('ID3\u0004fake mp3 bytes', 'latin1');

interface Seen { readonly path: string; readonly headers: IncomingHttpHeaders }

let server: Server;
let base = '';
let mediaUrlFor: (sid: string) => string = () => '';
const seen: Seen[] = [];

before(async () => {
  server = createServer((req, res) => {
    const path = req.url ?? '';
    seen.push({ path, headers: req.headers });
    const lookup = /^\/v2\/texml\/Accounts\/([^/]+)\/Recordings\/([^/]+)\.json$/.exec(path);
    if (lookup) {
      if (req.headers.authorization !== `Bearer ${API_KEY}`) return res.writeHead(401).end();
      if (decodeURIComponent(lookup[1] ?? '') !== ACCOUNT || lookup[2] === 'missing') return res.writeHead(404, { 'content-type': 'application/json' }).end('{"errors":[{"detail":"Resource not found"}]}');
      return res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ sid: lookup[2], status: 'completed', media_url: mediaUrlFor(lookup[2] ?? '') }));
    }
    if (path.startsWith('/media/')) return res.writeHead(200, { 'content-type': 'audio/mpeg' }).end(AUDIO);
    return res.writeHead(404).end();
  });
  base = `http://127.0.0.1:${await listenOnLoopback(server)}`;
});
after(() => closeServer(server));

const recordings = (): TelnyxRecordings => new TelnyxRecordings({ apiKey: API_KEY, apiUrl: base, timeoutMs: 5_000 });

test('looked up by AccountSid and RecordingSid through the API, then its media_url downloaded without the key', async () => {
  mediaUrlFor = (sid) => `${base}/media/${sid}.mp3?X-Amz-Signature=abc&X-Amz-Expires=600`;
  const audio = await recordings().fetchRecording({ AccountSid: ACCOUNT, CallSid: 'v3:1', RecordingSid: 'b1c2d3', RecordingUrl: 'https://elsewhere.invalid/never-fetched.mp3' });
  assert.deepEqual(audio, { contentType: 'audio/mpeg', data: AUDIO });
  const [lookup, download] = seen.slice(-2);
  assert.equal(lookup?.path, `/v2/texml/Accounts/${ACCOUNT}/Recordings/b1c2d3.json`);
  assert.equal(download?.path, '/media/b1c2d3.mp3?X-Amz-Signature=abc&X-Amz-Expires=600');
  assert.equal(download?.headers.authorization, undefined);
});

test('a media_url on plain http outside the API, or none at all, is refused unfetched', async () => {
  const count = seen.length;
  mediaUrlFor = () => 'http://storage.invalid/rec.mp3';
  await assert.rejects(recordings().fetchRecording({ AccountSid: ACCOUNT, RecordingSid: 'r1' }), /names no https media_url/);
  mediaUrlFor = () => '';
  await assert.rejects(recordings().fetchRecording({ AccountSid: ACCOUNT, RecordingSid: 'r2' }), /names no https media_url/);
  assert.equal(seen.length, count + 2, 'only the two lookups reached the API');
});

test('a callback without RecordingSid or AccountSid, or a recording the API does not know, is a rejection', async () => {
  await assert.rejects(recordings().fetchRecording({ AccountSid: ACCOUNT }), /no RecordingSid/);
  await assert.rejects(recordings().fetchRecording({ RecordingSid: 'r3' }), /no AccountSid/);
  await assert.rejects(recordings().fetchRecording({ AccountSid: ACCOUNT, RecordingSid: 'missing' }), /HTTP 404/);
});
