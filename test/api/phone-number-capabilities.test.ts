// A pool number's (and a short code's) capabilities carry the spec's voice/sms/mms/fax booleans beside the
// detailed keys Twilio's live API answers with, and both follow what the number can do.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { obj, seedService, startApi, str, type Api } from './support.ts';

describe('PhoneNumber capabilities', () => {
  let api: Api;
  before(async () => { api = await startApi(); });
  after(async () => { await api.close(); });

  test('voice, sms, mms and fax beside the detailed keys, on create, fetch and list', async () => {
    const { sid: service } = await seedService(api, 'caps');
    const created = await api.post(`/v1/Services/${service}/PhoneNumbers`, { PhoneNumber: '+14155551212' });
    const path = `/v1/Services/${service}/PhoneNumbers/${str(created.json, 'sid')}`;
    const listed = (await api.get(`/v1/Services/${service}/PhoneNumbers`)).json.phone_numbers;
    assert.ok(Array.isArray(listed));
    for (const json of [created.json, (await api.get(path)).json, Object.fromEntries(Object.entries(listed[0] ?? {}))]) {
      const caps = obj(json, 'capabilities');
      assert.deepEqual({ voice: caps.voice, sms: caps.sms, mms: caps.mms, fax: caps.fax }, { voice: true, sms: true, mms: true, fax: false });
      assert.equal(caps.voice_inbound, true);
      assert.equal(caps.fax_inbound, false);
    }
  });

  test('they follow the number: a voice-only number says sms and mms false', async () => {
    const { sid: service } = await seedService(api, 'caps-voice');
    const sid = str((await api.post(`/v1/Services/${service}/PhoneNumbers`, { PhoneNumber: '+14155553434' })).json, 'sid');
    const updated = await api.post(`/masq/v1/PhoneNumbers/${sid}`, { SmsEnabled: false, MmsEnabled: false });
    assert.equal(updated.status, 200, updated.body);
    const caps = obj((await api.get(`/v1/Services/${service}/PhoneNumbers/${sid}`)).json, 'capabilities');
    assert.deepEqual({ voice: caps.voice, sms: caps.sms, mms: caps.mms, fax: caps.fax }, { voice: true, sms: false, mms: false, fax: false });
    assert.equal(caps.sms_inbound, false);
  });
});
