// Invariant 4 against real processes: a callback masq owes survives the receiver being down and masq
// itself crashing. A `masq serve` process owes a CallbackUrl delivery to a receiver that is not listening;
// it is killed (SIGKILL, no clean shutdown) after a failed attempt; a new process on the same database
// delivers it once the receiver is up, signed so the official twilio SDK accepts it, and every attempt is
// visible through /masq/v1/Webhooks.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { freePort, startServe, type Served } from './serve-process.ts';

const ACCOUNT_SID = `AC${'e'.repeat(32)}`;
const AUTH_TOKEN = 'e2e-callbacks-auth-token';
const ENV = {
  MASQ_ACCOUNT_SID: ACCOUNT_SID,
  MASQ_AUTH_TOKEN: AUTH_TOKEN,
  // The receiver is on 127.0.0.1, which masq refuses by default (SSRF).
  MASQ_CALLBACK_ALLOW_PRIVATE: 'true',
  // Short attempts keep the lease of a crashed process's claim short too.
  MASQ_CALLBACK_TIMEOUT_MS: '1000',
};

interface Received {
  readonly params: Record<string, string>;
  readonly valid: boolean;
  readonly idempotencyToken: string | undefined;
}

type Json = Record<string, unknown>;
const isJson = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf = (v: unknown): Json[] => (Array.isArray(v) ? v.filter(isJson) : []);

/** The customer's application: validates X-Twilio-Signature the way a Twilio Proxy customer would. */
const startReceiver = (port: number, received: Received[]): Promise<Server> => new Promise((resolve) => {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      const url = `http://127.0.0.1:${port}${req.url ?? ''}`;
      const valid = twilio.validateRequest(AUTH_TOKEN, String(req.headers['x-twilio-signature'] ?? ''), url, params);
      const token = req.headers['i-twilio-idempotency-token'];
      received.push({ params, valid, idempotencyToken: typeof token === 'string' ? token : undefined });
      res.writeHead(valid ? 200 : 403).end();
    });
  });
  server.listen(port, '127.0.0.1', () => resolve(server));
});

const waitFor = async <T>(what: string, probe: () => Promise<T | null>, timeoutMs = 30_000): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== null) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
};

describe('CallbackUrl deliveries survive a down receiver and a crashed masq', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'masq-e2e-callbacks-'));
  const received: Received[] = [];
  let receiver: Server | null = null;
  let served: Served | null = null;
  let callbackUrl = '';
  let receiverPort = 0;

  const masq = async (path: string): Promise<Json> => {
    assert.ok(served);
    const res = await fetch(`${served.url}${path}`, {
      headers: { authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}` },
    });
    assert.equal(res.status, 200, path);
    const body: unknown = await res.json();
    return isJson(body) ? body : {};
  };
  const webhooks = async (): Promise<Json[]> => listOf((await masq('/masq/v1/Webhooks')).webhooks);

  before(async () => {
    receiverPort = await freePort();
    callbackUrl = `http://127.0.0.1:${receiverPort}/proxy-callback?tenant=e2e`;
  });
  after(async () => {
    await served?.stop();
    if (receiver) await new Promise<void>((resolve) => receiver?.close(() => resolve()));
    rmSync(dataDir, { recursive: true, force: true });
  });

  test('the callback arrives, signed, after the restart; its attempts are listed', async () => {
    served = await startServe(ENV, { dataDir });
    const client = twilio(ACCOUNT_SID, AUTH_TOKEN);
    client.proxy.baseUrl = served.url;
    const service = await client.proxy.v1.services.create({ uniqueName: 'callbacks', callbackUrl });
    await client.proxy.v1.services(service.sid).phoneNumbers.create({ phoneNumber: '+14155551212' });
    const session = await client.proxy.v1.services(service.sid).sessions.create({ uniqueName: 'ride' });
    const rider = await client.proxy.v1.services(service.sid).sessions(session.sid).participants.create({ identifier: '+14155550101' });
    const interaction = await client.proxy.v1.services(service.sid).sessions(session.sid).participants(rider.sid)
      .messageInteractions.create({ body: 'Your driver is here' });

    // The receiver is down: masq tries, fails, and schedules a retry.
    const failed = await waitFor('a failed attempt', async () => (await webhooks()).find((w) => Number(w.attempts) >= 1) ?? null);
    assert.equal(failed.status, 'pending');
    assert.match(String(failed.last_error), /^network: /);
    await served.stop('SIGKILL');
    served = null;

    receiver = await startReceiver(receiverPort, received);
    served = await startServe(ENV, { dataDir });
    // A MessageInteraction owes two callbacks (queued, then delivered); follow the one that failed.
    const delivered = await waitFor('the signed callback', async () => received.find((r) => r.valid && r.idempotencyToken === failed.id) ?? null);
    assert.deepEqual(received.filter((r) => !r.valid), [], 'every request carries a valid X-Twilio-Signature');
    assert.equal(delivered.params.interactionSid, interaction.sid);
    assert.equal(delivered.params.interactionSessionSid, session.sid);
    assert.equal(delivered.params.interactionServiceSid, service.sid);
    assert.equal(delivered.params.interactionAccountSid, ACCOUNT_SID);
    assert.equal(delivered.params.interactionType, 'Message');
    assert.equal(delivered.params.outboundParticipantSid, rider.sid);
    // The body, and (with the default SMS gating mode, warn) the registration warning this unregistered US number earns.
    const data: unknown = JSON.parse(String(delivered.params.interactionData));
    assert.ok(typeof data === 'object' && data !== null && 'body' in data);
    assert.equal(data.body, 'Your driver is here');
    assert.equal(delivered.idempotencyToken, failed.id);

    const done = await waitFor('the delivery to be recorded', async () => (await webhooks()).find((w) => w.id === failed.id && w.status === 'delivered') ?? null);
    assert.equal(done.id, failed.id);
    const attempts = listOf((await masq(`/masq/v1/Webhooks/${String(done.id)}/Attempts`)).attempts);
    assert.ok(attempts.length >= 2, `at least the failed and the delivered attempt, got ${JSON.stringify(attempts)}`);
    assert.match(String(attempts[0]?.error), /^network: /);
    assert.equal(attempts[0]?.http_status, null);
    assert.deepEqual([attempts.at(-1)?.http_status, attempts.at(-1)?.error], [200, null]);
    assert.equal(done.attempts, attempts.length);
  });
});
