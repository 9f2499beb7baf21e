// A masked conversation across carriers, end to end against a real `masq serve` process configured only by
// MASQ_* variables, on SQLite and PostgreSQL (issue 15: "one participant on the sandbox or Twilio and the
// other on SIP/SMPP works end to end"). Alice's proxy number is on a Twilio account (signed webhooks as Twilio
// sends them, Twilio's REST API faked on loopback); Bob's is on a SIP account whose trunk is a SIPp callee.
//   - Alice calls her proxy through Twilio: masq answers Twilio with TwiML dialling Bob's real number with
//     Bob's proxy (the SIP number) as caller id; Twilio reports the leg, masq records it.
//   - Bob calls his proxy over SIP (a SIPp caller): masq's B-leg goes out through the SIP trunk to Alice's
//     real number, presenting Alice's proxy (a Twilio number) as From and P-Asserted-Identity, and nothing
//     of Bob's identity (the SIPp callee's masking checks).
// The sandbox is not the partner here: the contract suite never puts a sandbox number in a session with a
// real carrier's (drivers: crossCarrier), Twilio is the real carrier the issue names. In CI a missing sipp
// fails the suite; elsewhere it is skipped, loudly.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { HttpReply, MasqEndpoint } from '../carriers/drivers/driver.ts';
import { twilioDriver } from '../carriers/drivers/twilio.ts';
import type { DriverInstance } from '../carriers/drivers/driver.ts';
import { jsonObjectOf } from '../api/support.ts';
import { assertSippPassed, CALLEE_ADDRESS, CALLER_ADDRESS, describeSipp, freePort, runSipp, startSipp, withSipp } from '../support/sipp.ts';
import { suiteDatabaseUrl, TEST_DIALECTS, type TestDatabase } from '../support/stores.ts';
import { startServe, type Served } from './serve-process.ts';

const ALICE = '+14155550111';
const BOB = '+14155550444';
const TWILIO_PROXY = '+14155558001';
const SIP_PROXY = '+14155557002';


const replyOf = async (res: Response): Promise<HttpReply> => {
  const body = await res.text();
  return { status: res.status, contentType: res.headers.get('content-type') ?? '', body, json: jsonObjectOf(body) };
};

/** The served process as a carrier reaches it (and its API with the account's credentials). */
const endpointOf = (served: Served): MasqEndpoint => {
  const auth = `Basic ${Buffer.from(`${served.accountSid}:${served.authToken}`).toString('base64')}`;
  return {
    publicUrl: served.url,
    nowSeconds: () => Math.floor(Date.now() / 1000),
    advance: () => { throw new Error('a real masq serve process keeps real time'); },
    post: async (path, headers, body) => replyOf(await fetch(`${served.url}${path}`, { method: 'POST', headers: { ...headers }, body })),
    api: async (method, path, fields = {}) => {
      const form = new URLSearchParams();
      for (const [key, value] of Object.entries(fields)) for (const v of typeof value === 'string' ? [value] : value) form.append(key, v);
      return replyOf(await fetch(`${served.url}${path}`, {
        method,
        headers: { authorization: auth, ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}) },
        ...(method === 'POST' ? { body: form.toString() } : {}),
      }));
    },
  };
};

const text = (reply: HttpReply, key: string): string => {
  const value = reply.json[key];
  assert.equal(typeof value, 'string', `${key} in ${reply.body}`);
  return String(value);
};


