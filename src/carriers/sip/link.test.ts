// The SIP link's lifecycle: closing ends the calls in progress (BYE to both legs of an answered call;
// CANCEL to a ringing callee and 503 to its caller) before it stops listening; a port that cannot be bound
// is reported in health and retried, not thrown.
import assert from 'node:assert/strict';
import dgram from 'node:dgram';
import { describe, test } from 'node:test';
import { eventually } from '../../../test/support/sip-peer.ts';
import { CALLER, PROXY, startHarness } from '../../../test/support/sip-harness.ts';
import { createSipAccount } from './account.ts';
import { sipConfigOf } from './settings.ts';

describe('SIP link lifecycle', () => {
  test('close() hangs up answered calls on both legs and cancels ringing ones, then stops listening', async () => {
    const h = await startHarness();
    try {
      h.trunk.behaviour = { kind: 'answer' };
      const answered = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER });
      assert.equal((await answered.finalResponse()).status, 200);
      const answeredB = h.trunk.invites().at(-1)?.headers['call-id'] ?? '';
      h.trunk.behaviour = { kind: 'ring' };
      const ringing = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER });
      await ringing.provisional(180);
      const ringingB = h.trunk.invites().at(-1)?.headers['call-id'] ?? '';
      assert.equal(h.account.link.calls(), 2);

      await h.account.link.close();
      await answered.byeReceived();
      await h.trunk.waitForRequest((r) => r.method === 'BYE' && r.headers['call-id'] === answeredB, 'the BYE to the answered callee');
      await h.trunk.waitForRequest((r) => r.method === 'CANCEL' && r.headers['call-id'] === ringingB, 'the CANCEL to the ringing callee');
      assert.equal((await ringing.finalResponse()).status, 503);
      assert.equal(h.account.link.ready(), false);
      assert.equal(h.account.link.port(), null);
      await eventually(() => h.statuses(answered.callId).find((r) => r.status === 'completed'), 'the answered call\'s record');
    } finally {
      await h.close();
    }
  });

  test('a port already in use: health says why and the link keeps trying', async () => {
    const squatter = dgram.createSocket('udp4');
    await new Promise<void>((resolve) => squatter.bind(0, '127.0.0.1', resolve));
    const account = createSipAccount(sipConfigOf({ type: 'sip', name: 'busy-port', settings: { listenAddress: '127.0.0.1', listenPort: String(squatter.address().port), transports: 'udp' } }), { anchor: null });
    try {
      account.link.open({ report: () => Promise.resolve(), route: () => Promise.reject(new Error('unused')), step: () => Promise.reject(new Error('unused')) });
      const health = await eventually(() => (account.link.health().failuresInARow > 0 ? account.link.health() : undefined), 'the failure');
      assert.equal(health.connected, false);
      assert.match(health.lastError ?? '', /EADDRINUSE/);
      assert.equal(account.link.ready(), false);
    } finally {
      await account.link.close();
      squatter.close();
    }
  });

  test('a SIP account sends no messages: refused as unsent', async () => {
    const account = createSipAccount(sipConfigOf({ type: 'sip', name: 'no-sms', settings: {} }), { anchor: null });
    await assert.rejects(account.messaging.send({ from: PROXY, to: CALLER, body: 'hi', mediaUrls: [], statusCallbackUrl: null, idempotencyKey: 'k' }), (err: unknown) => {
      assert.ok(err instanceof Error && 'unsent' in err && err.unsent === true);
      return true;
    });
    assert.deepEqual(account.defaultCapabilities(PROXY), { voice: true, sms: false, mms: false });
    assert.deepEqual(account.delivery, { message: 'api', voice: 'in-reply' });
  });
});
