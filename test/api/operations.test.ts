import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { buildApp } from '../../src/http/build-app.ts';
import type { Store } from '../../src/ports/store.ts';
import { MAIN_AUTH, obj, startApi, str, type Api } from './support.ts';

describe('operations endpoints and error rendering', () => {
  let api: Api;
  before(async () => { api = await startApi(); });
  after(async () => { await api.close(); });

  test('/healthz answers without credentials', async () => {
    const res = await api.get('/healthz', null);
    assert.equal(res.status, 200);
    assert.deepEqual(res.json, { status: 'ok', background: [] }, 'an app without background tasks (tests) lists none');
  });

  test('/metrics exposes request counters by route pattern', async () => {
    await api.get('/v1/Services');
    const res = await api.get('/metrics', null);
    assert.equal(res.status, 200);
    assert.match(res.body, /masq_http_requests_total\{method="GET",route="\/v1\/Services",status="200"\} \d+/);
    assert.match(res.body, /masq_http_request_duration_seconds_bucket/);
    assert.match(res.body, /masq_process_cpu/);
  });

  test('/openapi.json documents the API with form bodies and basic auth', async () => {
    const res = await api.get('/openapi.json', null);
    assert.equal(res.status, 200);
    assert.match(str(res.json, 'openapi'), /^3\./);
    const paths = obj(res.json, 'paths');
    for (const path of ['/v1/Services', '/v1/Services/{Sid}', '/v1/Services/{ServiceSid}/Sessions/{SessionSid}/Participants/{ParticipantSid}/MessageInteractions', '/masq/v1/Services/{ServiceSid}/Explain', '/sandbox/phones/{number}/messages']) {
      assert.ok(path in paths, path);
    }
    assert.match(JSON.stringify(paths['/v1/Services']), /application\/x-www-form-urlencoded/);
    assert.ok(obj(obj(res.json, 'components'), 'securitySchemes').basic);
  });

  test('/docs renders swagger-ui from local assets', async () => {
    const page = await api.app.inject({ method: 'GET', url: '/docs/' });
    assert.equal(page.statusCode, 200);
    assert.match(page.body, /swagger-ui/i);
    assert.doesNotMatch(page.body, /https?:\/\/(unpkg|cdn|cdnjs)/);
    const bundle = await api.app.inject({ method: 'GET', url: '/docs/static/swagger-ui-bundle.js' });
    assert.equal(bundle.statusCode, 200);
  });

  test('unknown routes are 404 in the envelope', async () => {
    const res = await api.get('/v1/Nope');
    assert.equal(res.status, 404);
    assert.equal(res.json.code, 20404);
    assert.equal(res.json.status, 404);
    assert.equal(res.json.message, 'The requested resource /v1/Nope was not found');
  });

  test('an unsupported media type is a 415 envelope', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/v1/Services', headers: { authorization: MAIN_AUTH, 'content-type': 'application/xml' }, payload: '<x/>' });
    assert.equal(res.statusCode, 415);
    const body: unknown = JSON.parse(res.body);
    assert.ok(typeof body === 'object' && body !== null && 'status' in body && body.status === 415);
  });

  test('an unexpected failure is a generic 500 with the request id, never the driver message', async () => {
    const real = api.runtime.deps.store;
    const failing: Store = new Proxy(real, {
      get(target, prop) {
        if (prop === 'findService') return async () => { throw new Error('SQLITE_CORRUPT: /var/secret/masq.db is malformed'); };
        const value: unknown = Reflect.get(target, prop);
        return typeof value === 'function' ? value.bind(target) : value;
      },
    });
    const app = await buildApp({ deps: { ...api.runtime.deps, store: failing }, publicUrl: 'http://x', logLevel: 'silent' });
    const res = await app.inject({ method: 'GET', url: '/v1/Services/anything', headers: { authorization: MAIN_AUTH } });
    await app.close();
    assert.equal(res.statusCode, 500);
    const body: unknown = JSON.parse(res.body);
    assert.ok(typeof body === 'object' && body !== null);
    assert.doesNotMatch(res.body, /SQLITE|secret/);
    assert.match(res.body, /Internal error \(request id RQ[0-9a-f]{32}\)/);
    assert.ok('status' in body && body.status === 500);
  });

  test('without a public URL, links come from the Host header', async () => {
    const app = await buildApp({ deps: api.runtime.deps, publicUrl: null, logLevel: 'silent' });
    const res = await app.inject({ method: 'POST', url: '/v1/Services', headers: { authorization: MAIN_AUTH, host: '127.0.0.1:4567', 'content-type': 'application/x-www-form-urlencoded' }, payload: 'UniqueName=hosted' });
    await app.close();
    assert.match(String(JSON.parse(res.body).url), /^http:\/\/127\.0\.0\.1:4567\/v1\/Services\/KS/);
  });
});
