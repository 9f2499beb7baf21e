// masq's SIP carrier against SIPp (Debian's sip-tester) as the real caller and callee, on SQLite and
// PostgreSQL: a SIPp caller on 127.0.0.2 calls a participant's proxy number at masq (127.0.0.1); masq's
// B-leg goes through the SIP account's trunk to a SIPp callee on 127.0.0.3. Each test runs one scenario
// pair (test/peers/sip) and asserts SIPp's verdicts (exit code 0: every expected message came, every
// `ereg check_it` passed — the callee's masking checks on the B-leg INVITE among them) AND what masq recorded
// through the Proxy API (the interaction's leg statuses, duration, cause, answer and end times). In CI a
// missing sipp fails the suite; elsewhere it is skipped, loudly.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { interactionData, startSipMasq, type SipMasq } from '../../support/sip-runtime.ts';
import { assertSippPassed, CALLEE_ADDRESS, CALLER_ADDRESS, receivedMessages, runSipp, startSipp, type SippOptions, withSipp } from '../../support/sipp.ts';
import { TEST_DIALECTS } from '../../support/stores.ts';

const SIP_1 = '+14155557001';
const SIP_2 = '+14155557002';
const TRUNK_CREDENTIALS = { USERNAME: 'masq-at-trunk', PASSWORD: 'trunk-secret' };
const INBOUND_CREDENTIALS = { USERNAME: 'pbx', PASSWORD: 'inbound-secret' };
/** A caller masq does not trust by address: it must answer the digest challenge. */
const UNTRUSTED_ADDRESS = '127.0.0.4';
const RING_TIMEOUT_SECONDS = 3;


/** A fresh caller and callee for each test, so each has its own session. */
let pairCount = 0;
const nextPair = () => {
  pairCount += 1;
  const n = String(pairCount).padStart(2, '0');
  return { caller: `+1415555${n}01`, callee: `+1415555${n}04` };
};
const nationalDigits = (e164: string): string => e164.slice(2);


interface CallOptions {
  readonly caller: string;
  readonly callee: string | null;
  readonly params?: Readonly<Record<string, string>>;
  readonly callerOptions?: Partial<SippOptions>;
  readonly calleeOptions?: Partial<SippOptions>;
}

/**
 * A masked session (caller on SIP_1, callee on SIP_2), a SIPp callee at the trunk (unless `callee` is null)
 * and a SIPp caller dialling SIP_1; both verdicts, and the session's sid.
 */
const callThrough = async (masq: SipMasq, opts: CallOptions) => {
  const people = nextPair();
  const session = await masq.session(`call-${people.caller}`, [[people.caller, SIP_1], [people.callee, SIP_2]]);
  const params = {
    PROXY: SIP_1, CALLER: people.caller, CALLED: people.callee, CALLER_DIGITS: nationalDigits(people.caller), HOLD_MS: '1200',
    ...opts.params,
  };
  const callee = opts.callee === null ? null : await startSipp({
    scenario: opts.callee, params: { ...params, PROXY: SIP_2 }, address: CALLEE_ADDRESS, port: masq.trunkPort, timeoutSeconds: 30, ...opts.calleeOptions,
  });
  const caller = await runSipp({ scenario: opts.caller, params, address: CALLER_ADDRESS, remote: masq.sipTarget, timeoutSeconds: 30, ...opts.callerOptions });
  const calleeResult = callee === null ? null : await (caller.code === 0 ? callee.done : callee.stop());
  return { caller, callee: calleeResult, sessionSid: session.sid, people };
};

const FINAL_STATUSES = new Set(['completed', 'busy', 'no-answer', 'canceled', 'failed']);

