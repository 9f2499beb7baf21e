// The evaluator through the dry-run, as a flow's author uses it ("what happens to a call from X at 21:00 on
// a Sunday"): time windows in their own time zones (daylight saving time included, overnight windows),
// caller lists, prefixes and countries, attestation, the keys pressed at menus, forwards nobody answers,
// and messages; plus the verbs a real call gets, whose continuations lead back into the flow.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { flowNodeOf } from '../programmable/continuation.ts';
import type { VoiceVerb } from '../twiml/verbs.ts';
import { dryRun, type DryRunInput, type DryRunResult } from './dry-run.ts';
import { MAX_FLOW_STEPS_PER_CALL, voiceStep } from './evaluate.ts';
import type { FlowDocument } from './flow-document.ts';
import { readPosition } from './flow-position.ts';
import { readFlowValue } from './read-flow-document.ts';

const PLACE = { flowSid: `FW${'a'.repeat(32)}`, revision: 3 };
const CALLER = '+14155550100';
const NUMBER = '+14155559999';

const flow = (value: unknown): FlowDocument => {
  const result = readFlowValue(value);
  if (result.kind !== 'ok') throw new Error(JSON.stringify(result.problems));
  return result.document;
};

const run = (doc: FlowDocument, input: Partial<DryRunInput>): DryRunResult => dryRun(doc, PLACE, {
  channel: 'voice', from: CALLER, to: NUMBER, at: new Date('2026-03-09T15:00:00Z'), attestation: null, body: '', digits: [], dialOutcome: 'completed', ...input,
});

const nodes = (r: DryRunResult): string[] => r.path.map((s) => s.node);
const whys = (r: DryRunResult): string[] => r.path.map((s) => `${s.node}: ${s.why}`);

const hours = flow({
  version: 1,
  start: 'hours',
  nodes: {
    hours: {
      type: 'route',
      rules: [
        { when: { time: { timezone: 'America/New_York', days: ['mon', 'tue', 'wed', 'thu', 'fri'], from: '09:00', to: '17:00' } }, next: 'open' },
        { when: { time: { timezone: 'Europe/London', days: ['fri'], from: '22:00', to: '06:00' } }, next: 'late' },
      ],
      otherwise: 'closed',
    },
    open: { type: 'say', text: 'We are open' },
    late: { type: 'say', text: 'Late night line' },
    closed: { type: 'say', text: 'We are closed' },
  },
});

test('time: office hours in New York, either side of the switch to daylight saving time', () => {
  // 2026-03-08 is the US switch: 13:30 UTC is 08:30 EST the Monday before, 09:30 EDT the Monday after.
  assert.deepEqual(nodes(run(hours, { at: new Date('2026-03-02T13:30:00Z') })), ['hours', 'closed']);
  const after = run(hours, { at: new Date('2026-03-09T13:30:00Z') });
  assert.deepEqual(nodes(after), ['hours', 'open']);
  assert.equal(after.path[0]?.why, 'rule 1 matched (time: mon,tue,wed,thu,fri 09:00-17:00 America/New_York)');
  assert.deepEqual(after.path[1]?.actions, ['say "We are open"', 'hang up']);
  assert.equal(after.outcome, 'the call ends');
  // 17:00 is closed (the window's end is excluded); Saturday is closed all day.
  assert.deepEqual(nodes(run(hours, { at: new Date('2026-03-09T21:00:00Z') })), ['hours', 'closed']);
  assert.deepEqual(nodes(run(hours, { at: new Date('2026-03-14T15:00:00Z') })), ['hours', 'closed']);
});

test('time: an overnight window belongs to the evening it starts on, in its own zone (BST included)', () => {
  // Friday 23:30 and Saturday 01:30 in London (BST, UTC+1, in June) are Friday night; Friday 01:30 is Thursday's.
  assert.deepEqual(nodes(run(hours, { at: new Date('2026-06-05T22:30:00Z') })), ['hours', 'late']);
  assert.deepEqual(nodes(run(hours, { at: new Date('2026-06-06T00:30:00Z') })), ['hours', 'late']);
  assert.deepEqual(nodes(run(hours, { at: new Date('2026-06-05T00:30:00Z') })), ['hours', 'closed']);
  assert.deepEqual(nodes(run(hours, { at: new Date('2026-06-06T05:30:00Z') })), ['hours', 'closed'], '06:30 BST: the window has closed');
});

const screening = flow({
  version: 1,
  start: 'screen',
  nodes: {
    screen: {
      type: 'route',
      rules: [
        { when: { caller: { in: ['+14155550199'] } }, next: 'vip' },
        { when: { caller: { prefix: ['+1212'] }, attestation: { in: ['A'] } }, next: 'nyc' },
        { when: { caller: { country: ['GB', 'GG'] } }, next: 'uk' },
        { when: { attestation: { in: ['C', 'none'] } }, next: 'reject' },
      ],
      otherwise: 'normal',
    },
    vip: { type: 'say', text: 'vip' },
    nyc: { type: 'say', text: 'nyc' },
    uk: { type: 'say', text: 'uk' },
    reject: { type: 'reject', reason: 'busy' },
    normal: { type: 'say', text: 'normal' },
  },
});

