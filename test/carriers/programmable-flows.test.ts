// A masq flow answering calls over each carrier's signed webhooks (Twilio's TwiML, Telnyx's TeXML, against
// their loopback fakes), on every database: the carrier gets the flow's verbs with masq's step URLs as their
// continuations, calls those back as it would (signed, with Digits, DialCallStatus, a recording), and each
// time gets the flow's next verbs from the same call-plan step the sandbox uses. Every call action is
// walked: route conditions (the carrier's STIR/SHAKEN attestation, the caller, the time of day and week),
// the announcement, reject and hang-up, the menu (a key, and silence), forwards in turn and at once (one
// recorded, its audio fetched from the carrier's API), SIP failing over to the owner's app (asked signed,
// its TwiML carried on), and a voicemail fetched, kept, POSTed as signed JSON and emailed with the audio.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DialVerb, VoiceVerb } from '../../src/domain/twiml/verbs.ts';
import { ACCOUNT_SID, list } from '../api/support.ts';
import { attachmentOf } from '../support/smtp-peer.ts';
import { twiml } from '../support/twiml-app.ts';
import type { HttpReply } from './drivers/driver.ts';
import { sandboxDriver } from './drivers/sandbox.ts';
import { telnyxDriver } from './drivers/telnyx.ts';
import { twilioDriver } from './drivers/twilio.ts';
import { DATABASES, PUBLIC_URL, type World } from './harness.ts';
import { flowStepsOf, inProgrammableWorld, kindsOf, stepCallbackOf, stepUrlOf, verbsOf, type ProgrammableWorld } from './programmable-world.ts';

const NUMBER = '+14155557000';
const CALLER = '+14155550101';
const BLOCKED = '+14155550666';
const LONDON = '+447700900123';
const SALES = '+14155550202';
const SUPPORT = '+14155550303';
const ZONE = 'America/New_York';
const VOICEMAIL = Buffer.from('RIFF....WAVEfmt a voicemail the carrier recorded', 'latin1');
const CONVERSATION = Buffer.from('RIFF....WAVEfmt the recorded conversation', 'latin1');
const MENU = 'Press 1 for sales, 2 for the team, 3 for the desk, 9 to leave a message, 0 to hang up';

const frontDesk = (p: ProgrammableWorld) => ({
  version: 1,
  start: { voice: 'screen' },
  nodes: {
    screen: {
      type: 'route',
      rules: [
        { when: { attestation: { in: ['C'] } }, next: 'spoofed' },
        { when: { caller: { in: [BLOCKED], country: ['GB'] } }, next: 'nope' },
        { when: { time: { timezone: ZONE, days: ['sun'], from: '20:00', to: '23:00' } }, next: 'closed' },
      ],
      otherwise: 'menu',
    },
    spoofed: { type: 'reject', reason: 'busy' },
    nope: { type: 'reject', reason: 'rejected' },
    closed: { type: 'say', text: 'We are closed on Sunday evenings', next: 'bye' },
    bye: { type: 'hangup' },
    menu: { type: 'menu', prompt: MENU, options: { 1: 'sales', 2: 'team', 3: 'desk', 9: 'vm', 0: 'bye' } },
    sales: { type: 'forward', to: [SALES, SUPPORT], strategy: 'sequential', timeout: 15, record: true, next: 'vm' },
    team: { type: 'forward', to: [SALES, SUPPORT], strategy: 'simultaneous', callerId: 'number', timeout: 20 },
    desk: { type: 'sip', uri: 'sip:desk@pbx.invalid', timeout: 10, next: 'ask' },
    ask: { type: 'webhook', url: p.app.url('/flow-voice') },
    vm: { type: 'voicemail', greeting: 'Leave a message after the tone', maxLength: 60, webhook: p.hooks.url('/voicemail'), email: ['ops@example.com'] },
  },
});

const WEEKDAY = new Intl.DateTimeFormat('en-US', { timeZone: ZONE, weekday: 'short', hour: 'numeric', hourCycle: 'h23' });

/** Moves the world's clock on (it only moves forward) to the next `weekday` (Sun, Mon...) at `hour`:05 in New York. */
const advanceTo = (w: World, weekday: string, hour: number): void => {
  const now = w.masq.nowSeconds();
  const quarter = 15 * 60;
  for (let at = now - (now % quarter) + quarter; at < now + 8 * 24 * 3600; at += quarter) {
    const parts = WEEKDAY.formatToParts(new Date(at * 1000));
    const part = (type: string): string => parts.find((x) => x.type === type)?.value ?? '';
    if (part('weekday') === weekday && Number(part('hour')) === hour) {
      w.masq.advance(at + 5 * 60 - now);
      return;
    }
  }
  throw new Error(`no ${weekday} ${hour}:00 in New York within a week`);
};

