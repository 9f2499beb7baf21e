import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE, errorOf, list, obj, seedService, startApi, str, type Api } from './support.ts';

describe('Interactions and MessageInteractions', () => {
  let api: Api;
  let service: string;
  let session: string;
  let alice: Record<string, unknown>;
  let bob: Record<string, unknown>;
  before(async () => {
    api = await startApi();
    service = (await seedService(api, 'interactions', ['+14155551212', '+14155553434'])).sid;
    session = str((await api.post(`/v1/Services/${service}/Sessions`, { UniqueName: 'chat' })).json, 'sid');
    alice = (await api.post(`/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: '+14155550001' })).json;
    bob = (await api.post(`/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: '+14155550002' })).json;
  });
  after(async () => { await api.close(); });

  const mi = (participant: Record<string, unknown>, rest = '') =>
    `/v1/Services/${service}/Sessions/${session}/Participants/${str(participant, 'sid')}/MessageInteractions${rest}`;

  test('MessageInteraction create: 201, from the proxy number to the participant, repeated MediaUrl', async () => {
    const res = await api.post(mi(alice), { Body: 'Your driver is here', MediaUrl: ['https://a.example/1.png', 'https://a.example/2.png'] });
    assert.equal(res.status, 201, res.body);
    const sid = str(res.json, 'sid');
    assert.match(sid, /^KI[0-9a-f]{32}$/);
    assert.equal(res.json.type, 'message');
    assert.equal(res.json.participant_sid, alice.sid);
    assert.equal(res.json.outbound_participant_sid, alice.sid);
    assert.equal(res.json.outbound_resource_type, 'Message');
    assert.equal(res.json.outbound_resource_status, 'delivered');
    assert.match(str(res.json, 'outbound_resource_sid'), /^SM[0-9a-f]{32}$/);
    for (const key of ['inbound_participant_sid', 'inbound_resource_sid', 'inbound_resource_status', 'inbound_resource_type', 'inbound_resource_url']) {
      assert.equal(res.json[key], null, key);
    }
    const data: unknown = JSON.parse(str(res.json, 'data'));
    assert.equal(typeof data === 'object' && data !== null && 'body' in data ? data.body : null, 'Your driver is here');
    assert.equal(res.json.url, `${BASE}${mi(alice, `/${sid}`)}`);

    const inbox = await api.get(`/sandbox/phones/${encodeURIComponent('+14155550001')}/messages`);
    assert.equal(inbox.status, 200);
    const messages = list(inbox.json, 'messages');
    const last = messages[messages.length - 1];
    assert.equal(last?.body, 'Your driver is here');
    assert.equal(last?.from, alice.proxy_identifier);
    assert.deepEqual(last?.media_urls, ['https://a.example/1.png', 'https://a.example/2.png']);
    assert.equal(last?.sid, res.json.outbound_resource_sid);
  });

  test('the session went in-progress and logs the interaction under Interactions too', async () => {
    const sent = await api.post(mi(bob), { Body: 'hello bob' });
    const sid = str(sent.json, 'sid');
    const fetchedSession = await api.get(`/v1/Services/${service}/Sessions/${session}`);
    assert.equal(fetchedSession.json.status, 'in-progress');
    assert.ok(fetchedSession.json.date_last_interaction);
    const listed = await api.get(`/v1/Services/${service}/Sessions/${session}/Interactions`);
    assert.equal(listed.status, 200);
    assert.equal(obj(listed.json, 'meta').key, 'interactions');
    assert.ok(list(listed.json, 'interactions').some((i) => i.sid === sid));
    const fetched = await api.get(`/v1/Services/${service}/Sessions/${session}/Interactions/${sid}`);
    assert.equal(fetched.json.sid, sid);
    assert.ok(!('participant_sid' in fetched.json));
    assert.equal(fetched.json.url, `${BASE}/v1/Services/${service}/Sessions/${session}/Interactions/${sid}`);
  });

  test('MessageInteractions list (key interactions) and fetch are per participant', async () => {
    const sid = str((await api.post(mi(bob), { Body: 'only for bob' })).json, 'sid');
    const listed = await api.get(mi(bob));
    assert.equal(listed.status, 200);
    assert.equal(obj(listed.json, 'meta').key, 'interactions');
    const items = list(listed.json, 'interactions');
    assert.ok(items.every((i) => i.participant_sid === bob.sid));
    assert.ok(items.some((i) => i.sid === sid));
    assert.equal((await api.get(mi(bob, `/${sid}`))).json.sid, sid);
    assert.equal((await api.get(mi(alice, `/${sid}`))).status, 404);
    assert.equal((await api.get(mi(bob, '/KI123'))).json.code, 80403);
  });

  test('Body or MediaUrl is needed; a closed session refuses', async () => {
    assert.match(str((await api.post(mi(alice), {})).json, 'message'), /^'Body' is invalid\./);
    const other = str((await api.post(`/v1/Services/${service}/Sessions`, {})).json, 'sid');
    const carol = (await api.post(`/v1/Services/${service}/Sessions/${other}/Participants`, { Identifier: '+14155550003' })).json;
    await api.post(`/v1/Services/${service}/Sessions/${other}`, { Status: 'closed' });
    const refused = await api.post(`/v1/Services/${service}/Sessions/${other}/Participants/${str(carol, 'sid')}/MessageInteractions`, { Body: 'late' });
    assert.equal(refused.status, 400);
    assert.equal(refused.json.code, 80607);
  });

  test('Interaction delete: 204, then 404; malformed SID 80403', async () => {
    const sid = str((await api.post(mi(alice), { Body: 'to delete' })).json, 'sid');
    const path = `/v1/Services/${service}/Sessions/${session}/Interactions/${sid}`;
    const res = await api.del(path);
    assert.equal(res.status, 204);
    assert.equal(res.body, '');
    assert.equal((await api.get(path)).status, 404);
    assert.deepEqual(errorOf(await api.get(`/v1/Services/${service}/Sessions/${session}/Interactions/nope`)), { status: 400, code: 80403, bodyStatus: 400 });
  });
});
