// Fetching a recording's audio from a Twilio-shaped API (Twilio, SignalWire's LaML) on loopback: the .wav
// with the account's Basic credentials, only from the configured API origin, a redirect followed once
// without the credentials, and every failure a rejection naming it.
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import { after, before, test } from 'node:test';
import { closeServer, listenOnLoopback } from '../../../test/support/loopback-server.ts';
import { getBytes } from '../shared/get-bytes.ts';
import { TwilioRecordings } from './recordings.ts';

const ACCOUNT_SID = `AC${'3'.repeat(32)}`;
const AUTH_TOKEN = 'recordings-test-token';
const AUDIO = Buffer.from('RIFF\u0000\u0001WAVEfmt fake audio bytes', 'latin1');
const BASIC = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;

interface Seen { readonly path: string; readonly headers: IncomingHttpHeaders }
interface Answer { readonly status: number; readonly headers?: Readonly<Record<string, string>>; readonly body?: Buffer }

const startServer = async (handle: (path: string, headers: IncomingHttpHeaders) => Answer): Promise<{ server: Server; url: string; seen: Seen[] }> => {
  const seen: Seen[] = [];
  const server = createServer((req, res) => {
    const path = req.url ?? '';
    seen.push({ path, headers: req.headers });
    const answer = handle(path, req.headers);
    res.writeHead(answer.status, { ...answer.headers });
    res.end(answer.body ?? '');
  });
  const port = await listenOnLoopback(server);
  return { server, url: `http://127.0.0.1:${port}`, seen };
};

let api: Awaited<ReturnType<typeof startServer>>;
let elsewhere: Awaited<ReturnType<typeof startServer>>;
const recordingPath = `/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/RE0123`;

before(async () => {
  api = await startServer((path, headers): Answer => {
    if (headers.authorization !== BASIC) return { status: 401 };
    if (path === `${recordingPath}.wav`) return { status: 200, headers: { 'content-type': 'audio/x-wav' }, body: AUDIO };
    if (path === `/api/laml${recordingPath}.wav`) return { status: 200, headers: { 'content-type': 'audio/wav; charset=binary' }, body: AUDIO };
    if (path === '/2010-04-01/Accounts/AC/Recordings/REmoved.wav') return { status: 302, headers: { location: '/media/REmoved' } };
    if (path === '/2010-04-01/Accounts/AC/Recordings/REaway.wav') return { status: 307, headers: { location: `${elsewhere.url}/media/REaway` } };
    return { status: 404 };
  });
  elsewhere = await startServer(() => ({ status: 200, headers: { 'content-type': 'audio/x-wav' }, body: AUDIO }));
});
after(async () => {
  await closeServer(api.server);
  await closeServer(elsewhere.server);
});

const recordings = (apiPath = ''): TwilioRecordings => new TwilioRecordings({ accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, apiUrl: `${api.url}${apiPath}` });

test('the RecordingUrl\'s .wav, fetched with the account\'s Basic credentials', async () => {
  const audio = await recordings().fetchRecording({ RecordingUrl: `${api.url}${recordingPath}`, RecordingSid: 'RE0123', RecordingDuration: '7' });
  assert.deepEqual(audio, { contentType: 'audio/x-wav', data: AUDIO });
  assert.equal(api.seen.at(-1)?.path, `${recordingPath}.wav`);
});

test('SignalWire: the LaML API under the space, the media type without its parameters', async () => {
  const audio = await recordings('/api/laml').fetchRecording({ RecordingUrl: `${api.url}/api/laml${recordingPath}` });
  assert.deepEqual(audio, { contentType: 'audio/wav', data: AUDIO });
});

test('a RecordingUrl outside the configured API origin is refused, and nothing is sent there', async () => {
  const before = elsewhere.seen.length;
  await assert.rejects(recordings().fetchRecording({ RecordingUrl: `${elsewhere.url}${recordingPath}` }), /not the account's API/);
  await assert.rejects(recordings().fetchRecording({ RecordingUrl: `https://api.twilio.com${recordingPath}` }), /not the account's API/);
  assert.equal(elsewhere.seen.length, before);
});

test('no RecordingUrl, or one that is not a URL, is a rejection', async () => {
  await assert.rejects(recordings().fetchRecording({ RecordingSid: 'RE1' }), /no RecordingUrl/);
  await assert.rejects(recordings().fetchRecording({ RecordingUrl: 'not a url' }), /no RecordingUrl/);
});

test('an error answer is a rejection naming the status', async () => {
  await assert.rejects(recordings().fetchRecording({ RecordingUrl: `${api.url}/2010-04-01/Accounts/AC/Recordings/REgone` }), /HTTP 404/);
});

test('a redirect back to the API is followed once, without the credentials; one to plain http elsewhere is not', async () => {
  // The API's /media/ path answers 401 to a request without credentials: that is what proves they were not sent.
  await assert.rejects(recordings().fetchRecording({ RecordingUrl: `${api.url}/2010-04-01/Accounts/AC/Recordings/REmoved` }), /HTTP 401/);
  assert.equal(api.seen.at(-1)?.path, '/media/REmoved');
  assert.equal(api.seen.at(-1)?.headers.authorization, undefined);
  const before = elsewhere.seen.length;
  await assert.rejects(recordings().fetchRecording({ RecordingUrl: `${api.url}/2010-04-01/Accounts/AC/Recordings/REaway` }), /neither https nor its API/);
  assert.equal(elsewhere.seen.length, before);
});

test('an answer longer than the limit is refused, not cut', async () => {
  await assert.rejects(getBytes({ url: new URL(`${elsewhere.url}/big`), headers: {}, timeoutMs: 5_000, maxBytes: 8 }), /more than 8 bytes/);
  const whole = await getBytes({ url: new URL(`${elsewhere.url}/big`), headers: {}, timeoutMs: 5_000, maxBytes: AUDIO.length });
  assert.deepEqual(whole.body, AUDIO);
});
