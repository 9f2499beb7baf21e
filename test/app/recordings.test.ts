// Recordings on both databases: storeRecording keeps a voicemail's audio or a carrier's (fetched), never
// loses one without a trace when the audio cannot be had, and logs it on the traffic record; a recording's
// status callback is a durable, signed job with Twilio's RecordingStatusCallback parameters.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { deliverRecording, deliverRecordingJob } from '../../src/app/recordings/deliver-recording.ts';
import { deleteRecording } from '../../src/app/recordings/delete-recording.ts';
import { fetchRecordingAudio } from '../../src/app/recordings/recording-reads.ts';
import { voicemailWav } from '../../src/app/recordings/sandbox-audio.ts';
import { storeRecording } from '../../src/app/recordings/store-recording.ts';
import { runDueJobs } from '../../src/app/run-jobs.ts';
import { AppError } from '../../src/domain/errors.ts';
import type { NumberTraffic } from '../../src/domain/programmable/traffic.ts';
import type { CarrierAccount, CarrierAccounts } from '../../src/ports/carrier.ts';
import type { RecordingStorage } from '../../src/ports/recording-storage.ts';
import type { Store } from '../../src/ports/store.ts';
import { WebhookError } from '../../src/ports/webhook-sender.ts';
import { testDeps } from '../support/app-deps.ts';
import { anAccount, at, sid, usNumber } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

const CALLBACK = 'https://app.example.invalid/recording-status';

