// The auth battery, over every route the OpenAPI document lists: no credentials and a wrong token are
// Twilio's exact 401; another account's resources are 404 (never a hint that they exist); a malformed
// SID in any path position is a 400/404 envelope, never a 500.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ACCOUNT_SID, basic, errorOf, list, OTHER_AUTH, seedService, startApi, str, type Api, type Fields } from './support.ts';
import { anApiKey } from '../support/fixtures.ts';

const UNAUTHORIZED = {
  code: 20003,
  detail: 'Your AccountSid or AuthToken was incorrect.',
  message: 'Authenticate',
  more_info: 'https://www.twilio.com/docs/errors/20003',
  status: 401,
};

interface Route {
  readonly method: 'GET' | 'POST' | 'DELETE';
  readonly template: string;
  readonly body?: Fields;
  readonly query?: string;
  /** Routes not scoped to an account (the collection root, the shared sandbox network). */
  readonly unscoped?: boolean;
}

const S = '/v1/Services/{ServiceSid}';
const SESSION = `${S}/Sessions/{SessionSid}`;
const PARTICIPANT = `${SESSION}/Participants/{ParticipantSid}`;
const KEYS = '/2010-04-01/Accounts/{AccountSid}/Keys';
const AVAILABLE = '/2010-04-01/Accounts/{AccountSid}/AvailablePhoneNumbers';
const INCOMING = '/2010-04-01/Accounts/{AccountSid}/IncomingPhoneNumbers';