withSipp('the Twilio + SIP conversation', () => {
  for (const dialect of TEST_DIALECTS) {
    describe(`${dialect}: a masked conversation with one participant on Twilio and the other on SIP (masq serve)`, () => {
      let twilio: DriverInstance;
      let db: TestDatabase;
      let served: Served;
      let masq: MasqEndpoint;
      let sipTarget = '';
      let trunkPort = 0;
      let serviceSid = '';
      let sessionSid = '';

      const interactions = async (): Promise<Record<string, unknown>[]> => {
        const reply = await masq.api('GET', `/v1/Services/${serviceSid}/Sessions/${sessionSid}/Interactions`);
        const list = reply.json.interactions;
        assert.ok(Array.isArray(list), reply.body);
        return list.map((item: unknown) => (typeof item === 'object' && item !== null ? Object.fromEntries(Object.entries(item)) : {}));
      };
      const interactionWhere = async (match: (i: Record<string, unknown>) => boolean, what: string): Promise<Record<string, unknown>> => {
        const until = Date.now() + 15_000;
        for (;;) {
          const found = (await interactions()).find(match);
          if (found) return found;
          if (Date.now() > until) assert.fail(`timed out waiting for ${what}: ${JSON.stringify(await interactions())}`);
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      };

      before(async () => {
        twilio = await twilioDriver.start();
        const twilioAccount = twilio.account;
        assert.ok(twilioAccount);
        const sipPort = await freePort('127.0.0.1');
        trunkPort = await freePort(CALLEE_ADDRESS);
        sipTarget = `127.0.0.1:${sipPort}`;
        const carriers = [
          { type: twilioAccount.type, name: twilioAccount.name, ...twilioAccount.settings },
          {
            type: 'sip', name: 'trunk', listenAddress: '127.0.0.1', listenPort: String(sipPort), allowedPeers: `${CALLER_ADDRESS},${CALLEE_ADDRESS}`,
            trunk: `${CALLEE_ADDRESS}:${trunkPort}`, numbers: SIP_PROXY, country: 'US',
          },
        ];
        db = await suiteDatabaseUrl(dialect);
        served = await startServe({ MASQ_CARRIERS: JSON.stringify(carriers) }, { databaseUrl: db.url });
        masq = endpointOf(served);

        const service = await masq.api('POST', '/v1/Services', { UniqueName: 'twilio-and-sip' });
        assert.equal(service.status, 201, service.body);
        serviceSid = text(service, 'sid');
        for (const [number, carrier] of [[TWILIO_PROXY, 'twilio'], [SIP_PROXY, 'trunk']] as const) {
          const added = await masq.api('POST', `/v1/Services/${serviceSid}/PhoneNumbers`, { PhoneNumber: number });
          assert.equal(added.status, 201, added.body);
          const moved = await masq.api('POST', `/masq/v1/PhoneNumbers/${text(added, 'sid')}`, { Carrier: carrier });
          assert.equal(moved.status, 200, moved.body);
        }
        const session = await masq.api('POST', `/v1/Services/${serviceSid}/Sessions`, { UniqueName: 'alice-and-bob' });
        assert.equal(session.status, 201, session.body);
        sessionSid = text(session, 'sid');
        for (const [identifier, proxy] of [[ALICE, TWILIO_PROXY], [BOB, SIP_PROXY]] as const) {
          const added = await masq.api('POST', `/v1/Services/${serviceSid}/Sessions/${sessionSid}/Participants`, { Identifier: identifier, ProxyIdentifier: proxy });
          assert.equal(added.status, 201, added.body);
        }
        // The SIP account listens once the process holds its link: OPTIONS answered 200 says so.
        const until = Date.now() + 20_000;
        for (;;) {
          const probe = await runSipp({ scenario: 'caller-options', params: { PROXY: SIP_PROXY, CALLER: BOB }, address: CALLER_ADDRESS, remote: sipTarget, timeoutSeconds: 2 });
          if (probe.code === 0) break;
          if (Date.now() > until) assert.fail(`masq's SIP account never answered OPTIONS\n${describeSipp(probe)}\n${served.output()}`);
        }
      });
      after(async () => {
        await served?.stop();
        await twilio?.close();
        await db?.drop();
      });

      test('Alice calls through Twilio: masq dials Bob\'s real number with Bob\'s SIP proxy as caller id, and records the call Twilio reports', async () => {
        const { delivery, dial } = await twilio.call(masq, ALICE, TWILIO_PROXY);
        assert.equal(delivery.reply.status, 200, delivery.reply.body);
        assert.ok(dial, `masq's answer dials: ${delivery.reply.body}`);
        assert.deepEqual([dial.to, dial.callerId], [BOB, SIP_PROXY]);
        assert.doesNotMatch(delivery.reply.body, new RegExp(ALICE.slice(2)), 'nothing of Alice in the TwiML');
        await twilio.hangUp(masq, dial, 7);
        const interaction = await interactionWhere((i) => i.inbound_resource_sid === delivery.resourceId && i.outbound_resource_status === 'completed', 'the Twilio call recorded');
        assert.equal(interaction.type, 'voice');
        assert.match(String(interaction.data), /"duration":"7"/);
      });

      test('Bob calls over SIP: the B-leg goes through the trunk to Alice with her Twilio proxy as From and P-Asserted-Identity, nothing of Bob', async () => {
        const params = { PROXY: SIP_PROXY, CALLER: BOB, CALLED: ALICE, CALLER_DIGITS: BOB.slice(2), HOLD_MS: '1200' };
        const callee = await startSipp({ scenario: 'callee-answers', params: { ...params, PROXY: TWILIO_PROXY }, address: CALLEE_ADDRESS, port: trunkPort, timeoutSeconds: 30 });
        const caller = await runSipp({ scenario: 'caller-hangs-up', params, address: CALLER_ADDRESS, remote: sipTarget, timeoutSeconds: 30 });
        const calleeResult = await (caller.code === 0 ? callee.done : callee.stop());
        assertSippPassed(caller, 'Bob\'s phone (SIPp caller)');
        assertSippPassed(calleeResult, 'Alice\'s phone behind the trunk (SIPp callee with the masking checks)');
        // Each leg's status is reported as it ends: wait for both.
        const interaction = await interactionWhere((i) => typeof i.inbound_resource_sid === 'string' && i.inbound_resource_sid.startsWith('aleg-')
          && i.outbound_resource_status === 'completed' && i.inbound_resource_status === 'completed', 'the SIP call recorded, both legs completed');
        assert.match(String(interaction.data), /"cause":"caller-hangup"/);
      });
    });
  }
});
