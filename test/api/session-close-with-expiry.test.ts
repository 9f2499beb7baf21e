// Status=closed sent together with Ttl and/or DateExpiry: the close happens and the other two are kept,
// not silently dropped (docs/compatibility.md); they apply again if the session is re-opened.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { errorOf, seedService, startApi, str, type Api } from './support.ts';

describe('closing a session with Ttl / DateExpiry', () => {
  let api: Api;
  let sessions: string;
  before(async () => {
    api = await startApi();
    sessions = `/v1/Services/${(await seedService(api, 'close-with-expiry')).sid}/Sessions`;
  });
  after(async () => { await api.close(); });

  const future = (days: number): string => `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 19)}Z`;

  test('both are applied with the close, and the fetch shows them', async () => {
    const sid = str((await api.post(sessions, { Ttl: 60 })).json, 'sid');
    const expiry = future(3);
    const res = await api.post(`${sessions}/${sid}`, { Status: 'closed', Ttl: 900, DateExpiry: expiry });
    assert.equal(res.status, 200, res.body);
    assert.equal(res.json.status, 'closed');
    assert.equal(res.json.closed_reason, 'api');
    assert.equal(res.json.ttl, 900);
    assert.equal(res.json.date_expiry, expiry);
    const fetched = await api.get(`${sessions}/${sid}`);
    assert.equal(fetched.json.ttl, 900);
    assert.equal(fetched.json.date_expiry, expiry);
  });

  test('the kept Ttl is the one a re-open uses', async () => {
    const sid = str((await api.post(sessions, {})).json, 'sid');
    assert.equal((await api.post(`${sessions}/${sid}`, { Status: 'closed', Ttl: 120 })).json.ttl, 120);
    const reopened = await api.post(`${sessions}/${sid}`, { Status: 'in-progress' });
    assert.equal(reopened.json.status, 'in-progress');
    assert.equal(reopened.json.ttl, 120);
  });

  test('a DateExpiry in the past refuses the whole request: the session stays open', async () => {
    const sid = str((await api.post(sessions, {})).json, 'sid');
    const res = await api.post(`${sessions}/${sid}`, { Status: 'closed', DateExpiry: '2001-01-01T00:00:00Z' });
    assert.deepEqual(errorOf(res), { status: 400, code: 80701, bodyStatus: 400 });
    assert.equal((await api.get(`${sessions}/${sid}`)).json.status, 'open');
  });
});
