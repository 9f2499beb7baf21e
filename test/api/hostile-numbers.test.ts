// Numbers that used to be stored and break later, or break at once: every out-of-range Ttl, DefaultTtl,
// PoolLimit, PageSize, Page or forged PageToken is a 400 in Twilio's envelope (80701, naming the
// parameter) on every route that takes it, and a Page beyond the data is an empty page labelled as asked.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { defaultConfig } from '../../src/config/load-config.ts';
import { MAX_TTL_SECONDS } from '../../src/domain/session.ts';
import { buildApp, type MasqApp } from '../../src/http/build-app.ts';
import { createRuntime, type Runtime } from '../../src/runtime.ts';
import { ACCOUNT_SID, AUTH_TOKEN, BASE, list, MAIN_AUTH, MutableClock, obj, seedService, startApi, str, type Api, type Response } from './support.ts';

const TOO_BIG = ['1e30', '99999999999999999999', String(MAX_TTL_SECONDS + 1), 'Infinity', '-Infinity', 'NaN', '1e3', '0x10', ' 5', '5.5', '-1'];

const assertInvalid = (res: Response, name: string, what: string): void => {
  assert.equal(res.status, 400, `${what}: ${res.body}`);
  assert.equal(res.json.code, 80701, what);
  assert.equal(res.json.status, 400, what);
  assert.equal(res.json.more_info, 'https://www.twilio.com/docs/errors/80701', what);
  assert.match(str(res.json, 'message'), new RegExp(`^'${name}' is invalid\\.`), what);
};

const token = (body: unknown): string => `PT${Buffer.from(JSON.stringify(body)).toString('base64url')}`;