/** A world whose number is answered by the front-desk flow, on a Monday morning in New York (every rule but the time's open). */
const withFrontDesk = async (p: ProgrammableWorld): Promise<void> => {
  advanceTo(p.w, 'Mon', 10);
  await p.number(NUMBER, { FlowSid: await p.flow(frontDesk(p)), StatusCallback: p.app.url('/status') });
};

const call = async (p: ProgrammableWorld, from: string, attestation: 'A' | 'B' | 'C' = 'A') => {
  const { delivery } = await p.carrier.call(p.w.masq, from, NUMBER, { attestation });
  return { callId: delivery.resourceId, verbs: verbsOf(delivery.reply, 'the first answer') };
};

const stepper = (p: ProgrammableWorld, callId: string) =>
  async (url: string | undefined, params: Record<string, string>, what: string): Promise<readonly VoiceVerb[]> => {
    const reply: HttpReply = await stepCallbackOf(p.carrier)(p.w.masq, stepUrlOf(url, p.carrier.accountName), callId, params);
    return verbsOf(reply, what);
  };

/** The menu's Gather (its prompt checked) and the Redirect that is its silence branch. */
const menuOf = (verbs: readonly VoiceVerb[]) => {
  const [gather, silence] = verbs;
  assert.ok(gather?.verb === 'Gather' && silence?.verb === 'Redirect', JSON.stringify(verbs));
  assert.deepEqual([gather.numDigits, gather.prompts], [1, [{ verb: 'Say', text: MENU }]]);
  return { gather, silence };
};

const dialOf = (verb: VoiceVerb | undefined): DialVerb => {
  assert.ok(verb?.verb === 'Dial', `a Dial, got ${JSON.stringify(verb)}`);
  return verb;
};

/** A Dial as the carrier got it, its action aside (a step URL, checked where it is followed). */
const shapeOf = (dial: DialVerb) => ({ ...dial, action: undefined });

