// Calls to a number with its owner's app (VoiceUrl), through the inbound routing use case and the step
// callbacks, on both databases: the app is a loopback server that checks X-Twilio-Signature with the
// twilio SDK. What is asked, what the caller gets (the `program` verb), and what the call log says.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { addPoolNumber } from '../../src/app/add-pool-number.ts';
import { createFlow } from '../../src/app/flows/save-flow.ts';
import { JOB_HANDLERS } from '../../src/app/job-handlers.ts';
import { continueProgram } from '../../src/app/programmable/continue-program.ts';
import { signStep } from '../../src/app/programmable/step-token.ts';
import { APPLICATION_ERROR_TEXT } from '../../src/app/programmable/voice-document.ts';
import { recordResourceStatus } from '../../src/app/record-resource-status.ts';
import { releaseNumber } from '../../src/app/release-number.ts';
import { routeInbound } from '../../src/app/route-inbound.ts';
import { runDueJobs } from '../../src/app/run-jobs.ts';
import type { CallPlan, PlanVerb } from '../../src/domain/call-plan.ts';
import { DEFAULT_NUMBER_CONFIG, type NumberConfig } from '../../src/domain/inventory-number.ts';
import { STEP_REFERENCE } from '../../src/domain/programmable/continuation.ts';
import type { NumberTraffic, TrafficEvent } from '../../src/domain/programmable/traffic.ts';
import type { InboundEvent } from '../../src/domain/routing.ts';
import type { VoiceVerb } from '../../src/domain/twiml/verbs.ts';
import { openAppNumber } from '../support/app-number.ts';
import { aService, anInventoryNumber, sid, usNumber } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';
import { deadUrl, twiml, TwimlApp } from '../support/twiml-app.ts';

const CALLER = '+14155550101';

const call = (to: string, o: Partial<InboundEvent> = {}): InboundEvent => ({
  channel: 'voice', carrier: 'sandbox', resourceSid: sid('call'), from: CALLER, to, body: '', mediaUrls: [],
  carrierParams: { From: CALLER, To: to }, ...o,
});

type ProgramVerb = Extract<PlanVerb, { verb: 'program' }>;

const programOf = (plan: CallPlan): ProgramVerb => {
  const [verb] = plan.verbs;
  assert.ok(verb?.verb === 'program', `a program verb, got ${JSON.stringify(plan.verbs)}`);
  return verb;
};

/** The step token a continuation of the document holds. */
const tokenOf = (verb: VoiceVerb | undefined): string => {
  const ref = verb?.verb === 'Redirect' ? verb.url : verb && 'action' in verb ? verb.action : undefined;
  const match = /^masq-step:(.+)$/.exec(ref ?? '');
  assert.ok(match?.[1], `a step reference, got ${JSON.stringify(verb)}`);
  return match[1];
};

const kinds = (events: readonly TrafficEvent[]): string[] => events.map((e) => e.kind);

