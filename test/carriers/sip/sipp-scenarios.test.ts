// The SIPp scenarios of test/peers/sip tried against each other, without masq: each caller/callee pair
// completes its flow (CANCEL, BYE from either side, re-INVITE, a refusal, a digest challenge), and the
// callees' masking checks pass a clean B-leg (SIPp imitating masq's) while failing on each way a B-leg can
// give the caller away. So when a masq suite fails, the scenario is not the suspect. In CI a missing sipp
// fails this suite; elsewhere it is skipped, loudly.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { assertSippPassed, CALLEE_ADDRESS, CALLER_ADDRESS, describeSipp, freePort, runSipp, startSipp, type SippResult, withSipp } from '../../support/sipp.ts';

const PARAMS = {
  PROXY: '+14155557001', CALLER: '+14155550101', CALLED: '+14155550404', CALLER_DIGITS: '4155550101', HOLD_MS: '100',
  USERNAME: 'masq', PASSWORD: 'trunk-secret', CHALLENGE: '401', STATUS: '486', REASON: 'Busy Here', LEAK: '',
};
/** Not 127.0.0.2: the callees' checks refuse the caller's address in a B-leg's Via and Contact. */
const IMITATION_ADDRESS = '127.0.0.4';


interface Pair { readonly caller: SippResult; readonly callee: SippResult }

const runPair = async (opts: {
  caller: string; callee: string; params?: Partial<typeof PARAMS>; calleeParams?: Partial<typeof PARAMS>;
  omitMaskingChecks?: boolean; from?: string; transport?: 'udp' | 'tcp';
}): Promise<Pair> => {
  const params = { ...PARAMS, ...opts.params };
  const port = await freePort(CALLEE_ADDRESS);
  const transport = opts.transport ?? 'udp';
  const callee = await startSipp({
    scenario: opts.callee, params: { ...params, ...opts.calleeParams }, address: CALLEE_ADDRESS, port, transport, timeoutSeconds: 30,
    omit: opts.omitMaskingChecks ? ['masking-checks'] : [],
  });
  const imitation = opts.caller === 'imitation-b-leg';
  const caller = await runSipp({
    scenario: opts.caller, params, address: opts.from ?? (imitation ? IMITATION_ADDRESS : CALLER_ADDRESS), remote: `${CALLEE_ADDRESS}:${port}`,
    transport, timeoutSeconds: 30, ...(imitation && { callIdPrefix: 'bleg-' }),
  });
  return { caller, callee: await callee.done };
};

/** The regular expression of the check that failed, as SIPp's error log names it. */
const failedCheck = (result: SippResult): string => /with regexp '([^']*)'/.exec(result.errors)?.[1] ?? '(no failed check in the error log)';


