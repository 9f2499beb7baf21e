// The SIP B2BUA with media anchored (the account's `rtpengine` setting), from the peers' side: a caller on
// 127.0.0.2 calls a proxy number on masq (127.0.0.1) and masq dials the trunk on 127.0.0.3. Neither side's SDP
// reaches the other; what it gets names rtpengine. The commands masq sends rtpengine for the INVITE, the answer,
// early media, re-INVITEs from either side and the end of the call are checked against an in-process fake; one
// call goes through the real daemon. A call is never connected with the caller's SDP when rtpengine fails.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { createRtpengineAnchor } from '../../../src/carriers/sip/rtpengine.ts';
import { tagOf, type SipMessage } from '../../../src/carriers/sip/sip-message.ts';
import { startFakeRtpengine, type FakeRtpengine, type FakeRtpengineRequest } from '../../support/fake-rtpengine.ts';
import { rtpengineAvailable, startRtpengine, type RtpengineDaemon } from '../../support/rtpengine-daemon.ts';
import { CALLER, PROXY, startHarness, type Harness } from '../../support/sip-harness.ts';
import { CALLER_ADDRESS, eventually, sdpFor, TRUNK_ADDRESS, type PeerCall } from '../../support/sip-peer.ts';

const RTPENGINE_ADDRESS = '127.0.0.1';
const CALLER_MEDIA = /127\.0\.0\.2/;
const CALLEE_MEDIA = /127\.0\.0\.3/;

const mediaAddressOf = (sdp: string | undefined): string | undefined => /^c=IN IP4 (\S+)/m.exec(sdp ?? '')?.[1];

// One call's commands: a call an earlier test ended may still have its delete on the way.
const commands = (fake: FakeRtpengine, name: string, callId: string): FakeRtpengineRequest['message'][] =>
  fake.requests.filter((r) => r.message['command'] === name && r.message['call-id'] === callId).map((r) => r.message);

/** Places a call from the caller to the proxy number and waits for its answer. */
const answeredCall = async (h: Harness): Promise<{ call: PeerCall; ok: SipMessage; bInvite: SipMessage; bTag: string }> => {
  const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER, sdp: sdpFor(CALLER_ADDRESS, 40000, 'alice') });
  const ok = await call.finalResponse();
  assert.equal(ok.status, 200);
  const bInvite = h.trunk.invites().find((invite) => h.trunk.incoming(invite.headers['call-id'])?.answered);
  assert.ok(bInvite, 'the trunk got the B-leg INVITE');
  const bTag = tagOf(h.trunk.incoming(bInvite.headers['call-id'])?.dialog.local);
  assert.ok(bTag);
  await h.trunk.waitForRequest((r) => r.method === 'ACK' && r.headers['call-id'] === bInvite.headers['call-id'], 'the ACK on the B-leg');
  return { call, ok, bInvite, bTag };
};

