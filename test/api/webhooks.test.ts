// GET /masq/v1/Webhooks and /masq/v1/Webhooks/{id}/Attempts: an account sees the callbacks masq owes it,
// and why each attempt failed, and nobody else's.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { deliverCallback } from '../../src/app/deliver-webhooks.ts';
import { runDueJobs } from '../../src/app/run-jobs.ts';
import { BASE, OTHER_AUTH, list, obj, seedService, startApi, str, type Api } from './support.ts';

describe('masq extension: the callbacks owed (webhooks)', () => {
  let api: Api;
  let service = '';
  const callbackUrl = 'http://127.0.0.1:9/callback';
  const interactions: string[] = [];
  before(async () => {
    api = await startApi();
    service = (await seedService(api, 'callbacks', ['+14155551212'])).sid;
    assert.equal((await api.post(`/v1/Services/${service}`, { CallbackUrl: callbackUrl })).status, 200);
    const session = str((await api.post(`/v1/Services/${service}/Sessions`, { UniqueName: 'chat' })).json, 'sid');
    const alice = str((await api.post(`/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: '+14155550001' })).json, 'sid');
    for (const body of ['first', 'second']) {
      const sent = await api.post(`/v1/Services/${service}/Sessions/${session}/Participants/${alice}/MessageInteractions`, { Body: body });
      assert.equal(sent.status, 201, sent.body);
      interactions.push(str(sent.json, 'sid'));
    }
  });
  after(async () => { await api.close(); });

  test('a MessageInteraction owes a CallbackUrl delivery when queued and when delivered; listed newest first, pending', async () => {
    const res = await api.get('/masq/v1/Webhooks');
    assert.equal(res.status, 200, res.body);
    const webhooks = list(res.json, 'webhooks');
    // Two per interaction (queued, then the carrier's delivered), newest interaction first.
    const order = webhooks.map((w) => String(obj(w, 'params').interactionSid)).filter((sid, i, all) => all[i - 1] !== sid);
    assert.deepEqual(order, [...interactions].reverse());
    for (const sid of interactions) {
      const statuses = webhooks.filter((w) => obj(w, 'params').interactionSid === sid).map((w) => obj(w, 'params').outboundResourceStatus);
      assert.deepEqual(statuses.sort(), ['delivered', 'queued']);
    }
    const [newest] = webhooks;
    assert.ok(newest);
    assert.deepEqual(
      [newest.url, newest.status, newest.attempts, newest.delivered_at, newest.given_up_at, newest.last_error],
      [callbackUrl, 'pending', 0, null, null, null],
    );
    assert.equal(obj(newest, 'params').interactionType, 'Message');
    assert.match(str(newest, 'next_attempt_at'), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
    assert.equal(obj(newest, 'links').attempts, `${BASE}/masq/v1/Webhooks/${str(newest, 'id')}/Attempts`);
    assert.equal(list((await api.get('/masq/v1/Webhooks?PageSize=1')).json, 'webhooks').length, 1);
  });

  test('attempts: a loopback CallbackUrl is refused by default, and the attempt says why', async () => {
    await runDueJobs(api.runtime.deps, { callback: deliverCallback });
    const [newest] = list((await api.get('/masq/v1/Webhooks')).json, 'webhooks');
    assert.ok(newest);
    assert.equal(newest.attempts, 1);
    assert.match(str(newest, 'last_error'), /^refused-destination: /);
    const res = await api.get(`/masq/v1/Webhooks/${str(newest, 'id')}/Attempts`);
    assert.equal(res.status, 200, res.body);
    assert.equal(obj(res.json, 'webhook').id, newest.id);
    const attempts = list(res.json, 'attempts');
    assert.equal(attempts.length, 1);
    assert.equal(attempts[0]?.http_status, null);
    assert.match(str(attempts[0] ?? {}, 'error'), /127\.0\.0\.1 is a private or loopback address/);
    assert.equal(typeof attempts[0]?.duration_ms, 'number');
  });

  test("another account sees none of them and cannot read their attempts; no credentials is 401", async () => {
    const mine = list((await api.get('/masq/v1/Webhooks')).json, 'webhooks');
    assert.deepEqual(list((await api.get('/masq/v1/Webhooks', OTHER_AUTH)).json, 'webhooks'), []);
    const theirs = await api.get(`/masq/v1/Webhooks/${str(mine[0] ?? {}, 'id')}/Attempts`, OTHER_AUTH);
    assert.equal(theirs.status, 404);
    assert.equal(theirs.json.code, 20404);
    assert.equal((await api.get('/masq/v1/Webhooks', null)).status, 401);
    assert.equal((await api.get('/masq/v1/Webhooks?PageSize=0')).status, 400);
  });
});
