// The sandbox's interpreter of programmable calls, verb by verb, against a scripted continuation (what
// masq's continueProgram would answer for each step token): what the caller hears, which steps are
// handed back with which Twilio parameters, how dialed phones and the caller's input move the call, and
// the caller leg's statuses as a carrier would report them. The end-to-end run through masq's engine is
// test/api/sandbox-phones-program.test.ts.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import {
  callerHangsUp, dialedPhoneActs, keepSilent, leaveVoicemail, pressDigits, programCallOf, startProgram, type ProgramEnv,
} from '../../src/app/sandbox-program.ts';
import type { CallStatusReport, ProgramStepInput } from '../../src/app/sandbox/program-call.ts';
import { MAX_DOCUMENTS_PER_TURN } from '../../src/app/sandbox/program-run.ts';
import { SandboxNetwork } from '../../src/carriers/sandbox/network.ts';
import type { CallPlan } from '../../src/domain/call-plan.ts';
import { createSidGenerator } from '../../src/domain/sid.ts';
import type { VoiceVerb } from '../../src/domain/twiml/verbs.ts';
import { callJson } from '../../src/http/serializers/sandbox.ts';
import { DEFAULT_BEHAVIOUR, type SandboxCall } from '../../src/ports/sandbox.ts';
import { TestClock } from '../support/app-deps.ts';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const CALLER = '+14155550101';
const NUMBER = '+14155551000';
const ALICE = '+14155550201';
const BOB = '+14155550202';
const TRAFFIC = `NT${'a'.repeat(32)}`;
const sids = createSidGenerator((n) => randomBytes(n));

const step = (token: string): string => `masq-step:${token}`;
const program = (verbs: readonly VoiceVerb[]): CallPlan => ({ channel: 'voice', interactionSid: null, refusal: null, verbs: [{ verb: 'program', trafficSid: TRAFFIC, verbs, passThrough: null }] });

/** A scripted masq: each step token answers a document; every step and status report is kept. */
class Harness {
  readonly network = new SandboxNetwork();
  readonly clock = new TestClock();
  readonly steps: ProgramStepInput[] = [];
  readonly statuses: CallStatusReport[] = [];
  readonly documents = new Map<string, (params: Readonly<Record<string, string>>) => CallPlan>();
  readonly env: ProgramEnv = {
    phones: this.network,
    clock: this.clock,
    newCallSid: () => sids('call'),
    continueStep: async (input) => {
      this.steps.push(input);
      const answer = this.documents.get(input.token);
      if (!answer) throw new Error(`no document for step ${input.token}`);
      return answer(input.params);
    },
    reportStatus: async (report) => { this.statuses.push(report); },
  };

  on(token: string, verbs: readonly VoiceVerb[] | ((params: Readonly<Record<string, string>>) => readonly VoiceVerb[])): void {
    this.documents.set(token, (params) => program(typeof verbs === 'function' ? verbs(params) : verbs));
  }

  async call(verbs: readonly VoiceVerb[]): Promise<SandboxCall> {
    const leg = this.network.startCall(ACCOUNT, { sid: sids('call'), from: CALLER, to: NUMBER, bridgedWith: null, dateCreated: this.clock.now() });
    return startProgram(this.env, ACCOUNT, leg, program(verbs));
  }

  leg(sid: string): SandboxCall {
    const leg = this.network.findCall(ACCOUNT, sid);
    assert.ok(leg, `call ${sid} is kept`);
    return leg;
  }

  /** The legs a Dial placed to `to`, newest last. */
  legsTo(to: string): SandboxCall[] {
    return this.network.callsOf(ACCOUNT, to).filter((c) => c.to === to);
  }

  async dialed(to: string, event: 'answer' | 'busy' | 'no-answer' | 'hangup'): Promise<SandboxCall> {
    const leg = this.legsTo(to).at(-1);
    assert.ok(leg, `a leg rings at ${to}`);
    const owner = programCallOf(this.env, ACCOUNT, leg);
    assert.ok(owner?.dialed, `${leg.sid} is a dialed leg`);
    return dialedPhoneActs(this.env, ACCOUNT, leg, owner.call, event);
  }

  heard(sid: string): string[] {
    return this.leg(sid).heardLog.map((entry) => entry.text);
  }

  statusesOf(sid: string): string[] {
    return this.statuses.filter((s) => s.callSid === sid).map((s) => `${s.status}${s.durationSeconds === null ? '' : `/${s.durationSeconds}`}`);
  }
}