describe('SIP B2BUA with media anchored (fake rtpengine)', () => {
  let fake: FakeRtpengine;
  let h: Harness;
  before(async () => { fake = await startFakeRtpengine(); });
  after(async () => { await fake.close(); });
  beforeEach(async () => {
    fake.requests.length = 0;
    fake.behave(() => 'normal');
    h = await startHarness({ rtpengine: fake.target }, createRtpengineAnchor(fake.target));
  });
  afterEach(async () => { await h.close(); });

  test('the B-leg INVITE\'s SDP points at rtpengine, the caller\'s 200 too; BYE deletes the call', async () => {
    const { call, ok, bInvite, bTag } = await answeredCall(h);
    assert.equal(mediaAddressOf(bInvite.content), RTPENGINE_ADDRESS);
    assert.doesNotMatch(bInvite.content ?? '', CALLER_MEDIA, 'the caller\'s media address is not on the B-leg');
    assert.doesNotMatch(bInvite.content ?? '', /alice/, 'nor the o= username the caller wrote');
    assert.equal(mediaAddressOf(ok.content), RTPENGINE_ADDRESS);
    assert.doesNotMatch(ok.content ?? '', CALLEE_MEDIA, 'the callee\'s media address is not on the A-leg');

    const aTag = call.invite.headers.from.params.tag;
    const [offer] = commands(fake, 'offer', call.callId);
    assert.equal(offer?.['call-id'], call.callId, 'one rtpengine call per masked call, by the A-leg Call-ID');
    assert.equal(offer?.['from-tag'], aTag);
    assert.match(String(offer?.['sdp']), CALLER_MEDIA, 'rtpengine got the caller\'s own SDP');
    const answer = commands(fake, 'answer', call.callId).at(-1);
    assert.deepEqual([answer?.['call-id'], answer?.['from-tag'], answer?.['to-tag']], [call.callId, aTag, bTag]);
    assert.match(String(answer?.['sdp']), CALLEE_MEDIA);

    assert.equal((await call.bye()).status, 200);
    await eventually(() => commands(fake, 'delete', call.callId)[0], 'the delete at the end of the call');
    assert.deepEqual(commands(fake, 'delete', call.callId), [{ command: 'delete', 'call-id': call.callId, 'from-tag': aTag }]);
    assert.ok(!fake.calls.has(call.callId), 'rtpengine holds no ports for it');
  });

  test('early media: the 183\'s SDP is anchored before it reaches the caller', async () => {
    h.trunk.behaviour = { kind: 'answer', earlyMedia: true, ringMs: 50 };
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER, sdp: sdpFor(CALLER_ADDRESS) });
    const early = await call.provisional(183);
    assert.equal(mediaAddressOf(early.content), RTPENGINE_ADDRESS);
    assert.doesNotMatch(early.content ?? '', CALLEE_MEDIA);
    assert.equal((await call.finalResponse()).status, 200);
    await call.bye();
  });

  test('a re-INVITE from the callee: offered from its tag, the caller\'s answer anchored back', async () => {
    const { call, bInvite, bTag } = await answeredCall(h);
    const aTag = call.invite.headers.from.params.tag;
    fake.requests.length = 0;
    const reply = await h.trunk.requestIn(bInvite.headers['call-id'], 'INVITE', sdpFor(TRUNK_ADDRESS, 40010));
    assert.equal(reply.status, 200);
    assert.equal(mediaAddressOf(reply.content), RTPENGINE_ADDRESS);
    assert.doesNotMatch(reply.content ?? '', CALLER_MEDIA, 'the caller\'s answer reaches the callee anchored');
    const reinvite = await h.caller.waitForRequest((r) => r.method === 'INVITE' && r.headers['call-id'] === call.callId, 'the re-INVITE relayed to the caller');
    assert.equal(mediaAddressOf(reinvite.content), RTPENGINE_ADDRESS);
    assert.doesNotMatch(reinvite.content ?? '', CALLEE_MEDIA);
    const [offer] = commands(fake, 'offer', call.callId);
    const [answer] = commands(fake, 'answer', call.callId);
    assert.deepEqual([offer?.['call-id'], offer?.['from-tag']], [call.callId, bTag]);
    assert.deepEqual([answer?.['call-id'], answer?.['from-tag'], answer?.['to-tag']], [call.callId, bTag, aTag]);
    await call.bye();
  });

  test('a re-INVITE from the caller: offered from its tag, answered with the callee\'s tag', async () => {
    const { call, bInvite, bTag } = await answeredCall(h);
    const aTag = call.invite.headers.from.params.tag;
    fake.requests.length = 0;
    const reply = await call.request('INVITE', sdpFor(CALLER_ADDRESS, 40020));
    assert.equal(reply.status, 200);
    assert.equal(mediaAddressOf(reply.content), RTPENGINE_ADDRESS);
    assert.doesNotMatch(reply.content ?? '', CALLEE_MEDIA);
    const reinvite = await h.trunk.waitForRequest(
      (r) => r.method === 'INVITE' && r.headers['call-id'] === bInvite.headers['call-id'] && tagOf(r.headers.to) !== null, 'the re-INVITE relayed to the callee');
    assert.doesNotMatch(reinvite.content ?? '', CALLER_MEDIA);
    const [offer] = commands(fake, 'offer', call.callId);
    const [answer] = commands(fake, 'answer', call.callId);
    assert.deepEqual([offer?.['from-tag'], answer?.['from-tag'], answer?.['to-tag']], [aTag, aTag, bTag]);
    await call.bye();
  });

  test('a call the caller cancels while it rings is deleted from rtpengine too', async () => {
    h.trunk.behaviour = { kind: 'ring' };
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER, sdp: sdpFor(CALLER_ADDRESS) });
    await call.provisional(180);
    assert.equal((await call.cancel()).status, 200);
    assert.equal((await call.finalResponse()).status, 487);
    await eventually(() => commands(fake, 'delete', call.callId)[0], 'the delete after the CANCEL');
    assert.deepEqual(commands(fake, 'delete', call.callId), [{ command: 'delete', 'call-id': call.callId, 'from-tag': call.invite.headers.from.params.tag }]);
    assert.ok(!fake.calls.has(call.callId));
  });

  test('rtpengine refusing the offer: the call fails, and the trunk never sees the caller\'s SDP', async () => {
    fake.behave(() => ({ result: 'error', 'error-reason': 'Ran out of ports' }));
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER, sdp: sdpFor(CALLER_ADDRESS) });
    const final = await call.finalResponse();
    assert.equal(final.status, 503, 'the caller\'s INVITE is refused as a failed call');
    assert.ok(h.trunk.requests.every((r) => !CALLER_MEDIA.test(r.content ?? '')), 'no request with the caller\'s SDP reached the trunk');
  });

  test('rtpengine refusing the callee\'s answer: the B-leg is hung up and the caller gets 503, not the callee\'s SDP', async () => {
    fake.behave((request) => (request.message['command'] === 'answer' ? { result: 'error', 'error-reason': 'Unknown call-id' } : 'normal'));
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER, sdp: sdpFor(CALLER_ADDRESS) });
    const final = await call.finalResponse();
    assert.equal(final.status, 503);
    assert.ok(call.responses.every((r) => !CALLEE_MEDIA.test(r.content ?? '')), 'no response with the callee\'s SDP reached the caller');
    const [bInvite] = h.trunk.invites();
    assert.ok(bInvite);
    await h.trunk.waitForRequest((r) => r.method === 'BYE' && r.headers['call-id'] === bInvite.headers['call-id'], 'the BYE to the callee');
  });
});

