import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { list, MAIN_AUTH, seedService, startApi, str, type Api } from './support.ts';

describe('I-Twilio-Idempotency-Token', () => {
  let api: Api;
  before(async () => { api = await startApi(); });
  after(async () => { await api.close(); });

  const token = (value: string) => ({ 'I-Twilio-Idempotency-Token': value });

  test('a retried create returns the first response and creates nothing new', async () => {
    const first = await api.post('/v1/Services', { UniqueName: 'idem' }, MAIN_AUTH, token('tok-1'));
    const retry = await api.post('/v1/Services', { UniqueName: 'idem' }, MAIN_AUTH, token('tok-1'));
    assert.equal(first.status, 201);
    assert.equal(retry.status, 201);
    assert.equal(retry.body, first.body);
    const services = list((await api.get('/v1/Services')).json, 'services').filter((s) => s.unique_name === 'idem');
    assert.equal(services.length, 1);
  });

  test('another token is another request; without a token nothing is replayed', async () => {
    const a = await api.post('/v1/Services', { UniqueName: 'idem-2' }, MAIN_AUTH, token('tok-2'));
    assert.equal(a.status, 201);
    const b = await api.post('/v1/Services', { UniqueName: 'idem-2' }, MAIN_AUTH, token('tok-3'));
    assert.equal(b.json.code, 80602);
    assert.equal((await api.post('/v1/Services', { UniqueName: 'idem-2' })).json.code, 80602);
  });

  test('failures are not remembered: the same token can succeed later', async () => {
    const failed = await api.post('/v1/Services', { UniqueName: 'n'.repeat(300) }, MAIN_AUTH, token('tok-4'));
    assert.equal(failed.status, 400);
    const ok = await api.post('/v1/Services', { UniqueName: 'idem-4' }, MAIN_AUTH, token('tok-4'));
    assert.equal(ok.status, 201);
  });

  test('sessions, participants and message interactions honour it too', async () => {
    const { sid: service } = await seedService(api, 'idem-svc', ['+14155551212']);
    const s1 = await api.post(`/v1/Services/${service}/Sessions`, {}, MAIN_AUTH, token('sess'));
    const s2 = await api.post(`/v1/Services/${service}/Sessions`, {}, MAIN_AUTH, token('sess'));
    assert.equal(s1.json.sid, s2.json.sid);
    const session = str(s1.json, 'sid');
    const p1 = await api.post(`/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: '+14155550001' }, MAIN_AUTH, token('part'));
    const p2 = await api.post(`/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: '+14155550001' }, MAIN_AUTH, token('part'));
    assert.equal(p2.status, 201);
    assert.equal(p1.json.sid, p2.json.sid);
    const path = `/v1/Services/${service}/Sessions/${session}/Participants/${str(p1.json, 'sid')}/MessageInteractions`;
    const m1 = await api.post(path, { Body: 'once' }, MAIN_AUTH, token('msg'));
    const m2 = await api.post(path, { Body: 'once' }, MAIN_AUTH, token('msg'));
    assert.equal(m1.json.sid, m2.json.sid);
    const inbox = list((await api.get(`/sandbox/phones/${encodeURIComponent('+14155550001')}/messages`)).json, 'messages');
    assert.equal(inbox.filter((m) => m.body === 'once').length, 1);
  });

  test('concurrent creates with one token: one resource, one message sent, every answer identical', async () => {
    const { sid: service } = await seedService(api, 'idem-race', ['+14155551213']);
    const session = str((await api.post(`/v1/Services/${service}/Sessions`, {})).json, 'sid');
    const participant = str((await api.post(`/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: '+14155550009' })).json, 'sid');
    const path = `/v1/Services/${service}/Sessions/${session}/Participants/${participant}/MessageInteractions`;
    const answers = await Promise.all(Array.from({ length: 8 }, () => api.post(path, { Body: 'race' }, MAIN_AUTH, token('race'))));
    for (const a of answers) assert.equal(a.status, 201, a.body);
    assert.equal(new Set(answers.map((a) => a.body)).size, 1, 'every answer is the first one, byte for byte');
    assert.equal(list((await api.get(path)).json, 'interactions').length, 1);
  });
});