describe('sandbox program interpreter: speech', () => {
  test('Say, Play (audio and digits) and Pause are heard in order, loops written out; the call ends after the last verb', async () => {
    const h = new Harness();
    const call = await h.call([
      { verb: 'Say', text: 'Welcome', loop: 2 },
      { verb: 'Play', url: 'https://audio.invalid/jingle.mp3' },
      { verb: 'Pause', length: 3 },
      { verb: 'Pause' },
      { verb: 'Play', digits: '1w2' },
      { verb: 'Say', text: 'Many', loop: 500 },
    ]);
    assert.deepEqual(h.heard(call.sid), [
      'Welcome', 'Welcome', '[audio: https://audio.invalid/jingle.mp3]', '[pause 3s]', '[pause 1s]', '[digits: 1w2]', ...Array<string>(10).fill('Many'),
    ]);
    assert.equal(call.status, 'completed');
    assert.equal(callJson(call, null).heard, h.heard(call.sid).join('\n'), "the wire's heard stays the log's joined text");
    assert.deepEqual(h.statusesOf(call.sid), ['in-progress', 'completed/0']);
  });

  test('a Say looping until the call ends: nothing after it runs, the caller hangs up and the call completes with its duration', async () => {
    const h = new Harness();
    const call = await h.call([{ verb: 'Say', text: 'Please hold', loop: 0 }, { verb: 'Say', text: 'never' }]);
    assert.equal(call.status, 'in-progress');
    await assert.rejects(pressDigits(h.env, ACCOUNT, call, '1'), /not waiting for digits/);
    h.clock.advance(42);
    const ended = await callerHangsUp(h.env, ACCOUNT, call);
    assert.deepEqual([ended.status, ended.durationSeconds], ['completed', 42]);
    assert.deepEqual(h.heard(call.sid), ['Please hold']);
    assert.deepEqual(h.statusesOf(call.sid), ['in-progress', 'completed/42']);
  });

  test('Reject as the first verb: never answered, busy for reason busy and failed otherwise; Hangup completes', async () => {
    for (const [reject, status] of [[{ verb: 'Reject', reason: 'busy' }, 'busy'], [{ verb: 'Reject' }, 'failed']] as const) {
      const h = new Harness();
      const call = await h.call([reject, { verb: 'Say', text: 'never' }]);
      assert.deepEqual([call.status, call.answeredAt, h.heard(call.sid)], [status, null, []]);
      assert.deepEqual(h.statusesOf(call.sid), [`${status}/0`]);
    }
    const h = new Harness();
    const call = await h.call([{ verb: 'Say', text: 'Bye' }, { verb: 'Hangup' }, { verb: 'Say', text: 'never' }]);
    assert.deepEqual([call.status, h.heard(call.sid)], ['completed', ['Bye']]);
  });

  test('Redirect fetches the next document at once; one that is not a masq step is skipped with a note', async () => {
    const h = new Harness();
    h.on('second', [{ verb: 'Say', text: 'Second document' }]);
    const call = await h.call([{ verb: 'Redirect', url: 'https://app.invalid/raw' }, { verb: 'Say', text: 'First' }, { verb: 'Redirect', url: step('second') }, { verb: 'Say', text: 'never' }]);
    assert.deepEqual(h.heard(call.sid), ['First', 'Second document']);
    assert.deepEqual(h.steps.map((s) => [s.token, s.resourceSid, s.params.CallStatus]), [['second', call.sid, 'in-progress']]);
    assert.match(h.leg(call.sid).notes[0]?.text ?? '', /Redirect> to https:\/\/app\.invalid\/raw is not a masq step/);
  });

  test('a Redirect loop is ended after a bounded number of documents, with a note', async () => {
    const h = new Harness();
    h.on('loop', [{ verb: 'Say', text: 'again' }, { verb: 'Redirect', url: step('loop') }]);
    const call = await h.call([{ verb: 'Redirect', url: step('loop') }]);
    assert.equal(call.status, 'completed');
    assert.equal(h.steps.length, MAX_DOCUMENTS_PER_TURN);
    assert.match(h.leg(call.sid).notes.at(-1)?.text ?? '', /Redirect> loop/);
  });

  test('a step masq cannot answer ends the call, with the reason noted', async () => {
    const h = new Harness();
    const call = await h.call([{ verb: 'Redirect', url: step('missing') }]);
    assert.equal(call.status, 'completed');
    assert.match(h.leg(call.sid).notes[0]?.text ?? '', /no document for step missing/);
  });
});