for (const s of STORES) {
  describe(`${s.name}: recordings`, () => {
    let store: Store;
    let deps: ReturnType<typeof testDeps>;
    let traffic: NumberTraffic;
    const authToken = 'recording-test-token';

    beforeEach(async () => {
      store = await s.open();
      deps = testDeps(store);
      const account = anAccount({ authToken });
      await store.upsertAccount(account);
      traffic = {
        sid: sid('numberTraffic'), accountSid: account.sid, numberSid: sid('phoneNumber'), phoneNumber: usNumber(), channel: 'voice',
        carrier: 'sandbox', resourceSid: sid('call'), from: usNumber(), to: usNumber(), body: '', application: 'flow', attestation: 'A',
        flowSid: null, flowRevision: null, status: 'in-progress', durationSeconds: null, dateCreated: at(0), dateUpdated: at(0),
      };
      await store.insertTraffic(traffic, []);
    });
    afterEach(() => store.close());

    /** The test carrier account, with a recordings port when `fetch` is given. */
    const withCarrierRecordings = (fetch: CarrierAccount['recordings']): typeof deps => {
      const account = deps.carriers.get('sandbox');
      const carriers: CarrierAccounts = {
        get: (name) => (name === 'twilio' ? { ...account, name: 'twilio', recordings: fetch } : deps.carriers.get(name)),
        find: (name) => (name === 'twilio' ? { ...account, name: 'twilio', recordings: fetch } : deps.carriers.find(name)),
        names: () => ['sandbox', 'twilio'],
      };
      return { ...deps, carriers };
    };

    test('a sandbox voicemail: completed, its WAV kept under {AC}/{RE}.wav, a recording event on the traffic record', async () => {
      const wav = voicemailWav('Please call me back', 4);
      deps.clock.advance(10);
      const recording = await storeRecording(deps, {
        traffic, callSid: traffic.resourceSid, source: 'voicemail', durationSeconds: 4,
        audio: { kind: 'bytes', contentType: 'audio/wav', data: wav, transcript: 'Please call me back' },
      });
      assert.match(recording.sid, /^RE[0-9a-f]{32}$/);
      assert.equal(recording.status, 'completed');
      assert.equal(recording.storageKey, `${traffic.accountSid}/${recording.sid}.wav`);
      assert.equal(recording.sizeBytes, wav.length);
      assert.equal(recording.from, traffic.from);
      assert.equal(recording.transcript, 'Please call me back');
      assert.equal(recording.startTime.getTime(), deps.clock.now().getTime() - 4_000);
      assert.deepEqual(await store.findRecording(traffic.accountSid, recording.sid), recording);
      assert.deepEqual(await fetchRecordingAudio(deps, traffic.accountSid, recording.sid), { contentType: 'audio/wav', data: wav });
      const [event] = await store.listTrafficEvents(traffic.sid);
      assert.equal(event?.kind, 'recording');
      assert.deepEqual(event?.data, { RecordingSid: recording.sid, RecordingDuration: '4', Source: 'voicemail', RecordingStatus: 'completed' });
    });

    test("a carrier's recording is fetched through its recordings port with the step's parameters", async () => {
      const asked: Record<string, string>[] = [];
      const withPort = withCarrierRecordings({
        fetchRecording: async (params) => {
          asked.push({ ...params });
          return { contentType: 'audio/wav', data: Buffer.from('carrier audio') };
        },
      });
      const params = { RecordingSid: 'RE00000000000000000000000000000001', RecordingUrl: 'https://api.twilio.com/2010-04-01/Accounts/AC1/Recordings/RE1' };
      const recording = await storeRecording(withPort, { traffic, callSid: traffic.resourceSid, source: 'record-verb', durationSeconds: 9, audio: { kind: 'carrier', carrier: 'twilio', params } });
      assert.deepEqual(asked, [params]);
      assert.equal(recording.status, 'completed');
      assert.equal(recording.transcript, null);
      assert.deepEqual(await deps.recordingStorage.get(`${traffic.accountSid}/${recording.sid}.wav`), { contentType: 'audio/wav', data: Buffer.from('carrier audio') });
    });

    test('a fetch that fails, or a carrier without a recordings port: the recording exists as failed with 11200, and the log says why', async () => {
      const failing = withCarrierRecordings({ fetchRecording: async () => { throw new Error('carrier answered 404'); } });
      const failed = await storeRecording(failing, { traffic, callSid: traffic.resourceSid, source: 'record-verb', durationSeconds: 3, audio: { kind: 'carrier', carrier: 'twilio', params: {} } });
      assert.equal(failed.status, 'failed');
      assert.equal(failed.errorCode, 11200);
      assert.equal(failed.storageKey, null);
      assert.deepEqual(await store.findRecording(traffic.accountSid, failed.sid), failed);
      const portless = await storeRecording(deps, { traffic, callSid: traffic.resourceSid, source: 'record-verb', durationSeconds: 3, audio: { kind: 'carrier', carrier: 'sandbox', params: {} } });
      assert.equal(portless.status, 'failed');
      const events = await store.listTrafficEvents(traffic.sid);
      assert.deepEqual(events.map((e) => [e.kind, e.data.RecordingSid, e.data.RecordingStatus, e.data.ErrorCode]), [
        ['recording', failed.sid, 'failed', '11200'], ['recording', portless.sid, 'failed', '11200'],
      ]);
      assert.match(events[0]?.detail ?? '', /carrier answered 404/);
      assert.match(events[1]?.detail ?? '', /cannot fetch recordings/);
      // Its audio reads as 404, never as a server error.
      await assert.rejects(fetchRecordingAudio(deps, traffic.accountSid, failed.sid), (err) => err instanceof AppError && err.code === 'not-found');
    });

    test('a disk that refuses the write: failed with 20500, still recorded', async () => {
      const brokenDisk: RecordingStorage = { put: async () => { throw new Error('ENOSPC'); }, get: async () => null, delete: async () => undefined };
      const recording = await storeRecording({ ...deps, recordingStorage: brokenDisk }, {
        traffic, callSid: traffic.resourceSid, source: 'voicemail', durationSeconds: 1, audio: { kind: 'bytes', contentType: 'audio/wav', data: voicemailWav('', 1), transcript: null },
      });
      assert.deepEqual([recording.status, recording.errorCode], ['failed', 20500]);
      assert.equal((await store.findRecording(traffic.accountSid, recording.sid))?.status, 'failed');
    });

    test('deleting removes the audio and the recording; another account cannot see or delete it', async () => {
      const recording = await storeRecording(deps, {
        traffic, callSid: traffic.resourceSid, source: 'voicemail', durationSeconds: 1, audio: { kind: 'bytes', contentType: 'audio/wav', data: voicemailWav('x', 1), transcript: 'x' },
      });
      const stranger = anAccount();
      await store.upsertAccount(stranger);
      await assert.rejects(deleteRecording(deps, stranger.sid, recording.sid), (err) => err instanceof AppError && err.code === 'not-found');
      await deleteRecording(deps, traffic.accountSid, recording.sid);
      assert.equal(await store.findRecording(traffic.accountSid, recording.sid), null);
      assert.equal(deps.recordingStorage.files.size, 0);
    });

    test("the status callback: a durable job of its own kind, signed with the account's token, Twilio's parameters", async () => {
      const recording = await storeRecording(deps, {
        traffic, callSid: traffic.resourceSid, source: 'voicemail', durationSeconds: 6, audio: { kind: 'bytes', contentType: 'audio/wav', data: voicemailWav('hi', 6), transcript: 'hi' },
      });
      const withBase = { ...deps, settings: { ...deps.settings, publicUrl: 'https://masq.example.invalid' } };
      const job = await deliverRecording(withBase, { recording, url: CALLBACK });
      assert.equal(job.kind, 'recording-callback');
      assert.deepEqual(await runDueJobs(deps, { 'recording-callback': deliverRecordingJob }), { done: 1, failed: 0 });
      const [request] = deps.webhooks.requests;
      assert.ok(request);
      assert.equal(request.url, CALLBACK);
      assert.equal(request.authToken, authToken);
      assert.equal(request.idempotencyToken, job.id);
      assert.deepEqual(request.params, {
        AccountSid: traffic.accountSid,
        CallSid: traffic.resourceSid,
        RecordingSid: recording.sid,
        RecordingUrl: `https://masq.example.invalid/2010-04-01/Accounts/${traffic.accountSid}/Recordings/${recording.sid}`,
        RecordingStatus: 'completed',
        RecordingDuration: '6',
        RecordingChannels: '1',
        RecordingSource: 'RecordVerb',
        RecordingStartTime: recording.startTime.toUTCString().replace('GMT', '+0000'),
      });
      assert.equal((await store.findJob(traffic.accountSid, job.id))?.doneAt?.getTime(), deps.clock.now().getTime());
    });

    test('the status callback is retried when the app is down, and given up at once for an unusable URL', async () => {
      const recording = await storeRecording(deps, {
        traffic, callSid: traffic.resourceSid, source: 'dial', durationSeconds: 2, audio: { kind: 'carrier', carrier: 'sandbox', params: {} },
      });
      const job = await deliverRecording(deps, { recording, url: CALLBACK });
      deps.webhooks.answers.set(CALLBACK, { status: 503, contentType: 'text/plain', body: '' });
      assert.deepEqual(await runDueJobs(deps, { 'recording-callback': deliverRecordingJob }), { done: 0, failed: 1 });
      const retried = await store.findJob(traffic.accountSid, job.id);
      assert.deepEqual([retried?.lastError, retried?.givenUpAt], ['HTTP 503', null]);
      // A failed recording says so: its status and error code, with a path-only URL when masq has no public URL.
      assert.deepEqual([deps.webhooks.requests[0]?.params.RecordingStatus, deps.webhooks.requests[0]?.params.ErrorCode, deps.webhooks.requests[0]?.params.RecordingSource], ['failed', '11200', 'DialVerb']);
      assert.equal(deps.webhooks.requests[0]?.params.RecordingUrl, `/2010-04-01/Accounts/${traffic.accountSid}/Recordings/${recording.sid}`);

      const bad = await deliverRecording(deps, { recording, url: 'not a url' });
      deps.webhooks.answers.set('not a url', new WebhookError('invalid-url', 'not an absolute URL'));
      await runDueJobs(deps, { 'recording-callback': deliverRecordingJob });
      assert.ok((await store.findJob(traffic.accountSid, bad.id))?.givenUpAt);
    });
  });
}
