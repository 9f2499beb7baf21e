// Every error leaves in Twilio's envelope {code, message, more_info, status}, including the ones Fastify's
// router and Node's HTTP parser answer before any route runs; a wrong method on a known path is 405.
import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { MAIN_AUTH, seedService, startApi, type Api } from './support.ts';

const ENVELOPE_KEYS = ['code', 'message', 'more_info', 'status'];

const assertEnvelope = (body: string, status: number, code: number): void => {
  const json: unknown = JSON.parse(body);
  assert.ok(typeof json === 'object' && json !== null, body);
  const fields = Object.fromEntries(Object.entries(json));
  assert.deepEqual(Object.keys(fields).filter((k) => k !== 'detail').sort(), ENVELOPE_KEYS, body);
  assert.equal(fields.code, code, body);
  assert.equal(fields.status, status, body);
  assert.equal(fields.more_info, `https://www.twilio.com/docs/errors/${code}`, body);
  assert.equal(typeof fields.message, 'string', body);
};

/** Sends raw bytes over a real socket and returns everything the server answers before closing. */
const rawExchange = (port: number, request: string): Promise<string> => new Promise((resolve, reject) => {
  const socket = connect({ host: '127.0.0.1', port });
  const chunks: Buffer[] = [];
  socket.on('data', (chunk) => chunks.push(chunk));
  socket.on('error', () => resolve(Buffer.concat(chunks).toString()));
  socket.on('close', () => resolve(Buffer.concat(chunks).toString()));
  socket.setTimeout(5000, () => { socket.destroy(); reject(new Error('no answer')); });
  socket.write(request);
});

describe('error envelope', () => {
  let api: Api;
  before(async () => { api = await startApi(); });
  after(async () => { await api.close(); });

  test('a URL that is not valid percent-encoding is 400 in the envelope', async () => {
    for (const url of ['/v1/Services/%E0%A4%A', '/v1/Services/%zz/Sessions']) {
      const res = await api.app.inject({ method: 'GET', url, headers: { authorization: MAIN_AUTH } });
      assert.equal(res.statusCode, 400, url);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assertEnvelope(res.body, 400, 80701);
    }
  });

  test('malformed JSON and an unsupported media type are in the envelope', async () => {
    const json = await api.app.inject({ method: 'POST', url: '/v1/Services', headers: { authorization: MAIN_AUTH, 'content-type': 'application/json' }, payload: '{bad' });
    assert.equal(json.statusCode, 400);
    assertEnvelope(json.body, 400, 80701);
    const media = await api.app.inject({ method: 'POST', url: '/v1/Services', headers: { authorization: MAIN_AUTH, 'content-type': 'text/weird' }, payload: 'x' });
    assert.equal(media.statusCode, 415);
    assertEnvelope(media.body, 415, 80701);
  });

  test('a wrong method on an existing path is 405 20004 with Allow', async () => {
    const { sid } = await seedService(api, 'methods');
    const cases: [string, string, string[]][] = [
      ['PUT', '/v1/Services', ['GET', 'HEAD', 'POST']],
      ['DELETE', '/v1/Services', ['GET', 'HEAD', 'POST']],
      ['PATCH', `/v1/Services/${sid}`, ['DELETE', 'GET', 'HEAD', 'POST']],
      ['PUT', `/v1/Services/${sid}/Sessions/`, ['GET', 'HEAD', 'POST']],
      ['POST', '/healthz', ['GET', 'HEAD']],
    ];
    for (const [method, url, allow] of cases) {
      const res = await api.app.inject({ method, url, headers: { authorization: MAIN_AUTH } });
      assert.equal(res.statusCode, 405, `${method} ${url}`);
      assert.deepEqual(String(res.headers.allow).split(', ').sort(), allow, `${method} ${url}`);
      assertEnvelope(res.body, 405, 20004);
    }
  });

  test('a path no route has is still 404 20404', async () => {
    for (const url of ['/v1/Nothing', `/v1/Services/KS${'0'.repeat(32)}/Bogus`, '/v1/Services/a/b/c/d/e/f/g']) {
      const res = await api.app.inject({ method: 'PUT', url, headers: { authorization: MAIN_AUTH } });
      assert.equal(res.statusCode, 404, url);
      assertEnvelope(res.body, 404, 20404);
    }
  });

  test('over a real socket: headers too large are 431 and a malformed request 400, in the envelope', async () => {
    await api.app.listen({ host: '127.0.0.1', port: 0 });
    const address = api.app.server.address();
    assert.ok(typeof address === 'object' && address !== null);
    const { port } = address;
    // Node's default limit on the header section is 16 KiB.
    const huge = await rawExchange(port, `GET /v1/Services HTTP/1.1\r\nHost: masq.invalid\r\nX-Big: ${'a'.repeat(32 * 1024)}\r\n\r\n`);
    assert.match(huge, /^HTTP\/1\.1 431 /);
    assert.match(huge, /content-type: application\/json/i);
    assertEnvelope(huge.slice(huge.indexOf('\r\n\r\n') + 4), 431, 80701);
    const garbage = await rawExchange(port, 'NOT HTTP AT ALL\r\n\r\n');
    assert.match(garbage, /^HTTP\/1\.1 400 /);
    assertEnvelope(garbage.slice(garbage.indexOf('\r\n\r\n') + 4), 400, 80701);
  });
});
