import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE, list, obj, seedService, startApi, str, type Api } from './support.ts';

describe('masq extensions', () => {
  let api: Api;
  before(async () => { api = await startApi(); });
  after(async () => { await api.close(); });

  test("a number's capabilities and carrier can be set, and allocation follows them", async () => {
    const { sid: service, numbers } = await seedService(api, 'caps', ['+14155551212']);
    const pn = numbers[0] ?? '';
    const fetched = await api.get(`/masq/v1/PhoneNumbers/${pn}`);
    assert.equal(fetched.status, 200);
    assert.equal(fetched.json.carrier, 'sandbox');
    assert.equal(fetched.json.area_code, '415');
    assert.equal(fetched.json.url, `${BASE}/masq/v1/PhoneNumbers/${pn}`);
    const updated = await api.post(`/masq/v1/PhoneNumbers/${pn}`, { VoiceEnabled: false, Carrier: 'sandbox', FriendlyName: 'Dispatch line' });
    assert.equal(updated.status, 200, updated.body);
    const caps = obj(updated.json, 'capabilities');
    assert.equal(caps.voice_inbound, false);
    assert.equal(caps.sms_inbound, true);
    assert.equal(updated.json.friendly_name, 'Dispatch line');
    assert.equal(obj((await api.get(`/v1/Services/${service}/PhoneNumbers/${pn}`)).json, 'capabilities').voice_outbound, false);
    const voice = await api.post(`/v1/Services/${service}/Sessions`, { Mode: 'voice-only', Participants: [JSON.stringify({ Identifier: '+14155550001' })] });
    assert.equal(voice.status, 400);
    assert.equal(voice.json.code, 80201);
    const sms = await api.post(`/v1/Services/${service}/Sessions`, { Mode: 'message-only', Participants: [JSON.stringify({ Identifier: '+14155550001' })] });
    assert.equal(sms.status, 201, sms.body);
  });

  test('an unknown carrier is 80701 naming Carrier; a malformed SID 80407; unknown 404', async () => {
    const { numbers } = await seedService(api, 'carrier', ['+14155553434']);
    const res = await api.post(`/masq/v1/PhoneNumbers/${numbers[0] ?? ''}`, { Carrier: 'acme' });
    assert.equal(res.json.code, 80701);
    assert.match(str(res.json, 'message'), /^'Carrier' is invalid\./);
    assert.equal((await api.get('/masq/v1/PhoneNumbers/nope')).json.code, 80407);
    assert.equal((await api.get(`/masq/v1/PhoneNumbers/PN${'0'.repeat(32)}`)).status, 404);
  });

  test('Explain names the number an identifier would get and why the others are dropped', async () => {
    const { sid: service } = await seedService(api, 'explain', ['+14155550101', '+447700900999']);
    const res = await api.get(`/masq/v1/Services/${service}/Explain?Identifier=%2B14155559876`);
    assert.equal(res.status, 200, res.body);
    const decision = obj(res.json, 'decision');
    assert.equal(decision.kind, 'chosen');
    assert.equal(decision.phone_number, '+14155550101');
    assert.equal(typeof decision.explanation, 'string');
    const candidates = list(res.json, 'candidates');
    assert.equal(candidates.length, 2);
    assert.equal(candidates.find((c) => c.phone_number === '+447700900999')?.verdict, 'dropped');
    const refused = await api.get(`/masq/v1/Services/${service}/Explain?Identifier=%2B33612345678&Mode=message-only`);
    assert.equal(obj(refused.json, 'decision').kind, 'refused');
    assert.equal(typeof obj(refused.json, 'decision').code, 'number');
    assert.match(str((await api.get(`/masq/v1/Services/${service}/Explain`)).json, 'message'), /^'Identifier' is invalid\./);
  });

  test('sandbox inboxes: empty for a phone that received nothing; + may be encoded or not', async () => {
    const empty = await api.get('/sandbox/phones/%2B15550000000/messages');
    assert.deepEqual(empty.json, { phone: '+15550000000', messages: [] });
    const { sid: service } = await seedService(api, 'inbox', ['+14155550202']);
    const session = str((await api.post(`/v1/Services/${service}/Sessions`, {})).json, 'sid');
    const p = str((await api.post(`/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: '+14155550303' })).json, 'sid');
    await api.post(`/v1/Services/${service}/Sessions/${session}/Participants/${p}/MessageInteractions`, { Body: 'ping' });
    const inbox = await api.get('/sandbox/phones/14155550303/messages');
    assert.deepEqual(list(inbox.json, 'messages').map((m) => [m.from, m.to, m.body, m.direction]), [['+14155550202', '+14155550303', 'ping', 'received']]);
  });
});
