// <Record recordingStatusCallback>: masq, never the carrier, calls the app's recording callback, signed with
// the account's auth token, once the step's recording is kept. On both databases: the app is a loopback
// server checking X-Twilio-Signature with the twilio SDK; the call goes through the inbound routing use case
// and its step callback, as the sandbox (a voicemail) or a carrier (a RecordingSid masq fetches) sends it.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { JOB_HANDLERS } from '../../src/app/job-handlers.ts';
import { continueProgram } from '../../src/app/programmable/continue-program.ts';
import { routeInbound } from '../../src/app/route-inbound.ts';
import { runDueJobs } from '../../src/app/run-jobs.ts';
import type { CallPlan, PlanVerb } from '../../src/domain/call-plan.ts';
import type { NumberTraffic } from '../../src/domain/programmable/traffic.ts';
import type { InboundEvent } from '../../src/domain/routing.ts';
import type { VoiceVerb } from '../../src/domain/twiml/verbs.ts';
import type { CarrierAccount, CarrierAccounts, RecordingFetchPort } from '../../src/ports/carrier.ts';
import { openAppNumber } from '../support/app-number.ts';
import { sid } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';
import { twiml } from '../support/twiml-app.ts';

const CALLER = '+14155550101';
const CARRIER_AUDIO = Buffer.from('RIFF....WAVEfmt the carrier recorded this', 'latin1');

type ProgramVerb = Extract<PlanVerb, { verb: 'program' }>;

const programOf = (plan: CallPlan): ProgramVerb => {
  const [verb] = plan.verbs;
  assert.ok(verb?.verb === 'program', `a program verb, got ${JSON.stringify(plan.verbs)}`);
  return verb;
};

const recordOf = (program: ProgramVerb): Extract<VoiceVerb, { verb: 'Record' }> => {
  const record = program.verbs.find((v) => v.verb === 'Record');
  assert.ok(record?.verb === 'Record', `a Record, got ${JSON.stringify(program.verbs)}`);
  return record;
};

const tokenOf = (record: Extract<VoiceVerb, { verb: 'Record' }>): string => {
  const match = /^masq-step:(.+)$/.exec(record.action ?? '');
  assert.ok(match?.[1], `a step reference, got ${JSON.stringify(record)}`);
  return match[1];
};

/** The carrier account the calls come through, able to hand masq a recording as a real carrier would. */
const withRecordings = (carriers: CarrierAccounts, port: RecordingFetchPort): CarrierAccounts => {
  const withPort = (account: CarrierAccount | null): CarrierAccount | null => (account === null ? null : { ...account, recordings: port });
  return {
    get: (name) => ({ ...carriers.get(name), recordings: port }),
    find: (name) => withPort(carriers.find(name)),
    names: () => carriers.names(),
  };
};

