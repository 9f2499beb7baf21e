// The 2010 Recordings resource through the official twilio client against a listening masq: list (paged,
// filtered by CallSid and DateCreated), fetch, the audio at Recordings/{RE}.wav and Recordings/{RE}, and
// remove (the audio goes with it). Another account's recordings read as 404.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { voicemailWav } from '../../src/app/recordings/sandbox-audio.ts';
import { storeRecording } from '../../src/app/recordings/store-recording.ts';
import type { Recording } from '../../src/domain/programmable/recording.ts';
import type { NumberTraffic } from '../../src/domain/programmable/traffic.ts';
import { sid } from '../support/fixtures.ts';
import { suiteDatabase, TEST_DIALECTS } from '../support/stores.ts';
import { seedCallTraffic } from './recordings-seed.ts';
import { ACCOUNT_SID, AUTH_TOKEN, BASE, basic, OTHER_AUTH, OTHER_SID, OTHER_TOKEN, startApi, type Api } from './support.ts';

type Client = ReturnType<typeof twilio>;

const notFound = async (promise: Promise<unknown>): Promise<void> => {
  await assert.rejects(promise, (err: unknown) => err instanceof twilio.RestException && err.status === 404 && err.code === 20404);
};

for (const dialect of TEST_DIALECTS) describe(`2010 Recordings with the twilio client (${dialect})`, () => {
  let api: Api;
  let drop = async (): Promise<void> => {};
  let client: Client;
  let origin = '';
  let traffic: NumberTraffic;
  const made: Recording[] = [];
  const wavs = new Map<string, Buffer>();

  let theirTraffic: NumberTraffic;
  const record = async (callSid: string, seconds: number, on: NumberTraffic = traffic): Promise<Recording> => {
    const data = voicemailWav(`message ${made.length}`, seconds);
    const recording = await storeRecording(api.runtime.deps, {
      traffic: on, callSid, source: 'voicemail', durationSeconds: seconds,
      audio: { kind: 'bytes', contentType: 'audio/wav', data, transcript: `message ${made.length}` },
    });
    wavs.set(recording.sid, data);
    return recording;
  };

  before(async () => {
    const database = await suiteDatabase(dialect);
    drop = database.drop;
    api = await startApi({ config: { ...(database.url !== null && { databaseUrl: database.url }) } });
    origin = await api.app.listen({ host: '127.0.0.1', port: 0 });
    client = twilio(ACCOUNT_SID, AUTH_TOKEN);
    client.api.baseUrl = origin;
    traffic = await seedCallTraffic(api);
    theirTraffic = await seedCallTraffic(api, OTHER_SID);
    // Two days apart: three recordings on one call today, one on another call, one two days later.
    for (const seconds of [3, 5, 7]) made.push(await record(traffic.resourceSid, seconds));
    made.push(await record(sid('call'), 2));
    api.clock.advance(2 * 86_400);
    made.push(await record(traffic.resourceSid, 1));
  });
  after(async () => {
    await api.close();
    await drop();
  });

  test('list: every recording in creation order, across pages, with Twilio\'s fields', async () => {
    const listed = await client.recordings.list({ pageSize: 2 });
    assert.deepEqual(listed.map((r) => r.sid), made.map((r) => r.sid));
    const [first] = listed;
    const recording = made[0];
    assert.ok(first && recording);
    assert.equal(first.accountSid, ACCOUNT_SID);
    assert.equal(first.apiVersion, '2010-04-01');
    assert.equal(first.callSid, traffic.resourceSid);
    assert.equal(first.conferenceSid, null);
    assert.equal(first.duration, '3');
    assert.equal(first.channels, 1);
    assert.equal(first.source, 'RecordVerb');
    assert.equal(first.status, 'completed');
    assert.equal(first.errorCode, null);
    assert.equal(first.price, null);
    assert.equal(first.priceUnit, 'USD');
    assert.equal(first.encryptionDetails, null);
    // RFC 2822 dates, parsed by the client into Dates (to the second).
    assert.equal(first.dateCreated.getTime(), Math.floor(recording.dateCreated.getTime() / 1000) * 1000);
    assert.equal(first.startTime.getTime(), Math.floor(recording.startTime.getTime() / 1000) * 1000);
    assert.equal(first.uri, `/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recording.sid}.json`);
    assert.equal(first.mediaUrl, `${BASE}/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recording.sid}`);
    assert.deepEqual(first.subresourceUris, {
      add_on_results: `/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recording.sid}/AddOnResults.json`,
      transcriptions: `/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recording.sid}/Transcriptions.json`,
    });
  });

  test('filters: CallSid, DateCreated (a day), DateCreated< and DateCreated>, and together; pages keep the filter', async () => {
    const sids = (recordings: readonly { sid: string }[]) => recordings.map((r) => r.sid);
    const onCall = made.filter((r) => r.callSid === traffic.resourceSid);
    assert.deepEqual(sids(await client.recordings.list({ callSid: traffic.resourceSid, pageSize: 1 })), sids(onCall));
    const firstDay = made[0]?.dateCreated;
    const lastDay = made[4]?.dateCreated;
    assert.ok(firstDay && lastDay);
    const midnight = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
    assert.deepEqual(sids(await client.recordings.list({ dateCreated: midnight(lastDay) })), sids(made.slice(4)));
    assert.deepEqual(sids(await client.recordings.list({ dateCreatedAfter: new Date(lastDay.getTime() - 86_400_000) })), sids(made.slice(4)));
    assert.deepEqual(sids(await client.recordings.list({ dateCreatedBefore: new Date(firstDay.getTime() + 86_400_000) })), sids(made.slice(0, 4)));
    assert.deepEqual(sids(await client.recordings.list({ callSid: traffic.resourceSid, dateCreatedBefore: new Date(firstDay.getTime() + 86_400_000), pageSize: 1 })), sids(onCall.slice(0, 3)));
    const bad = await api.get(`/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings.json?DateCreated=yesterday`);
    assert.equal(bad.status, 400, bad.body);
  });

  test('fetch, and the audio: Recordings/{RE}.wav and Recordings/{RE} serve the WAV with the credentials', async () => {
    const recording = made[1];
    assert.ok(recording);
    const fetched = await client.recordings(recording.sid).fetch();
    assert.equal(fetched.sid, recording.sid);
    assert.equal(fetched.duration, '5');
    const auth = { authorization: basic(ACCOUNT_SID, AUTH_TOKEN) };
    for (const path of [`${recording.sid}.wav`, recording.sid]) {
      const res = await fetch(`${origin}/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${path}`, { headers: auth });
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('content-type'), 'audio/wav');
      assert.deepEqual(Buffer.from(await res.arrayBuffer()), wavs.get(recording.sid));
    }
    const anonymous = await fetch(`${origin}/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recording.sid}.wav`);
    assert.equal(anonymous.status, 401);
    // The sub-resources the JSON names exist, empty.
    const transcriptions = await api.get(`/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recording.sid}/Transcriptions.json`);
    assert.equal(transcriptions.status, 200, transcriptions.body);
    assert.deepEqual(transcriptions.json.transcriptions, []);
  });

  test("another account's recordings read as missing, in every form", async () => {
    const theirs = await record(theirTraffic.resourceSid, 2, theirTraffic);
    const other = twilio(OTHER_SID, OTHER_TOKEN);
    other.api.baseUrl = origin;
    assert.deepEqual((await other.recordings.list()).map((r) => r.sid), [theirs.sid]);
    await notFound(client.recordings(theirs.sid).fetch());
    await notFound(client.recordings(theirs.sid).remove());
    assert.equal((await api.get(`/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${theirs.sid}.wav`)).status, 404);
    assert.equal((await api.get(`/2010-04-01/Accounts/${OTHER_SID}/Recordings/${theirs.sid}.json`)).status, 404);
    assert.equal((await api.get(`/2010-04-01/Accounts/${OTHER_SID}/Recordings/${theirs.sid}.json`, OTHER_AUTH)).status, 200);
  });

  test('remove: 204, then the recording and its audio are gone', async () => {
    const recording = made[3];
    assert.ok(recording);
    assert.equal(await client.recordings(recording.sid).remove(), true);
    await notFound(client.recordings(recording.sid).fetch());
    assert.equal((await api.get(`/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recording.sid}.wav`)).status, 404);
    assert.equal(await api.runtime.deps.recordingStorage.get(`${ACCOUNT_SID}/${recording.sid}.wav`), null);
    await notFound(client.recordings(recording.sid).remove());
  });
});
