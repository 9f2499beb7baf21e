// What the caller hears back for each kind of plan: refusals (reject, hang up, a spoken reply, markup) as
// SIP answers, and a programmable number's verbs: Dial to a number or a SIP URI with its action continued
// through the sink, Reject, Hangup, and media verbs skipped.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { CallPlan, PlanVerb } from '../../domain/call-plan.ts';
import type { VoiceVerb } from '../../domain/twiml/verbs.ts';
import { eventually, headerText, TRUNK_ADDRESS } from '../../../test/support/sip-peer.ts';
import { CALLER, PARTNER, PROXY, startHarness, verbsPlan, type Harness } from '../../../test/support/sip-harness.ts';

const program = (verbs: readonly VoiceVerb[]): PlanVerb => ({ verb: 'program', trafficSid: 'TR1', verbs, passThrough: null });
const programPlan = (verbs: readonly VoiceVerb[]): CallPlan => ({ channel: 'voice', interactionSid: null, verbs: [program(verbs)], refusal: null });

describe('SIP plans', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  const callWith = async (verbs: readonly PlanVerb[]) => {
    h.route = () => Promise.resolve(verbsPlan(verbs));
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER });
    return { call, answer: await call.finalResponse() };
  };

  test('reject → 603 Decline, the trunk never called', async () => {
    const before = h.trunk.invites().length;
    const { answer } = await callWith([{ verb: 'reject' }]);
    assert.equal(answer.status, 603);
    assert.equal(h.trunk.invites().length, before);
  });

  test('a call to a number that leads nowhere (refused no-active-session: not masq\'s, or in no session) → 404 Not Found, not 603', async () => {
    const before = h.trunk.invites().length;
    h.route = () => Promise.resolve({
      plan: { channel: 'voice', interactionSid: null, verbs: [{ verb: 'reject' }], refusal: { code: 'no-active-session', reason: '+14155559999 is not in any service\'s pool' } },
      inReply: [{ verb: 'reject' }],
    });
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: '+14155559999', from: CALLER });
    const answer = await call.finalResponse();
    assert.deepEqual([answer.status, answer.reason], [404, 'Not Found']);
    assert.equal(h.trunk.invites().length, before, 'nothing dialled');
    await eventually(() => (h.statuses(call.callId).some((r) => r.status === 'failed' && r.errorCode === '404') ? true : undefined), 'the call recorded failed with 404');
  });

  test('a refusal for any other reason (blocked by the intercept callback) is still 603 Decline', async () => {
    h.route = () => Promise.resolve({
      plan: { channel: 'voice', interactionSid: null, verbs: [{ verb: 'reject' }], refusal: { code: 'intercept-rejected', reason: 'Blocked by the intercept callback' } },
      inReply: [{ verb: 'reject' }],
    });
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER });
    assert.equal((await call.finalResponse()).status, 603);
  });

  test('hangup → 480 with Reason Q.850 cause 16', async () => {
    const { answer } = await callWith([{ verb: 'hangup' }]);
    assert.equal(answer.status, 480);
    assert.equal(headerText(answer, 'reason'), 'Q.850;cause=16');
  });

  test('a spoken reply then hangup → 480 with the text in the Reason header', async () => {
    const { answer } = await callWith([{ verb: 'say', text: 'This number is no longer in service' }, { verb: 'hangup' }]);
    assert.equal(answer.status, 480);
    assert.equal(headerText(answer, 'reason'), 'Q.850;cause=16;text="This number is no longer in service"');
  });

  test('the customer\'s markup → 480', async () => {
    const { answer } = await callWith([{ verb: 'markup', contentType: 'text/xml', body: '<Response><Say>hi</Say></Response>' }]);
    assert.equal(answer.status, 480);
  });

  test('routing fails → 503, nothing dialled', async () => {
    const before = h.trunk.invites().length;
    h.route = () => Promise.reject(new Error('database down'));
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER });
    assert.equal((await call.finalResponse()).status, 503);
    assert.equal(h.trunk.invites().length, before);
  });

  test('program: a Dial whose callee is busy reports to its action; the action\'s Dial to a SIP URI connects', async () => {
    h.trunk.behaviour = { kind: 'reject', status: 486 };
    let asked = 0;
    h.step = () => {
      asked += 1;
      h.trunk.behaviour = { kind: 'answer' };
      return Promise.resolve(programPlan([{ verb: 'Say', text: 'trying the desk' }, { verb: 'Dial', callerId: PROXY, targets: [{ kind: 'sip', uri: `sip:desk@${TRUNK_ADDRESS}:${h.trunk.port}` }] }]));
    };
    const before = h.trunk.invites().length;
    const { call, answer } = await callWith([program([{ verb: 'Dial', action: 'masq-step:tok1.abc', timeout: 10, targets: [{ kind: 'number', number: PARTNER }] }])]);
    assert.equal(answer.status, 200);
    assert.equal(asked, 1);
    const step = h.steps.at(-1);
    assert.deepEqual(step, { step: 'tok1.abc', resourceSid: call.callId, params: { DialCallStatus: 'busy', DialCallDuration: '0', CallStatus: 'in-progress' } });
    const [first, second] = h.trunk.invites().slice(before);
    assert.match(String(first?.uri), new RegExp(`^sip:\\${PARTNER}@`));
    assert.match(String(first?.headers.from.uri), new RegExp(`^sip:\\${CALLER}@`), 'without a callerId, the caller\'s number (Twilio\'s default)');
    assert.equal(String(second?.uri), `sip:desk@${TRUNK_ADDRESS}:${h.trunk.port}`);
    assert.match(String(second?.headers.from.uri), new RegExp(`^sip:\\${PROXY}@`));
    assert.equal((await call.bye()).status, 200);
    await eventually(() => h.statuses(call.callId).find((r) => r.status === 'completed'), 'the A-leg completed');
  });

  test('program: an answered Dial with an action tells the action how it ended, and the call is over', async () => {
    h.trunk.behaviour = { kind: 'answer' };
    h.step = () => Promise.resolve(programPlan([{ verb: 'Say', text: 'goodbye' }]));
    const { call, answer } = await callWith([program([{ verb: 'Dial', action: 'masq-step:tok2.abc', targets: [{ kind: 'number', number: PARTNER }] }])]);
    assert.equal(answer.status, 200);
    const bCallId = h.trunk.invites().at(-1)?.headers['call-id'] ?? '';
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    assert.equal((await h.trunk.hangUp(bCallId)).status, 200);
    await call.byeReceived();
    const step = await eventually(() => h.steps.find((s) => s.step === 'tok2.abc'), 'the action');
    assert.equal(step.params.DialCallStatus, 'completed');
    assert.equal(step.params.CallStatus, 'completed');
    assert.ok(Number(step.params.DialCallDuration) >= 1);
  });

  test('program: a Dial without an action that is not answered goes on to the next verb (Reject busy → 486)', async () => {
    h.trunk.behaviour = { kind: 'reject', status: 480 };
    const { answer } = await callWith([program([{ verb: 'Dial', targets: [{ kind: 'number', number: PARTNER }] }, { verb: 'Reject', reason: 'busy' }])]);
    assert.equal(answer.status, 486);
  });

  test('program: a busy callee and an action that hangs up (a flow\'s sip node with no next) → 486 to the caller, recorded busy', async () => {
    h.trunk.behaviour = { kind: 'reject', status: 486 };
    h.step = () => Promise.resolve(programPlan([{ verb: 'Hangup' }]));
    const { call, answer } = await callWith([program([{ verb: 'Dial', action: 'masq-step:tok4.abc', timeout: 10, targets: [{ kind: 'sip', uri: `sip:desk@${TRUNK_ADDRESS}:${h.trunk.port}` }] }])]);
    assert.deepEqual([answer.status, answer.reason], [486, 'Busy Here']);
    const step = await eventually(() => h.steps.find((s) => s.step === 'tok4.abc'), 'the action');
    assert.equal(step.params.DialCallStatus, 'busy');
    const end = await eventually(() => h.statuses(call.callId).find((r) => r.status !== 'in-progress' && r.status !== 'ringing'), 'the A-leg\'s end');
    assert.deepEqual([end.status, end.errorCode, end.details?.cause], ['busy', '486', 'busy']);
  });

  test('program: an unanswered Dial with nothing after it ends with what the callee said: busy → 486, no answer → 480', async () => {
    h.trunk.behaviour = { kind: 'reject', status: 486 };
    assert.equal((await callWith([program([{ verb: 'Dial', targets: [{ kind: 'number', number: PARTNER }] }])])).answer.status, 486);
    h.trunk.behaviour = { kind: 'reject', status: 480 };
    const { call, answer } = await callWith([program([{ verb: 'Dial', targets: [{ kind: 'number', number: PARTNER }] }, { verb: 'Say', text: 'nobody is in' }])]);
    assert.equal(answer.status, 480);
    const end = await eventually(() => h.statuses(call.callId).find((r) => r.status !== 'in-progress' && r.status !== 'ringing'), 'the A-leg\'s end');
    assert.equal(end.status, 'no-answer');
  });

  test('program: Reject → 603; Hangup → 480; only media verbs → 480 (skipped, then the end)', async () => {
    assert.equal((await callWith([program([{ verb: 'Reject' }])])).answer.status, 603);
    assert.equal((await callWith([program([{ verb: 'Hangup' }])])).answer.status, 480);
    const media = await callWith([program([{ verb: 'Say', text: 'hello' }, { verb: 'Play', url: 'https://example.invalid/a.mp3' }, { verb: 'Pause', length: 1 }])]);
    assert.equal(media.answer.status, 480);
  });

  test('a programmable call\'s A-leg is reported with the carrier\'s Call-ID (no interaction)', async () => {
    const { call } = await callWith([program([{ verb: 'Reject' }])]);
    const end = await eventually(() => h.statuses(call.callId).at(-1), 'the A-leg report');
    assert.equal(end.interactionSid, null);
    assert.equal(end.resourceType, 'Call');
  });
});