for (const db of STORES) {
  describe(`programmable calls (app) on ${db.name}`, () => {
    const opened: { close(): Promise<void> }[] = [];
    after(async () => { await Promise.all(opened.map((o) => o.close())); });

    const setup = async (config: (app: TwimlApp) => Partial<NumberConfig>) => {
      const opening = await openAppNumber(db, opened, config);
      return { ...opening, events: (t: NumberTraffic) => opening.store.listTrafficEvents(t.sid) };
    };

    test('the app is asked with Twilio\'s parameters, signed; its Gather comes back with a step reference in verbs and XML', async () => {
      const { deps, account, app, number, trafficOf, events } = await setup((a) => ({ voiceUrl: a.url('/voice') }));
      app.answer('/voice', twiml('<Gather numDigits="1" action="/menu" method="GET"><Say>Press 1 for sales &amp; support</Say></Gather><Say>Goodbye</Say>'));
      const event = call(number.phoneNumber, { attestation: { level: 'A', verified: true, raw: 'TN-Validation-Passed-A' } });
      const { plan, inReply } = await routeInbound(deps, event);
      const program = programOf(plan);
      assert.deepEqual(inReply, plan.verbs);
      const [asked] = app.to('/voice');
      assert.ok(asked);
      assert.equal(asked.method, 'POST');
      assert.equal(asked.signatureValid, true);
      assert.deepEqual(asked.params, {
        AccountSid: account.sid, CallSid: event.resourceSid, From: CALLER, To: number.phoneNumber, Caller: CALLER, Called: number.phoneNumber,
        CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01', StirVerstat: 'TN-Validation-Passed-A',
      });
      const [gather, say] = program.verbs;
      assert.ok(gather?.verb === 'Gather');
      assert.deepEqual({ ...gather, action: 'x' }, { verb: 'Gather', numDigits: 1, action: 'x', prompts: [{ verb: 'Say', text: 'Press 1 for sales & support' }] });
      assert.deepEqual(say, { verb: 'Say', text: 'Goodbye' });
      const token = tokenOf(gather);
      // The pass-through is the app's XML with the same reference in place of its URL and method.
      assert.ok(program.passThrough);
      assert.deepEqual([...program.passThrough.matchAll(STEP_REFERENCE)].map((m) => m[1]), [token]);
      assert.doesNotMatch(program.passThrough, /\/menu|method=/);
      assert.match(program.passThrough, /sales &amp; support/);
      const traffic = await trafficOf(event);
      assert.equal(program.trafficSid, traffic.sid);
      assert.deepEqual({ application: traffic.application, status: traffic.status, attestation: traffic.attestation, numberSid: traffic.numberSid }, { application: 'app', status: 'ringing', attestation: 'A', numberSid: number.sid });
      assert.deepEqual(kinds(await events(traffic)), ['app-request', 'verb', 'verb']);
    });

    test('the caller\'s digits go to the Gather\'s action, with its method; the call is then in progress', async () => {
      const { deps, app, number, trafficOf, events } = await setup((a) => ({ voiceUrl: a.url('/voice') }));
      app.answer('/voice', twiml('<Gather numDigits="1" action="/menu" method="GET"><Say>Press 1</Say></Gather>'));
      app.answer('/menu', twiml('<Say>Sales</Say><Dial action="/dialed" timeout="20"><Number>+14155550199</Number></Dial>'));
      const event = call(number.phoneNumber);
      const first = programOf((await routeInbound(deps, event)).plan);
      const next = await continueProgram(deps, { carrier: 'sandbox', token: tokenOf(first.verbs[0]), resourceSid: event.resourceSid, params: { Digits: '1', CallStatus: 'in-progress', Ignored: 'x' } });
      const [asked] = app.to('/menu');
      assert.ok(asked);
      assert.equal(asked.method, 'GET');
      assert.equal(asked.signatureValid, true);
      assert.equal(asked.params.Digits, '1');
      assert.equal(asked.params.CallStatus, 'in-progress');
      assert.equal(asked.params.Ignored, undefined);
      const program = programOf(next);
      const dial = program.verbs[1];
      assert.ok(dial?.verb === 'Dial');
      assert.deepEqual(dial.targets, [{ kind: 'number', number: '+14155550199' }]);
      assert.equal(dial.timeout, 20);
      // The dial's outcome goes to its action.
      app.answer('/dialed', twiml('<Hangup/>'));
      const ended = await continueProgram(deps, { carrier: 'sandbox', token: tokenOf(dial), resourceSid: event.resourceSid, params: { DialCallStatus: 'no-answer', DialCallDuration: '0' } });
      assert.deepEqual(programOf(ended).verbs, [{ verb: 'Hangup' }]);
      assert.equal(app.to('/dialed')[0]?.params.DialCallStatus, 'no-answer');
      const traffic = await trafficOf(event);
      assert.equal(traffic.status, 'in-progress');
      assert.deepEqual(kinds(await events(traffic)), ['app-request', 'verb', 'status', 'digits', 'app-request', 'verb', 'verb', 'dial-result', 'app-request', 'verb']);
    });

    test('a Gather without an action asks the same document again, with POST (Twilio\'s default)', async () => {
      const { deps, app, number } = await setup((a) => ({ voiceUrl: a.url('/voice'), voiceMethod: 'GET' }));
      app.answer('/voice', twiml('<Gather numDigits="4"/>'));
      const event = call(number.phoneNumber);
      const first = programOf((await routeInbound(deps, event)).plan);
      await continueProgram(deps, { carrier: 'sandbox', token: tokenOf(first.verbs[0]), resourceSid: event.resourceSid, params: { Digits: '1234' } });
      assert.deepEqual(app.to('/voice').map((r) => [r.method, r.params.Digits, r.signatureValid]), [['GET', undefined, true], ['POST', '1234', true]]);
    });

    test('a forged or foreign step token ends the call, reaches no app, and is logged', async () => {
      const { deps, account, app, number, trafficOf, events } = await setup((a) => ({ voiceUrl: a.url('/voice') }));
      app.answer('/voice', twiml('<Gather action="/menu"/>'));
      const event = call(number.phoneNumber);
      await routeInbound(deps, event);
      const traffic = await trafficOf(event);
      const other = await routeInbound(deps, call(number.phoneNumber));
      const otherToken = tokenOf(programOf(other.plan).verbs[0]);
      const forged = [
        signStep('not-the-auth-token', { trafficSid: traffic.sid, url: app.url('/menu'), method: 'POST' }),
        otherToken, // signed, but for another call
        'garbage',
      ];
      for (const token of forged) {
        const plan = await continueProgram(deps, { carrier: 'sandbox', token, resourceSid: event.resourceSid, params: { Digits: '9' } });
        assert.deepEqual(plan.verbs, [{ verb: 'hangup' }]);
        assert.equal(plan.refusal?.code, 'program-step-invalid');
      }
      assert.equal(app.to('/menu').length, 0);
      assert.deepEqual(kinds(await events(traffic)).filter((k) => k === 'error').length, 3);
      // A call masq never logged: nothing to continue.
      const unknown = await continueProgram(deps, { carrier: 'sandbox', token: signStep(account.authToken, { trafficSid: traffic.sid, url: app.url('/menu'), method: 'POST' }), resourceSid: sid('call'), params: {} });
      assert.deepEqual(unknown.verbs, [{ verb: 'hangup' }]);
      assert.equal(app.to('/menu').length, 0);
    });

    test('an app that is down: the fallback URL is asked with ErrorCode 11200 and ErrorUrl', async () => {
      const down = await deadUrl('/voice');
      const { deps, app, number, trafficOf, events } = await setup((a) => ({ voiceUrl: down, voiceFallbackUrl: a.url('/fallback') }));
      app.answer('/fallback', twiml('<Say>We are having trouble</Say>'));
      const event = call(number.phoneNumber);
      const program = programOf((await routeInbound(deps, event)).plan);
      assert.deepEqual(program.verbs, [{ verb: 'Say', text: 'We are having trouble' }]);
      const [fallback] = app.to('/fallback');
      assert.equal(fallback?.params.ErrorCode, '11200');
      assert.equal(fallback?.params.ErrorUrl, down);
      assert.equal(fallback?.signatureValid, true);
      const logged = await events(await trafficOf(event));
      assert.deepEqual(kinds(logged), ['app-request', 'app-failed', 'fallback', 'app-request', 'verb']);
      assert.match(logged[1]?.detail ?? '', /No answer from the app: network/);
      assert.equal(logged[1]?.data.ErrorCode, '11200');
    });

    test('a slow app times out and the fallback answers', async () => {
      const { deps, app, number, trafficOf, events } = await setup((a) => ({ voiceUrl: a.url('/slow'), voiceFallbackUrl: a.url('/fallback') }));
      app.answer('/slow', { ...twiml('<Say>Too late</Say>'), delayMs: 1_000 });
      app.answer('/fallback', twiml('<Say>Fallback</Say>'));
      const event = call(number.phoneNumber);
      assert.deepEqual(programOf((await routeInbound(deps, event)).plan).verbs, [{ verb: 'Say', text: 'Fallback' }]);
      const failed = (await events(await trafficOf(event))).find((e) => e.kind === 'app-failed');
      assert.match(failed?.detail ?? '', /timeout/);
    });

    test('garbage (not XML) is a 12100 with the logged reason, then the fallback', async () => {
      const { deps, app, number, trafficOf, events } = await setup((a) => ({ voiceUrl: a.url('/voice'), voiceFallbackUrl: a.url('/fallback') }));
      app.answer('/voice', { status: 200, contentType: 'application/json', body: '{"say":"hello"}' });
      app.answer('/fallback', twiml('<Hangup/>'));
      const event = call(number.phoneNumber);
      assert.deepEqual(programOf((await routeInbound(deps, event)).plan).verbs, [{ verb: 'Hangup' }]);
      assert.equal(app.to('/fallback')[0]?.params.ErrorCode, '12100');
      const logged = await events(await trafficOf(event));
      const failed = logged.find((e) => e.kind === 'app-failed');
      assert.match(failed?.detail ?? '', /not a TwiML document \(Content-Type: application\/json\)/);
      assert.ok(logged.some((e) => e.kind === 'twiml-problem' && e.data.kind === 'malformed'));
    });

    test('an error status is 11200; an unsupported verb is 12200 with its path logged; both end in the fallback', async () => {
      const { deps, app, number, trafficOf, events } = await setup((a) => ({ voiceUrl: a.url('/voice'), voiceFallbackUrl: a.url('/fallback') }));
      app.answer('/voice', twiml('<Say>Joining</Say><Dial><Conference>room</Conference></Dial>'));
      app.answer('/fallback', twiml('<Say>Sorry</Say>'));
      const event = call(number.phoneNumber);
      assert.deepEqual(programOf((await routeInbound(deps, event)).plan).verbs, [{ verb: 'Say', text: 'Sorry' }]);
      assert.equal(app.to('/fallback')[0]?.params.ErrorCode, '12200');
      const problems = (await events(await trafficOf(event))).filter((e) => e.kind === 'twiml-problem');
      assert.deepEqual(problems.map((p) => [p.data.path, p.data.kind]), [['Response/Dial[1]/Conference[1]', 'unsupported']]);

      app.answer('/voice', { status: 500, body: 'oops' });
      const again = call(number.phoneNumber);
      await routeInbound(deps, again);
      assert.equal(app.to('/fallback')[1]?.params.ErrorCode, '11200');
      const failed = (await events(await trafficOf(again))).find((e) => e.kind === 'app-failed');
      assert.equal(failed?.detail, 'The app answered HTTP 500');
    });

    test('when the fallback fails too, the caller hears the application error and the call ends (never a dead call)', async () => {
      const down = await deadUrl('/fallback');
      const { deps, app, number, trafficOf, events } = await setup((a) => ({ voiceUrl: a.url('/voice'), voiceFallbackUrl: down }));
      app.answer('/voice', { status: 503 });
      const event = call(number.phoneNumber);
      const program = programOf((await routeInbound(deps, event)).plan);
      assert.deepEqual(program.verbs, [{ verb: 'Say', text: APPLICATION_ERROR_TEXT }, { verb: 'Hangup' }]);
      assert.equal(program.passThrough, null);
      assert.deepEqual(kinds(await events(await trafficOf(event))), ['app-request', 'app-failed', 'fallback', 'app-request', 'app-failed', 'error']);
      // Without any fallback URL, the same.
      const bare = await setup((a) => ({ voiceUrl: a.url('/voice') }));
      bare.app.answer('/voice', { status: 404 });
      assert.deepEqual(programOf((await routeInbound(bare.deps, call(bare.number.phoneNumber))).plan).verbs, [{ verb: 'Say', text: APPLICATION_ERROR_TEXT }, { verb: 'Hangup' }]);
    });

    test('a retried webhook for the same call logs it once and asks the first document again', async () => {
      const { store, deps, app, account, number, trafficOf, events } = await setup((a) => ({ voiceUrl: a.url('/voice') }));
      app.answer('/voice', twiml('<Say>Hello</Say>'));
      const event = call(number.phoneNumber);
      const first = programOf((await routeInbound(deps, event)).plan);
      const second = programOf((await routeInbound(deps, event)).plan);
      assert.deepEqual(second.verbs, first.verbs);
      assert.equal(second.trafficSid, first.trafficSid);
      assert.equal(app.to('/voice').length, 2);
      const page = await store.listTraffic(account.sid, { numberSid: number.sid }, { pageSize: 10 });
      assert.equal(page.items.length, 1);
      assert.deepEqual(kinds(await events(await trafficOf(event))), ['app-request', 'verb', 'status', 'app-request', 'verb']);
    });

    test('the call\'s end updates the record and POSTs the number\'s StatusCallback, signed, as a job', async () => {
      const { deps, app, account, number, trafficOf, events } = await setup((a) => ({ voiceUrl: a.url('/voice'), statusCallback: a.url('/status') }));
      app.answer('/voice', twiml('<Say>Hello</Say>'));
      app.answer('/status', { status: 204 });
      const event = call(number.phoneNumber);
      await routeInbound(deps, event);
      const report = { interactionSid: null, resourceSid: event.resourceSid, resourceType: 'Call' as const, carrier: 'sandbox' };
      await recordResourceStatus(deps, { ...report, status: 'in-progress' });
      await recordResourceStatus(deps, { ...report, status: 'completed', durationSeconds: 42 });
      await recordResourceStatus(deps, { ...report, status: 'ringing' }); // late and out of order: ignored
      const traffic = await trafficOf(event);
      assert.deepEqual({ status: traffic.status, duration: traffic.durationSeconds }, { status: 'completed', duration: 42 });
      assert.equal(app.to('/status').length, 0, 'delivered by the job worker, not inline');
      await runDueJobs(deps, JOB_HANDLERS);
      const [delivered] = app.to('/status');
      assert.ok(delivered);
      assert.equal(delivered.signatureValid, true);
      assert.deepEqual({ ...delivered.params, Timestamp: 'x' }, {
        AccountSid: account.sid, CallSid: event.resourceSid, From: CALLER, To: number.phoneNumber, Caller: CALLER, Called: number.phoneNumber,
        CallStatus: 'completed', CallDuration: '42', Direction: 'inbound', ApiVersion: '2010-04-01', Timestamp: 'x',
        CallbackSource: 'call-progress-events', SequenceNumber: '0',
      });
      assert.match(delivered.params.Timestamp ?? '', /^\w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} \+0000$/);
      assert.deepEqual(kinds(await events(traffic)).filter((k) => k === 'status'), ['status', 'status']);
    });

    test('a number\'s VoiceMethod GET: the app is asked with a signed GET', async () => {
      const { deps, app, number } = await setup((a) => ({ voiceUrl: a.url('/voice?tenant=7'), voiceMethod: 'GET' }));
      app.answer('/voice', twiml('<Say>Hi</Say>'));
      const event = call(number.phoneNumber);
      assert.deepEqual(programOf((await routeInbound(deps, event)).plan).verbs, [{ verb: 'Say', text: 'Hi' }]);
      const [asked] = app.to('/voice');
      assert.deepEqual([asked?.method, asked?.signatureValid, asked?.params.tenant, asked?.params.CallSid], ['GET', true, '7', event.resourceSid]);
    });

    test('a voicemail left on a sandbox call is kept by masq before the app hears of it, with masq\'s RecordingUrl', async () => {
      const { deps, account, app, number, trafficOf, events } = await setup((a) => ({ voiceUrl: a.url('/voice') }));
      app.answer('/voice', twiml('<Say>Leave a message</Say><Record action="/recorded" maxLength="30"/>'));
      app.answer('/recorded', twiml('<Say>Thanks</Say><Hangup/>'));
      const event = call(number.phoneNumber);
      const record = programOf((await routeInbound(deps, event)).plan).verbs[1];
      await continueProgram(deps, { carrier: 'sandbox', token: tokenOf(record), resourceSid: event.resourceSid, params: { MasqRecordingText: 'Call me back', RecordingDuration: '4' } });
      const [told] = app.to('/recorded');
      assert.ok(told);
      assert.match(told.params.RecordingSid ?? '', /^RE[0-9a-f]{32}$/);
      assert.equal(told.params.RecordingUrl, `/2010-04-01/Accounts/${account.sid}/Recordings/${told.params.RecordingSid ?? ''}`);
      assert.equal(told.params.RecordingDuration, '4');
      assert.equal(told.params.MasqRecordingText, undefined);
      const recording = await deps.store.findRecording(account.sid, told.params.RecordingSid ?? '');
      assert.deepEqual([recording?.status, recording?.source, recording?.transcript, recording?.callSid], ['completed', 'record-verb', 'Call me back', event.resourceSid]);
      assert.ok(recording?.storageKey && deps.recordingStorage.files.has(recording.storageKey));
      assert.deepEqual(kinds(await events(await trafficOf(event))).slice(-5), ['status', 'recording', 'app-request', 'verb', 'verb']);
    });

    test('a number with a flow: the flow answers (not the VoiceUrl), its menu continues with the digits, its webhook node asks the app, signed', async () => {
      const { store, deps, account, app, number, trafficOf, events } = await setup((a) => ({ voiceUrl: a.url('/voice') }));
      const definition = {
        version: 1, start: { voice: 'menu' },
        nodes: { menu: { type: 'menu', prompt: 'Press 1 to reach the app', options: { 1: 'ask' } }, ask: { type: 'webhook', url: app.url('/from-flow') } },
      };
      const { flow } = await createFlow(deps, account.sid, { friendlyName: 'Desk', definition, commitMessage: null });
      await store.updateInventoryNumber(account.sid, number.sid, { config: { ...number.config, flowSid: flow.sid }, dateUpdated: deps.clock.now() });
      app.answer('/from-flow', twiml('<Say>Hello from the app</Say>'));
      const event = call(number.phoneNumber);
      const menu = programOf((await routeInbound(deps, event)).plan);
      assert.equal(menu.passThrough, null);
      const gather = menu.verbs.find((v) => v.verb === 'Gather');
      const toWebhook = programOf(await continueProgram(deps, { carrier: 'sandbox', token: tokenOf(gather), resourceSid: event.resourceSid, params: { Digits: '1' } }));
      const redirect = toWebhook.verbs.find((v) => v.verb === 'Redirect');
      const answered = programOf(await continueProgram(deps, { carrier: 'sandbox', token: tokenOf(redirect), resourceSid: event.resourceSid, params: {} }));
      assert.deepEqual(answered.verbs, [{ verb: 'Say', text: 'Hello from the app' }]);
      assert.equal(app.to('/voice').length, 0);
      assert.deepEqual(app.to('/from-flow').map((r) => [r.signatureValid, r.params.CallSid]), [[true, event.resourceSid]]);
      const traffic = await trafficOf(event);
      assert.deepEqual([traffic.application, traffic.flowSid, traffic.flowRevision], ['flow', flow.sid, 1]);
      const logged = kinds(await events(traffic));
      assert.ok(logged.includes('flow-step') && logged.includes('digits') && logged.includes('app-request'), logged.join(','));
    });

    test('precedence: a quarantined number and a number in a Proxy pool never reach the app; a number without an app keeps today\'s answer', async () => {
      const { store, deps, app, account, number } = await setup((a) => ({ voiceUrl: a.url('/voice') }));
      app.answer('/voice', twiml('<Say>App</Say>'));
      await releaseNumber(deps, account.sid, number.sid, { closeSessions: true, reason: 'test' });
      const quarantined = await routeInbound(deps, call(number.phoneNumber));
      assert.equal(quarantined.plan.refusal?.code, 'phone-number-unavailable');

      const service = aService(account, { outOfSessionCallbackUrl: null });
      await store.createService(service);
      const pooled = (await addPoolNumber(deps, service, { phoneNumber: usNumber() })).number;
      await store.updateInventoryNumber(account.sid, pooled.sid, { config: { ...DEFAULT_NUMBER_CONFIG, voiceUrl: app.url('/voice') }, dateUpdated: deps.clock.now() });
      const masked = await routeInbound(deps, call(pooled.phoneNumber));
      assert.equal(masked.plan.refusal?.code, 'no-active-session');
      assert.equal(app.to('/voice').length, 0);

      const plain = anInventoryNumber(account.sid);
      await store.createInventoryNumber(plain);
      const unanswered = call(plain.phoneNumber);
      const nowhere = await routeInbound(deps, unanswered);
      assert.deepEqual(nowhere.plan.verbs, [{ verb: 'reject' }]);
      assert.equal(await store.findTrafficByResource('sandbox', unanswered.resourceSid), null);
    });
  });
}
