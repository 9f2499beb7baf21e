// Who masq takes calls from, and how it reads them: trusted peers by address, a digest challenge for the
// rest (or a plain refusal when no credentials are configured), a withheld caller refused, and the called
// number read from the many forms trunks write it in.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, headerText } from '../../../test/support/sip-peer.ts';
import { CALLER, PROXY, startHarness, type Harness } from '../../../test/support/sip-harness.ts';

describe('SIP trust: digest for callers not allow-listed', () => {
  let h: Harness;
  before(async () => { h = await startHarness({ allowedPeers: '127.0.0.9/32,10.0.0.0/8', inboundRealm: 'masq.test', inboundUsername: 'carrier', inboundPassword: 'pa55' }); });
  after(async () => { await h.close(); });

  test('no credentials: 401 with a digest challenge, and nothing is routed', async () => {
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER });
    const answer = await call.finalResponse();
    assert.equal(answer.status, 401);
    const [challenge] = answer.headers['www-authenticate'] ?? [];
    assert.deepEqual({ ...challenge, nonce: undefined }, { scheme: 'Digest', realm: '"masq.test"', nonce: undefined, algorithm: 'MD5', qop: '"auth"' });
    assert.match(challenge?.nonce ?? '', /^"\d+\.[0-9a-f]{32}"$/);
    assert.equal(h.routed.length, 0);
  });

  test('the right credentials: the call is routed and connected', async () => {
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER, credentials: { username: 'carrier', password: 'pa55' } });
    assert.equal((await call.finalResponse()).status, 200);
    assert.equal(h.routed.at(-1)?.resourceSid, call.callId);
    assert.equal((await call.bye()).status, 200);
  });

  test('a wrong password is challenged again, never routed', async () => {
    const routed = h.routed.length;
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER, credentials: { username: 'carrier', password: 'wrong' } });
    assert.equal((await call.finalResponse()).status, 401);
    assert.equal(h.routed.length, routed);
  });
});

describe('SIP trust: allow-list only', () => {
  let h: Harness;
  before(async () => { h = await startHarness({ allowedPeers: '127.0.0.9' }); });
  after(async () => { await h.close(); });

  test('a caller not allow-listed, with no digest configured, is refused 403', async () => {
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER });
    assert.equal((await call.finalResponse()).status, 403);
    assert.equal(h.routed.length, 0);
  });
});

describe('SIP identity: caller and called number', () => {
  let h: Harness;
  before(async () => { h = await startHarness({ country: 'US' }); });
  after(async () => { await h.close(); });

  test('an anonymous caller is refused 603 and reported withheld; nothing is routed', async () => {
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: 'anonymous', headers: { Privacy: 'id' } });
    const answer = await call.finalResponse();
    assert.equal(answer.status, 603);
    assert.match(headerText(answer, 'reason') ?? '', /withheld/);
    await eventually(() => h.reports.find((e) => e.kind === 'withheld'), 'the withheld report');
    assert.equal(h.routed.length, 0);
  });

  test('P-Asserted-Identity names the caller when From does not', async () => {
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: 'anonymous', headers: { 'P-Asserted-Identity': `"Someone" <sip:${CALLER}@127.0.0.2>` } });
    assert.equal((await call.finalResponse()).status, 200);
    assert.equal(h.routed.at(-1)?.from, CALLER);
    assert.equal((await call.bye()).status, 200);
  });

  for (const written of ['+14155550100', '14155550100', '4155550100', '0014155550100', '+1-415-555-0100']) {
    test(`the called number written ${written} is ${PROXY}`, async () => {
      const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: written, from: CALLER.slice(1) });
      assert.equal((await call.finalResponse()).status, 200);
      assert.deepEqual([h.routed.at(-1)?.to, h.routed.at(-1)?.from], [PROXY, CALLER]);
      assert.equal((await call.bye()).status, 200);
    });
  }

  test('a Request-URI that is no phone number → 404, never routed', async () => {
    const routed = h.routed.length;
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: 'voicemail', from: CALLER });
    assert.equal((await call.finalResponse()).status, 404);
    assert.equal(h.routed.length, routed);
  });
});
