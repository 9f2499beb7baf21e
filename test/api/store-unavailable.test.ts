// While the database is unreachable (the store throws StoreUnavailable), every caller gets a clean 503 in
// Twilio's envelope with Retry-After, never a 500 or driver text: API requests, carrier webhooks and
// /healthz alike. The real outage, with a real PostgreSQL stopped under load, is test/e2e/postgres-outage.test.ts.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { buildApp, type MasqApp } from '../../src/http/build-app.ts';
import { StoreUnavailable, type Store } from '../../src/ports/store.ts';
import { BASE, MAIN_AUTH } from './support.ts';
import { startTwilioApp, TWILIO_TOKEN, type Harness } from '../webhooks/twilio-harness.ts';

/** The real store, with every method throwing `error` (as the PostgreSQL adapter does during an outage). */
const failingStore = (real: Store, error: () => Error): Store => new Proxy(real, {
  get(target, prop) {
    const value: unknown = Reflect.get(target, prop);
    if (typeof value !== 'function') return value;
    return prop === 'close' ? value.bind(target) : async () => { throw error(); };
  },
});

const driverError = (): Error => new StoreUnavailable('connection refused', { cause: new Error('connect ECONNREFUSED 10.0.0.5:5432 (postgres://masq:pw@db)') });

const assertUnavailable = (res: { statusCode: number; body: string; headers: Record<string, unknown> }): void => {
  assert.equal(res.statusCode, 503, res.body);
  assert.equal(res.headers['retry-after'], '5');
  assert.match(String(res.headers['content-type']), /^application\/json/);
  assert.deepEqual(JSON.parse(res.body), {
    code: 20503,
    message: 'Service temporarily unavailable: the database cannot be reached. Retry later.',
    more_info: 'https://www.twilio.com/docs/errors/20503',
    status: 503,
  });
  assert.doesNotMatch(res.body, /ECONN|10\.0\.0\.5|postgres|pw/);
};

describe('a database outage as callers see it', () => {
  let harness: Harness;
  let down: MasqApp;

  before(async () => {
    harness = await startTwilioApp();
    const deps = { ...harness.runtime.deps, store: failingStore(harness.runtime.deps.store, driverError) };
    down = await buildApp({ deps, publicUrl: BASE, logLevel: 'silent' });
  });

  after(async () => {
    await down.close();
    await harness.close();
  });

  test('API requests: 503 in the envelope with Retry-After', async () => {
    assertUnavailable(await down.inject({ method: 'GET', url: '/v1/Services', headers: { authorization: MAIN_AUTH } }));
    assertUnavailable(await down.inject({
      method: 'POST', url: '/v1/Services', headers: { authorization: MAIN_AUTH, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'UniqueName=during-outage',
    }));
  });

  test('carrier webhooks: 503 in the envelope with Retry-After, so the carrier retries', async () => {
    const params = { MessageSid: `SM${'a'.repeat(32)}`, AccountSid: `AC${'7'.repeat(32)}`, From: '+14155550101', To: '+14155551212', Body: 'hi' };
    const path = '/webhooks/twilio/sms';
    const signature = twilio.getExpectedTwilioSignature(TWILIO_TOKEN, `${BASE}${path}`, params);
    assertUnavailable(await down.inject({
      method: 'POST', url: path, headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature }, payload: new URLSearchParams(params).toString(),
    }));
  });

  test('/healthz: 503 saying the database is down', async () => {
    const res = await down.inject({ method: 'GET', url: '/healthz' });
    assert.equal(res.statusCode, 503);
    assert.equal(res.headers['retry-after'], '5');
    assert.deepEqual(JSON.parse(res.body), { status: 'unavailable', database: 'down' });
  });

  test('/healthz tells an outage from a database that answers with an error', async () => {
    const deps = { ...harness.runtime.deps, store: failingStore(harness.runtime.deps.store, () => new Error('SQLITE_CORRUPT')) };
    const broken = await buildApp({ deps, publicUrl: BASE, logLevel: 'silent' });
    const res = await broken.inject({ method: 'GET', url: '/healthz' });
    await broken.close();
    assert.equal(res.statusCode, 503);
    assert.deepEqual(JSON.parse(res.body), { status: 'unavailable', database: 'error' });
  });
});