test('caller lists, prefixes and countries; attestation; several conditions must all match', () => {
  const to = (from: string, attestation: string | null = 'A') => run(screening, { from, attestation }).path[1]?.node;
  assert.equal(to('+14155550199', null), 'vip');
  assert.equal(to('+12125550100', 'A'), 'nyc');
  assert.equal(to('+12125550100', 'B'), 'normal', 'the prefix matches, the attestation does not');
  assert.equal(to('+447700900123'), 'uk');
  assert.equal(to('+441481256789'), 'uk', 'Guernsey shares +44 and is its own country');
  assert.equal(to('+33612345678', 'C'), 'reject');
  assert.equal(to('+33612345678', null), 'reject', 'no attestation is "none"');
  const rejected = run(screening, { from: '+33612345678', attestation: null });
  assert.deepEqual(rejected.path[1]?.actions, ['reject the call (busy)']);
  assert.equal(rejected.outcome, 'the call is rejected');
  assert.equal(rejected.path[0]?.why, 'rule 4 matched (attestation: C|none)');
});

const ivr = flow({
  version: 1,
  start: 'menu',
  nodes: {
    menu: { type: 'menu', prompt: 'Press 1 for sales, 2 for support', options: { 1: 'sales', 2: 'support' }, retries: 1, invalid: 'operator', noInput: 'vm' },
    sales: { type: 'forward', to: ['+14155550101', '+14155550102'], timeout: 15, next: 'vm' },
    support: { type: 'forward', to: ['+14155550103', '+14155550104'], strategy: 'simultaneous', callerId: 'number', record: true },
    operator: { type: 'sip', uri: 'sip:operator@pbx.example.com' },
    vm: { type: 'voicemail', greeting: { play: 'https://example.com/greeting.mp3' }, maxLength: 60 },
  },
});

test('digits: a valid key, a wrong key then a valid one, silence, and wrong keys until no tries are left', () => {
  const sales = run(ivr, { digits: ['1'] });
  assert.deepEqual(whys(sales), ['menu: the voice entry', 'menu: pressed 1', 'sales: option 1 of menu "menu"']);
  assert.deepEqual(sales.path[0]?.actions, ['say "Press 1 for sales, 2 for support", then wait 5 s for a key', 'no key pressed: go on']);
  assert.deepEqual(sales.path[2]?.actions, [`dial +14155550101 (ring 15 s, caller id ${CALLER})`]);
  assert.equal(sales.outcome, 'the call is connected to +14155550101');

  const retried = run(ivr, { digits: ['9', '2'] });
  assert.deepEqual(nodes(retried), ['menu', 'menu', 'menu', 'support']);
  assert.equal(retried.path[1]?.why, 'pressed 9: not an option: asked again (try 2 of 2)');
  assert.equal(retried.path[1]?.actions[0], 'say "Sorry, that is not a valid choice."');
  assert.deepEqual(retried.path[3]?.actions, [`dial +14155550103 and +14155550104 (ring 20 s, caller id ${NUMBER}, recorded)`]);

  const silent = run(ivr, { digits: [] });
  assert.deepEqual(whys(silent).slice(1), ['menu: no key pressed: asked again (try 2 of 2)', 'menu: no key pressed: no tries left', 'vm: no input at menu "menu"']);
  assert.deepEqual(silent.path[3]?.actions, ['play https://example.com/greeting.mp3', 'record a message (up to 60 s, # ends it)', 'say "No message was recorded. Goodbye."', 'hang up']);
  assert.equal(silent.outcome, 'the caller leaves a voicemail');

  const wrong = run(ivr, { digits: ['7', '8'] });
  assert.deepEqual(whys(wrong).slice(2), ['menu: pressed 8: not an option: no tries left', 'operator: invalid key at menu "menu"']);
  assert.deepEqual(wrong.path[3]?.actions, ['dial sip:operator@pbx.example.com (ring 20 s)']);
});

test('a sequential forward nobody answers tries each number, then goes on', () => {
  const r = run(ivr, { digits: ['1'], dialOutcome: 'no-answer' });
  assert.deepEqual(whys(r).slice(2), [
    'sales: option 1 of menu "menu"',
    'sales: +14155550101 no-answer: trying the next number',
    'sales: no-answer: nobody answered',
    'vm: no answer at "sales"',
  ]);
  assert.equal(r.outcome, 'the caller leaves a voicemail');
  const busy = run(ivr, { digits: ['2'], dialOutcome: 'busy' });
  assert.deepEqual(whys(busy).slice(-2), ['support: busy: nobody answered', 'support: no next node: the call ends']);
});