describe('sandbox program interpreter: Gather', () => {
  const menu: VoiceVerb = { verb: 'Gather', numDigits: 1, action: step('menu'), prompts: [{ verb: 'Say', text: 'Press 1 for sales' }, { verb: 'Pause', length: 1 }] };

  test('the prompts are heard, then the call waits; the digit goes to the action and its document replaces the rest', async () => {
    const h = new Harness();
    h.on('menu', (p) => [{ verb: 'Say', text: `You pressed ${p.Digits ?? ''}` }]);
    const call = await h.call([menu, { verb: 'Say', text: 'never' }]);
    assert.deepEqual([call.status, h.heard(call.sid)], ['in-progress', ['Press 1 for sales', '[pause 1s]']]);
    const after = await pressDigits(h.env, ACCOUNT, call, '17');
    assert.deepEqual(h.steps.map((s) => s.params), [{ Digits: '1', FinishedOnKey: '', CallStatus: 'in-progress' }], 'numDigits=1 reads one key');
    assert.deepEqual(h.heard(call.sid).slice(2), ['You pressed 1']);
    assert.equal(after.status, 'completed');
  });

  test("finishOnKey ends the input (not included); keys without it are submitted at the timeout; '' disables it", async () => {
    const cases: [Partial<Extract<VoiceVerb, { verb: 'Gather' }>>, string, string, string][] = [
      [{}, '123#4', '123', '#'],
      [{ finishOnKey: '*' }, '12#*9', '12#', '*'],
      [{ finishOnKey: '' }, '12#', '12#', ''],
      [{ numDigits: 4 }, '12', '12', ''],
    ];
    for (const [attributes, pressed, digits, finishedOnKey] of cases) {
      const h = new Harness();
      h.on('pin', [{ verb: 'Hangup' }]);
      const call = await h.call([{ verb: 'Gather', action: step('pin'), prompts: [], ...attributes }]);
      await pressDigits(h.env, ACCOUNT, call, pressed);
      assert.deepEqual([h.steps[0]?.params.Digits, h.steps[0]?.params.FinishedOnKey], [digits, finishedOnKey], `${JSON.stringify(attributes)} + ${pressed}`);
    }
  });

  test('silence, or only the finishOnKey: no request to the action, the verb after the Gather runs; with none the call ends', async () => {
    const h = new Harness();
    const call = await h.call([menu, { verb: 'Say', text: 'We did not get that' }, menu]);
    await keepSilent(h.env, ACCOUNT, call);
    assert.deepEqual(h.heard(call.sid).slice(2), ['We did not get that', 'Press 1 for sales', '[pause 1s]']);
    const ended = await pressDigits(h.env, ACCOUNT, call, '#');
    assert.deepEqual([ended.status, h.steps.length], ['completed', 0]);
  });

  test("the caller's preset digits answer the Gathers by themselves, one entry each ('' stays silent)", async () => {
    const h = new Harness();
    h.network.setBehaviour(ACCOUNT, CALLER, { ...DEFAULT_BEHAVIOUR, digits: ['', '2'] });
    h.on('menu', (p) => [{ verb: 'Say', text: `Option ${p.Digits ?? ''}` }]);
    const call = await h.call([menu, menu]);
    assert.equal(call.status, 'completed');
    assert.deepEqual(h.heard(call.sid), ['Press 1 for sales', '[pause 1s]', 'Press 1 for sales', '[pause 1s]', 'Option 2']);
    assert.deepEqual(h.network.behaviourOf(ACCOUNT, CALLER).digits, [], 'the entries were used up');
  });

  test('one call handles one event at a time: a second press while the first is being answered finds no Gather', async () => {
    const h = new Harness();
    let release = (): void => undefined;
    const gate = new Promise<void>((resolve) => { release = resolve; });
    h.documents.set('menu', (p) => program([{ verb: 'Say', text: `got ${p.Digits ?? ''}` }, { verb: 'Pause', length: 5 }]));
    const slow = h.env.continueStep;
    const env: ProgramEnv = { ...h.env, continueStep: async (input) => { await gate; return slow(input); } };
    const call = await startProgram(env, ACCOUNT, h.network.startCall(ACCOUNT, { sid: sids('call'), from: CALLER, to: NUMBER, bridgedWith: null, dateCreated: h.clock.now() }), program([menu]));
    const first = pressDigits(env, ACCOUNT, call, '1');
    const second = pressDigits(env, ACCOUNT, call, '2');
    release();
    await first;
    await assert.rejects(second, /not a programmable call waiting|not waiting for digits/);
    assert.deepEqual(h.steps.map((s) => s.params.Digits), ['1']);
  });
});

