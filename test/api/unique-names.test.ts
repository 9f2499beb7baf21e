// A UniqueName shaped like a SID would answer in paths for a SID it does not own: refused everywhere.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { errorOf, seedService, startApi, str, type Api } from './support.ts';

const SID_SHAPED = [`KS${'a'.repeat(32)}`, `KC${'0'.repeat(32)}`, `zz${'AbCdEf01'.repeat(4)}`];

describe('SID-shaped UniqueNames', () => {
  let api: Api;
  before(async () => { api = await startApi(); });
  after(async () => { await api.close(); });

  test('a service cannot be created with one: 400 80701 naming UniqueName', async () => {
    for (const name of SID_SHAPED) {
      const res = await api.post('/v1/Services', { UniqueName: name });
      assert.deepEqual(errorOf(res), { status: 400, code: 80701, bodyStatus: 400 }, name);
      assert.match(str(res.json, 'message'), /UniqueName/);
      assert.equal(res.json.more_info, 'https://www.twilio.com/docs/errors/80701');
    }
  });

  test('nor renamed to one, and the service keeps its name', async () => {
    const { sid } = await seedService(api, 'renamed');
    const res = await api.post(`/v1/Services/${sid}`, { UniqueName: `KS${'b'.repeat(32)}` });
    assert.deepEqual(errorOf(res), { status: 400, code: 80701, bodyStatus: 400 });
    assert.equal((await api.get(`/v1/Services/${sid}`)).json.unique_name, 'renamed');
  });

  test('a deleted service SID used as a name cannot make the SID answer again', async () => {
    const { sid: doomed } = await seedService(api, 'doomed');
    assert.equal((await api.del(`/v1/Services/${doomed}`)).status, 204);
    assert.equal((await api.post('/v1/Services', { UniqueName: doomed })).status, 400);
    assert.equal((await api.get(`/v1/Services/${doomed}`)).status, 404);
  });

  test('a session cannot be created with one', async () => {
    const { sid } = await seedService(api, 'sessions');
    for (const name of SID_SHAPED) {
      const res = await api.post(`/v1/Services/${sid}/Sessions`, { UniqueName: name });
      assert.deepEqual(errorOf(res), { status: 400, code: 80701, bodyStatus: 400 }, name);
    }
    const list = await api.get(`/v1/Services/${sid}/Sessions`);
    assert.deepEqual(list.json.sessions, []);
  });

  test('names that only resemble a SID are fine', async () => {
    for (const name of [`KS${'a'.repeat(31)}`, `KS${'a'.repeat(33)}`, `K1${'a'.repeat(32)}`, `KS${'g'.repeat(32)}`]) {
      assert.equal((await api.post('/v1/Services', { UniqueName: name })).status, 201, name);
    }
  });
});
