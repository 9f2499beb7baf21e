// /masq/v1/Numbers and /masq/v1/NumberPolicy as an API user meets them: a number bought, released and
// recycled through the HTTP API (the lifecycle sweeper run by hand on a moved clock), the list of every
// state with its filters and v1 paging, a number's history and its misdirected traffic, and the policy
// read and changed as JSON or a form, with bad values refused naming the field.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sweepNumbers } from '../../src/app/sweep-numbers.ts';
import { anInventoryNumber } from '../support/fixtures.ts';
import { ACCOUNT_SID, jsonObjectOf, list, MAIN_AUTH, OTHER_AUTH, startApi, str, type Api, type Response } from './support.ts';

const DAY = 86_400;
const API = `/2010-04-01/Accounts/${ACCOUNT_SID}`;

/** A nested JSON object of a response (fails loudly when it is not one). */
const record = (value: unknown): Record<string, unknown> => {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `expected an object, got ${JSON.stringify(value)}`);
  return Object.fromEntries(Object.entries(value));
};

const errorOf = (res: Response): { code: unknown; message: string } => ({ code: res.json.code, message: String(res.json.message) });

const postJson = async (api: Api, path: string, body: unknown, auth = MAIN_AUTH): Promise<Response> => {
  const res = await api.app.inject({ method: 'POST', url: path, headers: { authorization: auth, 'content-type': 'application/json' }, payload: JSON.stringify(body) });
  return { status: res.statusCode, body: res.body, json: jsonObjectOf(res.body), headers: res.headers };
};