/** The session's one interaction once both legs reached a final status. */
const endedInteraction = async (masq: SipMasq, sessionSid: string) => {
  const ended = (i: Record<string, unknown> | undefined) => FINAL_STATUSES.has(String(i?.outbound_resource_status)) && FINAL_STATUSES.has(String(i?.inbound_resource_status));
  const [interaction] = await masq.interactionsWhen(sessionSid, (all) => all.length === 1 && ended(all[0]), 'the call to be recorded as ended');
  assert.ok(interaction);
  return { interaction, data: interactionData(interaction) };
};

withSipp('masq\'s SIP carrier against SIPp', () => {
  for (const dialect of TEST_DIALECTS) {
    describe(`${dialect}: masq's SIP carrier between a SIPp caller and a SIPp callee`, () => {
      let masq: SipMasq;

      before(async () => {
        masq = await startSipMasq({
          dialect, pool: [{ number: SIP_1 }, { number: SIP_2 }],
          settings: {
            ringTimeoutSeconds: String(RING_TIMEOUT_SECONDS),
            trunkUsername: TRUNK_CREDENTIALS.USERNAME, trunkPassword: TRUNK_CREDENTIALS.PASSWORD,
            inboundRealm: 'masq.invalid', inboundUsername: INBOUND_CREDENTIALS.USERNAME, inboundPassword: INBOUND_CREDENTIALS.PASSWORD,
          },
        });
      });
      after(async () => {
        await masq.close();
      });

      const call = (opts: CallOptions) => callThrough(masq, opts);
      const finalInteraction = (sessionSid: string) => endedInteraction(masq, sessionSid);

      test('a masked call: the callee sees only the proxy number, early media and the answer are relayed, the caller hangs up; masq records it completed with its duration', async () => {
        const { caller, callee, sessionSid } = await call({ caller: 'caller-hangs-up', callee: 'callee-answers' });
        assertSippPassed(caller, 'the caller');
        assert.ok(callee);
        assertSippPassed(callee, 'the callee (its masking checks on the B-leg INVITE)');
        // The media description is passed through (no rtpengine here), the caller's name in it is not: the
        // callee's masking checks found neither "alice" nor the caller's digits anywhere, the SDP included.
        const bLegInvite = receivedMessages(callee).find((m) => m.startsWith('INVITE ')) ?? '';
        assert.match(bLegInvite, /o=- 1111 1111 IN IP4 127\.0\.0\.2/);
        assert.match(bLegInvite, /m=audio 16000 RTP\/AVP 0/);
        const responses = receivedMessages(caller);
        const early = responses.find((m) => m.startsWith('SIP/2.0 183'));
        assert.match(early ?? '', /o=- 3333 3333 IN IP4 127\.0\.0\.3/, 'the 183 reached the caller with the early media SDP');
        const answer = responses.find((m) => m.startsWith('SIP/2.0 200') && /CSeq:\s*1 INVITE/i.test(m));
        assert.match(answer ?? '', /o=- 3333 3333/);
        assert.doesNotMatch(answer ?? '', /SIPpTag01/, 'the caller gets masq\'s To-tag, not the callee\'s');
        assert.doesNotMatch(answer ?? '', /\+14155555?\d*04@/, 'nor the callee\'s number');

        const { interaction, data } = await finalInteraction(sessionSid);
        assert.equal(interaction.type, 'voice');
        assert.deepEqual([interaction.inbound_resource_status, interaction.outbound_resource_status], ['completed', 'completed']);
        assert.deepEqual([interaction.inbound_resource_type, interaction.outbound_resource_type], ['Call', 'Call']);
        assert.equal(data.cause, 'caller-hangup');
        assert.equal(data.sip_status, '200');
        assert.ok(Number(data.duration) >= 1, `a call held 1.2 s lasts at least a second: ${JSON.stringify(data)}`);
        assert.ok(Date.parse(String(data.answered_at)) < Date.parse(String(data.ended_at)), JSON.stringify(data));
      });

      test('the callee hangs up: masq relays the BYE to the caller and records cause callee-hangup', async () => {
        const { caller, callee, sessionSid } = await call({ caller: 'caller-hung-up-on', callee: 'callee-hangs-up' });
        assertSippPassed(caller, 'the caller');
        assert.ok(callee);
        assertSippPassed(callee, 'the callee');
        const bye = receivedMessages(caller).find((m) => m.startsWith('BYE '));
        assert.doesNotMatch(bye ?? 'no BYE', /127\.0\.0\.3|SIPpTag01/, 'the BYE the caller gets is masq\'s, not the callee\'s');
        const { interaction, data } = await finalInteraction(sessionSid);
        assert.deepEqual([interaction.inbound_resource_status, interaction.outbound_resource_status], ['completed', 'completed']);
        assert.equal(data.cause, 'callee-hangup');
        assert.ok(Number(data.duration) >= 1, JSON.stringify(data));
      });

      test('the callee is busy: the caller gets 486, masq records busy', async () => {
        const { caller, callee, sessionSid } = await call({ caller: 'caller-refused', callee: 'callee-rejects', params: { STATUS: '486', REASON: 'Busy Here' } });
        assertSippPassed(caller, 'the caller (expecting 486)');
        assert.ok(callee);
        assertSippPassed(callee, 'the callee');
        const { interaction, data } = await finalInteraction(sessionSid);
        assert.equal(interaction.outbound_resource_status, 'busy');
        assert.deepEqual([data.cause, data.sip_status], ['busy', '486']);
        assert.equal(data.answered_at, undefined, 'never answered');
      });

      test('the callee rings and never answers: masq CANCELs it at the ring timeout, the caller gets 480, masq records no-answer', async () => {
        const { caller, callee, sessionSid } = await call({ caller: 'caller-refused', callee: 'callee-rings', params: { STATUS: '480' } });
        assertSippPassed(caller, 'the caller (expecting 480)');
        assert.ok(callee);
        assertSippPassed(callee, 'the callee (expecting masq\'s CANCEL)');
        const { interaction, data } = await finalInteraction(sessionSid);
        assert.equal(interaction.outbound_resource_status, 'no-answer');
        assert.equal(data.cause, 'no-answer');
      });

      test('the caller gives up while it rings: masq CANCELs the B-leg, the caller gets 487, masq records canceled', async () => {
        const { caller, callee, sessionSid } = await call({ caller: 'caller-cancels', callee: 'callee-rings' });
        assertSippPassed(caller, 'the caller');
        assert.ok(callee);
        assertSippPassed(callee, 'the callee (expecting the CANCEL)');
        const { interaction, data } = await finalInteraction(sessionSid);
        assert.deepEqual([interaction.inbound_resource_status, interaction.outbound_resource_status], ['canceled', 'canceled']);
        assert.equal(data.cause, 'canceled');
      });

      // What the callee answers, what the caller must then hear (never more than masking allows), what masq records.
      const refusals: readonly (readonly [string, string, string, string])[] = [
        ['503', 'Service Unavailable', '503', 'failed'],
        ['404', 'Not Found', '404', 'failed'],
        ['603', 'Decline', '603', 'busy'],
      ];
      for (const [status, reason, heard, recorded] of refusals) {
        test(`the callee answers ${status}: the caller gets ${heard}, masq records ${recorded}`, async () => {
          const { caller, callee, sessionSid } = await call({ caller: 'caller-refused', callee: 'callee-rejects', params: { STATUS: status, REASON: reason } });
          assert.ok(callee);
          assertSippPassed(callee, 'the callee');
          const { interaction, data } = await finalInteraction(sessionSid);
          assertSippPassed(caller, `the caller (expecting ${heard})`);
          assert.equal(interaction.outbound_resource_status, recorded);
          assert.equal(data.sip_status, status);
        });
      }

      test('a re-INVITE (hold) from the caller reaches the callee and its answer comes back', async () => {
        const { caller, callee, sessionSid } = await call({ caller: 'caller-reinvite', callee: 'callee-reinvite', params: { HOLD_MS: '600' } });
        assertSippPassed(caller, 'the caller (expecting a=recvonly back)');
        assert.ok(callee);
        assertSippPassed(callee, 'the callee (expecting a=sendonly)');
        const { interaction } = await finalInteraction(sessionSid);
        assert.equal(interaction.outbound_resource_status, 'completed');
      });

      test('the callee puts the call on hold: its re-INVITE reaches the caller and the caller\'s answer goes back', async () => {
        const { caller, callee, sessionSid } = await call({ caller: 'caller-held', callee: 'callee-holds', params: { HOLD_MS: '600' } });
        assertSippPassed(caller, 'the caller (expecting a=sendonly)');
        assert.ok(callee);
        assertSippPassed(callee, 'the callee (expecting a=recvonly back)');
        const reinvite = receivedMessages(caller).find((m) => m.startsWith('INVITE '));
        assert.doesNotMatch(reinvite ?? 'no re-INVITE', /127\.0\.0\.3:\d+;|SIPpTag01|\+1415555\d{4}04/, 'the re-INVITE the caller gets is masq\'s dialog, not the callee\'s');
        const { interaction } = await finalInteraction(sessionSid);
        assert.equal(interaction.outbound_resource_status, 'completed');
      });

      test('an UPDATE from the caller reaches the callee and its answer comes back', async () => {
        const { caller, callee, sessionSid } = await call({ caller: 'caller-update', callee: 'callee-update', params: { HOLD_MS: '600' } });
        assertSippPassed(caller, 'the caller (expecting a=recvonly back)');
        assert.ok(callee);
        assertSippPassed(callee, 'the callee (expecting a=sendonly)');
        const { interaction } = await finalInteraction(sessionSid);
        assert.equal(interaction.outbound_resource_status, 'completed');
      });

      test('a proxy number dialled in national form (no +1) reaches the same session', async () => {
        const { caller, callee, sessionSid } = await call({ caller: 'caller-hangs-up', callee: 'callee-answers', params: { PROXY: SIP_1.slice(2), HOLD_MS: '300' } });
        assertSippPassed(caller, 'the caller dialling 4155557001');
        assert.ok(callee);
        assertSippPassed(callee, 'the callee');
        const { interaction } = await finalInteraction(sessionSid);
        assert.equal(interaction.outbound_resource_status, 'completed');
      });

      test('the trunk challenges the B-leg: masq answers with the trunk credentials and the call goes through', async () => {
        const { caller, callee, sessionSid } = await call({ caller: 'caller-hangs-up', callee: 'callee-challenges', params: { ...TRUNK_CREDENTIALS, HOLD_MS: '300' } });
        assertSippPassed(caller, 'the caller');
        assert.ok(callee);
        assertSippPassed(callee, 'the callee (verifying the digest)');
        const { interaction } = await finalInteraction(sessionSid);
        assert.equal(interaction.outbound_resource_status, 'completed');
      });

      test('a caller over TCP is connected like one over UDP', async () => {
        const { caller, callee, sessionSid } = await call({ caller: 'caller-hangs-up', callee: 'callee-answers', params: { HOLD_MS: '300' }, callerOptions: { transport: 'tcp' } });
        assertSippPassed(caller, 'the caller over TCP');
        assert.ok(callee);
        assertSippPassed(callee, 'the callee');
        const { interaction } = await finalInteraction(sessionSid);
        assert.equal(interaction.inbound_resource_status, 'completed');
      });

      test('a caller from an address masq does not trust is challenged, and connected once it answers with the right credentials', async () => {
        const { caller, callee, sessionSid } = await call({
          caller: 'caller-digest', callee: 'callee-answers', params: { CHALLENGE: '401', ...INBOUND_CREDENTIALS, HOLD_MS: '300' },
          callerOptions: { address: UNTRUSTED_ADDRESS },
        });
        assertSippPassed(caller, 'the caller answering the challenge');
        assert.ok(callee);
        assertSippPassed(callee, 'the callee');
        const challenge = receivedMessages(caller).find((m) => m.startsWith('SIP/2.0 401'));
        assert.match(challenge ?? '', /WWW-Authenticate:\s*Digest [^\n]*realm="masq\.invalid"/i);
        const { interaction } = await finalInteraction(sessionSid);
        assert.equal(interaction.outbound_resource_status, 'completed');
      });

      test('a caller from an untrusted address with no credentials gets the challenge and nothing else: no B-leg, no interaction', async () => {
        const { caller, sessionSid } = await call({ caller: 'caller-refused', callee: null, params: { STATUS: '401' }, callerOptions: { address: UNTRUSTED_ADDRESS } });
        assertSippPassed(caller, 'the caller (expecting 401)');
        assert.deepEqual(await masq.interactions(sessionSid), []);
      });

      test('a caller who withholds their number is refused with 603', async () => {
        const { caller, sessionSid } = await call({ caller: 'caller-refused', callee: null, params: { CALLER: 'anonymous', STATUS: '603' } });
        assertSippPassed(caller, 'the anonymous caller (expecting 603)');
        assert.deepEqual(await masq.interactions(sessionSid), []);
      });

      test('OPTIONS is answered 200 with Allow', async () => {
        const caller = await runSipp({ scenario: 'caller-options', params: { PROXY: SIP_1, CALLER: '+14155550199' }, address: CALLER_ADDRESS, remote: masq.sipTarget, timeoutSeconds: 30 });
        assertSippPassed(caller, 'the OPTIONS');
        const allow = /Allow:\s*([^\r\n]*)/i.exec(receivedMessages(caller)[0] ?? '')?.[1] ?? '';
        for (const method of ['INVITE', 'ACK', 'BYE', 'CANCEL', 'OPTIONS']) assert.match(allow, new RegExp(`\\b${method}\\b`));
      });
    });
  }

  describe('sqlite: the trunk over TCP', () => {
    let masq: SipMasq;

    before(async () => {
      masq = await startSipMasq({ dialect: 'sqlite', pool: [{ number: SIP_1 }, { number: SIP_2 }], settings: { trunkTransport: 'tcp' } });
    });
    after(async () => {
      await masq.close();
    });

    const overTcp = { calleeOptions: { transport: 'tcp' as const } };
    for (const [caller, callee, cause] of [['caller-hangs-up', 'callee-answers', 'caller-hangup'], ['caller-hung-up-on', 'callee-hangs-up', 'callee-hangup']] as const) {
      test(`B-legs go to the trunk over TCP: ${caller} -> ${callee}`, async () => {
        const result = await callThrough(masq, { caller, callee, params: { HOLD_MS: '300' }, ...overTcp });
        assertSippPassed(result.caller, 'the caller (UDP)');
        assert.ok(result.callee);
        assertSippPassed(result.callee, 'the callee (TCP, with its masking checks)');
        assert.match(receivedMessages(result.callee).find((m) => m.startsWith('INVITE ')) ?? '', /Via: SIP\/2\.0\/TCP /i);
        const { interaction, data } = await endedInteraction(masq, result.sessionSid);
        assert.equal(interaction.outbound_resource_status, 'completed');
        assert.equal(data.cause, cause);
      });
    }

    test('a CANCEL reaches the trunk over TCP', async () => {
      const result = await callThrough(masq, { caller: 'caller-cancels', callee: 'callee-rings', ...overTcp });
      assertSippPassed(result.caller, 'the caller');
      assert.ok(result.callee);
      assertSippPassed(result.callee, 'the callee (TCP)');
      assert.equal((await endedInteraction(masq, result.sessionSid)).interaction.outbound_resource_status, 'canceled');
    });
  });
});
