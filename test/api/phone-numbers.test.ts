import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE, errorOf, obj, seedService, startApi, str, type Api } from './support.ts';

describe('PhoneNumbers (the pool)', () => {
  let api: Api;
  before(async () => { api = await startApi({ poolLimit: 3 }); });
  after(async () => { await api.close(); });

  test('add by PhoneNumber: 201, country, Twilio-shaped capabilities, in_use 0, no links', async () => {
    const { sid: service } = await seedService(api, 'pool-a');
    const res = await api.post(`/v1/Services/${service}/PhoneNumbers`, { PhoneNumber: '+14155551212' });
    assert.equal(res.status, 201);
    const sid = str(res.json, 'sid');
    assert.match(sid, /^PN[0-9a-f]{32}$/);
    assert.equal(res.json.phone_number, '+14155551212');
    assert.equal(res.json.iso_country, 'US');
    assert.equal(res.json.service_sid, service);
    assert.equal(res.json.is_reserved, false);
    assert.equal(res.json.in_use, 0);
    assert.equal(res.json.url, `${BASE}/v1/Services/${service}/PhoneNumbers/${sid}`);
    assert.ok(!('links' in res.json));
    const caps = obj(res.json, 'capabilities');
    assert.equal(caps.voice_inbound, true);
    assert.equal(caps.sms_outbound, true);
    assert.equal(caps.mms_inbound, true);
    assert.equal(caps.fax_inbound, false);
    assert.equal(caps.sip_trunking, false);
    const gb = await api.post(`/v1/Services/${service}/PhoneNumbers`, { PhoneNumber: '+447700900999', IsReserved: true });
    assert.equal(gb.json.iso_country, 'GB');
    assert.equal(gb.json.is_reserved, true);
  });

  test('80104 when already in this service, 80101 when in another', async () => {
    const a = await seedService(api, 'pool-b', ['+14155550001']);
    const b = await seedService(api, 'pool-c');
    assert.deepEqual(errorOf(await api.post(`/v1/Services/${a.sid}/PhoneNumbers`, { PhoneNumber: '+14155550001' })), { status: 400, code: 80104, bodyStatus: 400 });
    assert.equal((await api.post(`/v1/Services/${a.sid}/PhoneNumbers`, { Sid: a.numbers[0] ?? '' })).json.code, 80104);
    assert.equal((await api.post(`/v1/Services/${b.sid}/PhoneNumbers`, { PhoneNumber: '+14155550001' })).json.code, 80101);
    assert.equal((await api.post(`/v1/Services/${b.sid}/PhoneNumbers`, { Sid: a.numbers[0] ?? '' })).json.code, 80101);
  });

  test('removed numbers stay in inventory and come back by Sid with the same SID', async () => {
    const a = await seedService(api, 'pool-d', ['+14155550002']);
    const pn = a.numbers[0] ?? '';
    assert.equal((await api.del(`/v1/Services/${a.sid}/PhoneNumbers/${pn}`)).status, 204);
    assert.equal((await api.get(`/v1/Services/${a.sid}/PhoneNumbers/${pn}`)).status, 404);
    const b = await seedService(api, 'pool-e');
    const back = await api.post(`/v1/Services/${b.sid}/PhoneNumbers`, { Sid: pn });
    assert.equal(back.status, 201);
    assert.equal(back.json.sid, pn);
  });

  test('the pool limit is 80622', async () => {
    const a = await seedService(api, 'pool-f', ['+14155550011', '+14155550012', '+14155550013']);
    assert.equal(a.numbers.length, 3);
    assert.deepEqual(errorOf(await api.post(`/v1/Services/${a.sid}/PhoneNumbers`, { PhoneNumber: '+14155550014' })), { status: 400, code: 80622, bodyStatus: 400 });
  });

  test('fetch, list, update IsReserved', async () => {
    const a = await seedService(api, 'pool-g', ['+14155550021', '+14155550022']);
    const pn = a.numbers[0] ?? '';
    assert.equal((await api.get(`/v1/Services/${a.sid}/PhoneNumbers/${pn}`)).json.phone_number, '+14155550021');
    assert.equal((await api.get(`/v1/Services/${a.sid}/PhoneNumbers/%2B14155550021`)).json.sid, pn);
    const listed = await api.get(`/v1/Services/${a.sid}/PhoneNumbers`);
    assert.equal(listed.status, 200);
    assert.deepEqual((listed.json.phone_numbers as { sid: string }[]).map((n) => n.sid), a.numbers);
    assert.equal(obj(listed.json, 'meta').key, 'phone_numbers');
    const updated = await api.post(`/v1/Services/${a.sid}/PhoneNumbers/${pn}`, { IsReserved: 'true' });
    assert.equal(updated.status, 200);
    assert.equal(updated.json.is_reserved, true);
    assert.equal((await api.post(`/v1/Services/${a.sid}/PhoneNumbers/${pn}`, { IsReserved: 'maybe' })).json.code, 80701);
  });

  test('a number in an active session cannot be removed (80611); in_use counts sessions', async () => {
    const a = await seedService(api, 'pool-h', ['+14155550031']);
    const pn = a.numbers[0] ?? '';
    const session = await api.post(`/v1/Services/${a.sid}/Sessions`, { Participants: [JSON.stringify({ Identifier: '+14155559001' })] });
    assert.equal(session.status, 201, session.body);
    assert.equal((await api.get(`/v1/Services/${a.sid}/PhoneNumbers/${pn}`)).json.in_use, 1);
    assert.deepEqual(errorOf(await api.del(`/v1/Services/${a.sid}/PhoneNumbers/${pn}`)), { status: 400, code: 80611, bodyStatus: 400 });
    await api.post(`/v1/Services/${a.sid}/Sessions/${str(session.json, 'sid')}`, { Status: 'closed' });
    assert.equal((await api.get(`/v1/Services/${a.sid}/PhoneNumbers/${pn}`)).json.in_use, 0);
    assert.equal((await api.del(`/v1/Services/${a.sid}/PhoneNumbers/${pn}`)).status, 204);
  });

  test('bad input: malformed Sid 80407, unknown Sid 80301, not E.164 80701, neither given 80701', async () => {
    const a = await seedService(api, 'pool-i');
    assert.equal((await api.post(`/v1/Services/${a.sid}/PhoneNumbers`, { Sid: 'PN123' })).json.code, 80407);
    assert.equal((await api.post(`/v1/Services/${a.sid}/PhoneNumbers`, { Sid: `PN${'f'.repeat(32)}` })).json.code, 80301);
    const bad = await api.post(`/v1/Services/${a.sid}/PhoneNumbers`, { PhoneNumber: 'call me' });
    assert.equal(bad.json.code, 80701);
    assert.match(str(bad.json, 'message'), /^'PhoneNumber' is invalid\./);
    assert.equal((await api.post(`/v1/Services/${a.sid}/PhoneNumbers`, {})).json.code, 80701);
    assert.deepEqual(errorOf(await api.get(`/v1/Services/${a.sid}/PhoneNumbers/nonsense`)), { status: 400, code: 80407, bodyStatus: 400 });
  });
});
