// A programmable number on the SIP account (issue 15: "for a programmable number, the call plan (dial a SIP
// URI, forward, reject)"), against SIPp as the real caller and callee, on SQLite and PostgreSQL: a masq flow
// rejects one caller as busy and sends everyone else to a SIP URI at the trunk's address (a desk phone);
// SIPp's verdicts and masq's call log (NumberTraffic) are asserted. Not a masked call: a flow's `sip` node
// forwards the caller as they are, so the callees here carry no masking checks. In CI a missing sipp fails
// the suite; elsewhere it is skipped, loudly.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ACCOUNT_SID } from '../../api/support.ts';
import { startSipMasq, type SipMasq } from '../../support/sip-runtime.ts';
import { assertSippPassed, CALLEE_ADDRESS, CALLER_ADDRESS, receivedMessages, runSipp, startSipp, withSipp } from '../../support/sipp.ts';
import { TEST_DIALECTS } from '../../support/stores.ts';

const POOL_NUMBER = '+14155557001';
const FLOW_NUMBER = '+14155557009';
const DESK = '+14155550808';
const BLOCKED = '+14155550666';



const flowDefinition = (trunkPort: number) => ({
  version: 1,
  start: { voice: 'who' },
  nodes: {
    who: { type: 'route', rules: [{ when: { caller: { in: [BLOCKED] } }, next: 'blocked' }], otherwise: 'desk' },
    blocked: { type: 'reject', reason: 'busy' },
    desk: { type: 'sip', uri: `sip:${DESK}@${CALLEE_ADDRESS}:${trunkPort}`, timeout: 10 },
  },
});

withSipp('the SIP programmable-number suite', () => {
  for (const dialect of TEST_DIALECTS) {
    describe(`${dialect}: a flow on a SIP number, between a SIPp caller and a SIPp desk phone`, () => {
      let masq: SipMasq;

      before(async () => {
        masq = await startSipMasq({ dialect, pool: [{ number: POOL_NUMBER }], settings: { numbers: `${POOL_NUMBER},${FLOW_NUMBER}` } });
        const flow = await masq.api.post('/masq/v1/Flows', JSON.stringify({ FriendlyName: 'desk', Definition: flowDefinition(masq.trunkPort) }), undefined, { 'content-type': 'application/json' });
        assert.equal(flow.status, 201, flow.body);
        const bought = await masq.api.post(`/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers.json`, { PhoneNumber: FLOW_NUMBER, MasqCarrier: 'trunk', FlowSid: String(flow.json.sid) });
        assert.equal(bought.status, 201, bought.body);
      });
      after(async () => {
        await masq.close();
      });

      const callLogOf = async (caller: string): Promise<Record<string, unknown>> => {
        const until = Date.now() + 15_000;
        for (;;) {
          const log = await masq.api.get(`/masq/v1/NumberTraffic?PhoneNumber=${encodeURIComponent(FLOW_NUMBER)}&Channel=voice`);
          const entries = Array.isArray(log.json.number_traffic) ? log.json.number_traffic : [];
          const found: unknown = entries.find((entry: unknown) => typeof entry === 'object' && entry !== null && 'from' in entry && entry.from === caller
            && 'status' in entry && !['queued', 'ringing', 'in-progress'].includes(String(entry.status)));
          if (typeof found === 'object' && found !== null) return Object.fromEntries(Object.entries(found));
          if (Date.now() > until) assert.fail(`no finished call from ${caller} in the call log: ${log.body}`);
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      };

      const params = (caller: string, extra: Readonly<Record<string, string>> = {}) =>
        ({ PROXY: FLOW_NUMBER, CALLER: caller, CALLED: DESK, HOLD_MS: '1200', ...extra });

      test('a call to the flow\'s number reaches the SIP URI, is answered, and is logged completed with its duration', async () => {
        const caller = '+14155550101';
        const desk = await startSipp({ scenario: 'callee-answers', params: params(caller), omit: ['masking-checks'], address: CALLEE_ADDRESS, port: masq.trunkPort, timeoutSeconds: 30 });
        const call = await runSipp({ scenario: 'caller-hangs-up', params: params(caller), address: CALLER_ADDRESS, remote: masq.sipTarget, timeoutSeconds: 30 });
        const deskResult = await (call.code === 0 ? desk.done : desk.stop());
        assertSippPassed(call, 'the caller');
        assertSippPassed(deskResult, 'the desk phone');
        assert.match(receivedMessages(deskResult).find((m) => m.startsWith('INVITE ')) ?? '', new RegExp(`^INVITE sip:\\${DESK}@${CALLEE_ADDRESS.replace(/\./g, '\\.')}:${masq.trunkPort} `));
        const logged = await callLogOf(caller);
        assert.deepEqual([logged.application, logged.status], ['flow', 'completed']);
        assert.ok(Number(logged.duration) >= 1, JSON.stringify(logged));
      });

      test('a blocked caller is refused busy (486) by the flow\'s reject node, and nothing rings', async () => {
        const call = await runSipp({ scenario: 'caller-refused', params: params(BLOCKED, { STATUS: '486' }), address: CALLER_ADDRESS, remote: masq.sipTarget, timeoutSeconds: 30 });
        assertSippPassed(call, 'the blocked caller (expecting 486)');
        assert.equal((await callLogOf(BLOCKED)).status, 'busy');
      });

      test('the desk is busy and the flow has nothing after it: the caller hears busy (486), the call logged busy', async () => {
        const caller = '+14155550102';
        const desk = await startSipp({ scenario: 'callee-rejects', params: params(caller, { STATUS: '486', REASON: 'Busy Here' }), omit: ['masking-checks'], address: CALLEE_ADDRESS, port: masq.trunkPort, timeoutSeconds: 30 });
        const call = await runSipp({ scenario: 'caller-refused', params: params(caller, { STATUS: '486' }), address: CALLER_ADDRESS, remote: masq.sipTarget, timeoutSeconds: 30 });
        const deskResult = await (call.code === 0 ? desk.done : desk.stop());
        assertSippPassed(deskResult, 'the busy desk phone');
        assertSippPassed(call, 'the caller (expecting 486)');
        assert.equal((await callLogOf(caller)).status, 'busy');
      });
    });
  }
});
