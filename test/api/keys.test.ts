// The 2010 Keys resource: create (the secret is in that answer only), fetch, list with the 2010 paging
// envelope, rename, delete; SK + secret then authenticates as the account until the key is deleted,
// and only the account's own credentials manage keys.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { ACCOUNT_SID, basic, errorOf, list, OTHER_AUTH, startApi, str, type Api } from './support.ts';

const KEYS = `/2010-04-01/Accounts/${ACCOUNT_SID}/Keys`;
const RFC_2822 = /^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec) \d{4} \d{2}:\d{2}:\d{2} \+0000$/;

describe('2010 Keys', () => {
  let api: Api;
  before(async () => { api = await startApi(); });
  after(async () => { await api.close(); });

  const createKey = async (friendlyName?: string) => {
    const res = await api.post(`${KEYS}.json`, friendlyName === undefined ? {} : { FriendlyName: friendlyName });
    assert.equal(res.status, 201, res.body);
    return { sid: str(res.json, 'sid'), secret: str(res.json, 'secret'), json: res.json };
  };

  test('create answers 201 with Twilio\'s fields and the secret; fetch, list and update never show it', async () => {
    const { sid, secret, json } = await createKey('ci');
    assert.match(sid, /^SK[0-9a-f]{32}$/);
    assert.match(secret, /^[0-9a-f]{32}$/);
    assert.deepEqual(Object.keys(json).sort(), ['date_created', 'date_updated', 'friendly_name', 'secret', 'sid']);
    assert.equal(json.friendly_name, 'ci');
    assert.match(str(json, 'date_created'), RFC_2822);
    assert.match(str(json, 'date_updated'), RFC_2822);

    const fetched = await api.get(`${KEYS}/${sid}.json`);
    assert.equal(fetched.status, 200);
    assert.deepEqual(fetched.json, { sid, friendly_name: 'ci', date_created: json.date_created, date_updated: json.date_updated });
    const updated = await api.post(`${KEYS}/${sid}.json`, { FriendlyName: 'deploys' });
    assert.equal(updated.status, 200);
    assert.equal(updated.json.friendly_name, 'deploys');
    assert.equal(updated.json.secret, undefined);
    const listed = list((await api.get(`${KEYS}.json`)).json, 'keys').find((k) => k.sid === sid);
    assert.deepEqual(listed && Object.keys(listed).sort(), ['date_created', 'date_updated', 'friendly_name', 'sid']);
    assert.ok(!(await api.get(`${KEYS}.json`)).body.includes(secret));
  });

  test('FriendlyName is optional (null) and at most 64 characters', async () => {
    assert.equal((await createKey()).json.friendly_name, null);
    const res = await api.post(`${KEYS}.json`, { FriendlyName: 'x'.repeat(65) });
    assert.equal(res.status, 400);
    assert.equal(res.json.status, 400);
  });

  test('a page asked for by number (no PageToken) links back to the page before it, even past the data', async () => {
    for (let i = 0; i < 3; i++) await createKey(`paged-${i}`);
    for (const page of [1, 50]) {
      const res = await api.get(`${KEYS}.json?PageSize=2&Page=${page}`);
      assert.equal(res.status, 200, res.body);
      assert.equal(res.json.page, page);
      // With a row on the page, the link is anchored to it by a token; past the data, the page number alone.
      assert.ok(str(res.json, 'previous_page_uri').startsWith(`${KEYS}.json?PageSize=2&Page=${page - 1}`), res.body);
    }
  });

  test('the list speaks the 2010 envelope, with relative page URIs the client follows', async () => {
    const fresh = await startApi();
    try {
      const path = `/2010-04-01/Accounts/${ACCOUNT_SID}/Keys.json`;
      const sids: string[] = [];
      for (const name of ['a', 'b', 'c']) sids.push(str((await fresh.post(path, { FriendlyName: name })).json, 'sid'));
      const first = await fresh.get(`${path}?PageSize=2`);
      assert.equal(first.status, 200);
      const { keys, next_page_uri: next, ...envelope } = first.json;
      assert.deepEqual(envelope, {
        first_page_uri: `${path}?PageSize=2&Page=0`, previous_page_uri: null, page: 0, page_size: 2, start: 0, end: 1, uri: `${path}?PageSize=2&Page=0`,
      });
      assert.deepEqual(list({ keys }, 'keys').map((k) => k.sid), sids.slice(0, 2));
      assert.match(String(next), /^\/2010-04-01\/Accounts\/AC[0-9a-f]{32}\/Keys\.json\?PageSize=2&Page=1&PageToken=/);
      const second = await fresh.get(String(next));
      assert.deepEqual(list(second.json, 'keys').map((k) => k.sid), sids.slice(2));
      assert.deepEqual([second.json.page, second.json.start, second.json.end, second.json.next_page_uri], [1, 2, 2, null]);
      assert.match(String(second.json.previous_page_uri), /Page=0&PageToken=/);
      // A PageToken that is not one of masq's is the 2010 API's 21481 (the v1 lists say 80701).
      const forged = await fresh.get(`${path}?PageToken=forged`);
      assert.deepEqual([forged.status, forged.json.code], [400, 21481]);
    } finally {
      await fresh.close();
    }
  });

  test('SK + secret authenticates a Proxy call as the account; a deleted key stops at once', async () => {
    const { sid, secret } = await createKey('app');
    const asKey = basic(sid, secret);
    const created = await api.post('/v1/Services', { UniqueName: 'by-key' }, asKey);
    assert.equal(created.status, 201, created.body);
    assert.equal(created.json.account_sid, ACCOUNT_SID);
    assert.equal((await api.get('/v1/Services', basic(sid, `${secret}x`))).status, 401);
    assert.equal((await api.del(`${KEYS}/${sid}.json`)).status, 204);
    assert.deepEqual(errorOf(await api.get('/v1/Services', asKey)), { status: 401, code: 20003, bodyStatus: 401 });
    assert.deepEqual(errorOf(await api.get(`${KEYS}/${sid}.json`)), { status: 404, code: 20404, bodyStatus: 404 });
    assert.deepEqual(errorOf(await api.del(`${KEYS}/${sid}.json`)), { status: 404, code: 20404, bodyStatus: 404 });
  });

  test('an API key cannot manage keys (401); another account sees none of them (404)', async () => {
    const { sid, secret } = await createKey('limited');
    const asKey = basic(sid, secret);
    for (const res of [
      await api.post(`${KEYS}.json`, { FriendlyName: 'minted' }, asKey),
      await api.get(`${KEYS}.json`, asKey),
      await api.del(`${KEYS}/${sid}.json`, asKey),
    ]) {
      assert.deepEqual(errorOf(res), { status: 401, code: 20003, bodyStatus: 401 });
    }
    assert.equal((await api.get(`${KEYS}/${sid}.json`)).status, 200, 'the key survived its own delete attempt');
    assert.deepEqual(errorOf(await api.get(`${KEYS}.json`, OTHER_AUTH)), { status: 404, code: 20404, bodyStatus: 404 });
    assert.deepEqual(errorOf(await api.get(`${KEYS}/${sid}.json`, OTHER_AUTH)), { status: 404, code: 20404, bodyStatus: 404 });
  });
});