describe('hostile numbers', () => {
  let api: Api;
  let service: string;
  let session: string;
  let participant: string;
  before(async () => {
    api = await startApi();
    service = (await seedService(api, 'numbers', ['+14155550100', '+14155550111'])).sid;
    const created = await api.post(`/v1/Services/${service}/Sessions`, { UniqueName: 'pair' });
    session = str(created.json, 'sid');
    const added = await api.post(`/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: '+14155550001' });
    participant = str(added.json, 'sid');
    await api.post(`/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: '+14155550002' });
  });
  after(async () => { await api.close(); });

  test('DefaultTtl out of 0..2147483647 or not a plain integer is 400 on create and update, and nothing is stored', async () => {
    for (const value of TOO_BIG) {
      assertInvalid(await api.post('/v1/Services', `UniqueName=bad-ttl&DefaultTtl=${encodeURIComponent(value)}`), 'DefaultTtl', `create ${value}`);
      assertInvalid(await api.post(`/v1/Services/${service}`, `DefaultTtl=${encodeURIComponent(value)}`), 'DefaultTtl', `update ${value}`);
    }
    assertInvalid(await api.post(`/v1/Services/${service}`, JSON.stringify({ DefaultTtl: 1e30 }), undefined, { 'content-type': 'application/json' }), 'DefaultTtl', 'JSON 1e30');
    assert.equal((await api.get(`/v1/Services/${service}`)).json.default_ttl, 0);
    // Sessions of the service still work: the bad value was never stored.
    assert.equal((await api.post(`/v1/Services/${service}/Sessions`, {})).status, 201);
  });

  test('the largest DefaultTtl is accepted, and sessions that inherit it get a valid expiry', async () => {
    const created = await api.post('/v1/Services', { UniqueName: 'max-ttl', DefaultTtl: MAX_TTL_SECONDS });
    assert.equal(created.status, 201, created.body);
    assert.equal(created.json.default_ttl, MAX_TTL_SECONDS);
    const sessionRes = await api.post(`/v1/Services/${str(created.json, 'sid')}/Sessions`, {});
    assert.equal(sessionRes.status, 201, sessionRes.body);
    assert.equal(sessionRes.json.ttl, MAX_TTL_SECONDS);
  });

  test('a DefaultTtl stored before the bound (1e30, SQLite) no longer breaks its sessions or their messages', async () => {
    const { sid } = await seedService(api, 'legacy-ttl', ['+14155550122']);
    const account = str((await api.get(`/v1/Services/${sid}`)).json, 'account_sid');
    await api.runtime.deps.store.updateService(account, sid, { defaultTtl: 1e30, dateUpdated: new Date() });
    const sessionRes = await api.post(`/v1/Services/${sid}/Sessions`, {});
    assert.equal(sessionRes.status, 201, sessionRes.body);
    const kc = str(sessionRes.json, 'sid');
    for (const identifier of ['+14155550031', '+14155550032']) {
      const added = await api.post(`/v1/Services/${sid}/Sessions/${kc}/Participants`, { Identifier: identifier });
      assert.equal(added.status, 201, added.body);
    }
    const text = await api.post('/sandbox/phones/+14155550031/messages', { To: '+14155550122', Body: 'still routed' });
    assert.equal(text.status, 201, text.body);
    assert.equal(obj(text.json, 'routing').outcome, 'forward');
    assert.equal((await api.get(`/v1/Services/${sid}/Sessions/${kc}`)).status, 200);
    assert.equal((await api.post(`/v1/Services/${sid}/Sessions/${kc}`, { Status: 'closed' })).status, 200);
  });

  test('Ttl out of range is 400 on session create and update', async () => {
    for (const value of TOO_BIG) {
      assertInvalid(await api.post(`/v1/Services/${service}/Sessions`, `Ttl=${encodeURIComponent(value)}`), 'Ttl', `create ${value}`);
      assertInvalid(await api.post(`/v1/Services/${service}/Sessions/${session}`, `Ttl=${encodeURIComponent(value)}`), 'Ttl', `update ${value}`);
    }
    const max = await api.post(`/v1/Services/${service}/Sessions/${session}`, { Ttl: MAX_TTL_SECONDS });
    assert.equal(max.status, 200, max.body);
    assert.equal(max.json.ttl, MAX_TTL_SECONDS);
    assert.equal((await api.post(`/v1/Services/${service}/Sessions/${session}`, { Ttl: 0 })).status, 200);
  });

  test('PoolLimit beyond a 32-bit integer is 400', async () => {
    assertInvalid(await api.post(`/v1/Services/${service}`, { PoolLimit: '99999999999999999999' }), 'PoolLimit', 'huge');
    assertInvalid(await api.post(`/v1/Services/${service}`, { PoolLimit: '2147483648' }), 'PoolLimit', 'int32 + 1');
    assert.equal((await api.post(`/v1/Services/${service}`, { PoolLimit: 'default' })).status, 200);
  });

  const listRoutes = (): string[] => [
    '/v1/Services',
    `/v1/Services/${service}/Sessions`,
    `/v1/Services/${service}/PhoneNumbers`,
    `/v1/Services/${service}/ShortCodes`,
    `/v1/Services/${service}/Sessions/${session}/Participants`,
    `/v1/Services/${service}/Sessions/${session}/Interactions`,
    `/v1/Services/${service}/Sessions/${session}/Participants/${participant}/MessageInteractions`,
  ];

  test('PageSize and Page that are not plain integers in range are 400 on every list route', async () => {
    for (const route of [...listRoutes(), '/masq/v1/Webhooks']) {
      for (const value of ['Infinity', '1e400', '1e3', '0x10', '%205', '0', '1001', '-1']) {
        assertInvalid(await api.get(`${route}?PageSize=${value}`), 'PageSize', `${route} PageSize=${value}`);
      }
    }
    for (const route of listRoutes()) {
      for (const value of ['Infinity', '1e400', '-1', '1.5', '2147483648', '99999999999999999999']) {
        assertInvalid(await api.get(`${route}?Page=${value}`), 'Page', `${route} Page=${value}`);
      }
    }
  });

  test('a forged PageToken is 400 on every list route', async () => {
    const forged = [
      token({ d: 'after', t: 1e20, s: 'KS00' }),
      token({ d: 'after', t: -1, s: 'KS00' }),
      token({ d: 'after', t: 1.5, s: 'KS00' }),
      token({ d: 'before', t: 8.64e15, s: 'KS00' }),
      token({ d: 'after', t: 1, s: "x' or 1=1" }),
      token({ d: 'after', t: 1, s: '' }),
      token({ d: 'after', t: 1, s: 'K'.repeat(1000) }),
      'PTgarbage',
    ];
    for (const route of listRoutes()) {
      for (const pageToken of forged) {
        assertInvalid(await api.get(`${route}?PageToken=${encodeURIComponent(pageToken)}`), 'PageToken', `${route} ${pageToken.slice(0, 40)}`);
      }
    }
  });

  test('a Page asked for without a token is that page; one beyond the data is empty and labelled as asked', async () => {
    const all = list((await api.get('/v1/Services?PageSize=1000')).json, 'services').map((s) => s.sid);
    assert.ok(all.length >= 3);
    const second = await api.get('/v1/Services?PageSize=1&Page=1');
    assert.equal(second.status, 200);
    assert.deepEqual(list(second.json, 'services').map((s) => s.sid), [all[1]]);
    assert.equal(obj(second.json, 'meta').page, 1);
    // Its previous page is the first one.
    const previousUrl = String(obj(second.json, 'meta').previous_page_url);
    assert.match(previousUrl, /Page=0/);
    const previous = await api.get(previousUrl.replace(/^http:\/\/masq\.test/, ''));
    assert.deepEqual(list(previous.json, 'services').map((s) => s.sid), [all[0]]);

    for (const route of listRoutes()) {
      const beyond = await api.get(`${route}?PageSize=10&Page=99`);
      assert.equal(beyond.status, 200, `${route}: ${beyond.body}`);
      const meta = obj(beyond.json, 'meta');
      assert.deepEqual(list(beyond.json, String(meta.key)), [], route);
      assert.equal(meta.page, 99, route);
      assert.equal(meta.page_size, 10, route);
      assert.equal(meta.next_page_url, null, route);
      assert.match(String(meta.url), /\?PageSize=10&Page=99$/, route);
      assert.match(String(meta.previous_page_url), /\?PageSize=10&Page=98/, route);
    }
  });

  test('without a token, Page x PageSize is at most 10000 rows deep', async () => {
    assert.equal((await api.get('/v1/Services?PageSize=1000&Page=10')).status, 200);
    assertInvalid(await api.get('/v1/Services?PageSize=1000&Page=11'), 'Page', 'offset 11000');
    assertInvalid(await api.get('/v1/Services?Page=2147483647'), 'Page', 'largest Page without a token');
    // With a token the Page is only a label: any in range is accepted.
    const first = await api.get('/v1/Services?PageSize=1');
    const next = new URL(String(obj(first.json, 'meta').next_page_url));
    const labelled = await api.get(`/v1/Services?PageSize=1&Page=2147483647&PageToken=${encodeURIComponent(next.searchParams.get('PageToken') ?? '')}`);
    assert.equal(labelled.status, 200, labelled.body);
    assert.equal(obj(labelled.json, 'meta').page, 2147483647);
  });
});

