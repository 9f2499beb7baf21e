// The callback adapter against real sockets: private destinations refused by default (literal addresses
// and names that resolve to them), and when allowed, a request the official twilio SDK accepts as signed.
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { WebhookError } from '../ports/webhook-sender.ts';
import { isPublicAddress } from './address-policy.ts';
import { createHttpWebhookSender } from './http-webhook-sender.ts';

const TOKEN = 'an-account-auth-token';

const portOf = (server: Server): number => {
  const address: AddressInfo | string | null = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('server is not listening on TCP');
  return address.port;
};

const refusal = async (url: string): Promise<string> => {
  const sender = createHttpWebhookSender({ allowPrivate: false, userAgent: 'masq/test' });
  try {
    await sender.post({ url, params: { a: '1' }, authToken: TOKEN, timeoutMs: 1_000 });
  } catch (err) {
    assert.ok(err instanceof WebhookError, `a WebhookError for ${url}, got ${String(err)}`);
    return err.failure;
  }
  return 'sent';
};

describe('private destinations are refused unless allowed (SSRF)', () => {
  for (const url of [
    'http://127.0.0.1:9/cb', 'http://10.20.30.40/cb', 'http://192.168.1.10/cb', 'http://[::1]:9/cb',
    'http://[::ffff:127.0.0.1]:9/cb', 'http://[::ffff:10.0.0.1]/cb', 'http://172.16.0.1/cb', 'http://169.254.169.254/latest/meta-data',
    'http://2130706433:9/cb', 'http://localhost:9/cb',
  ]) {
    test(url, async () => assert.equal(await refusal(url), 'refused-destination'));
  }

  test('the address rule itself: private, loopback, link-local and mapped forms are not public', () => {
    for (const a of ['127.0.0.1', '10.0.0.1', '192.168.0.1', '::1', '::ffff:127.0.0.1', '::ffff:7f00:1', 'fd00::1', 'fe80::1', '0.0.0.0', 'not-an-ip']) {
      assert.equal(isPublicAddress(a), false, a);
    }
    for (const a of ['93.184.216.34', '2606:2800:220:1:248:1893:25c8:1946', '::ffff:93.184.216.34']) assert.equal(isPublicAddress(a), true, a);
  });

  test('a URL that is not http(s) is invalid', async () => {
    assert.equal(await refusal('ftp://example.com/cb'), 'invalid-url');
    assert.equal(await refusal('not a url'), 'invalid-url');
  });
});

describe('when private destinations are allowed', () => {
  let server: Server;
  let base = '';
  const received: { url: string; headers: IncomingMessage['headers']; body: string }[] = [];
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  before(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => { body += c.toString('utf8'); });
      req.on('end', () => {
        received.push({ url: req.url ?? '', headers: req.headers, body });
        handler(req, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${portOf(server)}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const sender = createHttpWebhookSender({ allowPrivate: true, userAgent: 'masq/test' });

  test('posts a form the official SDK validates, with the idempotency token, and returns the answer', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'application/xml' }).end('<Response/>');
    const url = `${base}/callback?tenant=7&x=a%20b`;
    const params = { interactionSid: 'KI1', interactionData: '{"body":"héllo & bye"}', inboundResourceUrl: '' };
    const response = await sender.post({ url, params, authToken: TOKEN, timeoutMs: 2_000, idempotencyToken: 'WH123' });
    assert.deepEqual(response, { status: 200, contentType: 'application/xml', body: '<Response/>' });
    const got = received.at(-1);
    assert.ok(got);
    assert.equal(got.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(got.headers['i-twilio-idempotency-token'], 'WH123');
    const form = Object.fromEntries(new URLSearchParams(got.body));
    assert.deepEqual(form, params);
    const signature = String(got.headers['x-twilio-signature']);
    assert.equal(twilio.validateRequest(TOKEN, signature, url, form), true);
    assert.equal(twilio.validateRequest('another-token', signature, url, form), false);
  });

  test('a GET carries the params in the query string, signed over that URL as Twilio signs a GET', async () => {
    handler = (_req, res) => res.writeHead(200, { 'content-type': 'text/xml' }).end('<Response/>');
    const url = `${base}/voice?tenant=7`;
    const params = { CallSid: 'CA1', From: '+14155550101', Body: 'a b & c' };
    const response = await sender.post({ url, params, authToken: TOKEN, timeoutMs: 2_000, method: 'GET' });
    assert.equal(response.status, 200);
    const got = received.at(-1);
    assert.ok(got);
    assert.equal(got.body, '');
    assert.equal(got.headers['content-type'], undefined);
    const requested = new URL(got.url, base);
    assert.deepEqual(Object.fromEntries(requested.searchParams), { tenant: '7', ...params });
    const signature = String(got.headers['x-twilio-signature']);
    assert.equal(twilio.validateRequest(TOKEN, signature, requested.href, {}), true);
    assert.equal(twilio.validateRequest('another-token', signature, requested.href, {}), false);
  });

  test('a slow receiver times out', async () => {
    handler = (_req, res) => { setTimeout(() => res.end(), 1_000); };
    await assert.rejects(sender.post({ url: `${base}/slow`, params: {}, authToken: TOKEN, timeoutMs: 150 }),
      (err: unknown) => err instanceof WebhookError && err.failure === 'timeout');
  });

  test('nothing listening is a network error', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = portOf(closed);
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(sender.post({ url: `http://127.0.0.1:${port}/cb`, params: {}, authToken: TOKEN, timeoutMs: 1_000 }),
      (err: unknown) => err instanceof WebhookError && err.failure === 'network');
  });
});
