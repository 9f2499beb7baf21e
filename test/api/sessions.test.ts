import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE, errorOf, list, obj, seedService, startApi, str, type Api } from './support.ts';

describe('Sessions', () => {
  let api: Api;
  let service: string;
  before(async () => {
    api = await startApi();
    service = (await seedService(api, 'sessions', ['+14155551212', '+14155553434'])).sid;
  });
  after(async () => { await api.close(); });
  const path = (rest = '') => `/v1/Services/${service}/Sessions${rest}`;

  test('create: 201, defaults, explicit nulls, links', async () => {
    const res = await api.post(path(), {});
    assert.equal(res.status, 201);
    const sid = str(res.json, 'sid');
    assert.match(sid, /^KC[0-9a-f]{32}$/);
    assert.equal(res.json.status, 'open');
    assert.equal(res.json.mode, 'voice-and-message');
    assert.equal(res.json.ttl, 0);
    for (const key of ['unique_name', 'date_ended', 'date_last_interaction', 'date_expiry', 'closed_reason']) assert.equal(res.json[key], null, key);
    assert.match(str(res.json, 'date_started'), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.deepEqual(obj(res.json, 'links'), {
      interactions: `${BASE}/v1/Services/${service}/Sessions/${sid}/Interactions`,
      participants: `${BASE}/v1/Services/${service}/Sessions/${sid}/Participants`,
    });
  });

  test('Participants as repeated JSON strings (twilio-node 4.x/6.x)', async () => {
    const res = await api.post(path(), {
      UniqueName: 'json-encoded',
      Participants: [JSON.stringify({ Identifier: '+14155550101', FriendlyName: 'Alice' }), JSON.stringify({ identifier: '+14155550102' })],
    });
    assert.equal(res.status, 201, res.body);
    const participants = list((await api.get(path(`/${str(res.json, 'sid')}/Participants`))).json, 'participants');
    assert.deepEqual(participants.map((p) => [p.identifier, p.friendly_name]), [['+14155550101', 'Alice'], ['+14155550102', null]]);
  });

  test('Participants as bracket keys (twilio-node 5.7.x), one and two participants', async () => {
    const one = await api.post(path(), 'UniqueName=bracket-1&Participants%5BIdentifier%5D=%2B14155550201&Participants%5BFriendlyName%5D=Bob');
    assert.equal(one.status, 201, one.body);
    const p1 = list((await api.get(path('/bracket-1/Participants'))).json, 'participants');
    assert.deepEqual(p1.map((p) => [p.identifier, p.friendly_name]), [['+14155550201', 'Bob']]);
    const two = await api.post(path(), 'UniqueName=bracket-2&Participants[Identifier]=%2B14155550301&Participants[FriendlyName]=Carol&Participants[identifier]=%2B14155550302');
    assert.equal(two.status, 201, two.body);
    const p2 = list((await api.get(path('/bracket-2/Participants'))).json, 'participants');
    assert.deepEqual(p2.map((p) => p.identifier), ['+14155550301', '+14155550302']);
  });

  test('bad Participants: not JSON is 80701, three are 80609', async () => {
    const bad = await api.post(path(), { Participants: ['{not json'] });
    assert.match(str(bad.json, 'message'), /^'Participants' is invalid\./);
    const three = await api.post(path(), { Participants: ['+14155550401', '+14155550402', '+14155550403'].map((n) => JSON.stringify({ Identifier: n })) });
    assert.equal(three.status, 400);
    assert.ok(three.json.code === 80609 || three.json.code === 80701, three.body);
  });

  test('fetch by SID and by UniqueName; 80308 for an unknown name, 20404 for an unknown SID', async () => {
    const sid = str((await api.post(path(), { UniqueName: 'by name' })).json, 'sid');
    assert.equal((await api.get(path(`/${sid}`))).json.unique_name, 'by name');
    assert.equal((await api.get(path('/by%20name'))).json.sid, sid);
    assert.deepEqual(errorOf(await api.get(path('/no-such-name'))), { status: 404, code: 80308, bodyStatus: 404 });
    assert.deepEqual(errorOf(await api.get(path(`/KC${'0'.repeat(32)}`))), { status: 404, code: 20404, bodyStatus: 404 });
    assert.equal((await api.post(path(), { UniqueName: 'by name' })).json.code, 80603);
  });

  test('parameters: Ttl must be a whole number, Mode and Status enums, dates with or without millis/offset', async () => {
    assert.match(str((await api.post(path(), { Ttl: 'ten' })).json, 'message'), /^'Ttl' is invalid\./);
    assert.match(str((await api.post(path(), { Ttl: -1 })).json, 'message'), /^'Ttl' is invalid\./);
    assert.match(str((await api.post(path(), { Mode: 'fax-only' })).json, 'message'), /^'Mode' is invalid\./);
    assert.match(str((await api.post(path(), { DateExpiry: 'tomorrow' })).json, 'message'), /^'DateExpiry' is invalid\./);
    const year = new Date().getUTCFullYear() + 1;
    for (const [sent, expected] of [
      [`${year}-01-02T03:04:05Z`, `${year}-01-02T03:04:05Z`],
      [`${year}-01-02T03:04:05.678Z`, `${year}-01-02T03:04:05Z`],
      [`${year}-01-02T05:04:05+02:00`, `${year}-01-02T03:04:05Z`],
      [`${year}-01-02T03:04:05`, `${year}-01-02T03:04:05Z`],
    ]) {
      const res = await api.post(path(), { DateExpiry: sent, Mode: 'message-only', Ttl: 60 });
      assert.equal(res.status, 201, res.body);
      assert.equal(res.json.date_expiry, expected, sent);
      assert.equal(res.json.mode, 'message-only');
      assert.equal(res.json.ttl, 60);
    }
  });

  test('update: Ttl, close, re-open; other transitions are 80608', async () => {
    const sid = str((await api.post(path(), {})).json, 'sid');
    const ttl = await api.post(path(`/${sid}`), { Ttl: 300 });
    assert.equal(ttl.status, 200);
    assert.equal(ttl.json.ttl, 300);
    const closed = await api.post(path(`/${sid}`), { Status: 'closed' });
    assert.equal(closed.json.status, 'closed');
    assert.equal(closed.json.closed_reason, 'api');
    assert.ok(closed.json.date_ended);
    assert.equal((await api.post(path(`/${sid}`), { Ttl: 5 })).json.code, 80607);
    const reopened = await api.post(path(`/${sid}`), { Status: 'in-progress' });
    assert.equal(reopened.json.status, 'in-progress');
    assert.deepEqual(errorOf(await api.post(path(`/${sid}`), { Status: 'open' })), { status: 400, code: 80608, bodyStatus: 400 });
  });

  test('a session past its expiry reads as closed before any sweeper runs', async () => {
    const res = await api.post(path(), { Ttl: 60 });
    const sid = str(res.json, 'sid');
    api.clock.advance(61);
    const fetched = await api.get(path(`/${sid}`));
    assert.equal(fetched.json.status, 'closed');
    assert.equal(fetched.json.closed_reason, 'ttl');
    assert.ok(fetched.json.date_ended);
    const listed = list((await api.get(path('?PageSize=1000'))).json, 'sessions').find((s) => s.sid === sid);
    assert.equal(listed?.status, 'closed');
  });

  test('delete: 204, then 404; list works', async () => {
    const sid = str((await api.post(path(), { Participants: [JSON.stringify({ Identifier: '+14155550501' })] })).json, 'sid');
    const res = await api.del(path(`/${sid}`));
    assert.equal(res.status, 204);
    assert.equal(res.body, '');
    assert.equal((await api.get(path(`/${sid}`))).status, 404);
    const listed = await api.get(path());
    assert.equal(listed.status, 200);
    assert.equal(obj(listed.json, 'meta').key, 'sessions');
  });
});