withSipp('the SIPp scenario suite', () => {
  describe('SIPp scenarios against each other (no masq)', () => {
    const flows: readonly (readonly [string, string, string, Partial<typeof PARAMS>?])[] = [
      ['caller-hangs-up', 'callee-answers', 'answered with early media, BYE from the caller'],
      ['caller-hung-up-on', 'callee-hangs-up', 'BYE from the callee'],
      ['caller-cancels', 'callee-rings', 'CANCEL while ringing, 487'],
      ['caller-refused', 'callee-rejects', 'busy (486)'],
      ['caller-refused', 'callee-rejects', 'declined (603)', { STATUS: '603', REASON: 'Decline' }],
      ['caller-reinvite', 'callee-reinvite', 're-INVITE to hold, answered recvonly'],
      ['caller-held', 'callee-holds', 're-INVITE to hold from the callee, answered recvonly'],
      ['caller-update', 'callee-update', 'UPDATE, answered recvonly'],
      ['caller-digest', 'callee-challenges', 'a 401 digest challenge answered'],
    ];
    for (const [caller, callee, what, params] of flows) {
      test(`${caller} -> ${callee}: ${what}`, async () => {
        const pair = await runPair({ caller, callee, omitMaskingChecks: true, ...(params && { params }) });
        assertSippPassed(pair.caller, caller);
        assertSippPassed(pair.callee, callee);
      });
    }

    test('caller-hangs-up -> callee-answers over TCP', async () => {
      const pair = await runPair({ caller: 'caller-hangs-up', callee: 'callee-answers', omitMaskingChecks: true, transport: 'tcp' });
      assertSippPassed(pair.caller, 'caller over TCP');
      assertSippPassed(pair.callee, 'callee over TCP');
    });

    test('callee-challenges fails a call whose credentials are wrong', async () => {
      const pair = await runPair({ caller: 'caller-digest', callee: 'callee-challenges', omitMaskingChecks: true, calleeParams: { PASSWORD: 'another' } });
      assert.notEqual(pair.callee.code, 0, describeSipp(pair.callee));
    });
  });

  describe('the callees\' masking checks', () => {
    test('pass a clean B-leg: From and P-Asserted-Identity the proxy number, nothing of the caller', async () => {
      const pair = await runPair({ caller: 'imitation-b-leg', callee: 'callee-answers' });
      assertSippPassed(pair.caller, 'the imitation');
      assertSippPassed(pair.callee, 'callee-answers');
      assert.match(pair.callee.logs, /B-leg INVITE to INVITE sip:\+14155550404@ from \s*From: <sip:\+14155557001@, PAI \s*P-Asserted-Identity: <sip:\+14155557001@/);
    });

    test('fail the caller\'s own INVITE sent straight to them (the first check that fails is the Request-URI)', async () => {
      const pair = await runPair({ caller: 'caller-hangs-up', callee: 'callee-answers' });
      assert.notEqual(pair.callee.code, 0, describeSipp(pair.callee));
      assert.equal(failedCheck(pair.callee), '^INVITE sip:\\+14155550404@');
    });

    // Each leak on an otherwise clean B-leg, and the check that must catch it (SIPp reports the first that fails).
    const leaks: readonly (readonly [string, RegExp])[] = [
      ['Remote-Party-ID: <sip:+14155557001@127.0.0.4>;party=calling', /\[Rr\]\[Ee\]\[Mm\]/],
      ['remote-party-id: <sip:anonymous@anonymous.invalid>', /\[Rr\]\[Ee\]\[Mm\]/],
      ['P-Preferred-Identity: <sip:someone@127.0.0.4>', /\[Pp\]-\[Pp\]\[Rr\]/],
      ['Diversion: <sip:+14155557001@127.0.0.4>;reason=unconditional', /\[Dd\]\[Ii\]\[Vv\]/],
      ['History-Info: <sip:+14155557001@127.0.0.4>;index=1', /\[Hh\]\[Ii\]\[Ss\]/],
      ['Privacy: none', /\[Pp\]\[Rr\]\[Ii\]\[Vv\]/],
      ['X-Account: 42', /\[Xx\]-/],
      ['x-anything: 1', /\[Xx\]-/],
      ['Subject: call from +14155550101', /^4155550101$/],
      ['Subject: 4155550101', /^4155550101$/],
      ['Subject: Alice', /\[Aa\]\[Ll\]\[Ii\]/],
      ['Subject: aleg-1-2@127.0.0.2', /SIPpTag00\|aleg-/],
      ['Via: SIP/2.0/UDP 127.0.0.2:5060;branch=z9hG4bKcaller', /127\\\.0\\\.0\\\.2/],
      ['Record-Route: <sip:127.0.0.2;lr>', /127\\\.0\\\.0\\\.2/],
    ];
    for (const [leak, check] of leaks) {
      test(`fail a B-leg carrying "${leak}"`, async () => {
        const pair = await runPair({ caller: 'imitation-b-leg', callee: 'callee-answers', params: { LEAK: `\n      ${leak}` } });
        assert.notEqual(pair.callee.code, 0, describeSipp(pair.callee));
        assert.match(failedCheck(pair.callee), check, pair.callee.errors);
      });
    }
  });
});
