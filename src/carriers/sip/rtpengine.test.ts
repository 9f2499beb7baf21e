// The rtpengine anchor against an in-process ng control socket (test/support/fake-rtpengine.ts): what masq sends
// for offer, answer and delete, what it makes of the answers, resends after a lost datagram, refusals, silence,
// and answers from anyone but rtpengine. The real daemon is driven in test/carriers/sip/rtpengine-daemon.test.ts.
import assert from 'node:assert/strict';
import { createSocket } from 'node:dgram';
import { after, before, beforeEach, describe, test } from 'node:test';
import { startFakeRtpengine, type FakeRtpengine } from '../../../test/support/fake-rtpengine.ts';
import { encodeBencode } from './bencode.ts';
import { createNgClient, createRtpengineAnchor, parseRtpengineTarget, RtpengineError } from './rtpengine.ts';

const CALLER_SDP = [
  'v=0',
  'o=+15551230001 4711 1 IN IP4 127.0.0.2',
  's=AliceSoftphone 1.2',
  'p=+1 555 123 0001',
  'c=IN IP4 127.0.0.2',
  't=0 0',
  'm=audio 6000 RTP/AVP 0 101',
  'a=rtpmap:101 telephone-event/8000',
  'a=candidate:1 1 UDP 2130706431 127.0.0.2 6000 typ host',
  '',
].join('\r\n');

const CALLEE_SDP = CALLER_SDP.replaceAll('127.0.0.2', '127.0.0.3').replace('+15551230001', 'bob').replace('6000', '7000');