const scenarios: Record<string, (p: ProgrammableWorld) => Promise<void>> = {
  'route conditions from the carrier\'s STIR/SHAKEN, the caller and the time: reject, the announcement and hang-up, else the menu': async (p) => {
    await withFrontDesk(p);
    assert.deepEqual((await call(p, CALLER, 'C')).verbs, [{ verb: 'Reject', reason: 'busy' }]);
    const spoofed = await p.traffic(NUMBER);
    assert.deepEqual([spoofed.record.attestation, spoofed.record.application, flowStepsOf(spoofed)], ['C', 'flow', ['screen: rule 1 matched (attestation: C)', 'spoofed: next']]);
    assert.deepEqual((await call(p, BLOCKED)).verbs, [{ verb: 'Reject', reason: 'rejected' }]);
    assert.deepEqual(flowStepsOf(await p.traffic(NUMBER))[0], `screen: rule 2 matched (caller: in [${BLOCKED}] or country GB)`);
    assert.deepEqual((await call(p, LONDON)).verbs, [{ verb: 'Reject', reason: 'rejected' }], 'a caller from the country listed');
    const open = await call(p, CALLER, 'A');
    menuOf(open.verbs);
    assert.equal((await p.traffic(NUMBER)).record.attestation, 'A');
    // The caller presses 0: the hang-up node.
    assert.deepEqual(await stepper(p, open.callId)(menuOf(open.verbs).gather.action, { Digits: '0' }, 'after 0'), [{ verb: 'Hangup' }]);

    advanceTo(p.w, 'Sun', 21);
    assert.deepEqual((await call(p, CALLER)).verbs, [{ verb: 'Say', text: 'We are closed on Sunday evenings' }, { verb: 'Hangup' }]);
    assert.deepEqual(flowStepsOf(await p.traffic(NUMBER)), [`screen: rule 3 matched (time: sun 20:00-23:00 ${ZONE})`, 'closed: next', 'bye: next']);
  },

  'the menu: silence asks again; 1 forwards in turn, the first rings out, the second answers and the call is recorded and kept': async (p) => {
    await withFrontDesk(p);
    const { callId, verbs } = await call(p, CALLER);
    const step = stepper(p, callId);
    const again = await step(menuOf(verbs).silence.url, {}, 'after silence');
    const { gather } = menuOf(again);
    const first = dialOf((await step(gather.action, { Digits: '1' }, 'after 1'))[0]);
    const inTurn = { verb: 'Dial', timeout: 15, callerId: CALLER, record: 'record-from-answer', action: undefined };
    assert.deepEqual(shapeOf(first), { ...inTurn, targets: [{ kind: 'number', number: SALES }] });
    const second = dialOf((await step(first.action, { DialCallStatus: 'no-answer', DialCallDuration: '0' }, 'after no answer'))[0]);
    assert.deepEqual(shapeOf(second), { ...inTurn, targets: [{ kind: 'number', number: SUPPORT }] });
    const recorded = p.carrier.recording?.(CONVERSATION, 42) ?? {};
    const answered = await step(second.action, { DialCallStatus: 'completed', DialCallDuration: '42', ...recorded }, 'after the answered call');
    assert.deepEqual(answered, [{ verb: 'Hangup' }]);

    const recordings = list(await p.api('GET', `/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings.json?CallSid=${encodeURIComponent(callId)}`), 'recordings');
    assert.deepEqual(recordings.map((r) => [r.call_sid, r.source, r.status, r.duration]), [[callId, 'DialVerb', 'completed', '42']]);
    assert.deepEqual([...p.storage.files.values()].map((f) => f.data), [CONVERSATION]);
    const log = await p.traffic(NUMBER);
    assert.deepEqual(flowStepsOf(log), [
      'screen: no rule matched: otherwise', 'menu: next', 'menu: no key pressed: asked again (try 2 of 3)', 'menu: pressed 1', 'sales: option 1 of menu "menu"',
      `sales: ${SALES} no-answer: trying the next number`, 'sales: answered: the call was connected',
    ]);
    for (const kind of ['digits', 'dial-result', 'recording']) assert.ok(kindsOf(log).includes(kind), `a ${kind} event in ${kindsOf(log).join(', ')}`);
  },

  'the menu: 2 rings both phones at once from the flow\'s own number; one answers, and the carrier\'s report of the call\'s end reaches the StatusCallback': async (p) => {
    await withFrontDesk(p);
    const { callId, verbs } = await call(p, CALLER);
    const step = stepper(p, callId);
    const team = dialOf((await step(menuOf(verbs).gather.action, { Digits: '2' }, 'after 2'))[0]);
    assert.deepEqual(shapeOf(team), { verb: 'Dial', timeout: 20, callerId: NUMBER, action: undefined, targets: [{ kind: 'number', number: SALES }, { kind: 'number', number: SUPPORT }] });
    assert.deepEqual(await step(team.action, { DialCallStatus: 'completed', DialCallDuration: '12' }, 'after the call'), [{ verb: 'Hangup' }]);
    assert.deepEqual(flowStepsOf(await p.traffic(NUMBER)).slice(-2), ['team: option 2 of menu "menu"', 'team: answered: the call was connected']);

    // The carrier's call status callback (its application's status URL), signed as its webhooks are.
    const ended = await stepCallbackOf(p.carrier)(p.w.masq, `${PUBLIC_URL}/webhooks/${p.carrier.accountName}/call-status`, callId, { CallStatus: 'completed', CallDuration: '14' });
    assert.equal(ended.status, 200, ended.body);
    const log = await p.traffic(NUMBER);
    assert.deepEqual([log.record.status, log.record.duration], ['completed', 14]);
    await p.runJobs();
    assert.deepEqual(p.app.to('/status').map((r) => [r.params.CallSid, r.params.CallStatus, r.params.CallDuration, r.signatureValid]), [[callId, 'completed', '14', true]]);
  },

  'the menu: 3 dials SIP, which fails over to asking the owner\'s app (signed); the app\'s TwiML carries the call on': async (p) => {
    await withFrontDesk(p);
    const { callId, verbs } = await call(p, CALLER);
    const step = stepper(p, callId);
    const desk = dialOf((await step(menuOf(verbs).gather.action, { Digits: '3' }, 'after 3'))[0]);
    assert.deepEqual(shapeOf(desk), { verb: 'Dial', timeout: 10, action: undefined, targets: [{ kind: 'sip', uri: 'sip:desk@pbx.invalid' }] });
    const [handover] = await step(desk.action, { DialCallStatus: 'failed' }, 'after the failed SIP dial');
    assert.ok(handover?.verb === 'Redirect', `the flow hands the call over: ${JSON.stringify(handover)}`);
    assert.equal(p.app.requests.length, 0, 'the carrier never calls the app itself');

    p.app.answer('/flow-voice', twiml('<Say>Hello from the app</Say><Gather numDigits="4" action="/pin"><Say>Your PIN, please</Say></Gather>'));
    const fromApp = await step(handover.url, {}, 'the app\'s answer');
    const [hello, pin] = fromApp;
    assert.deepEqual(hello, { verb: 'Say', text: 'Hello from the app' });
    assert.ok(pin?.verb === 'Gather');
    const [asked] = p.app.to('/flow-voice');
    assert.deepEqual([asked?.method, asked?.signatureValid, asked?.params.CallSid, asked?.params.From, asked?.params.To], ['POST', true, callId, CALLER, NUMBER]);

    p.app.answer('/pin', twiml('<Say>Thank you</Say><Hangup/>'));
    assert.deepEqual(await step(pin.action, { Digits: '1234' }, 'after the PIN'), [{ verb: 'Say', text: 'Thank you' }, { verb: 'Hangup' }]);
    assert.deepEqual(p.app.to('/pin').map((r) => [r.params.Digits, r.signatureValid]), [['1234', true]]);
    assert.deepEqual(flowStepsOf(await p.traffic(NUMBER)).slice(-2), ['desk: failed: nobody answered', 'ask: no answer at "desk"']);
  },

  'nobody answers the forward, so voicemail: the carrier\'s recording is fetched and kept, POSTed as signed JSON and emailed with the audio': async (p) => {
    await withFrontDesk(p);
    const { callId, verbs } = await call(p, CALLER);
    const step = stepper(p, callId);
    const first = dialOf((await step(menuOf(verbs).gather.action, { Digits: '1' }, 'after 1'))[0]);
    const second = dialOf((await step(first.action, { DialCallStatus: 'busy' }, 'after busy'))[0]);
    const atVoicemail = await step(second.action, { DialCallStatus: 'no-answer' }, 'after no answer');
    const [greeting, record, nothing, hangup] = atVoicemail;
    assert.deepEqual([greeting, nothing, hangup], [{ verb: 'Say', text: 'Leave a message after the tone' }, { verb: 'Say', text: 'No message was recorded. Goodbye.' }, { verb: 'Hangup' }]);
    assert.ok(record?.verb === 'Record');
    assert.deepEqual([record.maxLength, record.playBeep, record.finishOnKey], [60, true, '#']);

    const reported = p.carrier.recording?.(VOICEMAIL, 7) ?? {};
    assert.deepEqual(await step(record.action, reported, 'after the message'), [{ verb: 'Hangup' }]);
    // The carrier delivers the same callback again (its answer was lost): the voicemail is kept and delivered once.
    assert.deepEqual(await step(record.action, reported, 'the same callback again'), [{ verb: 'Hangup' }]);
    await p.runJobs();
    assert.equal(list(await p.api('GET', `/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings.json`), 'recordings').length, 1);
    assert.deepEqual([p.hooks.to('/voicemail').length, p.smtp.received.length], [1, 1]);
    const [delivered] = p.hooks.to('/voicemail');
    assert.ok(delivered?.signatureValid, 'the voicemail webhook is signed (bodySHA256) with the account\'s auth token');
    const recordingSid = String(delivered.body.recording_sid);
    assert.match(recordingSid, /^RE[0-9a-f]{32}$/);
    assert.deepEqual(
      [delivered.body.event_type, delivered.body.call_sid, delivered.body.from, delivered.body.to, delivered.body.recording_duration, delivered.body.flow_node],
      ['voicemail.recorded', callId, CALLER, NUMBER, 7, 'vm'],
    );
    const recording = await p.api('GET', `/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings/${recordingSid}.json`);
    assert.deepEqual([recording.call_sid, recording.source, recording.status], [callId, 'RecordVerb', 'completed']);
    const mail = p.smtp.received.find((m) => m.to.includes('ops@example.com'));
    assert.ok(mail, 'the voicemail was emailed');
    assert.match(mail.raw, new RegExp(`Subject: Voicemail from \\${CALLER} \\(7 s\\)`));
    const attached = attachmentOf(mail.raw, `${recordingSid}.wav`) ?? attachmentOf(mail.raw, `${recordingSid}.mp3`);
    assert.deepEqual(attached?.data, VOICEMAIL, 'the carrier\'s audio is attached as it was fetched');
    const log = await p.traffic(NUMBER);
    assert.deepEqual(flowStepsOf(log).slice(-4), ['sales: no-answer: nobody answered', 'vm: no answer at "sales"', 'vm: message recorded', 'vm: message recorded']);
    for (const kind of ['recording', 'webhook', 'email']) assert.ok(kindsOf(log).includes(kind), `a ${kind} event in ${kindsOf(log).join(', ')}`);
  },
};