describe('sandbox program interpreter: Record', () => {
  const voicemail: VoiceVerb = { verb: 'Record', action: step('saved'), maxLength: 30 };

  test('a beep, then the voicemail goes to the action with what was said and its duration (within maxLength)', async () => {
    const h = new Harness();
    h.on('saved', [{ verb: 'Say', text: 'Thanks' }]);
    const call = await h.call([{ verb: 'Say', text: 'Leave a message' }, voicemail]);
    assert.deepEqual(h.heard(call.sid), ['Leave a message', '[beep]']);
    const after = await leaveVoicemail(h.env, ACCOUNT, call, { text: 'Call me back', seconds: 95, hangUp: false });
    assert.deepEqual(h.steps.map((s) => s.params), [{ MasqRecordingText: 'Call me back', RecordingDuration: '30', CallStatus: 'in-progress' }]);
    assert.deepEqual([after.status, h.heard(call.sid).at(-1)], ['completed', 'Thanks']);
  });

  test('playBeep false: no beep; silence is an empty recording: no request, the next verb runs', async () => {
    const h = new Harness();
    const call = await h.call([{ ...voicemail, playBeep: false }, { verb: 'Say', text: 'No message recorded' }]);
    assert.deepEqual(h.heard(call.sid), []);
    const after = await keepSilent(h.env, ACCOUNT, call);
    assert.deepEqual([after.status, h.heard(call.sid), h.steps.length], ['completed', ['No message recorded'], 0]);
  });

  test('hanging up after the message: the action still hears of it (Digits=hangup), its answer is not carried out', async () => {
    const h = new Harness();
    h.on('saved', [{ verb: 'Say', text: 'never heard' }]);
    const call = await h.call([voicemail]);
    h.clock.advance(7);
    const after = await leaveVoicemail(h.env, ACCOUNT, call, { text: 'Bye now', seconds: null, hangUp: true });
    assert.deepEqual(h.steps[0]?.params, { MasqRecordingText: 'Bye now', RecordingDuration: '1', Digits: 'hangup', CallStatus: 'completed' });
    assert.deepEqual([after.status, after.durationSeconds, h.heard(call.sid)], ['completed', 7, ['[beep]']]);
  });

  test("the caller's standing voicemail is left by itself", async () => {
    const h = new Harness();
    h.network.setBehaviour(ACCOUNT, CALLER, { ...DEFAULT_BEHAVIOUR, voicemail: 'It is me, call back' });
    h.on('saved', [{ verb: 'Hangup' }]);
    const call = await h.call([voicemail]);
    assert.equal(call.status, 'completed');
    assert.equal(h.steps[0]?.params.MasqRecordingText, 'It is me, call back');
  });
});

