import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { BASE, list, obj, startApi, str, type Api } from './support.ts';

describe('Paging', () => {
  let api: Api;
  const names: string[] = [];
  before(async () => {
    api = await startApi();
    for (let i = 0; i < 5; i += 1) {
      const name = `svc-${i}`;
      await api.post('/v1/Services', { UniqueName: name });
      names.push(name);
    }
  });
  after(async () => { await api.close(); });

  const relative = (url: unknown): string => {
    assert.equal(typeof url, 'string');
    assert.ok(String(url).startsWith(BASE), `absolute URL on the public base: ${String(url)}`);
    return String(url).slice(BASE.length);
  };

  test('meta block on the first page', async () => {
    const res = await api.get('/v1/Services?PageSize=2');
    assert.equal(res.status, 200);
    const meta = obj(res.json, 'meta');
    assert.equal(meta.page, 0);
    assert.equal(meta.page_size, 2);
    assert.equal(meta.key, 'services');
    assert.equal(meta.first_page_url, `${BASE}/v1/Services?PageSize=2&Page=0`);
    assert.equal(meta.url, `${BASE}/v1/Services?PageSize=2&Page=0`);
    assert.equal(meta.previous_page_url, null);
    assert.match(String(meta.next_page_url), /^http:\/\/masq\.test\/v1\/Services\?PageSize=2&Page=1&PageToken=PT/);
  });

  test('following next_page_url visits every item once, and the last page has no next', async () => {
    const seen: string[] = [];
    let url: string | null = '/v1/Services?PageSize=2';
    let pages = 0;
    while (url) {
      const res = await api.get(url);
      assert.equal(res.status, 200);
      seen.push(...list(res.json, 'services').map((s) => str(s, 'unique_name')));
      const next = obj(res.json, 'meta').next_page_url;
      url = next === null ? null : relative(next);
      pages += 1;
    }
    assert.equal(pages, 3);
    assert.deepEqual(seen, names);
  });

  test('previous_page_url goes back to the same items', async () => {
    const first = await api.get('/v1/Services?PageSize=2');
    const second = await api.get(relative(obj(first.json, 'meta').next_page_url));
    const third = await api.get(relative(obj(second.json, 'meta').next_page_url));
    assert.equal(obj(third.json, 'meta').page, 2);
    const back = await api.get(relative(obj(third.json, 'meta').previous_page_url));
    assert.deepEqual(list(back.json, 'services').map((s) => s.unique_name), list(second.json, 'services').map((s) => s.unique_name));
    assert.equal(obj(back.json, 'meta').page, 1);
    const front = await api.get(relative(obj(back.json, 'meta').previous_page_url));
    assert.deepEqual(list(front.json, 'services').map((s) => s.unique_name), names.slice(0, 2));
    assert.equal(obj(front.json, 'meta').previous_page_url, null);
    assert.notEqual(obj(front.json, 'meta').next_page_url, null);
  });

  test('default page size 50; PageSize outside 1-1000 and bad tokens are 80701', async () => {
    assert.equal(obj((await api.get('/v1/Services')).json, 'meta').page_size, 50);
    assert.equal(obj((await api.get('/v1/Services?pageSize=1000')).json, 'meta').page_size, 1000);
    for (const query of ['PageSize=0', 'PageSize=1001', 'PageSize=abc', 'Page=-1']) {
      const res = await api.get(`/v1/Services?${query}`);
      assert.equal(res.status, 400, query);
      assert.equal(res.json.code, 80701, query);
    }
    const bad = await api.get('/v1/Services?PageToken=PTgarbage');
    assert.equal(bad.status, 400);
    assert.match(str(bad.json, 'message'), /^'PageToken' is invalid\./);
  });
});