// The sandbox carries the same verbs out itself (its virtual phones press keys, answer, hang up): what
// flows-sandbox.test.ts and sandbox-phones-program.test.ts do not walk, the route conditions and a recorded forward.
const enc = encodeURIComponent;

const sandboxCall = async (p: ProgrammableWorld, from: string, attestation: 'A' | 'B' | 'C' = 'A') => {
  const { delivery } = await p.carrier.call(p.w.masq, from, NUMBER, { attestation });
  assert.equal(delivery.reply.status, 201, delivery.reply.body);
  const placed = delivery.reply.json.call;
  assert.ok(typeof placed === 'object' && placed !== null);
  return Object.fromEntries(Object.entries(placed));
};

const heard = (call: Record<string, unknown>): string[] => list(call, 'heard_log').map((entry) => String(entry.text));

const sandboxAct = async (p: ProgrammableWorld, sid: unknown, what: string, fields: Record<string, string> = {}) =>
  p.api('POST', `/sandbox/calls/${String(sid)}/${what}`, fields, 200);

const legTo = async (p: ProgrammableWorld, phone: string): Promise<Record<string, unknown>> => {
  const leg = list(await p.api('GET', `/sandbox/phones/${enc(phone)}/calls`), 'calls').filter((c) => c.to === phone).at(-1);
  assert.ok(leg, `a call leg rings at ${phone}`);
  return leg;
};

