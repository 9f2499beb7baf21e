// Each Twilio domain under its own prefix (did-wire-contract §0.2-0.3), driven by the official twilio client
// with client.proxy.baseUrl = …/proxy and client.api.baseUrl = …/api against a listening app: v1 `url`s and
// page URLs carry the prefix the request came in on, 2010 page URIs stay relative without it (the client
// prepends its baseUrl), credentials and idempotency apply there as at the root, and the root keeps working.
// Messaging v1 and Numbers v1 exist only under /messaging and /numbers (Messaging's /v1/Services would collide
// with Proxy's at the root), and are documented there once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { buildApp, type MasqApp } from '../../src/http/build-app.ts';
import { ACCOUNT_SID, AUTH_TOKEN, MAIN_AUTH, startApi, type Api } from './support.ts';

type Client = ReturnType<typeof twilio>;

const clientAt = (proxyBase: string, apiBase: string): Client => {
  const client = twilio(ACCOUNT_SID, AUTH_TOKEN);
  client.proxy.baseUrl = proxyBase;
  client.api.baseUrl = apiBase;
  return client;
};

const KEYS = `/2010-04-01/Accounts/${ACCOUNT_SID}/Keys.json`;

describe('Twilio domains under their own prefixes', () => {
  let api: Api;
  let served: MasqApp;
  let origin: string;
  let prefixed: Client;
  let root: Client;

  before(async () => {
    api = await startApi();
    // No public URL: links are built from the Host header, so the client can follow them to this server.
    served = await buildApp({ deps: api.runtime.deps, publicUrl: null, sandbox: api.runtime.sandbox, logLevel: 'silent' });
    origin = await served.listen({ host: '127.0.0.1', port: 0 });
    prefixed = clientAt(`${origin}/proxy`, `${origin}/api`);
    root = clientAt(origin, origin);
  });
  after(async () => {
    await served.close();
    await api.close();
  });

  const raw = (path: string, init: RequestInit = {}) =>
    fetch(`${origin}${path}`, { ...init, headers: { authorization: MAIN_AUTH, ...init.headers } });

  test('Proxy v1 under /proxy: created resources and every page link stay under /proxy', async () => {
    const names = ['prefixed-a', 'prefixed-b', 'prefixed-c'];
    for (const uniqueName of names) await prefixed.proxy.v1.services.create({ uniqueName });
    const created = await prefixed.proxy.v1.services.create({ uniqueName: 'prefixed-d' });
    names.push('prefixed-d');
    assert.equal(created.url, `${origin}/proxy/v1/Services/${created.sid}`);
    assert.equal(created.links.sessions, `${origin}/proxy/v1/Services/${created.sid}/Sessions`);
    assert.equal((await prefixed.proxy.v1.services(created.sid).fetch()).uniqueName, 'prefixed-d');

    const first = await prefixed.proxy.v1.services.page({ pageSize: 3 });
    assert.deepEqual(first.instances.map((s) => s.uniqueName), names.slice(0, 3));
    assert.match(String(first.getNextPageUrl()), new RegExp(`^${origin}/proxy/v1/Services\\?PageSize=3&Page=1&PageToken=`));
    const second = await first.nextPage();
    assert.ok(second, 'a second page');
    assert.deepEqual(second.instances.map((s) => s.uniqueName), names.slice(3));
    assert.equal(second.getNextPageUrl(), undefined);
    assert.match(String(second.getPreviousPageUrl()), new RegExp(`^${origin}/proxy/v1/Services\\?PageSize=3&Page=0&PageToken=`));
    assert.deepEqual((await prefixed.proxy.v1.services.list({ pageSize: 1 })).map((s) => s.uniqueName), names);
  });

  test('the 2010 API under /api: Keys create and list, with page URIs relative to the client\'s baseUrl', async () => {
    const account = prefixed.api.v2010.accounts(ACCOUNT_SID);
    const names = ['key-a', 'key-b', 'key-c'];
    for (const friendlyName of names) await account.newKeys.create({ friendlyName });
    assert.deepEqual((await account.keys.list({ pageSize: 2 })).map((k) => k.friendlyName), names);

    const first = await account.keys.page({ pageSize: 2 });
    assert.match(String(first.getNextPageUrl()), new RegExp(`^${origin}/api${KEYS.replace('.', '\\.')}\\?PageSize=2&Page=1&PageToken=`));
    const second = await first.nextPage();
    assert.deepEqual(second?.instances.map((k) => k.friendlyName), ['key-c']);

    const envelope: unknown = await (await raw(`/api${KEYS}?PageSize=2`)).json();
    assert.ok(typeof envelope === 'object' && envelope !== null && 'next_page_uri' in envelope && 'uri' in envelope);
    assert.match(String(envelope.next_page_uri), new RegExp(`^${KEYS.replace('.', '\\.')}\\?PageSize=2&Page=1&PageToken=`));
    assert.equal(envelope.uri, `${KEYS}?PageSize=2&Page=0`);
  });

  test('the root paths keep working side by side, over the same data, with links without a prefix', async () => {
    const made = await prefixed.proxy.v1.services.create({ uniqueName: 'side-by-side' });
    const atRoot = await root.proxy.v1.services(made.sid).fetch();
    assert.equal(atRoot.uniqueName, 'side-by-side');
    assert.equal(atRoot.url, `${origin}/v1/Services/${made.sid}`);
    const rootPage = await root.proxy.v1.services.page({ pageSize: 2 });
    assert.match(String(rootPage.getNextPageUrl()), new RegExp(`^${origin}/v1/Services\\?PageSize=2&Page=1&PageToken=`));

    const key = await root.api.v2010.accounts(ACCOUNT_SID).newKeys.create({ friendlyName: 'made-at-root' });
    const viaPrefix = await prefixed.api.v2010.accounts(ACCOUNT_SID).keys(key.sid).fetch();
    assert.equal(viaPrefix.friendlyName, 'made-at-root');
    assert.ok((await root.api.v2010.accounts(ACCOUNT_SID).keys.list()).some((k) => k.sid === key.sid));
  });

  test('credentials are required under the prefixes, as at the root', async () => {
    const anonymous = twilio(ACCOUNT_SID, 'not-the-token');
    anonymous.proxy.baseUrl = `${origin}/proxy`;
    anonymous.api.baseUrl = `${origin}/api`;
    for (const call of [() => anonymous.proxy.v1.services.list(), () => anonymous.api.v2010.accounts(ACCOUNT_SID).keys.list()]) {
      await assert.rejects(call(), (err: unknown) => {
        assert.ok(err instanceof twilio.RestException);
        assert.equal(err.status, 401);
        assert.equal(err.code, 20003);
        return true;
      });
    }
  });

  test('an I-Twilio-Idempotency-Token replays the first answer under /proxy', async () => {
    const create = () => raw('/proxy/v1/Services', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'i-twilio-idempotency-token': 'prefixed-retry' },
      body: 'UniqueName=idempotent-under-proxy',
    });
    const firstAnswer = await create();
    const retried = await create();
    assert.equal(firstAnswer.status, 201);
    assert.equal(retried.status, 201);
    assert.deepEqual(await retried.json(), await firstAnswer.json());
  });

  /** A 404 in Twilio's envelope, as for any path masq does not serve. */
  const assertNotFound = async (path: string): Promise<void> => {
    const res = await raw(path);
    assert.equal(res.status, 404, path);
    const body: unknown = await res.json();
    assert.ok(typeof body === 'object' && body !== null && 'code' in body && 'status' in body && 'more_info' in body, path);
    assert.deepEqual([body.code, body.status], [20404, 404], path);
  };
  const jsonAt = async (path: string): Promise<Record<string, unknown>> => {
    const res = await raw(path);
    assert.equal(res.status, 200, path);
    const body: unknown = await res.json();
    assert.ok(typeof body === 'object' && body !== null, path);
    return Object.fromEntries(Object.entries(body));
  };

  test('Messaging v1 answers under /messaging only: its Services are not Proxy\'s, and Proxy\'s are not its', async () => {
    const client = clientAt(origin, origin);
    client.messaging.baseUrl = `${origin}/messaging`;
    const mg = await client.messaging.v1.services.create({ friendlyName: 'prefixed messaging' });
    assert.match(mg.sid, /^MG[0-9a-f]{32}$/);
    assert.equal(mg.url, `${origin}/messaging/v1/Services/${mg.sid}`);
    assert.ok((await client.messaging.v1.services.list()).some((s) => s.sid === mg.sid));
    const listed = await jsonAt('/messaging/v1/Services');
    assert.ok(Array.isArray(listed.services) && listed.services.some((s: unknown) => typeof s === 'object' && s !== null && 'sid' in s && s.sid === mg.sid));

    const proxyService = await root.proxy.v1.services.create({ uniqueName: 'proxy-beside-messaging' });
    const proxyList = await root.proxy.v1.services.list();
    assert.ok(proxyList.some((s) => s.sid === proxyService.sid));
    assert.deepEqual(proxyList.filter((s) => !s.sid.startsWith('KS')), [], '/v1/Services at the root is Proxy\'s list');
    assert.ok(!(await prefixed.proxy.v1.services.list()).some((s) => s.sid === mg.sid));
    for (const path of [`/v1/Services/${mg.sid}`, `/proxy/v1/Services/${mg.sid}`, `/messaging/v1/Services/${proxyService.sid}`,
      `/messaging/v1/Services/${mg.sid}/Sessions`, '/v1/Tollfree/Verifications', '/v1/a2p/BrandRegistrations', '/api/v1/a2p/BrandRegistrations',
      '/proxy/v1/Tollfree/Verifications', `/numbers/v1/Services/${mg.sid}`]) {
      await assertNotFound(path);
    }
  });

  test('Numbers v1 porting answers under /numbers only', async () => {
    const client = clientAt(origin, origin);
    client.numbers.baseUrl = `${origin}/numbers`;
    const portability = await client.numbers.v1.portingPortabilities('+18005550199').fetch();
    assert.deepEqual([portability.phoneNumber, portability.portable, portability.numberType], ['+18005550199', false, 'TOLL-FREE']);
    const listed = await jsonAt('/numbers/v1/Porting/PortIn/PortInRequests');
    assert.deepEqual(listed.port_in_requests, []);
    for (const path of ['/v1/Porting/PortIn/PortInRequests', '/proxy/v1/Porting/PortIn/PortInRequests', '/api/v1/Porting/PortIn/PortInRequests',
      '/messaging/v1/Porting/PortIn/PortInRequests', '/v1/Porting/Portability/PhoneNumber/+18005550199', '/v1/Porting/Configuration/Webhook']) {
      await assertNotFound(path);
    }
  });

  test('an unknown path under /messaging or /numbers is a 404 in Twilio\'s envelope, like other domains\' paths', async () => {
    for (const path of ['/numbers/v1/Porting/Nothing', '/numbers/v2/HostedNumberOrders', '/numbers/v1/Porting/PortIn/KW123/Nothing', '/messaging/v1/Nothing',
      '/messaging/v2/Services', '/messaging/v1/Services/MG123/Nothing', `/messaging/2010-04-01/Accounts/${ACCOUNT_SID}/Keys.json`,
      `/numbers/2010-04-01/Accounts/${ACCOUNT_SID}/Keys.json`, '/api/v1/Services', '/proxy/2010-04-01/Accounts/x/Keys.json']) {
      await assertNotFound(path);
    }
  });

  test('the OpenAPI document lists each operation once: Proxy and 2010 at the root, Messaging and Numbers under their prefix', async () => {
    const res = await raw('/openapi.json');
    const doc: unknown = await res.json();
    assert.ok(typeof doc === 'object' && doc !== null && 'paths' in doc && typeof doc.paths === 'object' && doc.paths !== null);
    const operations = Object.entries(doc.paths).flatMap(([path, ops]: [string, unknown]) =>
      Object.entries(typeof ops === 'object' && ops !== null ? ops : {}).map(([method, op]: [string, unknown]) => ({
        path, method, tags: typeof op === 'object' && op !== null && 'tags' in op && Array.isArray(op.tags) ? op.tags.map(String) : [],
      })));
    const paths = new Set(operations.map((o) => o.path));
    for (const path of ['/v1/Services', '/messaging/v1/Services', '/messaging/v1/Tollfree/Verifications', '/numbers/v1/Porting/PortIn']) assert.ok(paths.has(path), path);
    assert.ok([...paths].some((p) => p.startsWith('/2010-04-01/')), '2010 API documented');
    assert.deepEqual([...paths].filter((p) => /^\/(proxy|api)\//.test(p)), [], 'the /proxy and /api copies are not documented again');
    assert.deepEqual([...paths].filter((p) => /^\/v1\/(Porting|Tollfree|a2p)\b/.test(p)), [], 'Messaging and Numbers have no root paths');
    // Where Messaging and Proxy share a path (/v1/Services), the root operation is Proxy's and the prefixed one Messaging's.
    for (const op of operations.filter((o) => /^\/(messaging|numbers)\//.test(o.path))) {
      const atRoot = operations.find((o) => o.method === op.method && o.path === op.path.replace(/^\/(messaging|numbers)/, ''));
      assert.ok(!atRoot || !atRoot.tags.some((t) => op.tags.includes(t)), `${op.method} ${op.path} documented at the root too`);
    }
    const serviceTags = (path: string) => operations.filter((o) => o.path === path).flatMap((o) => o.tags);
    assert.deepEqual([...new Set(serviceTags('/v1/Services'))], ['Services']);
    assert.ok(serviceTags('/messaging/v1/Services').every((t) => t.startsWith('Messaging')));
  });
});
