import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE, errorOf, list, obj, seedService, startApi, str, type Api } from './support.ts';

describe('Participants', () => {
  let api: Api;
  let service: string;
  let numbers: string[];
  before(async () => {
    api = await startApi();
    ({ sid: service, numbers } = await seedService(api, 'participants', ['+14155551212', '+14155553434']));
  });
  after(async () => { await api.close(); });

  const newSession = async (): Promise<string> => str((await api.post(`/v1/Services/${service}/Sessions`, {})).json, 'sid');

  test('add: 201 with an allocated proxy number, links, explicit nulls', async () => {
    const session = await newSession();
    const res = await api.post(`/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: '+14155550001', FriendlyName: 'Alice' });
    assert.equal(res.status, 201, res.body);
    const sid = str(res.json, 'sid');
    assert.match(sid, /^KP[0-9a-f]{32}$/);
    assert.equal(res.json.identifier, '+14155550001');
    assert.equal(res.json.friendly_name, 'Alice');
    assert.ok(numbers.includes(str(res.json, 'proxy_identifier_sid')));
    assert.match(str(res.json, 'proxy_identifier'), /^\+1415555(1212|3434)$/);
    assert.equal(res.json.date_deleted, null);
    const url = `${BASE}/v1/Services/${service}/Sessions/${session}/Participants/${sid}`;
    assert.equal(res.json.url, url);
    assert.deepEqual(obj(res.json, 'links'), { message_interactions: `${url}/MessageInteractions` });
  });

  test('a named proxy number (ProxyIdentifier) is used as asked', async () => {
    const session = await newSession();
    const res = await api.post(`/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: '+14155550002', ProxyIdentifier: '+14155553434' });
    assert.equal(res.json.proxy_identifier, '+14155553434');
    const bySid = await api.post(`/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: '+14155550003', ProxyIdentifierSid: numbers[0] ?? '' });
    assert.equal(bySid.json.proxy_identifier_sid, numbers[0]);
  });

  test('errors: missing Identifier 80701, invalid identifier 80404, twice 80103, third 80609', async () => {
    const session = await newSession();
    const base = `/v1/Services/${service}/Sessions/${session}/Participants`;
    assert.match(str((await api.post(base, {})).json, 'message'), /^'Identifier' is invalid\./);
    assert.equal((await api.post(base, { Identifier: 'not a number' })).json.code, 80404);
    await api.post(base, { Identifier: '+14155550011' });
    assert.equal((await api.post(base, { Identifier: '+14155550011' })).json.code, 80103);
    await api.post(base, { Identifier: '+14155550012' });
    assert.equal((await api.post(base, { Identifier: '+14155550013' })).json.code, 80609);
  });

  test('fetch, list, and soft delete (still listed with date_deleted; re-adding is 80612)', async () => {
    const session = await newSession();
    const base = `/v1/Services/${service}/Sessions/${session}/Participants`;
    const sid = str((await api.post(base, { Identifier: '+14155550021' })).json, 'sid');
    assert.equal((await api.get(`${base}/${sid}`)).json.identifier, '+14155550021');
    const removed = await api.del(`${base}/${sid}`);
    assert.equal(removed.status, 204);
    assert.equal(removed.body, '');
    const fetched = await api.get(`${base}/${sid}`);
    assert.equal(fetched.status, 200);
    assert.match(str(fetched.json, 'date_deleted'), /Z$/);
    const listed = await api.get(base);
    assert.equal(obj(listed.json, 'meta').key, 'participants');
    assert.deepEqual(list(listed.json, 'participants').map((p) => p.sid), [sid]);
    assert.equal((await api.post(base, { Identifier: '+14155550021' })).json.code, 80612);
  });

  test('sessions are addressable by UniqueName here too; bad SIDs are 80405 / 404', async () => {
    await api.post(`/v1/Services/${service}/Sessions`, { UniqueName: 'named-session' });
    const res = await api.post(`/v1/Services/${service}/Sessions/named-session/Participants`, { Identifier: '+14155550031' });
    assert.equal(res.status, 201, res.body);
    const session = str(res.json, 'session_sid');
    assert.deepEqual(errorOf(await api.get(`/v1/Services/${service}/Sessions/${session}/Participants/KP123`)), { status: 400, code: 80405, bodyStatus: 400 });
    assert.equal((await api.get(`/v1/Services/${service}/Sessions/${session}/Participants/KP${'0'.repeat(32)}`)).json.code, 20404);
    assert.equal((await api.del(`/v1/Services/${service}/Sessions/${session}/Participants/KP${'0'.repeat(32)}`)).status, 404);
  });
});
