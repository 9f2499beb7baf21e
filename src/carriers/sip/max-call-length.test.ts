// An answered call whose BYE never arrives (a phone that lost power, a BYE lost on the way) would stay
// in progress forever: at the account's maxCallSeconds masq hangs up both legs itself, with a Reason
// saying why, and records the call completed with cause max-duration. Asserted from the peers' side.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eventually, headerText } from '../../../test/support/sip-peer.ts';
import { CALLER, PROXY, startHarness, type Harness } from '../../../test/support/sip-harness.ts';

const REASON = 'Q.850;cause=102;text="masq maximum call length"';

describe('SIP: the maximum call length', () => {
  let h: Harness;
  before(async () => {
    h = await startHarness({ maxCallSeconds: '1' });
    h.trunk.behaviour = { kind: 'answer' };
  });
  after(async () => { await h.close(); });

  test('an answered call nobody hangs up is ended by masq: BYE to both legs with Reason cause 102; completed, cause max-duration', async () => {
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER });
    assert.equal((await call.finalResponse()).status, 200);
    const bCallId = h.trunk.invites().at(-1)?.headers['call-id'] ?? '';
    assert.notEqual(bCallId, '');

    const callerBye = await call.byeReceived();
    const calleeBye = await h.trunk.waitForRequest((r) => r.method === 'BYE' && r.headers['call-id'] === bCallId, 'the BYE on the B-leg', 20_000);
    assert.equal(headerText(callerBye, 'reason'), REASON, 'the caller is told why');
    assert.equal(headerText(calleeBye, 'reason'), REASON, 'the callee is told why');

    const isEnd = (status: string) => ['completed', 'busy', 'no-answer', 'failed', 'canceled'].includes(status);
    const a = await eventually(() => h.statuses(call.callId).find((r) => isEnd(r.status)), 'the A-leg\'s end');
    const b = await eventually(() => h.statuses(bCallId).find((r) => isEnd(r.status)), 'the B-leg\'s end');
    assert.deepEqual([a.status, a.details?.cause], ['completed', 'max-duration']);
    assert.deepEqual([b.status, b.details?.cause], ['completed', 'max-duration']);
    assert.ok((a.durationSeconds ?? 0) >= 1, `the duration counts the call: ${String(a.durationSeconds)}`);
    await eventually(() => (h.account.link.calls() === 0 ? true : undefined), 'the call to leave masq\'s memory');
  });

  test('a call hung up before the limit is not touched by it: one BYE each way, caller-hangup', async () => {
    const call = h.caller.call({ host: '127.0.0.1', port: h.port, to: PROXY, from: CALLER });
    assert.equal((await call.finalResponse()).status, 200);
    const bCallId = h.trunk.invites().at(-1)?.headers['call-id'] ?? '';
    assert.equal((await call.bye()).status, 200);
    const a = await eventually(() => h.statuses(call.callId).find((r) => r.status === 'completed'), 'the A-leg completed');
    assert.equal(a.details?.cause, 'caller-hangup');
    // Past the limit: masq sent nothing more on either leg (its timer went with the call).
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    assert.equal(h.caller.requests.filter((r) => r.method === 'BYE' && r.headers['call-id'] === call.callId).length, 0);
    assert.equal(h.trunk.requests.filter((r) => r.method === 'BYE' && r.headers['call-id'] === bCallId).length, 1);
  });
});
