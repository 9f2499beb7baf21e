// Hostile form bodies, query strings and JSON bodies are refused cheaply: at most MAX_FORM_PARAMS
// parameters and MAX_VALUES_PER_KEY values of one per request, in Twilio's envelope. One key repeated
// 20,000 times used to cost seconds of event-loop time (quadratic copying); now it is the cap error, and
// the server keeps answering other requests meanwhile.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MAX_FORM_PARAMS, MAX_VALUES_PER_KEY } from '../../src/http/plugins/form-body.ts';
import { MAIN_AUTH, startApi, type Api, type Response } from './support.ts';

const repeated = (pair: string, times: number): string => Array.from({ length: times }, () => pair).join('&');
const distinct = (times: number): string => Array.from({ length: times }, (_, i) => `k${i}=v`).join('&');

const assertTooManyParams = (res: Response, what: string): void => {
  assert.equal(res.status, 400, `${what}: ${res.body.slice(0, 300)}`);
  assert.equal(res.json.code, 80701, what);
  assert.equal(res.json.status, 400, what);
  assert.equal(res.json.message, `Too many parameters: at most ${MAX_FORM_PARAMS} per request.`, what);
};

const assertTooManyValues = (res: Response, name: string, what: string): void => {
  assert.equal(res.status, 400, `${what}: ${res.body.slice(0, 300)}`);
  assert.equal(res.json.code, 80701, what);
  assert.equal(res.json.message, `'${name}' is invalid. At most ${MAX_VALUES_PER_KEY} values per request.`, what);
};

describe('hostile forms', () => {
  let api: Api;
  before(async () => { api = await startApi(); });
  after(async () => { await api.close(); });

  const postJson = (path: string, body: unknown) => api.post(path, JSON.stringify(body), undefined, { 'content-type': 'application/json' });

  test('a form body with one key 20,000 times or 100,000 distinct keys is the cap error', async () => {
    assertTooManyParams(await api.post('/v1/Services', repeated('UniqueName=x', 20_000)), '20,000 repeats');
    assertTooManyParams(await api.post('/v1/Services', distinct(100_000)), '100,000 keys');
    assertTooManyParams(await api.post('/v1/Services', `UniqueName=x&${distinct(MAX_FORM_PARAMS)}`), 'one over the cap');
  });

  test('more than 20 values of one key is refused naming the key; 20 are parsed', async () => {
    assertTooManyValues(await api.post('/v1/Services', `UniqueName=a&${repeated('Extra=x', MAX_VALUES_PER_KEY + 1)}`), 'Extra', '21 values');
    const ok = await api.post('/v1/Services', `UniqueName=twenty&${repeated('Extra=x', MAX_VALUES_PER_KEY)}`);
    assert.equal(ok.status, 201, ok.body);
    // Spellings of one parameter count together (DefaultTtl, defaultTtl, default_ttl...).
    const spellings = Array.from({ length: MAX_VALUES_PER_KEY + 1 }, (_, i) => `${'defaultttl'.slice(0, i % 10)}${'DEFAULTTTL'.slice(i % 10)}${'_'.repeat(Math.floor(i / 10))}=1`);
    assertTooManyValues(await api.post('/v1/Services', `UniqueName=spelled&${spellings.join('&')}`), 'DefaultTtl', 'spellings');
  });

  test('query strings have the same caps', async () => {
    assertTooManyParams(await api.get(`/v1/Services?${repeated('PageSize=1', 20_000)}`), 'query repeats');
    assertTooManyParams(await api.get(`/v1/Services?${distinct(100_000)}`), 'query keys');
    assertTooManyValues(await api.get(`/v1/Services?${repeated('PageSize=1', MAX_VALUES_PER_KEY + 1)}`), 'PageSize', 'query values');
    assert.equal((await api.get(`/v1/Services?PageSize=2&${distinct(MAX_FORM_PARAMS - 1)}`)).status, 200);
  });

  test('JSON bodies have the same caps', async () => {
    assertTooManyParams(await postJson('/v1/Services', Object.fromEntries(Array.from({ length: 50_000 }, (_, i) => [`k${i}`, 'v']))), 'JSON keys');
    assertTooManyValues(await postJson('/v1/Services', { UniqueName: 'json', Extra: Array.from({ length: 20_000 }, () => 'x') }), 'Extra', 'JSON array');
    const spellings = Object.fromEntries(Array.from({ length: MAX_VALUES_PER_KEY + 1 }, (_, i) => [`${'uniquename'.slice(0, i % 10)}${'UNIQUENAME'.slice(i % 10)}${'-'.repeat(Math.floor(i / 10))}`, 'x']));
    assertTooManyValues(await postJson('/v1/Services', spellings), 'UniqueName', 'JSON spellings');
  });

  test('while a hostile body is refused, /healthz on the same server is answered', async () => {
    const address = await api.app.listen({ port: 0, host: '127.0.0.1' });
    const hostile = fetch(`${address}/v1/Services`, {
      method: 'POST',
      headers: { authorization: MAIN_AUTH, 'content-type': 'application/x-www-form-urlencoded' },
      body: repeated('UniqueName=x', 20_000),
    });
    const health = fetch(`${address}/healthz`);
    const [refused, healthy] = await Promise.all([hostile, health]);
    assert.equal(healthy.status, 200);
    assert.equal(refused.status, 400);
    const body: unknown = await refused.json();
    assert.equal(typeof body === 'object' && body !== null && 'message' in body ? body.message : null, `Too many parameters: at most ${MAX_FORM_PARAMS} per request.`);
  });
});
