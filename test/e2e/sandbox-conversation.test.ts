// A whole masked conversation over the sandbox carrier, against a real `masq serve` process: two virtual
// phones text and call each other through their proxy numbers and never see each other's real number;
// opt-outs are recorded but not forwarded; a retried message is handled once; expiry ends routing; and
// traffic outside any session gets the configured reply.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { startServe, type Served } from './serve-process.ts';

const ALICE = '+14155550101';
const BOB = '+14155550202';
const POOL = ['+14155551212', '+14155553434'];

/** The sandbox API's answers, loosely: each test reads the fields it cares about. */
interface SandboxAnswer extends Record<string, unknown> {
  readonly messages?: Record<string, unknown>[];
  readonly calls?: Record<string, unknown>[];
  readonly routing?: Record<string, unknown>;
}

describe('a masked conversation over the sandbox', () => {
  let served: Served;
  let client: ReturnType<typeof twilio>;
  let serviceSid = '';

  const sandbox = async (method: 'GET' | 'POST', path: string, form: Record<string, string> = {}) => {
    const res = await fetch(`${served.url}/sandbox${path}`, {
      method,
      headers: {
        authorization: `Basic ${Buffer.from(`${served.accountSid}:${served.authToken}`).toString('base64')}`,
        ...(method === 'POST' ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(method === 'POST' ? { body: new URLSearchParams(form).toString() } : {}),
    });
    const body: SandboxAnswer = await res.json();
    return { status: res.status, body };
  };
  const text = (from: string, to: string, body: string) => sandbox('POST', `/phones/${encodeURIComponent(from)}/messages`, { To: to, Body: body });
  const inbox = async (phone: string) => ((await sandbox('GET', `/phones/${encodeURIComponent(phone)}/messages`)).body.messages ?? []).filter((m) => m.direction === 'received');

  before(async () => {
    served = await startServe({ MASQ_OUT_OF_SESSION_REPLY: 'This conversation has ended.' });
    client = twilio(served.accountSid, served.authToken);
    client.proxy.baseUrl = served.url;
    serviceSid = (await client.proxy.v1.services.create({ uniqueName: 'rides' })).sid;
    for (const phoneNumber of POOL) await client.proxy.v1.services(serviceSid).phoneNumbers.create({ phoneNumber });
  });
  after(async () => { await served.stop(); });

  test('SMS both ways: each side sees only the other\'s proxy number', async () => {
    const session = await client.proxy.v1.services(serviceSid).sessions.create({ uniqueName: 'ride-1', mode: 'voice-and-message' });
    const alice = await client.proxy.v1.services(serviceSid).sessions(session.sid).participants.create({ identifier: ALICE });
    const bob = await client.proxy.v1.services(serviceSid).sessions(session.sid).participants.create({ identifier: BOB });

    const sent = await text(ALICE, alice.proxyIdentifier, 'I am at the corner');
    assert.equal(sent.status, 201);
    assert.equal(sent.body.routing?.outcome, 'forward');
    const atBob = await inbox(BOB);
    assert.equal(atBob.length, 1);
    assert.equal(atBob[0]?.body, 'I am at the corner');
    assert.equal(atBob[0]?.from, bob.proxyIdentifier, 'Bob sees his proxy number, never Alice\'s number');

    await text(BOB, bob.proxyIdentifier, 'On my way');
    const atAlice = await inbox(ALICE);
    assert.equal(atAlice.at(-1)?.from, alice.proxyIdentifier);
    assert.equal(atAlice.at(-1)?.body, 'On my way');
    for (const m of [...atBob, ...atAlice]) assert.ok(m.from !== ALICE && m.from !== BOB, 'no real number leaks');

    const fetched = await client.proxy.v1.services(serviceSid).sessions(session.sid).fetch();
    assert.equal(fetched.status, 'in-progress');
    const interactions = await client.proxy.v1.services(serviceSid).sessions(session.sid).interactions.list();
    assert.equal(interactions.length, 2);
    for (const i of interactions) {
      assert.equal(i.type, 'message');
      assert.equal(i.inboundResourceStatus, 'delivered');
      assert.equal(i.outboundResourceStatus, 'delivered');
      assert.match(i.outboundResourceSid ?? '', /^SM/);
    }
  });

  test('a call is bridged, answered and hung up, and its duration is logged', async () => {
    const session = await client.proxy.v1.services(serviceSid).sessions.create({
      participants: [JSON.stringify({ Identifier: '+14155550303' }), JSON.stringify({ Identifier: '+14155550404' })],
    });
    const [caller, callee] = await client.proxy.v1.services(serviceSid).sessions(session.sid).participants.list();
    assert.ok(caller && callee);
    const placed = await sandbox('POST', `/phones/${encodeURIComponent(caller.identifier)}/calls`, { To: caller.proxyIdentifier });
    assert.equal(placed.body.routing?.outcome, 'forward');
    const ringing = ((await sandbox('GET', `/phones/${encodeURIComponent(callee.identifier)}/calls`)).body.calls ?? []).at(-1);
    assert.equal(ringing?.status, 'ringing');
    assert.equal(ringing?.from, callee.proxyIdentifier, 'the callee sees the proxy number');
    const legSid = String(ringing?.sid);
    assert.equal((await sandbox('POST', `/calls/${legSid}/answer`)).body.status, 'in-progress');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    const ended = await sandbox('POST', `/calls/${legSid}/hangup`);
    assert.equal(ended.body.status, 'completed');
    assert.ok(Number(ended.body.duration) >= 1);
    const [interaction] = await client.proxy.v1.services(serviceSid).sessions(session.sid).interactions.list();
    assert.equal(interaction?.type, 'voice');
    assert.equal(interaction?.outboundResourceStatus, 'completed');
    assert.equal(interaction?.inboundResourceStatus, 'completed');
    const data: unknown = JSON.parse(interaction?.data ?? '{}');
    assert.deepEqual(data, { duration: String(ended.body.duration) });
  });

  test('opt-out words are recorded and never forwarded; START passes', async () => {
    const session = await client.proxy.v1.services(serviceSid).sessions.create({
      participants: [JSON.stringify({ Identifier: '+14155550505' }), JSON.stringify({ Identifier: '+14155550606' })],
    });
    const [sender, receiver] = await client.proxy.v1.services(serviceSid).sessions(session.sid).participants.list();
    assert.ok(sender && receiver);
    const stop = await text(sender.identifier, sender.proxyIdentifier, 'STOP');
    assert.equal(stop.body.routing?.error_code, 80901);
    await text(sender.identifier, sender.proxyIdentifier, 'start');
    assert.deepEqual((await inbox(receiver.identifier)).map((m) => m.body), ['start']);
    assert.equal((await client.proxy.v1.services(serviceSid).sessions(session.sid).interactions.list()).length, 2, 'STOP is logged');
  });

  test('an expired session stops routing; out-of-session traffic gets the configured reply', async () => {
    const session = await client.proxy.v1.services(serviceSid).sessions.create({
      ttl: 1, participants: [JSON.stringify({ Identifier: '+14155550707' }), JSON.stringify({ Identifier: '+14155550808' })],
    });
    const [sender, receiver] = await client.proxy.v1.services(serviceSid).sessions(session.sid).participants.list();
    assert.ok(sender && receiver);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const late = await text(sender.identifier, sender.proxyIdentifier, 'are you there?');
    assert.equal(late.body.routing?.outcome, 'reply');
    assert.deepEqual(await inbox(receiver.identifier), [], 'nothing reaches the other side');
    const replies = await inbox(sender.identifier);
    assert.equal(replies.at(-1)?.body, 'This conversation has ended.');
    assert.equal(replies.at(-1)?.from, sender.proxyIdentifier);
    const fetched = await client.proxy.v1.services(serviceSid).sessions(session.sid).fetch();
    assert.equal(fetched.status, 'closed');
  });

  test('a virtual phone cannot reach another account\'s pool, and bad input is a 4xx', async () => {
    const bad = await sandbox('POST', `/phones/${encodeURIComponent(ALICE)}/messages`, { To: 'not-a-number', Body: 'x' });
    assert.equal(bad.status, 400);
    assert.equal(bad.body.code, 80701);
    const missing = await sandbox('POST', '/calls/CA00000000000000000000000000000000/answer');
    assert.equal(missing.status, 404);
  });
});
