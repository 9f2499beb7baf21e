// Telnyx end to end against real `masq serve` processes, on SQLite and (when MASQ_TEST_POSTGRES_URL is set)
// PostgreSQL. Telnyx takes no message in a webhook's answer, so every forward leaves through its Messages
// API as a durable job committed with the interaction. The promise proved here: such a forward is never
// lost, even when masq is killed with SIGKILL while the send is in flight or before it could be made;
// the restarted process's job worker sends it without Telnyx retrying the webhook.
// MASQ_CALLBACK_TIMEOUT_MS is at its minimum (100 ms) so a job's lease (timeout*2 + 5 s) ends in ~5.2 s.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type Telnyx from 'telnyx';
import twilio from 'twilio';
import { forwardJobId } from '../../src/app/forward-jobs.ts';
import type { Job, Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/storage/open-store.ts';
import { signedTelnyxRequest, startFakeTelnyxApi, telnyxSigningKeys, type FakeTelnyxApi } from '../support/fake-telnyx-api.ts';
import { createTestSchema, POSTGRES_URL, withSearchPath } from '../support/stores.ts';
import { startServe, type Served, type ServeOptions } from './serve-process.ts';

const ACCOUNT_SID = `AC${'e'.repeat(32)}`;
const AUTH_TOKEN = 'e2e-telnyx-crash-auth-token';
const CARRIER = 'telnyx-e2e';
const API_KEY = 'KEYe2e-telnyx-crash';
const ALICE = '+14155550101';
const BOB = '+14155550202';
const POOL = ['+14155556161', '+14155556262'];
/** Long enough for a restart plus a ~5.2 s lease and the worker's next pass, with room for a slow machine. */
const DEADLINE_MS = 30_000;

/** Polls `check` until it returns a value (not undefined), or fails naming what never happened. */
const waitFor = async <T>(what: string, check: () => Promise<T | undefined> | T | undefined, timeoutMs = DEADLINE_MS): Promise<T> => {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

const receivedEvent = (id: string, from: string, to: string, text: string): Telnyx.InboundMessageWebhookEvent => {
  const at = new Date().toISOString();
  return {
    data: {
      event_type: 'message.received', id: randomUUID(), occurred_at: at, record_type: 'event',
      payload: {
        id, record_type: 'message', direction: 'inbound', type: 'SMS', text,
        from: { phone_number: from, carrier: 'T-Mobile USA', line_type: 'Wireless' },
        to: [{ phone_number: to, status: 'webhook_delivered', carrier: 'Telnyx', line_type: 'Wireless' }],
        media: [], received_at: at, parts: 1,
      },
    },
  };
};

const textOf = (json: unknown): string | null =>
  typeof json === 'object' && json !== null && 'text' in json && typeof json.text === 'string' ? json.text : null;

/** Where a suite keeps its database, so a restarted masq finds what the killed one committed. */
interface Database {
  readonly serveOptions: ServeOptions;
  /** The same database for the test's own reads (the forward job's state). */
  readonly url: string;
  remove(): Promise<void>;
}

const sqliteDatabase = async (): Promise<Database> => {
  const dataDir = mkdtempSync(join(tmpdir(), 'masq-e2e-telnyx-'));
  return { serveOptions: { dataDir }, url: `sqlite:${join(dataDir, 'masq.db')}`, remove: async () => rmSync(dataDir, { recursive: true, force: true }) };
};

const postgresDatabase = async (url: string): Promise<Database> => {
  const { schema, drop } = await createTestSchema(url);
  const databaseUrl = withSearchPath(url, schema);
  return { serveOptions: { databaseUrl }, url: databaseUrl, remove: drop };
};

const BACKENDS: ReadonlyArray<{ readonly name: string; readonly open: () => Promise<Database> }> = [
  { name: 'SQLite', open: sqliteDatabase },
  ...(POSTGRES_URL === undefined ? [] : [{ name: 'PostgreSQL', open: () => postgresDatabase(POSTGRES_URL ?? '') }]),
];

for (const backend of BACKENDS) {
  describe(`Telnyx forwards by API survive kill -9 (${backend.name})`, { timeout: 180_000 }, () => {
    const keys = telnyxSigningKeys();
    let fake: FakeTelnyxApi;
    let database: Database;
    /** The test's own connection: reads the forward job's state, never writes. */
    let observer: Store;
    let served: Served;
    let serviceSid = '';
    let sessionSid = '';
    const proxy: Record<string, string> = {};

    const serve = async (): Promise<Served> => startServe({
      MASQ_ACCOUNT_SID: ACCOUNT_SID,
      MASQ_AUTH_TOKEN: AUTH_TOKEN,
      MASQ_CARRIERS: JSON.stringify([{ type: 'telnyx', name: CARRIER, apiKey: API_KEY, publicKey: keys.publicKey, apiUrl: fake.url }]),
      MASQ_DEFAULT_CARRIER: CARRIER,
      MASQ_CALLBACK_TIMEOUT_MS: '100',
    }, database.serveOptions);

    /** A client of whichever process is serving now (a restart comes up on another port). */
    const session = () => {
      const client = twilio(ACCOUNT_SID, AUTH_TOKEN);
      client.proxy.baseUrl = served.url;
      return client.proxy.v1.services(serviceSid).sessions(sessionSid);
    };
    const interactionFor = async (inboundId: string) => (await session().interactions.list()).find((i) => i.inboundResourceSid === inboundId);

    /** Alice texts her proxy number: Telnyx posts a signed message.received; resolves to masq's status, or 'no answer'. */
    const aliceTexts = (id: string, text: string): Promise<number | 'no answer'> => {
      const body = JSON.stringify(receivedEvent(id, ALICE, proxy[ALICE] ?? '', text));
      const headers = { 'content-type': 'application/json', ...signedTelnyxRequest(keys.privateKey, body, Math.floor(Date.now() / 1000)) };
      return fetch(`${served.url}/webhooks/${CARRIER}/messaging`, { method: 'POST', headers, body })
        .then(async (res) => {
          await res.arrayBuffer();
          return res.status;
        }, () => 'no answer' as const);
    };

    const sendsOf = (text: string) => fake.requests.filter((r) => r.method === 'POST' && r.path === '/v2/messages' && textOf(r.json) === text);
    const acceptedOf = (text: string) => fake.accepted.filter((m) => m.text === text);

    const forwardJob = async (inboundId: string): Promise<Job> => {
      const interaction = await waitFor('the interaction to be logged', () => interactionFor(inboundId));
      const job = await observer.findJob(ACCOUNT_SID, forwardJobId(interaction.sid));
      assert.ok(job, 'the forward job was committed with its interaction');
      return job;
    };

    before(async () => {
      fake = await startFakeTelnyxApi(API_KEY);
      database = await backend.open();
      served = await serve();
      observer = await openStore(database.url, { migrate: false });
      const client = twilio(ACCOUNT_SID, AUTH_TOKEN);
      client.proxy.baseUrl = served.url;
      serviceSid = (await client.proxy.v1.services.create({ uniqueName: `e2e telnyx crash ${backend.name}` })).sid;
      for (const number of POOL) await client.proxy.v1.services(serviceSid).phoneNumbers.create({ phoneNumber: number });
      sessionSid = (await client.proxy.v1.services(serviceSid).sessions.create({ uniqueName: 'delivery', participants: [{ Identifier: ALICE }, { Identifier: BOB }] })).sid;
      for (const p of await session().participants.list()) proxy[p.identifier] = p.proxyIdentifier;
    });
    after(async () => {
      await served?.stop('SIGKILL');
      await observer?.close();
      await fake?.close();
      await database?.remove();
    });

    test('a conversation: Alice texts her proxy number, Telnyx is asked to send it from Bob\'s proxy to Bob during the request', async () => {
      const id = randomUUID();
      assert.equal(await aliceTexts(id, 'Leave it at the door'), 200);
      // No waiting: the forward went out while Telnyx's webhook waited for masq's answer.
      const sends = sendsOf('Leave it at the door');
      assert.equal(sends.length, 1);
      assert.deepEqual(sends[0]?.json, {
        from: proxy[BOB], to: BOB, text: 'Leave it at the door', webhook_url: `${served.url}/webhooks/${CARRIER}/messaging`,
      });
      assert.equal(sends[0]?.authorized, true, 'sent with the account\'s API key');
      const [message] = acceptedOf('Leave it at the door');
      const interaction = await interactionFor(id);
      assert.equal(interaction?.outboundResourceSid, message?.id, 'the outbound leg carries the id Telnyx gave the message');
      assert.equal(interaction?.outboundResourceStatus, 'queued');
    });

    test('killed while the send is in flight: the restarted masq sends it again once the lease ends, no webhook retried', async () => {
      const text = 'Ring twice please';
      const id = randomUUID();
      fake.answerNext('hang');
      const answer = aliceTexts(id, text);
      await waitFor('Telnyx to receive the send', () => (sendsOf(text).length > 0 ? true : undefined));
      await served.stop('SIGKILL');
      assert.equal(await answer, 'no answer', 'Telnyx never got an answer to its webhook');
      assert.equal(acceptedOf(text).length, 0, 'the first send\'s fate is unknown: Telnyx never answered it');
      // The 'hang' answer was used once: from here on the fake accepts every send again.
      served = await serve();
      const interaction = await waitFor('the outbound leg to carry the sent message\'s id', async () => {
        const found = await interactionFor(id);
        return found?.outboundResourceSid ? found : undefined;
      });
      assert.equal(sendsOf(text).length, 2, 'sent again: at least once, since the first attempt may have been taken');
      const [message, ...more] = acceptedOf(text);
      assert.equal(more.length, 0);
      assert.equal(interaction.outboundResourceSid, message?.id);
      assert.equal(interaction.outboundResourceStatus, 'queued');
      assert.deepEqual({ from: message?.from?.phone_number, to: message?.to?.[0]?.phone_number }, { from: proxy[BOB], to: BOB });
      const job = await waitFor('the forward job to be done', async () => {
        const found = await forwardJob(id);
        return found.doneAt ? found : undefined;
      });
      assert.equal(job.givenUpAt, null);
    });

    test('killed after Telnyx refused the send (503): the restarted masq sends it exactly once', async () => {
      const text = 'Gate code is 4321';
      const id = randomUUID();
      // Enough 503s that every attempt before the kill is refused: each says no message was created.
      fake.answerNext(...Array.from({ length: 60 }, () => 'unavailable' as const));
      assert.equal(await aliceTexts(id, text), 200, 'masq answers the webhook: the forward is committed as a job');
      const scheduled = await forwardJob(id);
      assert.ok(scheduled.attempts >= 1, 'an attempt was made and recorded');
      assert.match(scheduled.lastError ?? '', /Service unavailable/);
      assert.equal(scheduled.doneAt, null);
      assert.equal(scheduled.givenUpAt, null, 'scheduled for retry, not given up');
      assert.ok(sendsOf(text).length >= 3, 'Telnyx was asked (and refused) before the kill');
      const refused = await interactionFor(id);
      assert.equal(refused?.outboundResourceSid, null, 'no message id yet');
      assert.notEqual(refused?.outboundResourceStatus, 'failed');
      await served.stop('SIGKILL');
      assert.equal(acceptedOf(text).length, 0, 'nothing was sent before the kill');
      fake.reset(); // back to normal: the unused 503s are dropped, every send is accepted
      served = await serve();
      const job = await waitFor('the forward job to be done', async () => {
        const found = await forwardJob(id);
        return found.doneAt ? found : undefined;
      });
      assert.equal(job.givenUpAt, null);
      const [message, ...more] = acceptedOf(text);
      assert.ok(message, 'the message was sent');
      assert.equal(more.length, 0, 'exactly once');
      assert.equal(sendsOf(text).length, 1, 'one request to Telnyx after the restart');
      const interaction = await interactionFor(id);
      assert.equal(interaction?.outboundResourceSid, message.id);
      assert.deepEqual({ from: message.from?.phone_number, to: message.to?.[0]?.phone_number }, { from: proxy[BOB], to: BOB });
    });
  });
}