describe('masq numbers API', () => {
  let api: Api;
  before(async () => { api = await startApi({ config: { numberSweepIntervalMs: 0 } }); });
  after(async () => { await api.close(); });

  /** The sandbox's first local number in an area code, as a search offers it. */
  const offerIn = async (areaCode: string): Promise<string> => {
    const res = await api.get(`${API}/AvailablePhoneNumbers/US/Local.json?AreaCode=${areaCode}&PageSize=1`);
    assert.equal(res.status, 200, res.body);
    return str(list(res.json, 'available_phone_numbers')[0] ?? {}, 'phone_number');
  };
  const offered = async (e164: string): Promise<boolean> => {
    const res = await api.get(`${API}/AvailablePhoneNumbers/US/Local.json?Contains=${e164.slice(2)}`);
    return list(res.json, 'available_phone_numbers').some((n) => n.phone_number === e164);
  };

  test('a number bought, released, quarantined and recycled, with its history', async () => {
    await postJson(api, '/masq/v1/NumberPolicy', { quarantineDays: { local: 30 } });
    const e164 = await offerIn('415');
    const bought = await api.post(`${API}/IncomingPhoneNumbers.json`, { PhoneNumber: e164 });
    assert.equal(bought.status, 201, bought.body);
    const sid = str(bought.json, 'sid');
    assert.equal((await api.del(`${API}/IncomingPhoneNumbers/${sid}.json`)).status, 204);

    const released = await api.get(`/masq/v1/Numbers/${sid}`);
    assert.equal(released.status, 200, released.body);
    assert.equal(released.json.state, 'quarantined');
    assert.equal(released.json.carrier, 'sandbox');
    assert.equal(released.json.quarantine_extensions, 0);
    const dateReleased = Date.parse(str(released.json, 'date_released'));
    assert.equal(Date.parse(str(released.json, 'quarantine_until')) - dateReleased, 30 * DAY * 1000);
    assert.equal(await offered(e164), false, 'a quarantined number is not for sale');

    api.clock.advance(30 * DAY + 60);
    await sweepNumbers(api.runtime.deps);
    const recycled = await api.get(`/masq/v1/Numbers/${sid}`);
    assert.equal(recycled.json.state, 'recycled');
    assert.equal(await offered(e164), true, 'the sandbox sells it again');

    const again = await api.post(`${API}/IncomingPhoneNumbers.json`, { PhoneNumber: e164 });
    assert.equal(again.status, 201, again.body);
    const latest = await api.get(`/masq/v1/Numbers/${encodeURIComponent(e164)}`);
    assert.equal(latest.json.sid, again.json.sid, 'by E.164: the latest record');
    assert.deepEqual(list(latest.json, 'history').map((h) => [h.sid, h.state]), [[again.json.sid, 'active'], [sid, 'recycled']]);
  });

  test('the list shows every state, filters by State, Type, Carrier and PhoneNumber, and pages', async () => {
    const store = api.runtime.deps.store;
    const mine = [
      anInventoryNumber(ACCOUNT_SID, '+12065550101', { state: 'active', type: 'local' }),
      anInventoryNumber(ACCOUNT_SID, '+12065550102', { state: 'quarantined', type: 'local' }),
      anInventoryNumber(ACCOUNT_SID, '+18335550103', { state: 'returned', type: 'toll-free', carrier: 'twilio' }),
      anInventoryNumber(ACCOUNT_SID, '+12065550104', { state: 'failed', type: 'local' }),
    ];
    for (const n of mine) await store.createInventoryNumber(n);
    const phoneNumbers = async (query: string): Promise<string[]> => {
      const res = await api.get(`/masq/v1/Numbers?PhoneNumber=555010*&${query}`);
      assert.equal(res.status, 200, res.body);
      return list(res.json, 'numbers').map((n) => String(n.phone_number)).sort();
    };
    assert.deepEqual(await phoneNumbers(''), mine.map((n) => n.phoneNumber).sort());
    assert.deepEqual(await phoneNumbers('State=quarantined'), ['+12065550102']);
    assert.deepEqual(await phoneNumbers('Type=TollFree'), ['+18335550103']);
    assert.deepEqual(await phoneNumbers('Type=toll-free&Carrier=twilio'), ['+18335550103']);
    assert.deepEqual(await phoneNumbers('Carrier=sandbox&State=failed'), ['+12065550104']);

    // Pages of 3: the filter rides along on next_page_url, and the two pages hold each number once.
    const first = await api.get('/masq/v1/Numbers?PhoneNumber=555010*&PageSize=3');
    const meta = record(first.json.meta);
    assert.equal(meta.key, 'numbers');
    const nextUrl = new URL(str(meta, 'next_page_url'));
    const next = await api.get(`${nextUrl.pathname}${nextUrl.search}`);
    assert.equal(record(next.json.meta).next_page_url, null);
    const paged = [...list(first.json, 'numbers'), ...list(next.json, 'numbers')].map((n) => String(n.phone_number));
    assert.deepEqual([list(first.json, 'numbers').length, paged.sort()], [3, mine.map((n) => n.phoneNumber).sort()]);

    const bad = await api.get('/masq/v1/Numbers?State=gone');
    assert.equal(bad.status, 400);
    assert.equal(errorOf(bad).code, 80701);
    assert.match(errorOf(bad).message, /'State'/);
    // Another account sees none of them.
    const other = await api.get('/masq/v1/Numbers?PhoneNumber=555010*', OTHER_AUTH);
    assert.deepEqual(list(other.json, 'numbers'), []);
    assert.equal((await api.get(`/masq/v1/Numbers/${mine[0]?.sid ?? ''}`, OTHER_AUTH)).status, 404);
  });

  test('misdirected traffic per sender, with the total', async () => {
    const store = api.runtime.deps.store;
    const number = anInventoryNumber(ACCOUNT_SID, '+13125550177', { state: 'quarantined' });
    await store.createInventoryNumber(number);
    const at = (minutes: number) => new Date(Date.UTC(2030, 0, 1, 0, minutes));
    const attempt = (id: string, sender: string, channel: 'message' | 'voice', minutes: number) =>
      store.recordMisdirected({ id, numberSid: number.sid, sender, channel, occurredAt: at(minutes) });
    await attempt('a1', '+14155550111', 'message', 1);
    await attempt('a2', '+14155550111', 'message', 5);
    await attempt('a3', '+14155550111', 'voice', 7);
    await attempt('a4', '+14155550222', 'message', 3);

    const res = await api.get(`/masq/v1/Numbers/${number.sid}/MisdirectedTraffic`);
    assert.equal(res.status, 200, res.body);
    assert.equal(res.json.total, 4);
    assert.equal(res.json.phone_number, number.phoneNumber);
    const bySender = list(res.json, 'senders').map((s) => [s.sender, s.channel, s.count, s.first_seen, s.last_seen]);
    assert.deepEqual(bySender.sort(), [
      ['+14155550111', 'message', 2, '2030-01-01T00:01:00Z', '2030-01-01T00:05:00Z'],
      ['+14155550111', 'voice', 1, '2030-01-01T00:07:00Z', '2030-01-01T00:07:00Z'],
      ['+14155550222', 'message', 1, '2030-01-01T00:03:00Z', '2030-01-01T00:03:00Z'],
    ]);
    assert.equal((await api.get(`/masq/v1/Numbers/${number.sid}/MisdirectedTraffic`, OTHER_AUTH)).status, 404);
  });

  test('the number policy: defaults, changes as a form or JSON, and bad values named', async () => {
    const initial = await api.get('/masq/v1/NumberPolicy', OTHER_AUTH);
    assert.equal(initial.status, 200, initial.body);
    assert.equal(initial.json.inactivityPolicy, 'flag');
    assert.equal(initial.json.inactivityDays, 30);
    assert.equal(record(initial.json.quarantineDays).local, 90);

    const form = await api.post('/masq/v1/NumberPolicy', { InactivityDays: 45, MisdirectedThreshold: '8', QuarantineDays: 60 }, OTHER_AUTH);
    assert.equal(form.status, 200, form.body);
    assert.equal(form.json.inactivityDays, 45);
    assert.equal(form.json.misdirectedThreshold, 8);
    assert.equal(record(form.json.quarantineDays)['toll-free'], 60);

    const json = await postJson(api, '/masq/v1/NumberPolicy', { quarantineDays: { local: 30 }, inactivityPolicy: 'warn', inactivityCallbackUrl: 'https://app.example.invalid/inactive' }, OTHER_AUTH);
    assert.equal(json.status, 200, json.body);
    const days = record(json.json.quarantineDays);
    assert.deepEqual([days.local, days['toll-free']], [30, 60], 'one type changed, the others kept');
    assert.equal(json.json.inactivityDays, 45, 'fields not sent keep their values');

    const refused = async (body: Record<string, unknown>, field: string) => {
      const res = await postJson(api, '/masq/v1/NumberPolicy', body, OTHER_AUTH);
      assert.equal(res.status, 400, res.body);
      assert.equal(errorOf(res).code, 80701);
      assert.match(errorOf(res).message, new RegExp(`'${field.replace('.', '\\.')}'`));
    };
    await refused({ quarantineDays: { local: 10 } }, 'quarantineDays.local');
    await refused({ quarantineDays: { landline: 30 } }, 'quarantineDays.landline');
    await refused({ inactivityPolicy: 'delete' }, 'inactivityPolicy');
    await refused({ inactivityPolicy: 'release', inactivityCallbackUrl: '' }, 'inactivityCallbackUrl');
    await refused({ inactivityCallbackUrl: 'ftp://app.example.invalid/x' }, 'inactivityCallbackUrl');
    await refused({ inactivtyDays: 10 }, 'inactivtyDays');
    const formRefused = await api.post('/masq/v1/NumberPolicy', { ExtensionDays: 'two weeks' }, OTHER_AUTH);
    assert.equal(errorOf(formRefused).code, 80701);
    assert.match(errorOf(formRefused).message, /'extensionDays'/);

    // Nothing refused was stored; what GET answers can be sent back as it is.
    const now = await api.get('/masq/v1/NumberPolicy', OTHER_AUTH);
    assert.deepEqual(now.json, json.json);
    const roundTrip = await postJson(api, '/masq/v1/NumberPolicy', now.json, OTHER_AUTH);
    assert.equal(roundTrip.status, 200, roundTrip.body);
    assert.deepEqual(roundTrip.json, now.json);
    // Each account has its own.
    assert.equal((await api.get('/masq/v1/NumberPolicy')).json.inactivityDays, 30);
  });
});

test('masq serve runs the sweeper in the background and reports it with the other tasks', async () => {
  const withSweeper = await startApi({ config: { numberSweepIntervalMs: 1_000 } });
  try {
    const sweeper = () => withSweeper.runtime.health().find((task) => task.name === 'number-sweeper');
    assert.equal(sweeper()?.running, true);
    for (let i = 0; i < 300 && !sweeper()?.lastSuccessAt; i++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.ok(sweeper()?.lastSuccessAt, 'a pass ran');
    assert.equal(sweeper()?.lastError, null);
  } finally {
    await withSweeper.close();
  }
});

