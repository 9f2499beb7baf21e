// A trunk that never answers a B-leg at all (down, or dropping masq's packets) is a failure of the trunk,
// not a callee who did not pick up: after trunkTimeoutSeconds (Timer B, 32 s at most) the caller gets 503
// and the call is recorded failed. A trunk that answered 100 or 180 still rings until the ring timeout.
// Asserted from the peers' side: what the caller hears, what the trunk received, what masq recorded.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { after, before, describe, test } from 'node:test';
import sip from 'sip';
import { eventually, TRUNK_ADDRESS } from '../../../test/support/sip-peer.ts';
import { CALLER, PROXY, startHarness, type Harness } from '../../../test/support/sip-harness.ts';
import { responseTo, type SipMessage } from './sip-message.ts';
import { startSipStack, type SipStack } from './sip-stack.ts';

/** A trunk that takes masq's datagrams and never answers: what a dead SBC behind a firewall looks like. */
const startSilentTrunk = async (): Promise<{ readonly port: number; readonly received: SipMessage[]; close(): Promise<void> }> => {
  const socket = dgram.createSocket('udp4');
  const received: SipMessage[] = [];
  socket.on('message', (data) => {
    const message = sip.parse(data);
    if (message) received.push(message);
  });
  await new Promise<void>((resolve) => socket.bind(0, TRUNK_ADDRESS, resolve));
  return { port: socket.address().port, received, close: () => new Promise((resolve) => socket.close(() => resolve())) };
};

/** A trunk that says 100 Trying to every INVITE and nothing more. */
const startTryingTrunk = async (): Promise<{ readonly stack: SipStack; readonly received: SipMessage[] }> => {
  const received: SipMessage[] = [];
  let stack: SipStack | null = null;
  stack = await startSipStack({
    address: TRUNK_ADDRESS, port: 0, publicAddress: TRUNK_ADDRESS, transports: ['udp'],
    onRequest: (request) => {
      received.push(request);
      if (request.method === 'INVITE') stack?.respond(responseTo(request, 100, 'Trying'));
      if (request.method === 'CANCEL') stack?.respond(responseTo(request, 200, 'OK'));
    },
  });
  return { stack, received };
};

const finalOf = async (h: Harness, resourceSid: string) =>
  eventually(() => h.statuses(resourceSid).find((r) => ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(r.status)), `the end of ${resourceSid}`, 20_000);

const place = (h: Harness) => h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER });

describe('SIP B-leg: a trunk that never answers', () => {
  let trunk: Awaited<ReturnType<typeof startSilentTrunk>>;
  let h: Harness;
  before(async () => {
    trunk = await startSilentTrunk();
    h = await startHarness({ trunk: `${TRUNK_ADDRESS}:${trunk.port}`, trunkTimeoutSeconds: '2', ringTimeoutSeconds: '60' });
  });
  after(async () => {
    await h.close();
    await trunk.close();
  });

  test('after trunkTimeoutSeconds the caller gets 503 (not a minute of ringing and 480); masq records failed, the B-leg with 408', async () => {
    const call = place(h);
    const answer = await call.finalResponse();
    assert.deepEqual([answer.status, answer.reason], [503, 'Service Unavailable']);
    assert.ok(call.responses.some((r) => r.status === 100), 'the caller heard 100 Trying first');
    assert.ok(!call.responses.some((r) => r.status === 180 || r.status === 183), 'nothing rang');

    const bInvite = trunk.received.find((m) => m.method === 'INVITE');
    assert.ok(bInvite, 'the B-leg INVITE reached the trunk');
    const a = await finalOf(h, call.callId);
    assert.deepEqual([a.status, a.errorCode, a.details?.cause], ['failed', '503', 'failed']);
    const b = await finalOf(h, bInvite.headers['call-id']);
    assert.deepEqual([b.status, b.errorCode, b.details?.cause, b.details?.sip_status], ['failed', '408', 'failed', '408']);
    // Nothing answered, so there is no transaction to CANCEL (RFC 3261 §9.1).
    assert.ok(!trunk.received.some((m) => m.method === 'CANCEL'), 'no CANCEL sent to a trunk that never answered');
  });
});

describe('SIP B-leg: a ring timeout shorter than the trunk timeout, on a trunk that never answers', () => {
  let trunk: Awaited<ReturnType<typeof startSilentTrunk>>;
  let h: Harness;
  before(async () => {
    trunk = await startSilentTrunk();
    h = await startHarness({ trunk: `${TRUNK_ADDRESS}:${trunk.port}`, trunkTimeoutSeconds: '30', ringTimeoutSeconds: '1' });
  });
  after(async () => {
    await h.close();
    await trunk.close();
  });

  test('nothing was heard, so nothing rang: 503 and failed, not 480 and no-answer', async () => {
    const call = place(h);
    assert.equal((await call.finalResponse()).status, 503);
    const a = await finalOf(h, call.callId);
    assert.deepEqual([a.status, a.details?.cause], ['failed', 'failed']);
  });
});

describe('SIP B-leg: a trunk that answered 100 Trying and then nothing', () => {
  let trunk: Awaited<ReturnType<typeof startTryingTrunk>>;
  let h: Harness;
  before(async () => {
    trunk = await startTryingTrunk();
    h = await startHarness({ trunk: `${TRUNK_ADDRESS}:${trunk.stack.port}`, trunkTimeoutSeconds: '1', ringTimeoutSeconds: '3' });
  });
  after(async () => {
    await h.close();
    await trunk.stack.close();
  });

  test('rings on past the trunk timeout until the ring timeout: CANCEL to the trunk, 480 to the caller, no-answer', async () => {
    const call = place(h);
    const answer = await call.finalResponse();
    assert.equal(answer.status, 480);
    const bInvite = trunk.received.find((m) => m.method === 'INVITE');
    assert.ok(bInvite);
    await eventually(() => trunk.received.find((m) => m.method === 'CANCEL' && m.headers['call-id'] === bInvite.headers['call-id']), 'the CANCEL at the ring timeout');
    const a = await finalOf(h, call.callId);
    assert.deepEqual([a.status, a.details?.cause], ['no-answer', 'no-answer']);
  });
});

describe('SIP B-leg: a trunk that rings (180) and then nothing', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ trunkTimeoutSeconds: '1', ringTimeoutSeconds: '3' });
    h.trunk.behaviour = { kind: 'ring' };
  });
  after(async () => { await h.close(); });

  test('the caller hears the ringing, then 480 at the ring timeout; no-answer', async () => {
    const call = place(h);
    await call.provisional(180);
    assert.equal((await call.finalResponse()).status, 480);
    const a = await finalOf(h, call.callId);
    assert.deepEqual([a.status, a.details?.cause], ['no-answer', 'no-answer']);
  });
});