describe('sandbox program interpreter: Dial', () => {
  const dialBoth: VoiceVerb = { verb: 'Dial', timeout: 20, action: step('dialed'), targets: [{ kind: 'number', number: ALICE }, { kind: 'number', number: BOB }] };

  test('several numbers ring at once from the caller id; the first to answer is bridged, the others canceled; its hang-up reaches the action', async () => {
    const h = new Harness();
    h.on('dialed', (p) => [{ verb: 'Say', text: `Dial ${p.DialCallStatus ?? ''}` }]);
    const call = await h.call([{ ...dialBoth, callerId: NUMBER }]);
    const [alice, bob] = [h.legsTo(ALICE)[0], h.legsTo(BOB)[0]];
    assert.deepEqual([alice?.status, alice?.from, bob?.status, bob?.bridgedWith], ['ringing', NUMBER, 'ringing', call.sid]);
    const answered = await h.dialed(BOB, 'answer');
    assert.deepEqual([answered.status, h.leg(call.sid).bridgedWith, h.legsTo(ALICE)[0]?.status], ['in-progress', answered.sid, 'canceled']);
    h.clock.advance(61);
    await h.dialed(BOB, 'hangup');
    assert.deepEqual(h.steps[0]?.params, { DialCallStatus: 'completed', DialBridged: 'true', CallStatus: 'in-progress', DialCallSid: answered.sid, DialCallDuration: '61' });
    assert.deepEqual([h.leg(call.sid).status, h.heard(call.sid)], ['completed', ['Dial completed']]);
  });

  test('without a callerId the caller\'s number shows; nobody answering: no-answer beats busy, all busy is busy', async () => {
    const cases: [readonly ('busy' | 'no-answer')[], string][] = [[['busy', 'no-answer'], 'no-answer'], [['busy', 'busy'], 'busy']];
    for (const [events, status] of cases) {
      const h = new Harness();
      h.on('dialed', []);
      await h.call([dialBoth]);
      assert.equal(h.legsTo(ALICE)[0]?.from, CALLER);
      await h.dialed(ALICE, events[0] ?? 'busy');
      assert.equal(h.steps.length, 0, 'the Dial waits while a leg still rings');
      await h.dialed(BOB, events[1] ?? 'busy');
      assert.deepEqual(h.steps.map((s) => s.params.DialCallStatus), [status]);
    }
  });

  test('a SIP target fails at once with a note; a Dial without an action goes on with the next verb', async () => {
    const h = new Harness();
    const call = await h.call([{ verb: 'Dial', targets: [{ kind: 'sip', uri: 'sip:desk@pbx.invalid' }] }, { verb: 'Say', text: 'Nobody could be reached' }]);
    assert.deepEqual([call.status, h.heard(call.sid)], ['completed', ['Nobody could be reached']]);
    assert.match(h.leg(call.sid).notes[0]?.text ?? '', /sip:desk@pbx\.invalid failed: the sandbox has no SIP network/);
    const withAction = new Harness();
    withAction.on('dialed', [{ verb: 'Hangup' }]);
    await withAction.call([{ verb: 'Dial', action: step('dialed'), targets: [{ kind: 'sip', uri: 'sip:desk@pbx.invalid' }] }]);
    assert.deepEqual(withAction.steps.map((s) => s.params.DialCallStatus), ['failed']);
  });

  test("standing behaviours: a busy phone and one that answers: the flow runs on its own", async () => {
    const h = new Harness();
    h.network.setBehaviour(ACCOUNT, ALICE, { ...DEFAULT_BEHAVIOUR, onCall: 'busy' });
    h.network.setBehaviour(ACCOUNT, BOB, { ...DEFAULT_BEHAVIOUR, onCall: 'answer' });
    h.on('dialed', []);
    const call = await h.call([{ verb: 'Dial', action: step('dialed'), targets: [{ kind: 'number', number: ALICE }] }]);
    assert.deepEqual(h.steps.map((s) => s.params.DialCallStatus), ['busy']);
    assert.equal(call.status, 'completed');
    const second = new Harness();
    second.network.setBehaviour(ACCOUNT, BOB, { ...DEFAULT_BEHAVIOUR, onCall: 'answer' });
    const bridged = await second.call([dialBoth]);
    assert.deepEqual([bridged.status, bridged.bridgedWith, second.legsTo(BOB)[0]?.status, second.legsTo(ALICE)[0]?.status], ['in-progress', second.legsTo(BOB)[0]?.sid, 'in-progress', 'canceled']);
  });

  test('the caller hangs up while the phones ring: the legs are canceled and the action hears canceled', async () => {
    const h = new Harness();
    h.on('dialed', [{ verb: 'Say', text: 'never' }]);
    const call = await h.call([dialBoth]);
    const ended = await callerHangsUp(h.env, ACCOUNT, call);
    assert.deepEqual([ended.status, h.legsTo(ALICE)[0]?.status, h.legsTo(BOB)[0]?.status], ['completed', 'canceled', 'canceled']);
    assert.deepEqual(h.steps.map((s) => [s.params.DialCallStatus, s.params.CallStatus]), [['canceled', 'completed']]);
    assert.deepEqual(h.heard(call.sid), []);
  });

  test('the caller hangs up on a bridged call: the dialed leg completes with its duration, the action hears completed', async () => {
    const h = new Harness();
    h.on('dialed', []);
    const call = await h.call([dialBoth]);
    await h.dialed(ALICE, 'answer');
    h.clock.advance(9);
    await callerHangsUp(h.env, ACCOUNT, call);
    assert.deepEqual([h.legsTo(ALICE)[0]?.status, h.legsTo(ALICE)[0]?.durationSeconds], ['completed', 9]);
    assert.deepEqual([h.steps[0]?.params.DialCallStatus, h.steps[0]?.params.DialCallDuration], ['completed', '9']);
    assert.deepEqual(h.statusesOf(call.sid), ['in-progress', 'completed/9']);
  });

  test('a dialed phone cannot be told busy once it answered, and a ringing phone that hangs up declines (busy)', async () => {
    const h = new Harness();
    h.on('dialed', []);
    await h.call([{ ...dialBoth, targets: [{ kind: 'number', number: ALICE }] }]);
    await h.dialed(ALICE, 'hangup');
    assert.deepEqual([h.legsTo(ALICE)[0]?.status, h.steps[0]?.params.DialCallStatus], ['busy', 'busy']);
    const other = new Harness();
    await other.call([dialBoth]);
    await other.dialed(ALICE, 'answer');
    await assert.rejects(other.dialed(ALICE, 'busy'), /already answered/);
  });
});