const onTheSandbox: Record<string, (p: ProgrammableWorld) => Promise<void>> = {
  'route conditions from the call\'s attestation, the caller and the time: busy, rejected, the menu (silence, then its hang-up), the announcement': async (p) => {
    await withFrontDesk(p);
    const spoofed = await sandboxCall(p, CALLER, 'C');
    assert.deepEqual([spoofed.status, heard(spoofed)], ['busy', []]);
    assert.equal((await p.traffic(NUMBER)).record.attestation, 'C');
    assert.equal((await sandboxCall(p, BLOCKED)).status, 'failed');
    const open = await sandboxCall(p, CALLER);
    assert.deepEqual([open.status, heard(open)], ['in-progress', [MENU]]);
    assert.deepEqual(heard(await sandboxAct(p, open.sid, 'silence')), [MENU, MENU], 'silence at the menu: the prompt again');
    assert.equal((await sandboxAct(p, open.sid, 'digits', { Digits: '0' })).status, 'completed');
    advanceTo(p.w, 'Sun', 21);
    const closed = await sandboxCall(p, CALLER);
    assert.deepEqual([closed.status, heard(closed)], ['completed', ['We are closed on Sunday evenings']]);
    assert.deepEqual(flowStepsOf(await p.traffic(NUMBER))[0], `screen: rule 3 matched (time: sun 20:00-23:00 ${ZONE})`);
  },

  'the menu: 1 forwards in turn, the first rings out, the second answers; the recorded call is kept as a Dial recording': async (p) => {
    await withFrontDesk(p);
    const caller = await sandboxCall(p, CALLER);
    await sandboxAct(p, caller.sid, 'digits', { Digits: '1' });
    await sandboxAct(p, (await legTo(p, SALES)).sid, 'no-answer');
    const second = await legTo(p, SUPPORT);
    assert.deepEqual([second.status, second.from], ['ringing', CALLER]);
    await sandboxAct(p, second.sid, 'answer');
    p.w.masq.advance(42);
    await sandboxAct(p, second.sid, 'hangup');
    assert.equal((await p.api('GET', `/sandbox/calls/${String(caller.sid)}`)).status, 'completed');
    const [recording, ...more] = list(await p.api('GET', `/2010-04-01/Accounts/${ACCOUNT_SID}/Recordings.json?CallSid=${String(caller.sid)}`), 'recordings');
    assert.equal(more.length, 0);
    assert.deepEqual([recording?.source, recording?.status], ['DialVerb', 'completed']);
    assert.ok(Number(recording?.duration) >= 42, `the recording lasts the bridged call: ${String(recording?.duration)}`);
    const [audio] = [...p.storage.files.values()];
    assert.equal(audio?.data.subarray(0, 4).toString('latin1'), 'RIFF');
    assert.deepEqual(flowStepsOf(await p.traffic(NUMBER)).slice(-2), [`sales: ${SALES} no-answer: trying the next number`, 'sales: answered: the call was connected']);
  },
};

for (const db of DATABASES) {
  for (const driver of [twilioDriver, telnyxDriver]) {
    for (const [name, scenario] of Object.entries(scenarios)) {
      test(`${driver.type} on ${db.name}: ${name}`, () => inProgrammableWorld(db, driver, scenario));
    }
  }
  for (const [name, scenario] of Object.entries(onTheSandbox)) {
    test(`sandbox on ${db.name}: ${name}`, () => inProgrammableWorld(db, sandboxDriver, scenario));
  }
}
