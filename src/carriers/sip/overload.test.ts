// Under a flood masq sheds load before it drops packets: beyond maxCallsInSetup calls being routed or
// ringing, a new INVITE is answered 503 with Retry-After at once and not routed (no interaction), so the
// trunk retries elsewhere or later. And the UDP socket asks the OS for a large receive buffer, so a burst
// that arrives while the event loop is busy waits instead of being dropped. Asserted from the peers' side.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { after, before, describe, test } from 'node:test';
import { eventually, headerText } from '../../../test/support/sip-peer.ts';
import { CALLER, PROXY, startHarness, type Harness } from '../../../test/support/sip-harness.ts';
import { startSipStack, UDP_RECEIVE_BUFFER_BYTES } from './sip-stack.ts';

describe('SIP: calls in setup beyond maxCallsInSetup', () => {
  let h: Harness;
  before(async () => { h = await startHarness({ maxCallsInSetup: '1' }); });
  after(async () => { await h.close(); });

  const place = () => h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER });

  test('a second call while one rings gets 503 with Retry-After: 5 at once, and is neither routed nor dialled', async () => {
    h.trunk.behaviour = { kind: 'ring' };
    const ringing = place();
    await ringing.provisional(180);
    const [routed, dialled] = [h.routed.length, h.trunk.invites().length];

    const shed = place();
    const answer = await shed.finalResponse();
    assert.deepEqual([answer.status, answer.reason], [503, 'Service Unavailable']);
    assert.equal(headerText(answer, 'retry-after'), '5');
    assert.ok(!shed.responses.some((r) => r.status === 100), 'refused before any work: not even 100 Trying');
    assert.equal(h.routed.length, routed, 'not routed: no interaction');
    assert.equal(h.trunk.invites().length, dialled, 'nothing dialled');
    assert.equal(h.statuses(shed.callId).length, 0, 'nothing recorded');

    // Once the ringing call is over, calls are taken again.
    assert.equal((await ringing.cancel()).status, 200);
    assert.equal((await ringing.finalResponse()).status, 487);
    h.trunk.behaviour = { kind: 'answer' };
    const next = place();
    assert.equal((await next.finalResponse()).status, 200);
    assert.equal(h.routed.at(-1)?.resourceSid, next.callId);
    assert.equal((await next.bye()).status, 200);
    await eventually(() => h.statuses(next.callId).find((r) => r.status === 'completed'), 'the next call completed');
  });

  test('an answered call is no longer in setup: a new call is taken while it lasts', async () => {
    h.trunk.behaviour = { kind: 'answer' };
    const first = place();
    assert.equal((await first.finalResponse()).status, 200);
    const second = place();
    assert.equal((await second.finalResponse()).status, 200);
    assert.equal((await second.bye()).status, 200);
    assert.equal((await first.bye()).status, 200);
  });
});

describe('SIP: the UDP receive buffer', () => {
  test('masq\'s UDP socket gets as large a receive buffer as the OS grants for 4 MiB, more than its default', async () => {
    // What this OS grants a socket that asks for 4 MiB (Linux caps it at net.core.rmem_max, and doubles it).
    const reference = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => reference.bind(0, '127.0.0.1', resolve));
    const byDefault = reference.getRecvBufferSize();
    reference.setRecvBufferSize(UDP_RECEIVE_BUFFER_BYTES);
    const granted = reference.getRecvBufferSize();
    await new Promise<void>((resolve) => reference.close(() => resolve()));

    const stack = await startSipStack({ address: '127.0.0.1', port: 0, publicAddress: '127.0.0.1', transports: ['udp'], onRequest: () => undefined });
    try {
      assert.equal(stack.udpReceiveBufferBytes(), granted);
      assert.ok(granted > byDefault, `granted ${granted} bytes, default ${byDefault}`);
    } finally {
      await stack.close();
    }
  });
});