describe('an out-of-session answer with a huge ttl', () => {
  let server: Server;
  let dir: string;
  let runtime: Runtime;
  let app: MasqApp;
  let answer = '';
  before(async () => {
    server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(answer));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    dir = mkdtempSync(join(tmpdir(), 'masq-oos-'));
    runtime = await createRuntime(
      defaultConfig({ databaseUrl: `sqlite:${join(dir, 'masq.db')}`, accountSid: ACCOUNT_SID, authToken: AUTH_TOKEN, callbackAllowPrivate: true }),
      { sweepIntervalMs: 0, jobIntervalMs: 0, clock: new MutableClock() },
    );
    app = await buildApp({ deps: runtime.deps, publicUrl: BASE, sandbox: runtime.sandbox, logLevel: 'silent' });
  });
  after(async () => {
    await app.close();
    await runtime.close();
    await new Promise((resolve) => server.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  const jsonOf = (body: string): Record<string, unknown> => {
    const parsed: unknown = JSON.parse(body);
    return typeof parsed === 'object' && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {};
  };
  const post = async (url: string, fields: Record<string, string>) => {
    const res = await app.inject({ method: 'POST', url, headers: { authorization: MAIN_AUTH, 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
    return { status: res.statusCode, body: res.body, json: jsonOf(res.body) };
  };

  test('falls back to the default instead of failing the inbound message (and creates no session)', async () => {
    const address = server.address();
    const port = typeof address === 'object' && address !== null ? address.port : 0;
    const service = await post('/v1/Services', { UniqueName: 'oos', OutOfSessionCallbackUrl: `http://127.0.0.1:${port}/oos` });
    const sid = str(service.json, 'sid');
    assert.equal((await post(`/v1/Services/${sid}/PhoneNumbers`, { PhoneNumber: '+14155550133' })).status, 201);
    for (const ttl of ['1e30', '99999999999999999999', String(MAX_TTL_SECONDS + 1)]) {
      answer = `{"participantIdentifier":"+14155550098","ttl":${ttl}}`;
      const text = await post('/sandbox/phones/+14155550097/messages', { To: '+14155550133', Body: 'hello?' });
      assert.equal(text.status, 201, `${ttl}: ${text.body}`);
      assert.equal(obj(text.json, 'routing').outcome, 'nothing', ttl);
    }
    const sessions = await app.inject({ method: 'GET', url: `/v1/Services/${sid}/Sessions`, headers: { authorization: MAIN_AUTH } });
    assert.deepEqual(list(jsonOf(sessions.body), 'sessions'), []);
    // A ttl in range still creates the session on the spot.
    answer = `{"participantIdentifier":"+14155550098","ttl":${MAX_TTL_SECONDS}}`;
    const routed = await post('/sandbox/phones/+14155550097/messages', { To: '+14155550133', Body: 'hello!' });
    assert.equal(obj(routed.json, 'routing').outcome, 'forward', routed.body);
  });
});
