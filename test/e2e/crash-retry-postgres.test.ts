// Issue 10, items 2 and 4, against real `masq serve` processes sharing one real PostgreSQL:
// - concurrent creates with one I-Twilio-Idempotency-Token sent to two instances at once create one
//   MessageInteraction and send one SMS, and every caller gets the same answer;
// - an instance killed (SIGKILL) between the COMMIT of an inbound message or call and its TwiML answer
//   loses nothing: Twilio's retry of the same webhook (same MessageSid/CallSid, signed) on another
//   instance gets the same <Message>/<Dial>, and the interaction is logged once. The window is held open
//   by a TCP proxy that swallows PostgreSQL's answer to the interaction's insert (holding-proxy.ts).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { createTestSchema, POSTGRES_URL, withSearchPath } from '../support/stores.ts';
import { startFakeTwilioApi, type FakeTwilioApi } from './fake-twilio-api.ts';
import { startHoldingProxy } from './holding-proxy.ts';
import { startServe, type Served } from './serve-process.ts';

const ACCOUNT_SID = `AC${'c'.repeat(32)}`;
const AUTH_TOKEN = 'e2e-crash-retry-auth-token';
const TWILIO_SID = `AC${'7'.repeat(32)}`;
const TWILIO_TOKEN = 'fedcba9876543210fedcba9876543210';
const RIDER = '+14155550011';
const DRIVER = '+14155550022';
/** What the routed write's Parse message carries on a fresh connection (a named prepared statement). */
const INTERACTION_INSERT = 'insert into "interactions"';

const sid = (prefix: string): string => `${prefix}${randomBytes(16).toString('hex')}`;
const basic = `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`;

type Params = Record<string, string>;
const smsParams = (from: string, to: string, body: string): Params => {
  const messageSid = sid('SM');
  return { MessageSid: messageSid, SmsSid: messageSid, SmsMessageSid: messageSid, AccountSid: TWILIO_SID, From: from, To: to, Body: body, NumMedia: '0', ApiVersion: '2010-04-01' };
};
const callParams = (from: string, to: string): Params =>
  ({ CallSid: sid('CA'), AccountSid: TWILIO_SID, From: from, To: to, CallStatus: 'ringing', Direction: 'inbound', ApiVersion: '2010-04-01' });

/** POSTs a webhook as Twilio does, signed over the URL of the instance it reaches. */
const webhook = async (served: Served, path: string, params: Params) => {
  const url = `${served.url}${path}`;
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TWILIO_TOKEN, url, params) },
    body: new URLSearchParams(params).toString(),
  });
  return { status: res.status, body: await res.text() };
};

const within = <T>(ms: number, what: string, p: Promise<T>): Promise<T> =>
  Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`timed out: ${what}`)), ms).unref())]);