const available = rtpengineAvailable();
if (!available && process.env.CI) {
  test('rtpengine is installed (CI)', () => {
    assert.fail('rtpengine is missing: .ci/run must apt-get install rtpengine-daemon');
  });
} else if (!available) {
  test('SIP B2BUA through the real rtpengine', { skip: 'SKIPPED: rtpengine is not installed (apt-get install rtpengine-daemon); CI fails here instead' }, () => {});
} else {
  describe('SIP B2BUA through the real rtpengine', () => {
    let daemon: RtpengineDaemon;
    let h: Harness;
    before(async () => {
      daemon = await startRtpengine();
      h = await startHarness({ rtpengine: daemon.target }, createRtpengineAnchor(daemon.target));
    });
    after(async () => {
      await h.close();
      await daemon.stop();
    });

    test('a masked call is anchored while it lasts, and gone from rtpengine after the BYE', async () => {
      const { call, ok, bInvite } = await answeredCall(h);
      assert.equal(mediaAddressOf(bInvite.content), RTPENGINE_ADDRESS);
      assert.doesNotMatch(bInvite.content ?? '', CALLER_MEDIA);
      assert.equal(mediaAddressOf(ok.content), RTPENGINE_ADDRESS);
      assert.doesNotMatch(ok.content ?? '', CALLEE_MEDIA);
      const during = await daemon.control.request('list', {});
      assert.ok(Array.isArray(during['calls']) && during['calls'].includes(call.callId), JSON.stringify(during));

      assert.equal((await call.bye()).status, 200);
      const until = Date.now() + 10_000;
      for (;;) {
        const listed = await daemon.control.request('list', {});
        if (Array.isArray(listed['calls']) && !listed['calls'].includes(call.callId)) break;
        if (Date.now() > until) assert.fail(`the call is still in rtpengine: ${JSON.stringify(listed)}`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    });
  });
}