const ROUTES: readonly Route[] = [
  { method: 'POST', template: '/2010-04-01/Accounts.json', body: { FriendlyName: 'battery-sub' }, unscoped: true },
  { method: 'GET', template: '/2010-04-01/Accounts.json', unscoped: true },
  { method: 'GET', template: '/2010-04-01/Accounts/{Sid}.json' },
  { method: 'POST', template: '/2010-04-01/Accounts/{Sid}.json', body: { FriendlyName: 'battery' } },
  { method: 'POST', template: '/v1/Services', body: { UniqueName: 'battery-new' }, unscoped: true },
  { method: 'GET', template: '/v1/Services', unscoped: true },
  { method: 'GET', template: '/v1/Services/{Sid}' },
  { method: 'POST', template: '/v1/Services/{Sid}', body: { DefaultTtl: 1 } },
  { method: 'DELETE', template: '/v1/Services/{Sid}' },
  { method: 'POST', template: `${S}/PhoneNumbers`, body: { PhoneNumber: '+14155559999' } },
  { method: 'GET', template: `${S}/PhoneNumbers` },
  { method: 'GET', template: `${S}/PhoneNumbers/{Sid}` },
  { method: 'POST', template: `${S}/PhoneNumbers/{Sid}`, body: { IsReserved: false } },
  { method: 'DELETE', template: `${S}/PhoneNumbers/{Sid}` },
  { method: 'POST', template: `${S}/ShortCodes`, body: { Sid: `SC${'a'.repeat(32)}` } },
  { method: 'GET', template: `${S}/ShortCodes` },
  { method: 'GET', template: `${S}/ShortCodes/{Sid}` },
  { method: 'POST', template: `${S}/ShortCodes/{Sid}`, body: { IsReserved: true } },
  { method: 'DELETE', template: `${S}/ShortCodes/{Sid}` },
  { method: 'POST', template: `${S}/Sessions`, body: {} },
  { method: 'GET', template: `${S}/Sessions` },
  { method: 'GET', template: `${S}/Sessions/{Sid}` },
  { method: 'POST', template: `${S}/Sessions/{Sid}`, body: { Ttl: 10 } },
  { method: 'DELETE', template: `${S}/Sessions/{Sid}` },
  { method: 'POST', template: `${SESSION}/Participants`, body: { Identifier: '+14155550077' } },
  { method: 'GET', template: `${SESSION}/Participants` },
  { method: 'GET', template: `${SESSION}/Participants/{Sid}` },
  { method: 'DELETE', template: `${SESSION}/Participants/{Sid}` },
  { method: 'GET', template: `${SESSION}/Interactions` },
  { method: 'GET', template: `${SESSION}/Interactions/{Sid}` },
  { method: 'DELETE', template: `${SESSION}/Interactions/{Sid}` },
  { method: 'POST', template: `${PARTICIPANT}/MessageInteractions`, body: { Body: 'hi' } },
  { method: 'GET', template: `${PARTICIPANT}/MessageInteractions` },
  { method: 'GET', template: `${PARTICIPANT}/MessageInteractions/{Sid}` },
  { method: 'GET', template: '/masq/v1/PhoneNumbers/{Sid}' },
  { method: 'POST', template: '/masq/v1/PhoneNumbers/{Sid}', body: { SmsEnabled: true } },
  { method: 'GET', template: '/masq/v1/Services/{ServiceSid}/Explain', query: '?Identifier=%2B14155550001' },
  { method: 'GET', template: '/masq/v1/Webhooks', unscoped: true },
  { method: 'GET', template: '/masq/v1/Webhooks/{Id}/Attempts' },
  { method: 'GET', template: '/masq/v1/Numbers', unscoped: true },
  { method: 'GET', template: '/masq/v1/Numbers/{Ref}' },
  { method: 'GET', template: '/masq/v1/Numbers/{Ref}/MisdirectedTraffic' },
  { method: 'GET', template: '/masq/v1/NumberPolicy', unscoped: true },
  { method: 'POST', template: '/masq/v1/NumberPolicy', body: { InactivityDays: 31 }, unscoped: true },
  { method: 'GET', template: '/sandbox/phones/{number}/messages', unscoped: true },
  { method: 'POST', template: '/sandbox/phones/{number}/messages', body: { To: '+14155550002', Body: 'hi' }, unscoped: true },
  { method: 'GET', template: '/sandbox/phones/{number}/calls', unscoped: true },
  { method: 'POST', template: '/sandbox/phones/{number}/calls', body: { To: '+14155550002' }, unscoped: true },
  { method: 'GET', template: '/sandbox/calls/{sid}', unscoped: true },
  { method: 'POST', template: '/sandbox/calls/{sid}/answer', unscoped: true },
  { method: 'POST', template: '/sandbox/calls/{sid}/hangup', unscoped: true },
  { method: 'POST', template: `${KEYS}.json`, body: { FriendlyName: 'battery-new' } },
  { method: 'GET', template: `${KEYS}.json` },
  { method: 'GET', template: `${KEYS}/{Sid}.json` },
  { method: 'POST', template: `${KEYS}/{Sid}.json`, body: { FriendlyName: 'renamed' } },
  { method: 'DELETE', template: `${KEYS}/{Sid}.json` },
  { method: 'GET', template: `${AVAILABLE}.json` },
  { method: 'GET', template: `${AVAILABLE}/{CountryCode}.json` },
  { method: 'GET', template: `${AVAILABLE}/{CountryCode}/Local.json` },
  { method: 'GET', template: `${AVAILABLE}/{CountryCode}/TollFree.json` },
  { method: 'GET', template: `${AVAILABLE}/{CountryCode}/Mobile.json` },
  { method: 'GET', template: `${AVAILABLE}/{CountryCode}/National.json` },
  { method: 'GET', template: `${AVAILABLE}/{CountryCode}/SharedCost.json` },
  { method: 'GET', template: `${AVAILABLE}/{CountryCode}/Voip.json` },
  { method: 'GET', template: `${AVAILABLE}/{CountryCode}/MachineToMachine.json` },
  { method: 'GET', template: `${AVAILABLE}/{CountryCode}/ShortCode.json` },
  { method: 'POST', template: '/masq/v1/Numbers/Import', body: { Carrier: 'sandbox' }, unscoped: true },
  { method: 'GET', template: `${INCOMING}.json` },
  { method: 'POST', template: `${INCOMING}.json`, body: { AreaCode: '415' } },
  { method: 'GET', template: `${INCOMING}/Local.json` },
  { method: 'POST', template: `${INCOMING}/Local.json`, body: { PhoneNumber: '+14155550123' } },
  { method: 'GET', template: `${INCOMING}/TollFree.json` },
  { method: 'POST', template: `${INCOMING}/TollFree.json`, body: { PhoneNumber: '+18005550123' } },
  { method: 'GET', template: `${INCOMING}/Mobile.json` },
  { method: 'POST', template: `${INCOMING}/Mobile.json`, body: { PhoneNumber: '+447700900123' } },
  { method: 'GET', template: `${INCOMING}/{Sid}.json` },
  { method: 'POST', template: `${INCOMING}/{Sid}.json`, body: { FriendlyName: 'battery' } },
  { method: 'DELETE', template: `${INCOMING}/{Sid}.json` },
];