for (const db of STORES) {
  describe(`<Record recordingStatusCallback> on ${db.name}`, () => {
    const opened: { close(): Promise<void> }[] = [];
    after(async () => { await Promise.all(opened.map((o) => o.close())); });

    const setup = async () => {
      const { store, deps: base, account, app, number, trafficOf } = await openAppNumber(db, opened, (a) => ({ voiceUrl: a.url('/voice') }));
      const fetched: Readonly<Record<string, string>>[] = [];
      let carrierAnswers = true;
      const deps = {
        ...base,
        settings: { ...base.settings, publicUrl: 'https://masq.example.invalid' },
        carriers: withRecordings(base.carriers, {
          fetchRecording: async (params) => {
            fetched.push(params);
            if (!carrierAnswers) throw new Error('the carrier answered HTTP 404');
            return { contentType: 'audio/wav', data: CARRIER_AUDIO };
          },
        }),
      };
      const call = async (): Promise<{ event: InboundEvent; program: ProgramVerb; traffic: NumberTraffic }> => {
        const event: InboundEvent = {
          channel: 'voice', carrier: deps.carrier.name, resourceSid: sid('call'), from: CALLER, to: number.phoneNumber, body: '', mediaUrls: [],
          carrierParams: { From: CALLER, To: number.phoneNumber },
        };
        const program = programOf((await routeInbound(deps, event)).plan);
        return { event, program, traffic: await trafficOf(event) };
      };
      const step = (event: InboundEvent, token: string, params: Readonly<Record<string, string>>) =>
        continueProgram(deps, { carrier: event.carrier, token, resourceSid: event.resourceSid, params });
      return {
        store, deps, account, app, call, step, fetched,
        carrierDown: () => { carrierAnswers = false; },
        runJobs: () => runDueJobs(deps, JOB_HANDLERS),
      };
    };

    test('a sandbox voicemail: the app\'s callback gets one signed POST with masq\'s recording, after the action; no carrier ever sees the URL', async () => {
      const { deps, account, app, call, step, runJobs } = await setup();
      app.answer('/voice', twiml('<Say>Leave a message</Say><Record action="/recorded" maxLength="30" recordingStatusCallback="/recording-status?box=7"/>'));
      app.answer('/recorded', twiml('<Say>Thanks</Say><Hangup/>'));
      app.answer('/recording-status', { status: 204 });
      const { event, program, traffic } = await call();
      const record = recordOf(program);
      assert.deepEqual({ ...record, action: 'x' }, { verb: 'Record', action: 'x', maxLength: 30 });
      assert.ok(program.passThrough);
      assert.doesNotMatch(program.passThrough, /recordingStatusCallback|recording-status/);
      assert.match(program.passThrough, /<Record action="masq-step:[^"]+" maxLength="30"\/>/);

      await step(event, tokenOf(record), { MasqRecordingText: 'Call me back', RecordingDuration: '4' });
      const told = app.to('/recorded')[0]?.params ?? {};
      assert.match(told.RecordingSid ?? '', /^RE[0-9a-f]{32}$/);
      assert.equal(app.to('/recording-status').length, 0, 'delivered by the job worker, not inline');
      assert.deepEqual(await runJobs(), { done: 1, failed: 0 });
      const delivered = app.to('/recording-status');
      assert.equal(delivered.length, 1);
      const [callback] = delivered;
      assert.ok(callback);
      assert.deepEqual([callback.method, callback.signatureValid], ['POST', true]);
      const recording = await deps.store.findRecording(account.sid, told.RecordingSid ?? '');
      assert.ok(recording);
      assert.deepEqual(callback.params, {
        AccountSid: account.sid, CallSid: event.resourceSid, RecordingSid: recording.sid,
        RecordingUrl: `https://masq.example.invalid/2010-04-01/Accounts/${account.sid}/Recordings/${recording.sid}`,
        RecordingStatus: 'completed', RecordingDuration: '4', RecordingChannels: '1', RecordingSource: 'RecordVerb',
        RecordingStartTime: recording.startTime.toUTCString().replace('GMT', '+0000'),
      });
      assert.equal(told.RecordingUrl, callback.params.RecordingUrl);
      assert.deepEqual(app.requests.map((r) => r.path), ['/voice', '/recorded', '/recording-status']);
      const logged = await deps.store.listTrafficEvents(traffic.sid);
      const queued = logged.find((e) => e.kind === 'webhook');
      assert.match(queued?.detail ?? '', /RecordingStatusCallback .* queued for POST http:\/\/127\.0\.0\.1:\d+\/recording-status\?box=7/);
      assert.match(logged.find((e) => e.kind === 'verb' && e.data.verb === 'Record')?.detail ?? '', /reported to http:\/\/127\.0\.0\.1:\d+\/recording-status\?box=7/);
    });

    test('a carrier\'s step callback repeated with the same RecordingSid: fetched, kept and reported once', async () => {
      const { deps, account, app, call, step, fetched, runJobs } = await setup();
      app.answer('/voice', twiml('<Record action="/recorded" recordingStatusCallback="/recording-status"/>'));
      app.answer('/recorded', twiml('<Hangup/>'));
      app.answer('/recording-status', { status: 200 });
      const { event, program } = await call();
      const token = tokenOf(recordOf(program));
      const reported = { RecordingSid: 'RE00000000000000000000000000000abc', RecordingUrl: 'https://api.twilio.invalid/2010-04-01/Accounts/AC1/Recordings/RE00000000000000000000000000000abc', RecordingDuration: '7' };
      await step(event, token, reported);
      await step(event, token, reported);
      assert.equal(fetched.length, 1, 'the audio is fetched once');
      const [first, second] = app.to('/recorded').map((r) => r.params.RecordingSid);
      assert.ok(first);
      assert.equal(second, first, 'the repeated step tells the app of the same recording');
      assert.deepEqual(await runJobs(), { done: 1, failed: 0 });
      assert.deepEqual(app.to('/recording-status').map((r) => [r.signatureValid, r.params.RecordingSid, r.params.RecordingDuration, r.params.RecordingStatus]), [[true, first, '7', 'completed']]);
      const kept = await deps.store.findRecording(account.sid, first);
      assert.ok(kept?.storageKey);
      assert.deepEqual(deps.recordingStorage.files.get(kept.storageKey)?.data, CARRIER_AUDIO);
    });

    test('recordingStatusCallbackMethod GET: a signed GET with the parameters in the query', async () => {
      const { app, call, step, runJobs } = await setup();
      app.answer('/voice', twiml('<Record recordingStatusCallback="/recording-status?box=7" recordingStatusCallbackMethod="GET" recordingStatusCallbackEvent="completed absent"/>'));
      app.answer('/recording-status', { status: 200 });
      const { event, program } = await call();
      // Without an action the Record continues at the document's own URL, which answers again.
      await step(event, tokenOf(recordOf(program)), { MasqRecordingText: 'Hello', RecordingDuration: '2' });
      assert.deepEqual(await runJobs(), { done: 1, failed: 0 });
      const [callback] = app.to('/recording-status');
      assert.deepEqual([callback?.method, callback?.signatureValid, callback?.params.box, callback?.params.RecordingStatus, callback?.params.RecordingDuration], ['GET', true, '7', 'completed', '2']);
      assert.match(callback?.params.RecordingSid ?? '', /^RE/);
    });

    test('a recording masq could not fetch is reported failed with its ErrorCode; a callback asking for `absent` only is not sent, and the log says why', async () => {
      const { deps, app, call, step, carrierDown, runJobs } = await setup();
      app.answer('/voice', twiml('<Record action="/recorded" recordingStatusCallback="/failed-status"/><Record action="/recorded" recordingStatusCallback="/absent-status" recordingStatusCallbackEvent="absent"/>'));
      app.answer('/recorded', twiml('<Hangup/>'));
      app.answer('/failed-status', { status: 200 });
      app.answer('/absent-status', { status: 200 });
      const { event, program, traffic } = await call();
      const [failing, absentOnly] = program.verbs.filter((v) => v.verb === 'Record');
      assert.ok(failing?.verb === 'Record' && absentOnly?.verb === 'Record');
      carrierDown();
      await step(event, tokenOf(failing), { RecordingSid: 'RE00000000000000000000000000000def', RecordingDuration: '3' });
      await step(event, tokenOf(absentOnly), { MasqRecordingText: 'Hi', RecordingDuration: '1' });
      assert.deepEqual(await runJobs(), { done: 1, failed: 0 });
      assert.deepEqual(app.to('/failed-status').map((r) => [r.signatureValid, r.params.RecordingStatus, r.params.ErrorCode]), [[true, 'failed', '11200']]);
      assert.equal(app.to('/absent-status').length, 0);
      const notSent = (await deps.store.listTrafficEvents(traffic.sid)).filter((e) => e.kind === 'webhook' && /not sent/.test(e.detail));
      assert.equal(notSent.length, 1);
      assert.match(notSent[0]?.detail ?? '', /it is completed and .*absent-status asked for absent/);
    });

    test('recordingStatusCallbackEvent="in-progress" is refused with its path in the call log: the fallback answers, no callback is owed', async () => {
      const { deps, app, call, runJobs } = await setup();
      app.answer('/voice', twiml('<Record recordingStatusCallback="/recording-status" recordingStatusCallbackEvent="in-progress completed"/>'));
      const { program, traffic } = await call();
      assert.equal(program.verbs.some((v) => v.verb === 'Record'), false);
      const problems = (await deps.store.listTrafficEvents(traffic.sid)).filter((e) => e.kind === 'twiml-problem');
      assert.deepEqual(problems.map((p) => [p.data.path, p.data.kind]), [['Response/Record[1]/@recordingStatusCallbackEvent', 'unsupported']]);
      assert.deepEqual(await runJobs(), { done: 0, failed: 0 });
    });
  });
}
