// The three customer callbacks end to end, against a real `masq serve` process and a local customer
// application that checks every X-Twilio-Signature with the official SDK: InterceptCallbackUrl (a 403
// blocks), OutOfSessionCallbackUrl (its JSON answer creates a session and routes the message in it),
// and CallbackUrl (delivered from the outbox). Once over the sandbox, once over signed Twilio webhooks.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { startFakeTwilioApi, type FakeTwilioApi } from './fake-twilio-api.ts';
import { freePort, startServe, type Served } from './serve-process.ts';

const ALICE = '+14155550101', BOB = '+14155550202', CAROL = '+14155550303';
const TWILIO_SID = `AC${'7'.repeat(32)}`;
const TWILIO_TOKEN = 'fedcba9876543210fedcba9876543210';

interface Received { readonly path: string; readonly params: Record<string, string>; readonly signatureValid: boolean }

/** The customer's application: records every callback and whether its signature is valid. */
const startCustomerApp = async (authToken: () => string) => {
  const received: Received[] = [];
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
    req.on('end', () => {
      const params = Object.fromEntries(new URLSearchParams(body));
      const path = req.url ?? '';
      const signatureValid = twilio.validateRequest(authToken(), String(req.headers['x-twilio-signature'] ?? ''), `${base}${path}`, params);
      received.push({ path, params, signatureValid });
      if (path === '/intercept') {
        const data: unknown = JSON.parse(params.interactionData || '{}');
        const blocked = typeof data === 'object' && data !== null && 'body' in data && String(data.body).includes('BLOCK');
        res.writeHead(blocked ? 403 : 200).end();
      } else if (path === '/oos') {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ participantIdentifier: BOB, uniqueName: `auto-${params.From}` }));
      } else {
        res.writeHead(204).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { base, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
};

const waitFor = async (what: string, check: () => boolean, timeoutMs = 10_000): Promise<void> => {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

type Carrier = 'sandbox' | 'twilio';

for (const carrier of ['sandbox', 'twilio'] as const satisfies readonly Carrier[]) {
  describe(`the three callbacks over the ${carrier} carrier`, () => {
    let served: Served;
    let fake: FakeTwilioApi | null = null;
    let app: Awaited<ReturnType<typeof startCustomerApp>>;
    let client: ReturnType<typeof twilio>;
    let serviceSid = '';

    /** A text from `from` to proxy number `to`; returns what reached whom ("to|from|body"). */
    const text = async (from: string, to: string, body: string): Promise<string[]> => {
      if (carrier === 'sandbox') {
        const auth = `Basic ${Buffer.from(`${served.accountSid}:${served.authToken}`).toString('base64')}`;
        await fetch(`${served.url}/sandbox/phones/${encodeURIComponent(from)}/messages`, {
          method: 'POST', headers: { authorization: auth, 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ To: to, Body: body }).toString(),
        });
        const inbox = async (phone: string) => {
          const res = await fetch(`${served.url}/sandbox/phones/${encodeURIComponent(phone)}/messages`, { headers: { authorization: auth } });
          const json: { messages: { to: string; from: string; body: string; direction: string }[] } = await res.json();
          return json.messages.filter((m) => m.direction === 'received' && m.body === body).map((m) => `${m.to}|${m.from}|${m.body}`);
        };
        return [...(await inbox(ALICE)), ...(await inbox(BOB)), ...(await inbox(CAROL))];
      }
      const url = `${served.url}/webhooks/twilio/sms`;
      const messageSid = `SM${randomBytes(16).toString('hex')}`;
      const params = { MessageSid: messageSid, AccountSid: TWILIO_SID, From: from, To: to, Body: body, NumMedia: '0' };
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(TWILIO_TOKEN, url, params) },
        body: new URLSearchParams(params).toString(),
      });
      const twiml = await res.text();
      return [...twiml.matchAll(/<Message to="([^"]+)" from="([^"]+)"[^>]*>([^<]*)<\/Message>/g)].map((m) => `${m[1]}|${m[2]}|${m[3]}`);
    };

    before(async () => {
      app = await startCustomerApp(() => served.authToken);
      if (carrier === 'twilio') fake = await startFakeTwilioApi(TWILIO_SID, TWILIO_TOKEN);
      served = await startServe({
        MASQ_CALLBACK_ALLOW_PRIVATE: 'true',
        ...(fake ? { MASQ_TWILIO_ACCOUNT_SID: TWILIO_SID, MASQ_TWILIO_AUTH_TOKEN: TWILIO_TOKEN, MASQ_TWILIO_API_URL: fake.url, MASQ_DEFAULT_CARRIER: 'twilio' } : {}),
      });
      client = twilio(served.accountSid, served.authToken);
      client.proxy.baseUrl = served.url;
      serviceSid = (await client.proxy.v1.services.create({
        uniqueName: `callbacks-${carrier}`, callbackUrl: `${app.base}/cb`, interceptCallbackUrl: `${app.base}/intercept`, outOfSessionCallbackUrl: `${app.base}/oos`,
      })).sid;
      for (const phoneNumber of ['+14155551212', '+14155553434']) await client.proxy.v1.services(serviceSid).phoneNumbers.create({ phoneNumber });
    });
    after(async () => {
      await served?.stop();
      await app?.close();
      await fake?.close();
    });

    test('intercept lets traffic through or blocks it; CallbackUrl hears of every interaction; all signed', async () => {
      const session = await client.proxy.v1.services(serviceSid).sessions.create({ participants: [JSON.stringify({ Identifier: ALICE }), JSON.stringify({ Identifier: BOB })] });
      const [alice, bob] = await client.proxy.v1.services(serviceSid).sessions(session.sid).participants.list();
      assert.ok(alice && bob);
      assert.deepEqual(await text(ALICE, alice.proxyIdentifier, 'hello Bob'), [`${BOB}|${bob.proxyIdentifier}|hello Bob`]);
      assert.deepEqual(await text(ALICE, alice.proxyIdentifier, 'please BLOCK this'), [], 'the intercept callback answered 403');
      const intercepts = app.received.filter((r) => r.path === '/intercept');
      assert.equal(intercepts.length, 2);
      assert.equal(intercepts[0]?.params.inboundParticipantSid, alice.sid);
      assert.equal(intercepts[0]?.params.outboundResourceSid, undefined, 'no outbound leg before the intercept decides');
      await waitFor('the CallbackUrl deliveries', () => app.received.filter((r) => r.path === '/cb' && r.params.interactionSessionSid === session.sid).length >= 2);
      const forwarded = app.received.find((r) => r.path === '/cb' && JSON.parse(r.params.interactionData || '{}').body === 'hello Bob');
      assert.equal(forwarded?.params.interactionType, 'Message');
      assert.equal(forwarded?.params.outboundParticipantSid, bob.sid);
    });

    test('out of session: the JSON answer creates a session and the message reaches the named participant', async () => {
      const before = (await client.proxy.v1.services(serviceSid).sessions.list()).length;
      const reached = await text(CAROL, '+14155551212', 'is anyone there?');
      assert.equal(reached.length, 1);
      const [to, from, body] = reached[0]!.split('|');
      assert.equal(to, BOB);
      assert.equal(body, 'is anyone there?');
      assert.notEqual(from, CAROL, 'Bob sees a proxy number, not Carol');
      const oos = app.received.find((r) => r.path === '/oos');
      assert.equal(oos?.params.From, CAROL);
      assert.equal(oos?.params.Body, 'is anyone there?');
      assert.equal((await client.proxy.v1.services(serviceSid).sessions.list()).length, before + 1);
    });

    test('every callback carried a valid X-Twilio-Signature', () => {
      assert.ok(app.received.length >= 5);
      for (const r of app.received) assert.ok(r.signatureValid, `signature of ${r.path}`);
    });
  });
}
