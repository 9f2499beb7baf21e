// masq's own service settings (docs/api-extensions.md): per-service opt-out words and dial-string rules,
// observed the way a user would: through what virtual phones receive.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { list, obj, seedService, startApi, str, type Api } from './support.ts';

describe('service settings beyond Twilio\'s', () => {
  let api: Api;
  before(async () => { api = await startApi(); });
  after(async () => { await api.close(); });

  const pair = async (service: string, a: string, b: string) => {
    const session = str((await api.post(`/v1/Services/${service}/Sessions`, {})).json, 'sid');
    const pa = (await api.post(`/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: a })).json;
    const pb = (await api.post(`/v1/Services/${service}/Sessions/${session}/Participants`, { Identifier: b })).json;
    return { session, a: pa, b: pb };
  };
  const received = async (phone: string) =>
    list((await api.get(`/sandbox/phones/${encodeURIComponent(phone)}/messages`)).json, 'messages').filter((m) => m.direction === 'received').map((m) => m.body);

  test('OptOutWords replaces the opt-out list', async () => {
    const { sid } = await seedService(api, 'optout-custom', ['+14155551212']);
    assert.equal((await api.post(`/v1/Services/${sid}`, { OptOutWords: 'ARRET, BAJA' })).status, 200);
    const { a } = await pair(sid, '+14155550101', '+14155550202');
    for (const body of ['arret', 'STOP']) {
      await api.post(`/sandbox/phones/${encodeURIComponent('+14155550101')}/messages`, { To: str(a, 'proxy_identifier'), Body: body });
    }
    assert.deepEqual(await received('+14155550202'), ['STOP']);
    const bad = await api.post(`/v1/Services/${sid}`, { PoolLimit: 'lots' });
    assert.equal(bad.status, 400);
    assert.equal(bad.json.code, 80701);
  });

  test('ArgentinaMobileNine dials the 9 for calls, never for SMS', async () => {
    const { sid } = await seedService(api, 'argentina', ['+14155553434', '+541143216789']);
    await api.post(`/v1/Services/${sid}`, { ArgentinaMobileNine: true });
    const ar = '+542231234567'; // Twilio's own example: stored without the 9
    const { a, b } = await pair(sid, '+14155550303', ar);
    assert.equal(str(b, 'identifier'), ar);
    await api.post(`/sandbox/phones/${encodeURIComponent('+14155550303')}/messages`, { To: str(a, 'proxy_identifier'), Body: 'sms' });
    assert.deepEqual(await received(ar), ['sms'], 'SMS goes to the number without the 9');
    const placed = await api.post(`/sandbox/phones/${encodeURIComponent('+14155550303')}/calls`, { To: str(a, 'proxy_identifier') });
    assert.equal(obj(placed.json, 'routing').outcome, 'forward');
    const calls = list((await api.get(`/sandbox/phones/${encodeURIComponent('+5492231234567')}/calls`)).json, 'calls');
    assert.equal(calls.length, 1, 'the call rings at +54 9 223 ...');
  });
});
