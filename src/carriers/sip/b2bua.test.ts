// The masking B2BUA from the peers' side: a caller on 127.0.0.2 calls a proxy number on masq (127.0.0.1),
// masq places the B-leg to the trunk on 127.0.0.3. What the callee sees, what the caller hears back, and
// what masq records.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, headerText, sdpFor, TRUNK_ADDRESS, wireText } from '../../../test/support/sip-peer.ts';
import { CALLER, dialPlan, PARTNER, PROXY, startHarness, type Harness } from '../../../test/support/sip-harness.ts';

const CALLER_DIGITS = CALLER.slice(2);

describe('SIP B2BUA: a masked call', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await h.close(); });

  test('INVITE → B-leg from the proxy number → 200 relayed → BYE from the caller ends both legs', async () => {
    const call = h.caller.call({
      host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER,
      headers: {
        'P-Asserted-Identity': `<sip:${CALLER}@127.0.0.2>`, 'Remote-Party-ID': `<sip:${CALLER}@127.0.0.2>;party=calling`,
        Diversion: `<sip:${CALLER}@127.0.0.2>;reason=unconditional`, 'History-Info': `<sip:${CALLER}@127.0.0.2>;index=1`,
        Privacy: 'none', 'P-Preferred-Identity': `<sip:${CALLER}@127.0.0.2>`, 'X-Caller': CALLER, 'X-Account': 'acct-7',
        'User-Agent': `phone-of-${CALLER_DIGITS}`, Allow: 'INVITE, ACK, BYE, CANCEL, OPTIONS',
      },
    });
    const ok = await call.finalResponse();
    assert.equal(ok.status, 200);
    assert.match(ok.content ?? '', /c=IN IP4 127\.0\.0\.3/, 'the callee\'s SDP reaches the caller');
    assert.ok(call.responses.some((r) => r.status === 180), 'ringing was relayed');

    const [bInvite] = h.trunk.invites();
    assert.ok(bInvite);
    const wire = wireText(bInvite);
    assert.match(String(bInvite.uri), new RegExp(`^sip:\\${PARTNER}@${TRUNK_ADDRESS.replace(/\./g, '\\.')}`));
    assert.match(headerText(bInvite, 'p-asserted-identity') ?? '', new RegExp(`sip:\\${PROXY}@`));
    assert.match(String(bInvite.headers.from.uri), new RegExp(`sip:\\${PROXY}@`));
    assert.ok(!wire.includes(CALLER_DIGITS), `the caller's number is nowhere on the B-leg:\n${wire}`);
    for (const name of ['remote-party-id', 'diversion', 'history-info', 'privacy', 'p-preferred-identity', 'x-caller', 'x-account']) {
      assert.equal(bInvite.headers[name], undefined, `${name} is not on the B-leg`);
    }
    assert.notEqual(bInvite.headers['call-id'], call.callId, 'a new Call-ID');
    assert.notEqual(bInvite.headers.from.params.tag, call.invite.headers.from.params.tag, 'a new From-tag');
    assert.equal(headerText(bInvite, 'allow'), 'INVITE, ACK, BYE, CANCEL, OPTIONS');

    const bCallId = bInvite.headers['call-id'];
    await h.trunk.waitForRequest((r) => r.method === 'ACK' && r.headers['call-id'] === bCallId, 'the ACK of the 200 on the B-leg');
    const byeAnswer = await call.bye();
    assert.equal(byeAnswer.status, 200);
    await h.trunk.waitForRequest((r) => r.method === 'BYE' && r.headers['call-id'] === bCallId, 'the BYE relayed to the callee');

    const [event] = h.routed;
    assert.deepEqual({ from: event?.from, to: event?.to, resourceSid: event?.resourceSid, channel: event?.channel }, { from: CALLER, to: PROXY, resourceSid: call.callId, channel: 'voice' });
    await eventually(() => (h.statuses(call.callId).some((r) => r.status === 'completed') ? true : undefined), 'the A-leg completed');
    const b = h.statuses(bCallId);
    assert.deepEqual(b.map((r) => r.status), ['initiated', 'ringing', 'in-progress', 'completed']);
    const bEnd = b.at(-1);
    assert.equal(bEnd?.interactionSid, 'KI00000000000000000000000000000001');
    assert.equal(bEnd?.details?.cause, 'caller-hangup');
    assert.ok(bEnd?.details?.answered_at && bEnd.details.ended_at);
    assert.equal(typeof bEnd?.durationSeconds, 'number');
    assert.deepEqual(h.statuses(call.callId).map((r) => r.status), ['in-progress', 'completed']);
  });

  const place = (extra: Partial<Parameters<Harness['caller']['call']>[0]> = {}) =>
    h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER, ...extra });

  const finalStatuses = async (resourceSid: string): Promise<string[]> => {
    await eventually(() => (h.statuses(resourceSid).some((r) => ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(r.status)) ? true : undefined), `the end of ${resourceSid}`);
    return h.statuses(resourceSid).map((r) => r.status);
  };

  test('BYE from the callee: 200 to it, BYE to the caller; cause callee-hangup', async () => {
    h.trunk.behaviour = { kind: 'answer' };
    const call = place();
    assert.equal((await call.finalResponse()).status, 200);
    const bCallId = h.trunk.invites().at(-1)?.headers['call-id'] ?? '';
    await h.trunk.waitForRequest((r) => r.method === 'ACK' && r.headers['call-id'] === bCallId, 'the ACK');
    assert.equal((await h.trunk.hangUp(bCallId)).status, 200);
    const bye = await call.byeReceived();
    assert.equal(bye.headers.to.params.tag, call.invite.headers.from.params.tag, 'the BYE is in the caller\'s dialog');
    assert.deepEqual((await finalStatuses(bCallId)).at(-1), 'completed');
    assert.equal(h.statuses(bCallId).at(-1)?.details?.cause, 'callee-hangup');
  });

  test('busy callee (486) → 486 to the caller; both legs busy', async () => {
    h.trunk.behaviour = { kind: 'reject', status: 486 };
    const call = place();
    assert.equal((await call.finalResponse()).status, 486);
    const bCallId = h.trunk.invites().at(-1)?.headers['call-id'] ?? '';
    assert.deepEqual(await finalStatuses(bCallId), ['initiated', 'ringing', 'busy']);
    assert.equal(h.statuses(bCallId).at(-1)?.errorCode, '486');
    assert.equal(h.statuses(bCallId).at(-1)?.details?.cause, 'busy');
    assert.equal((await finalStatuses(call.callId)).at(-1), 'busy');
  });

  for (const [status, expected, callStatus] of [[600, 486, 'busy'], [603, 603, 'busy'], [404, 404, 'failed'], [410, 404, 'failed'], [480, 480, 'no-answer'], [408, 480, 'no-answer'], [500, 503, 'failed'], [503, 503, 'failed'], [488, 488, 'failed']] as const) {
    test(`callee answers ${status} → the caller gets ${expected}; recorded ${callStatus}`, async () => {
      h.trunk.behaviour = { kind: 'reject', status };
      const call = place();
      assert.equal((await call.finalResponse()).status, expected);
      const bCallId = h.trunk.invites().at(-1)?.headers['call-id'] ?? '';
      assert.equal((await finalStatuses(bCallId)).at(-1), callStatus);
    });
  }

  test('ring timeout: masq CANCELs the B-leg and answers the caller 480; no-answer', async () => {
    h.trunk.behaviour = { kind: 'ring' };
    h.route = () => Promise.resolve(dialPlan({ timeoutSeconds: 1 }));
    try {
      const call = place();
      assert.equal((await call.finalResponse()).status, 480);
      const bCallId = h.trunk.invites().at(-1)?.headers['call-id'] ?? '';
      await h.trunk.waitForRequest((r) => r.method === 'CANCEL' && r.headers['call-id'] === bCallId, 'the CANCEL of the B-leg');
      assert.equal((await finalStatuses(bCallId)).at(-1), 'no-answer');
      assert.equal(h.statuses(bCallId).at(-1)?.details?.cause, 'no-answer');
    } finally {
      h.route = () => Promise.resolve(dialPlan());
    }
  });

  test('CANCEL from the caller before the answer: 200 to the CANCEL, CANCEL to the callee, 487 to the caller; canceled', async () => {
    h.trunk.behaviour = { kind: 'ring' };
    const call = place();
    await call.provisional(180);
    const bCallId = h.trunk.invites().at(-1)?.headers['call-id'] ?? '';
    assert.equal((await call.cancel()).status, 200);
    assert.equal((await call.finalResponse()).status, 487);
    await h.trunk.waitForRequest((r) => r.method === 'CANCEL' && r.headers['call-id'] === bCallId, 'the CANCEL of the B-leg');
    assert.equal((await finalStatuses(bCallId)).at(-1), 'canceled');
    assert.equal((await finalStatuses(call.callId)).at(-1), 'canceled');
    assert.equal(h.statuses(call.callId).at(-1)?.details?.cause, 'canceled');
  });

  test('early media: a 183 with SDP reaches the caller as a 183 with that SDP, under masq\'s To-tag', async () => {
    h.trunk.behaviour = { kind: 'answer', earlyMedia: true, ringMs: 200 };
    const call = place();
    const early = await call.provisional(183);
    assert.match(early.content ?? '', /m=audio 40002 /);
    const bInvite = h.trunk.invites().at(-1);
    assert.ok(early.headers.to.params.tag);
    assert.notEqual(early.headers.to.params.tag, h.trunk.incoming(bInvite?.headers['call-id'] ?? '')?.dialog.local.params.tag, 'masq\'s own To-tag');
    assert.equal((await call.finalResponse()).status, 200);
    assert.equal((await call.bye()).status, 200);
  });

  test('re-INVITE and UPDATE from either side are relayed with their SDP, and the answers come back', async () => {
    h.trunk.behaviour = { kind: 'answer' };
    const call = place();
    assert.equal((await call.finalResponse()).status, 200);
    const bCallId = h.trunk.invites().at(-1)?.headers['call-id'] ?? '';
    const hold = sdpFor('127.0.0.2', 41000).replace('m=audio', 'a=sendonly\r\nm=audio');
    const reinvite = await call.request('INVITE', hold);
    assert.equal(reinvite.status, 200);
    assert.match(reinvite.content ?? '', /m=audio 40006 /, 'the callee\'s answer');
    const relayed = await h.trunk.waitForRequest((r) => r.method === 'INVITE' && r.headers['call-id'] === bCallId && r.headers.to.params.tag !== undefined, 'the re-INVITE on the B-leg');
    assert.match(relayed.content ?? '', /a=sendonly/);
    await h.trunk.waitForRequest((r) => r.method === 'ACK' && r.headers['call-id'] === bCallId && r.headers.cseq.seq === relayed.headers.cseq.seq, 'the ACK of the relayed re-INVITE');
    const update = await h.trunk.requestIn(bCallId, 'UPDATE', sdpFor('127.0.0.3', 42000));
    assert.equal(update.status, 200);
    const toCaller = await h.caller.waitForRequest((r) => r.method === 'UPDATE' && r.headers['call-id'] === call.callId, 'the UPDATE relayed to the caller');
    assert.match(toCaller.content ?? '', /m=audio 42000 /);
    const info = await call.request('INFO', null);
    assert.equal(info.status, 200);
    assert.equal((await call.bye()).status, 200);
  });

  test('OPTIONS in and out of a dialog → 200 with Allow', async () => {
    const outside = await h.caller.options({ host: '127.0.0.1', port: h.port });
    assert.equal(outside.status, 200);
    assert.match(headerText(outside, 'allow') ?? '', /INVITE.*BYE.*OPTIONS/);
    h.trunk.behaviour = { kind: 'answer' };
    const call = place();
    assert.equal((await call.finalResponse()).status, 200);
    const inside = await call.request('OPTIONS');
    assert.equal(inside.status, 200);
    assert.match(headerText(inside, 'allow') ?? '', /UPDATE/);
    assert.equal((await call.bye()).status, 200);
  });

  test('a caller over TCP is served over TCP', async () => {
    h.trunk.behaviour = { kind: 'answer' };
    const call = place({ transport: 'tcp' });
    assert.equal((await call.finalResponse()).status, 200);
    assert.equal((await call.bye()).status, 200);
  });

  test('late offer: an INVITE without SDP gets the callee\'s offer in the 200; the caller\'s ACK answer reaches the callee', async () => {
    h.trunk.behaviour = { kind: 'answer' };
    const call = place({ sdp: null });
    const ok = await call.finalResponse();
    assert.equal(ok.status, 200);
    assert.match(ok.content ?? '', /m=audio 40004 /);
    const bInvite = h.trunk.invites().at(-1);
    assert.equal(bInvite?.content ?? '', '', 'the B-leg INVITE carries no SDP');
    const bCallId = bInvite?.headers['call-id'] ?? '';
    const ack = await h.trunk.waitForRequest((r) => r.method === 'ACK' && r.headers['call-id'] === bCallId, 'the ACK on the B-leg');
    assert.equal(ack.content ?? '', '', 'the peer\'s ACK carried no answer, and masq adds none');
    assert.equal((await call.bye()).status, 200);
  });

  test('a request in no known dialog → 481', async () => {
    h.trunk.behaviour = { kind: 'answer' };
    const call = place();
    assert.equal((await call.finalResponse()).status, 200);
    assert.equal((await call.bye()).status, 200);
    assert.equal((await call.bye()).status, 481);
  });
});

