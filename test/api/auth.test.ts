// The auth battery, over every route the OpenAPI document lists: no credentials and a wrong token are
// Twilio's exact 401; another account's resources are 404 (never a hint that they exist); a malformed
// SID in any path position is a 400/404 envelope, never a 500.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { createTestSchema, POSTGRES_URL, withSearchPath } from '../support/stores.ts';
import { anApiKey } from '../support/fixtures.ts';
import { ROUTES, type Route } from './auth-battery-routes.ts';
import { seedBattery, valueFor, type Values } from './auth-battery-seed.ts';
import { ACCOUNT_SID, basic, errorOf, OTHER_AUTH, startApi, type Api, type Fields } from './support.ts';

const UNAUTHORIZED = {
  code: 20003,
  detail: 'Your AccountSid or AuthToken was incorrect.',
  message: 'Authenticate',
  more_info: 'https://www.twilio.com/docs/errors/20003',
  status: 401,
};

const DIALECTS: readonly ('sqlite' | 'postgres')[] = POSTGRES_URL === undefined ? ['sqlite'] : ['sqlite', 'postgres'];

/** A `{Name}` body value is a seeded resource's; other values go as they are. */
const bodyOf = (fields: Fields, values: Values): Fields =>
  Object.fromEntries(Object.entries(fields).map(([key, value]) => {
    const named = typeof value === 'string' ? /^\{(\w+)\}$/.exec(value)?.[1] : undefined;
    return [key, named === undefined ? value : values[named] ?? ''];
  }));

/** A value of the same shape that names nothing: a SID of the same type, a number nobody holds. */
const absentLike = (value: string): string => {
  if (/^[A-Z]{2}[0-9a-f]{32}$/.test(value)) return `${value.slice(0, 2)}${'0'.repeat(32)}`;
  return value.startsWith('+') ? '+14155550999' : value;
};