test('a real call: continuations are masq-flow URLs naming the wait, and resuming there goes on', () => {
  const facts = { from: CALLER, at: new Date(), attestation: null, number: NUMBER, stepsSoFar: 0 };
  const first = voiceStep(ivr, PLACE, null, {}, facts);
  const [gather, redirect] = first.verbs;
  assert.ok(gather?.verb === 'Gather' && redirect?.verb === 'Redirect');
  const input = flowNodeOf(gather.action ?? '');
  assert.deepEqual(input, { ...PLACE, node: 'menu#input.0' });
  assert.deepEqual(readPosition(flowNodeOf(redirect.url)?.node ?? ''), { kind: 'menu-silence', node: 'menu', attempt: 0 });
  const pressed = voiceStep(ivr, PLACE, readPosition(input?.node ?? ''), { Digits: '1' }, facts);
  const dial = pressed.verbs[0];
  assert.ok(dial?.verb === 'Dial');
  assert.deepEqual(readPosition(flowNodeOf(dial.action ?? '')?.node ?? ''), { kind: 'dial', node: 'sales', index: 0 });
  const next = voiceStep(ivr, PLACE, { kind: 'dial', node: 'sales', index: 0 }, { DialCallStatus: 'busy' }, facts);
  const second = next.verbs[0];
  assert.ok(second?.verb === 'Dial');
  assert.deepEqual(second.targets, [{ kind: 'number', number: '+14155550102' }]);
  const answered = voiceStep(ivr, PLACE, { kind: 'dial', node: 'sales', index: 1 }, { DialCallStatus: 'completed' }, facts);
  assert.deepEqual(answered.verbs, [{ verb: 'Hangup' }]);
  const recorded = voiceStep(ivr, PLACE, { kind: 'recorded', node: 'vm' }, {}, facts);
  assert.deepEqual(recorded.verbs, [{ verb: 'Hangup' }]);
  const misplaced = voiceStep(ivr, PLACE, { kind: 'recorded', node: 'menu' }, {}, facts);
  assert.equal(misplaced.error, '"menu#recorded" does not fit a "menu" node');
  assert.deepEqual(misplaced.verbs.map((v: VoiceVerb) => v.verb), ['Say', 'Hangup']);
});

test('a caller looping through a menu is stopped after the step limit', () => {
  const loop = flow({
    version: 1, start: 'menu',
    nodes: { menu: { type: 'menu', prompt: 'Press 1 to hear this again', options: { 1: 'again' } }, again: { type: 'say', text: 'Again', next: 'menu' } },
  });
  const r = run(loop, { digits: Array.from({ length: 200 }, () => '1') });
  // The limit is checked before each node entered; the key pressed that leads there is logged too.
  assert.ok(r.path.length > MAX_FLOW_STEPS_PER_CALL && r.path.length <= MAX_FLOW_STEPS_PER_CALL + 2, String(r.path.length));
  assert.deepEqual(r.path[r.path.length - 1]?.actions, ['say "This call has gone through too many steps. Goodbye."', 'hang up']);
  assert.equal(r.outcome, `the call went through more than ${MAX_FLOW_STEPS_PER_CALL} flow steps`);
});

test('a webhook node hands the call to the app', () => {
  const r = run(flow({ version: 1, start: 'ask', nodes: { ask: { type: 'webhook', url: 'https://app.example.com/voice' } } }), {});
  assert.deepEqual(r.path[0]?.actions, ['ask the webhook https://app.example.com/voice (POST): its TwiML answers from here']);
  assert.equal(r.outcome, 'the webhook https://app.example.com/voice answers the call from here');
});

test('messages: routed by time, then every action chained in order; calls without a voice entry are rejected', () => {
  const texts = flow({
    version: 1,
    start: { message: 'when' },
    nodes: {
      when: { type: 'route', rules: [{ when: { time: { timezone: 'Asia/Tokyo', from: '09:00', to: '18:00' } }, next: 'ack' }], otherwise: 'mail' },
      ack: { type: 'reply', text: 'Got it', next: 'fwd' },
      fwd: { type: 'forward-message', to: '+14155550105', next: 'hook' },
      hook: { type: 'webhook-message', url: 'https://app.example.com/sms' },
      mail: { type: 'email-message', to: ['night@example.com'], subject: 'After hours' },
    },
  });
  const day = run(texts, { channel: 'message', body: 'hello', at: new Date('2026-03-09T01:00:00Z') });
  assert.deepEqual(day.path.map((s) => [s.node, ...s.actions]), [
    ['when'],
    ['ack', `reply "Got it" to ${CALLER}`],
    ['fwd', `forward to +14155550105 as "From ${CALLER}: hello"`],
    ['hook', `POST the message as JSON to https://app.example.com/sms (a {"reply": "..."} answer is sent back to ${CALLER})`],
  ]);
  const night = run(texts, { channel: 'message', body: 'hello', at: new Date('2026-03-09T12:00:00Z') });
  assert.deepEqual(night.path[1]?.actions, ['email it to night@example.com (subject "After hours")']);
  const call = run(texts, {});
  assert.deepEqual(call.path[0]?.actions, ['reject the call (rejected)']);
  assert.equal(call.path[0]?.why, 'the flow does not handle calls (no "voice" entry)');
  assert.equal(run(hours, { channel: 'message' }).outcome, 'the flow does not handle messages (no "message" entry)');
});