describe('SIP B2BUA: the trunk', () => {
  let h: Harness;
  before(async () => { h = await startHarness({ trunkUsername: 'masq-out', trunkPassword: 'trunk-secret', trunkTransport: 'tcp' }); });
  after(async () => { await h.close(); });

  test('over TCP, a 401 and a 407 from the trunk are answered once with the trunk credentials', async () => {
    for (const status of [401, 407] as const) {
      h.trunk.behaviour = { kind: 'challenge', status, then: { kind: 'answer' } };
      const before = h.trunk.invites().length;
      const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER });
      assert.equal((await call.finalResponse()).status, 200);
      const [first, second] = h.trunk.invites().slice(before);
      assert.ok(first && second);
      assert.equal(first.headers['call-id'], second.headers['call-id']);
      assert.equal(second.headers.cseq.seq, first.headers.cseq.seq + 1);
      const answer = status === 401 ? second.headers.authorization : second.headers['proxy-authorization'];
      assert.match(JSON.stringify(answer), /masq-out/);
      assert.match(String(second.headers.via?.[0]?.protocol), /TCP/);
      assert.equal((await call.bye()).status, 200);
    }
  });

  test('a trunk that challenges again is not answered twice: the caller gets 503', async () => {
    h.trunk.behaviour = { kind: 'challenge', status: 401, always: true, then: { kind: 'answer' } };
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER });
    assert.equal((await call.finalResponse()).status, 503);
  });
});