describe('rtpengine media anchor (ng protocol, against a fake rtpengine)', () => {
  let fake: FakeRtpengine;
  before(async () => { fake = await startFakeRtpengine(); });
  after(async () => { await fake.close(); });
  beforeEach(() => {
    fake.requests.length = 0;
    fake.behave(() => 'normal');
  });

  test('offer: the B-leg SDP points at rtpengine, and says nothing about the caller', async () => {
    const anchor = createRtpengineAnchor(fake.target);
    const sdp = await anchor.offer({ callId: 'call-1@127.0.0.2', fromTag: 'a-tag', sdp: CALLER_SDP });
    assert.match(sdp, /^c=IN IP4 127\.0\.0\.1$/m);
    assert.match(sdp, /^m=audio \d+ RTP\/AVP 0 101$/m);
    assert.doesNotMatch(sdp, /127\.0\.0\.2|6000|15551230001|AliceSoftphone|^p=/m);
    assert.match(sdp, /^o=- 4711 1 IN IP4 127\.0\.0\.1$/m);
    assert.match(sdp, /^s=-$/m);
    const [request] = fake.requests;
    assert.deepEqual(request?.message, {
      command: 'offer',
      'call-id': 'call-1@127.0.0.2',
      'from-tag': 'a-tag',
      sdp: CALLER_SDP,
      replace: ['origin', 'session-connection'],
      ICE: 'remove',
    });
  });

  test('answer: carries the B-leg To-tag, and the SDP for A points at rtpengine, not the callee', async () => {
    const anchor = createRtpengineAnchor(fake.target);
    await anchor.offer({ callId: 'call-2', fromTag: 'a-tag', sdp: CALLER_SDP });
    const sdp = await anchor.answer({ callId: 'call-2', fromTag: 'a-tag', toTag: 'b-tag', sdp: CALLEE_SDP });
    assert.match(sdp, /^c=IN IP4 127\.0\.0\.1$/m);
    assert.doesNotMatch(sdp, /127\.0\.0\.3|7000|\bbob\b/);
    const answer = fake.requests.find((r) => r.message['command'] === 'answer');
    assert.equal(answer?.message['to-tag'], 'b-tag');
    assert.equal(answer?.message['from-tag'], 'a-tag');
    assert.equal(answer?.message['sdp'], CALLEE_SDP);
  });

  test('delete releases the call by Call-ID and From-tag', async () => {
    const anchor = createRtpengineAnchor(fake.target);
    await anchor.offer({ callId: 'call-3', fromTag: 'a-tag', sdp: CALLER_SDP });
    assert.ok(fake.calls.has('call-3'));
    await anchor.delete({ callId: 'call-3', fromTag: 'a-tag' });
    assert.ok(!fake.calls.has('call-3'));
    assert.deepEqual(fake.requests.at(-1)?.message, { command: 'delete', 'call-id': 'call-3', 'from-tag': 'a-tag' });
  });

  test('a lost command is sent again with the same cookie, and the call goes on', async () => {
    fake.behave((_request, index) => (index < 2 ? 'drop' : 'normal'));
    const anchor = createRtpengineAnchor(fake.target, { timeoutMs: 8_000 });
    const sdp = await anchor.offer({ callId: 'call-4', fromTag: 'a-tag', sdp: CALLER_SDP });
    assert.match(sdp, /^c=IN IP4 127\.0\.0\.1$/m);
    assert.equal(fake.requests.length, 3);
    const cookies = new Set(fake.requests.map((r) => r.cookie));
    assert.equal(cookies.size, 1, 'every resend carries the first send\'s cookie');
    assert.match([...cookies][0] ?? '', /^[0-9a-f]{16,}$/);
  });

  test('each command has its own cookie', async () => {
    const anchor = createRtpengineAnchor(fake.target);
    await anchor.offer({ callId: 'call-5', fromTag: 'a', sdp: CALLER_SDP });
    await anchor.offer({ callId: 'call-6', fromTag: 'a', sdp: CALLER_SDP });
    assert.notEqual(fake.requests[0]?.cookie, fake.requests[1]?.cookie);
  });

  test('a refusal fails the command with rtpengine\'s reason', async () => {
    fake.behave(() => ({ result: 'error', 'error-reason': 'Ran out of ports' }));
    const anchor = createRtpengineAnchor(fake.target);
    await assert.rejects(anchor.offer({ callId: 'call-7', fromTag: 'a-tag', sdp: CALLER_SDP }), (err) => {
      assert.ok(err instanceof RtpengineError);
      assert.match(err.message, /refused "offer" for call call-7: Ran out of ports/);
      assert.match(err.message, new RegExp(fake.target));
      return true;
    });
  });

  test('an answer without an SDP is an error, not an empty body on the other leg', async () => {
    fake.behave(() => ({ result: 'ok' }));
    const anchor = createRtpengineAnchor(fake.target);
    await assert.rejects(anchor.offer({ callId: 'call-8', fromTag: 'a', sdp: CALLER_SDP }), /answered "offer" for call call-8 without an SDP/);
  });

  test('a silent rtpengine fails the command at the deadline, after resending', async () => {
    fake.behave(() => 'drop');
    const anchor = createRtpengineAnchor(fake.target, { timeoutMs: 600 });
    await assert.rejects(anchor.offer({ callId: 'call-9', fromTag: 'a', sdp: CALLER_SDP }), (err) => {
      assert.ok(err instanceof RtpengineError);
      assert.match(err.message, /did not answer "offer" for call call-9 within 600 ms \(sent \d+ times\)/);
      return true;
    });
    assert.ok(fake.requests.length >= 2, `resent at least once (${fake.requests.length} sends)`);
  });

  test('delete never throws: a refusal or silence goes to onError', async () => {
    const errors: Error[] = [];
    const anchor = createRtpengineAnchor(fake.target, { timeoutMs: 600, onError: (err) => errors.push(err) });
    fake.behave(() => ({ result: 'error', 'error-reason': 'Call-ID not found' }));
    await anchor.delete({ callId: 'never-offered', fromTag: 'a' });
    fake.behave(() => 'drop');
    await anchor.delete({ callId: 'call-10', fromTag: 'a' });
    assert.equal(errors.length, 2);
    assert.match(errors[0]?.message ?? '', /refused "delete" for call never-offered: Call-ID not found/);
    assert.match(errors[1]?.message ?? '', /did not answer "delete" for call call-10/);
  });

  test('an answer from anywhere but rtpengine is ignored, even with the right cookie', async () => {
    const spoofer = createSocket('udp4');
    await new Promise<void>((resolve) => spoofer.bind(0, '127.0.0.2', resolve));
    const forged = { result: 'ok', sdp: 'v=0\r\nc=IN IP4 127.0.0.66\r\nm=audio 6666 RTP/AVP 0\r\n' };
    fake.behave((_request, index) => (index > 0 ? 'normal' : 'drop'));
    const anchor = createRtpengineAnchor(fake.target, { timeoutMs: 8_000 });
    const pending = anchor.offer({ callId: 'call-11', fromTag: 'a', sdp: CALLER_SDP });
    // The first send is dropped by the fake; the spoofer answers it, from the wrong address, before the resend.
    await waitUntil(() => fake.requests.length >= 1);
    const first = fake.requests[0];
    assert.ok(first);
    spoofer.send(Buffer.concat([Buffer.from(`${first.cookie} `), encodeBencode(forged)]), first.from.port, first.from.address);
    const sdp = await pending;
    spoofer.close();
    assert.doesNotMatch(sdp, /127\.0\.0\.66|6666/);
    assert.match(sdp, /^c=IN IP4 127\.0\.0\.1$/m);
  });

  test('ping: true while rtpengine answers, false once it is gone', async () => {
    const other = await startFakeRtpengine();
    const client = createNgClient(other.target, 500);
    assert.equal(await client.ping(), true);
    await other.close();
    assert.equal(await client.ping(), false);
    client.close();
  });
});

describe('the rtpengine setting', () => {
  test('udp:HOST:PORT, with an IPv6 host in brackets', () => {
    assert.deepEqual(parseRtpengineTarget('udp:127.0.0.1:22222'), { host: '127.0.0.1', port: 22222 });
    assert.deepEqual(parseRtpengineTarget('udp:[::1]:2223'), { host: '::1', port: 2223 });
    assert.deepEqual(parseRtpengineTarget('udp:media.invalid:2223'), { host: 'media.invalid', port: 2223 });
  });

  for (const wrong of ['127.0.0.1:22222', 'tcp:127.0.0.1:22222', 'udp:127.0.0.1', 'udp:127.0.0.1:0', 'udp:127.0.0.1:70000', 'udp:[nothex]:1', 'udp::::1:2223', '']) {
    test(`"${wrong}" is refused with the expected form in the message`, () => {
      assert.throws(() => parseRtpengineTarget(wrong), /rtpengine must be udp:HOST:PORT|is not an IPv6 address/);
    });
  }

  test('a malformed target fails when the anchor is made, not on the first call', () => {
    assert.throws(() => createRtpengineAnchor('rtpengine.invalid'), RtpengineError);
  });

  test('a timeout that is not a positive number of ms is refused', () => {
    assert.throws(() => createRtpengineAnchor('udp:127.0.0.1:22222', { timeoutMs: 0 }), /positive number of ms/);
  });
});

const waitUntil = async (check: () => boolean, ms = 8_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() > until) assert.fail('timed out');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};