for (const dialect of DIALECTS) describe(`auth battery over every route (${dialect})`, () => {
  let api: Api;
  let values: Values = {};
  let drop = async (): Promise<void> => {};

  before(async () => {
    const schema = dialect === 'postgres' && POSTGRES_URL !== undefined ? await createTestSchema(POSTGRES_URL) : null;
    if (schema) drop = schema.drop;
    const databaseUrl = schema && POSTGRES_URL !== undefined ? withSearchPath(POSTGRES_URL, schema.schema) : null;
    api = await startApi({ config: { numberSweepIntervalMs: 0, ...(databaseUrl !== null && { databaseUrl }) } });
    values = await seedBattery(api);
  });
  after(async () => {
    await api.close();
    await drop();
  });

  const fill = (route: Route, override?: { param: string; value: string }): string => {
    const put = (text: string) => text.replace(/\{(\w+)\}/g, (_m, name: string) => (override?.param === name ? override.value : valueFor(values, route.template, name)));
    return put(route.template) + put(route.query ?? '');
  };
  const send = (route: Route, path: string, auth: string | null | undefined, body: Values = values) => {
    if (route.method === 'GET') return api.get(path, auth);
    if (route.method === 'DELETE') return api.del(path, auth);
    if (route.json !== undefined) return api.post(path, JSON.stringify(route.json), auth, { 'content-type': 'application/json' });
    return api.post(path, bodyOf(route.body ?? {}, body), auth);
  };

  test('the battery covers every documented route', async () => {
    const doc = (await api.get('/openapi.json', null)).json;
    const paths = Object.entries(doc.paths && typeof doc.paths === 'object' ? doc.paths : {});
    const documented = paths.flatMap(([path, ops]) => Object.keys(ops && typeof ops === 'object' ? ops : {}).map((m) => `${m.toUpperCase()} ${path}`));
    const covered = new Set(ROUTES.map((r) => `${r.method} ${r.template}`));
    const missing = documented.filter((r) => !covered.has(r) && !r.endsWith(' /healthz'));
    assert.deepEqual(missing, []);
    assert.ok(documented.length >= ROUTES.length);
  });

  test('no credentials: 401 with Twilio\'s exact body', async () => {
    for (const route of ROUTES) {
      const res = await send(route, fill(route), null);
      assert.equal(res.status, 401, `${route.method} ${route.template}`);
      assert.deepEqual(res.json, UNAUTHORIZED, `${route.method} ${route.template}`);
      assert.match(String(res.headers['www-authenticate']), /^Basic/);
    }
  });

  test('wrong token, unknown account, malformed header: 401', async () => {
    for (const auth of [basic(ACCOUNT_SID, 'wrong'), basic(`AC${'9'.repeat(32)}`, 'x'), basic('someone', 'x'), 'Bearer abc', 'Basic !!!']) {
      for (const route of ROUTES) {
        const res = await send(route, fill(route), auth);
        assert.equal(res.status, 401, `${auth} ${route.method} ${route.template}`);
        assert.equal(res.json.code, 20003);
      }
    }
  });

  // What makes the 404s below mean something: each path names a real resource its owner can read. Except
  // what is 404 to everyone: a short code (masq has none in inventory) and number types the US does not offer.
  const everyoneNotFound = /\/ShortCodes\/|\/(Mobile|National|SharedCost|Voip|MachineToMachine)\.json$/;
  test('the seeded resources are there for their own account', async () => {
    for (const route of ROUTES.filter((r) => r.method === 'GET' && !r.template.startsWith('/sandbox/') && !everyoneNotFound.test(r.template))) {
      const res = await send(route, fill(route), undefined);
      assert.equal(res.status, 200, `${route.method} ${route.template}: ${res.body}`);
    }
  });

  test("another account's resources are 404, never a hint", async () => {
    for (const route of ROUTES.filter((r) => !r.unscoped && !r.byBody)) {
      const res = await send(route, fill(route), OTHER_AUTH);
      assert.deepEqual(errorOf(res), { status: 404, code: 20404, bodyStatus: 404 }, `${route.method} ${route.template}: ${res.body}`);
    }
  });

  test("naming another account's resource in a body is refused exactly as naming one that exists nowhere", async () => {
    const nowhere = Object.fromEntries(Object.entries(values).map(([name, value]) => [name, absentLike(value)]));
    for (const route of ROUTES.filter((r) => r.byBody)) {
      const theirs = await send(route, fill(route), OTHER_AUTH);
      const absent = await send(route, fill(route), undefined, nowhere);
      const what = `${route.method} ${route.template}: ${theirs.body}`;
      assert.ok(theirs.status === 400 || theirs.status === 404, what);
      assert.deepEqual(errorOf(theirs), errorOf(absent), what);
      assert.equal(String(theirs.json.message).replaceAll(/[A-Z]{2}[0-9a-f]{32}|\+\d+/g, '…'), String(absent.json.message).replaceAll(/[A-Z]{2}[0-9a-f]{32}|\+\d+/g, '…'), what);
    }
  });

  test('a malformed SID in any position is a 400 or 404 envelope, never a 500', async () => {
    // The sandbox network's phones and calls take numbers and carrier call ids, not SIDs.
    for (const route of ROUTES.filter((r) => !/^\/sandbox\/(phones|calls)\//.test(r.template))) {
      for (const [, param] of route.template.matchAll(/\{(\w+)\}/g)) {
        for (const value of ['bad-sid', 'KS123', `${'X'.repeat(34)}`, '%E2%98%83']) {
          const res = await send(route, fill(route, { param: param ?? '', value }), undefined);
          assert.ok(res.status === 400 || res.status === 404, `${route.method} ${route.template} ${param}=${value}: ${res.status} ${res.body}`);
          assert.equal(res.json.status, res.status);
          assert.equal(typeof res.json.code, 'number');
        }
      }
    }
  });

  test('an API key (SK...) authenticates as its account', async () => {
    const key = `SK${'5'.repeat(32)}`;
    await api.runtime.deps.store.createApiKey(anApiKey({ sid: ACCOUNT_SID }, { sid: key, friendlyName: 'ci', secret: 'key-secret' }));
    const res = await api.get('/v1/Services/battery', basic(key, 'key-secret'));
    assert.equal(res.status, 200);
    assert.equal(res.json.account_sid, ACCOUNT_SID);
    assert.equal((await api.get('/v1/Services/battery', basic(key, 'wrong'))).status, 401);
  });
});
