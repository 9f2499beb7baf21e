import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ACCOUNT_SID, BASE, errorOf, obj, startApi, str, type Api } from './support.ts';

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

describe('Services', () => {
  let api: Api;
  before(async () => { api = await startApi(); });
  after(async () => { await api.close(); });

  test('create returns 201 with every field, explicit nulls, ISO dates and links', async () => {
    const res = await api.post('/v1/Services', { UniqueName: 'Ride Share', DefaultTtl: 3600, GeoMatchLevel: 'area-code', NumberSelectionBehavior: 'avoid-sticky' });
    assert.equal(res.status, 201);
    assert.match(String(res.headers['content-type']), /application\/json/);
    const sid = str(res.json, 'sid');
    assert.match(sid, /^KS[0-9a-f]{32}$/);
    assert.equal(res.json.unique_name, 'Ride Share');
    assert.equal(res.json.account_sid, ACCOUNT_SID);
    assert.equal(res.json.default_ttl, 3600);
    assert.equal(res.json.geo_match_level, 'area-code');
    assert.equal(res.json.number_selection_behavior, 'avoid-sticky');
    for (const key of ['chat_instance_sid', 'callback_url', 'intercept_callback_url', 'out_of_session_callback_url']) {
      assert.ok(key in res.json, key);
      assert.equal(res.json[key], null, key);
    }
    assert.match(str(res.json, 'date_created'), ISO);
    assert.equal(res.json.url, `${BASE}/v1/Services/${sid}`);
    assert.deepEqual(obj(res.json, 'links'), {
      sessions: `${BASE}/v1/Services/${sid}/Sessions`,
      phone_numbers: `${BASE}/v1/Services/${sid}/PhoneNumbers`,
      short_codes: `${BASE}/v1/Services/${sid}/ShortCodes`,
    });
  });

  test('defaults: ttl 0, country geo match, prefer-sticky', async () => {
    const res = await api.post('/v1/Services', { UniqueName: 'defaults' });
    assert.equal(res.json.default_ttl, 0);
    assert.equal(res.json.geo_match_level, 'country');
    assert.equal(res.json.number_selection_behavior, 'prefer-sticky');
  });

  test('fetch by SID and by UniqueName; unknown is 404 20404', async () => {
    const created = await api.post('/v1/Services', { UniqueName: 'fetch-me' });
    const sid = str(created.json, 'sid');
    assert.equal((await api.get(`/v1/Services/${sid}`)).json.unique_name, 'fetch-me');
    assert.equal((await api.get('/v1/Services/fetch-me')).json.sid, sid);
    const missing = await api.get(`/v1/Services/KS${'0'.repeat(32)}`);
    assert.deepEqual(errorOf(missing), { status: 404, code: 20404, bodyStatus: 404 });
    assert.equal(missing.json.more_info, 'https://www.twilio.com/docs/errors/20404');
  });

  test('update changes only what is sent; an empty URL clears it', async () => {
    const sid = str((await api.post('/v1/Services', { UniqueName: 'upd', CallbackUrl: 'https://example.com/cb', DefaultTtl: 60 })).json, 'sid');
    const res = await api.post(`/v1/Services/${sid}`, { DefaultTtl: 120 });
    assert.equal(res.status, 200);
    assert.equal(res.json.default_ttl, 120);
    assert.equal(res.json.callback_url, 'https://example.com/cb');
    assert.equal(res.json.unique_name, 'upd');
    const cleared = await api.post(`/v1/Services/${sid}`, { CallbackUrl: '' });
    assert.equal(cleared.json.callback_url, null);
  });

  test('delete is 204 with an empty body, then 404', async () => {
    const sid = str((await api.post('/v1/Services', { UniqueName: 'doomed' })).json, 'sid');
    const res = await api.del(`/v1/Services/${sid}`);
    assert.equal(res.status, 204);
    assert.equal(res.body, '');
    assert.equal((await api.get(`/v1/Services/${sid}`)).status, 404);
  });

  test('a duplicate UniqueName is 80602, on create and on update', async () => {
    await api.post('/v1/Services', { UniqueName: 'taken' });
    assert.deepEqual(errorOf(await api.post('/v1/Services', { UniqueName: 'taken' })), { status: 400, code: 80602, bodyStatus: 400 });
    const other = str((await api.post('/v1/Services', { UniqueName: 'free' })).json, 'sid');
    assert.equal((await api.post(`/v1/Services/${other}`, { UniqueName: 'taken' })).json.code, 80602);
  });

  test("parameter errors are 80701 naming the parameter", async () => {
    const missing = await api.post('/v1/Services', {});
    assert.equal(missing.json.code, 80701);
    assert.match(str(missing.json, 'message'), /^'UniqueName' is invalid\./);
    const ttl = await api.post('/v1/Services', { UniqueName: 'x1', DefaultTtl: 'soon' });
    assert.equal(ttl.status, 400);
    assert.match(str(ttl.json, 'message'), /^'DefaultTtl' is invalid\./);
    const geo = await api.post('/v1/Services', { UniqueName: 'x2', GeoMatchLevel: 'planet' });
    assert.match(str(geo.json, 'message'), /^'GeoMatchLevel' is invalid\./);
    const url = await api.post('/v1/Services', { UniqueName: 'x3', CallbackUrl: 'not a url' });
    assert.match(str(url.json, 'message'), /^'CallbackUrl' is invalid\./);
    const long = await api.post('/v1/Services', { UniqueName: 'n'.repeat(192) });
    assert.match(str(long.json, 'message'), /^'UniqueName' is invalid\./);
  });

  test('form decoding: %20 and + are spaces; keys in any case; unknown keys ignored', async () => {
    const plus = await api.post('/v1/Services', 'UniqueName=Plus+Name&Bogus=1');
    assert.equal(plus.json.unique_name, 'Plus Name');
    const pct = await api.post('/v1/Services', 'unique_name=Pct%20Name&defaultTtl=5');
    assert.equal(pct.json.unique_name, 'Pct Name');
    assert.equal(pct.json.default_ttl, 5);
  });

  test('ShortCodes: an empty set for older clients; adding one is 80303', async () => {
    const sid = str((await api.post('/v1/Services', { UniqueName: 'sc' })).json, 'sid');
    const listed = await api.get(`/v1/Services/${sid}/ShortCodes`);
    assert.equal(listed.status, 200);
    assert.deepEqual(listed.json.short_codes, []);
    assert.equal(obj(listed.json, 'meta').key, 'short_codes');
    const code = `SC${'a'.repeat(32)}`;
    assert.deepEqual(errorOf(await api.post(`/v1/Services/${sid}/ShortCodes`, { Sid: code })), { status: 400, code: 80303, bodyStatus: 400 });
    assert.equal((await api.post(`/v1/Services/${sid}/ShortCodes`, { Sid: 'nope' })).json.code, 80701);
    assert.equal((await api.get(`/v1/Services/${sid}/ShortCodes/${code}`)).status, 404);
    assert.equal((await api.post(`/v1/Services/${sid}/ShortCodes/${code}`, { IsReserved: true })).status, 404);
    assert.equal((await api.del(`/v1/Services/${sid}/ShortCodes/${code}`)).status, 404);
  });
});