describe('auth battery over every route', () => {
  let api: Api;
  let values: Record<string, string>;

  before(async () => {
    api = await startApi();
    const { sid: service, numbers } = await seedService(api, 'battery', ['+14155551212']);
    const session = str((await api.post(`/v1/Services/${service}/Sessions`, {})).json, 'sid');
    const participant = str((await api.post(`/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: '+14155550001' })).json, 'sid');
    // With a CallbackUrl, the MessageInteraction below owes a callback: the outbox entry {Id} of the webhook routes.
    await api.post(`/v1/Services/${service}`, { CallbackUrl: 'https://app.example/callback' });
    const interaction = str((await api.post(`/v1/Services/${service}/Sessions/${session}/Participants/${participant}/MessageInteractions`, { Body: 'x' })).json, 'sid');
    const webhook = list((await api.get('/masq/v1/Webhooks')).json, 'webhooks')[0];
    const key = str((await api.post(`/2010-04-01/Accounts/${ACCOUNT_SID}/Keys.json`, { FriendlyName: 'battery' })).json, 'sid');
    values = { ServiceSid: service, SessionSid: session, ParticipantSid: participant, number: '%2B14155550001', sid: `CA${'0'.repeat(32)}`, Id: String(webhook?.id), AccountSid: ACCOUNT_SID, CountryCode: 'US', Ref: numbers[0] ?? '' };
    // `{Sid}` is the last segment's resource: which one depends on the template.
    sidFor = (template) => {
      if (template.endsWith('/Services/{Sid}')) return service;
      if (template.includes('PhoneNumbers/{Sid}')) return numbers[0] ?? '';
      if (template.includes('ShortCodes/{Sid}')) return `SC${'a'.repeat(32)}`;
      if (template.endsWith('Sessions/{Sid}')) return session;
      if (template.endsWith('Participants/{Sid}')) return participant;
      if (template.endsWith('Keys/{Sid}.json')) return key;
      if (template.endsWith('Accounts/{Sid}.json')) return ACCOUNT_SID;
      return interaction;
    };
  });
  after(async () => { await api.close(); });

  let sidFor: (template: string) => string = () => '';
  const fill = (route: Route, override?: { param: string; value: string }): string => {
    const path = route.template.replace(/\{(\w+)\}/g, (_m, name: string) => {
      if (override?.param === name) return override.value;
      return name === 'Sid' ? sidFor(route.template) : values[name] ?? '';
    });
    return path + (route.query ?? '');
  };
  const send = (route: Route, path: string, auth: string | null | undefined) =>
    route.method === 'GET' ? api.get(path, auth) : route.method === 'DELETE' ? api.del(path, auth) : api.post(path, route.body ?? {}, auth);

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

  test("another account's resources are 404, never a hint", async () => {
    for (const route of ROUTES.filter((r) => !r.unscoped)) {
      const res = await send(route, fill(route), OTHER_AUTH);
      assert.deepEqual(errorOf(res), { status: 404, code: 20404, bodyStatus: 404 }, `${route.method} ${route.template}: ${res.body}`);
    }
  });

  test('a malformed SID in any position is a 400 or 404 envelope, never a 500', async () => {
    for (const route of ROUTES.filter((r) => !r.template.startsWith('/sandbox'))) {
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