describe('two masq serve processes on one PostgreSQL: crashes after COMMIT and concurrent retries', {
  skip: POSTGRES_URL ? false : 'MASQ_TEST_POSTGRES_URL is not set (PostgreSQL suites are skipped)',
  timeout: 120_000,
}, () => {
  const pgUrl = POSTGRES_URL ?? '';
  const started: Served[] = [];
  let dropSchema: () => Promise<void> = async () => undefined;
  let schema = '';
  let fake: FakeTwilioApi;
  let a: Served;
  let b: Served;
  let client: ReturnType<typeof twilio>;
  let serviceSid = '';
  let sessionSid = '';
  const proxy: Record<string, string> = {};
  const participantSid: Record<string, string> = {};

  const serve = async (databaseUrl: string): Promise<Served> => {
    const served = await startServe({
      MASQ_ACCOUNT_SID: ACCOUNT_SID, MASQ_AUTH_TOKEN: AUTH_TOKEN,
      MASQ_TWILIO_ACCOUNT_SID: TWILIO_SID, MASQ_TWILIO_AUTH_TOKEN: TWILIO_TOKEN, MASQ_TWILIO_API_URL: fake.url,
      MASQ_DEFAULT_CARRIER: 'twilio',
    }, { databaseUrl });
    started.push(served);
    return served;
  };
  /** This schema, reached through another port (the holding proxy). */
  const viaPort = (port: number): string => {
    const u = new URL(withSearchPath(pgUrl, schema));
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return u.toString();
  };
  const session = () => client.proxy.v1.services(serviceSid).sessions(sessionSid);
  const interactionsFor = async (inboundSid: string) => (await session().interactions.list()).filter((i) => i.inboundResourceSid === inboundSid);

  before(async () => {
    const created = await createTestSchema(pgUrl);
    schema = created.schema;
    dropSchema = created.drop;
    fake = await startFakeTwilioApi(TWILIO_SID, TWILIO_TOKEN);
    // One after the other: the first runs the migrations.
    b = await serve(withSearchPath(pgUrl, schema));
    a = await serve(withSearchPath(pgUrl, schema));
    client = twilio(ACCOUNT_SID, AUTH_TOKEN);
    client.proxy.baseUrl = b.url;
    serviceSid = (await client.proxy.v1.services.create({ uniqueName: 'e2e crash retry' })).sid;
    for (const number of ['+14155551414', '+14155551515']) await client.proxy.v1.services(serviceSid).phoneNumbers.create({ phoneNumber: number });
    sessionSid = (await client.proxy.v1.services(serviceSid).sessions.create({ uniqueName: 'ride', participants: [{ Identifier: RIDER }, { Identifier: DRIVER }] })).sid;
    for (const p of await session().participants.list()) {
      proxy[p.identifier] = p.proxyIdentifier;
      participantSid[p.identifier] = p.sid;
    }
  });
  after(async () => {
    for (const s of started) await s.stop('SIGKILL');
    await fake?.close();
    await dropSchema();
  });

  test('concurrent MessageInteraction creates with one token at two instances: one interaction, one SMS, one answer', async () => {
    const path = `/v1/Services/${serviceSid}/Sessions/${sessionSid}/Participants/${participantSid[RIDER] ?? ''}/MessageInteractions`;
    const body = new URLSearchParams({ Body: 'Your driver is here' }).toString();
    const answers = await Promise.all(Array.from({ length: 10 }, async (_, n) => {
      const res = await fetch(`${(n % 2 === 0 ? a : b).url}${path}`, {
        method: 'POST',
        headers: { authorization: basic, 'content-type': 'application/x-www-form-urlencoded', 'i-twilio-idempotency-token': 'ride-arrived-1' },
        body,
      });
      return { status: res.status, body: await res.text() };
    }));
    for (const answer of answers) assert.equal(answer.status, 201, answer.body);
    assert.equal(new Set(answers.map((x) => x.body)).size, 1, 'every caller gets the first answer, byte for byte');
    assert.equal(fake.messages.filter((m) => m.form.get('Body') === 'Your driver is here').length, 1, 'one SMS sent');
    const created = (await session().interactions.list()).filter((i) => i.type === 'message' && i.inboundResourceSid === null);
    assert.equal(created.length, 1, 'one MessageInteraction');
  });

  /** Starts an instance through a holding proxy, sends it the webhook, and kills it once its insert has committed. */
  const crashAfterCommit = async (path: string, params: Params, inboundSid: string) => {
    const target = new URL(pgUrl);
    const holder = await startHoldingProxy({ host: target.hostname, port: Number(target.port || 5432) });
    try {
      const doomed = await serve(viaPort(holder.port));
      holder.arm(INTERACTION_INSERT);
      const answer = webhook(doomed, path, params).then(() => 'answered', () => 'no answer');
      await within(20_000, 'the insert to be sent', holder.holding);
      // The insert is one autocommitted statement: once another instance sees the row, it is committed.
      for (let i = 0; (await interactionsFor(inboundSid)).length === 0; i++) {
        assert.ok(i < 100, 'the interaction was committed');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      await doomed.stop('SIGKILL');
      assert.equal(await answer, 'no answer', 'the carrier never got the first answer');
    } finally {
      await holder.close();
    }
  };

  test('an SMS whose instance died after COMMIT is forwarded by the retry on another instance, logged once', async () => {
    const params = smsParams(RIDER, proxy[RIDER] ?? '', 'Outside, blue car');
    const inboundSid = params.MessageSid ?? '';
    await crashAfterCommit('/webhooks/twilio/sms', params, inboundSid);
    const retry = await webhook(b, '/webhooks/twilio/sms', params);
    assert.equal(retry.status, 200, retry.body);
    const [interaction, ...more] = await interactionsFor(inboundSid);
    assert.ok(interaction);
    assert.equal(more.length, 0, 'logged once');
    const expected = new twilio.twiml.MessagingResponse();
    expected.message({ to: DRIVER, from: proxy[DRIVER] ?? '', action: `${b.url}/webhooks/twilio/message-status?Interaction=${interaction.sid}` }, 'Outside, blue car');
    assert.equal(retry.body, expected.toString());
  });

  test('a call whose instance died after COMMIT gets the same <Dial> on the retry, logged once', async () => {
    const params = callParams(DRIVER, proxy[DRIVER] ?? '');
    const inboundSid = params.CallSid ?? '';
    await crashAfterCommit('/webhooks/twilio/voice', params, inboundSid);
    const retry = await webhook(b, '/webhooks/twilio/voice', params);
    assert.equal(retry.status, 200, retry.body);
    const [interaction, ...more] = await interactionsFor(inboundSid);
    assert.ok(interaction);
    assert.equal(more.length, 0, 'logged once');
    const expected = new twilio.twiml.VoiceResponse();
    expected.dial({ callerId: proxy[RIDER] ?? '', answerOnBridge: true, action: `${b.url}/webhooks/twilio/dial-status?Interaction=${interaction.sid}` }).number(RIDER);
    assert.equal(retry.body, expected.toString());
  });
});
