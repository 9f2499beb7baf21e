// The call log API as an owner meets it, on SQLite and PostgreSQL: traffic to the account's programmable
// numbers (seeded as the engine records it) listed with its filters and v1 paging, one record fetched with
// its events, and a message answered later with POST .../Reply: sent from the number to the sender's
// sandbox phone and logged as a 'reply' event. Replies are refused for calls, for another account's
// traffic, from a number the account no longer holds, to a sender who opted out, and gated like any send.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { InventoryNumber } from '../../src/domain/inventory-number.ts';
import type { NewTrafficEvent, NumberTraffic } from '../../src/domain/programmable/traffic.ts';
import { anInventoryNumber, sid, usNumber } from '../support/fixtures.ts';
import { TEST_DIALECTS } from '../support/stores.ts';
import { startSuiteApi } from './suite-api.ts';
import { ACCOUNT_SID, BASE, list, obj, OTHER_AUTH, OTHER_SID, str, type Api, type Response } from './support.ts';

const enc = encodeURIComponent;

for (const dialect of TEST_DIALECTS) {
  describe(`number traffic API (${dialect})`, () => {
    let api: Api;
    before(async () => { api = await startSuiteApi(dialect); });
    after(() => api.close());

    /** A sandbox number the account holds, outside any pool: a programmable one. */
    const aNumber = async (accountSid = ACCOUNT_SID, carrier = 'sandbox'): Promise<InventoryNumber> => {
      const number = anInventoryNumber(accountSid, usNumber('415'), { carrier, dateCreated: api.clock.now() });
      await api.runtime.deps.store.createInventoryNumber(number);
      return number;
    };

    /** Traffic as the engine logs it: a message from `from` to the number, answered by the owner's app. */
    const seedTraffic = async (number: InventoryNumber, o: Partial<NumberTraffic> = {}, events: readonly NewTrafficEvent[] = []): Promise<NumberTraffic> => {
      const now = api.clock.now();
      const traffic: NumberTraffic = {
        sid: sid('numberTraffic'), accountSid: number.accountSid, numberSid: number.sid, phoneNumber: number.phoneNumber, channel: 'message',
        carrier: number.carrier, resourceSid: sid('message'), from: usNumber('212'), to: number.phoneNumber, body: 'is the shop open?', application: 'app',
        attestation: null, flowSid: null, flowRevision: null, status: 'received', durationSeconds: null, dateCreated: now, dateUpdated: now, ...o,
      };
      await api.runtime.deps.store.insertTraffic(traffic, events);
      return traffic;
    };

    const aCall = (number: InventoryNumber) => seedTraffic(number, {
      channel: 'voice', resourceSid: sid('call'), body: '', application: 'flow', flowSid: sid('flow'), flowRevision: 3, attestation: 'A',
      status: 'completed', durationSeconds: 42,
    });

    const eventsOf = async (trafficSid: string, auth?: string): Promise<Record<string, unknown>[]> => {
      const res = await api.get(`/masq/v1/NumberTraffic/${trafficSid}`, auth);
      assert.equal(res.status, 200, res.body);
      return list(res.json, 'events');
    };
    const inbox = async (phone: string, auth?: string): Promise<Record<string, unknown>[]> =>
      list((await api.get(`/sandbox/phones/${enc(phone)}/messages`, auth)).json, 'messages');
    const reply = (trafficSid: string, fields: Record<string, string | readonly string[]>, auth?: string, headers?: Record<string, string>): Promise<Response> =>
      api.post(`/masq/v1/NumberTraffic/${trafficSid}/Reply`, fields, auth, headers);
    const codeOf = (res: Response): [number, unknown] => [res.status, res.json.code];

    test('the list: the account\'s traffic oldest first, filtered by number (PN sid or E.164) and channel, paged with the filters kept', async () => {
      const number = await aNumber();
      const message = await seedTraffic(number);
      const call = await aCall(number);
      const third = await seedTraffic(number, { body: 'and tomorrow?' });
      const elsewhere = await seedTraffic(await aNumber());
      await seedTraffic(await aNumber(OTHER_SID));

      const all = await api.get('/masq/v1/NumberTraffic?PageSize=1000');
      assert.equal(all.status, 200, all.body);
      const rows = list(all.json, 'number_traffic');
      assert.ok(rows.every((r) => r.account_sid === ACCOUNT_SID), "another account's traffic is never listed");
      const mine = rows.map((r) => r.sid).filter((s) => [message.sid, call.sid, third.sid, elsewhere.sid].includes(String(s)));
      assert.deepEqual(mine, [message.sid, call.sid, third.sid, elsewhere.sid], 'oldest first');

      const byNumber = list((await api.get(`/masq/v1/NumberTraffic?PhoneNumber=${number.sid}`)).json, 'number_traffic');
      assert.deepEqual(byNumber.map((r) => r.sid), [message.sid, call.sid, third.sid]);
      const byE164 = list((await api.get(`/masq/v1/NumberTraffic?PhoneNumber=${enc(number.phoneNumber)}`)).json, 'number_traffic');
      assert.deepEqual(byE164.map((r) => r.sid), [message.sid, call.sid, third.sid]);
      const calls = list((await api.get(`/masq/v1/NumberTraffic?PhoneNumber=${number.sid}&Channel=voice`)).json, 'number_traffic');
      assert.deepEqual(calls.map((r) => r.sid), [call.sid]);
      const neverHeld = await api.get(`/masq/v1/NumberTraffic?PhoneNumber=${enc(usNumber('307'))}`);
      assert.deepEqual([neverHeld.status, list(neverHeld.json, 'number_traffic')], [200, []], 'a number never held matches nothing');

      const first = await api.get(`/masq/v1/NumberTraffic?PhoneNumber=${number.sid}&Channel=message&PageSize=1`);
      assert.deepEqual(list(first.json, 'number_traffic').map((r) => r.sid), [message.sid]);
      const meta = obj(first.json, 'meta');
      assert.equal(meta.key, 'number_traffic');
      const next = str(meta, 'next_page_url');
      assert.ok(next.startsWith(`${BASE}/masq/v1/NumberTraffic?`) && next.includes(`PhoneNumber=${number.sid}`) && next.includes('Channel=message'), next);
      const second = await api.get(next.slice(BASE.length));
      assert.deepEqual(list(second.json, 'number_traffic').map((r) => r.sid), [third.sid], 'the next page keeps both filters');
      assert.equal(obj(second.json, 'meta').next_page_url, null);
    });

    test('bad filters are refused naming the parameter', async () => {
      for (const query of ['Channel=fax', 'PhoneNumber=4155550100', 'PhoneNumber=%2Bnot-a-number', 'PhoneNumber=PNnothex']) {
        const res = await api.get(`/masq/v1/NumberTraffic?${query}`);
        assert.deepEqual(codeOf(res), [400, 80701], `${query}: ${res.body}`);
        assert.match(String(res.json.message), /'(Channel|PhoneNumber)' is invalid/);
      }
    });

    test('one record: every field, and its events in order with their data', async () => {
      const number = await aNumber();
      const t0 = api.clock.now();
      const call = await seedTraffic(number, {
        channel: 'voice', resourceSid: sid('call'), body: '', application: 'flow', flowSid: sid('flow'), flowRevision: 3, attestation: 'B',
        status: 'completed', durationSeconds: 42,
      }, [
        { at: t0, kind: 'flow-step', detail: 'Took node "open-hours": weekday 09:00-17:00 matched', data: { node: 'open-hours' } },
        { at: new Date(t0.getTime() + 1000), kind: 'digits', detail: 'The caller pressed 2', data: { digits: '2' } },
        { at: new Date(t0.getTime() + 2000), kind: 'status', detail: 'completed after 42 s', data: { CallStatus: 'completed', CallDuration: '42' } },
      ]);
      const res = await api.get(`/masq/v1/NumberTraffic/${call.sid}`);
      assert.equal(res.status, 200, res.body);
      const { events, ...record } = res.json;
      assert.deepEqual(record, {
        sid: call.sid, account_sid: ACCOUNT_SID, phone_number_sid: number.sid, phone_number: number.phoneNumber, channel: 'voice', carrier: 'sandbox',
        resource_sid: call.resourceSid, from: call.from, to: number.phoneNumber, body: '', application: 'flow', attestation: 'B',
        flow_sid: call.flowSid, flow_revision: 3, status: 'completed', duration: 42,
        date_created: call.dateCreated.toISOString().replace(/\.\d{3}Z$/, 'Z'), date_updated: call.dateUpdated.toISOString().replace(/\.\d{3}Z$/, 'Z'),
        url: `${BASE}/masq/v1/NumberTraffic/${call.sid}`,
        links: { phone_number: `${BASE}/masq/v1/Numbers/${number.sid}`, flow: `${BASE}/masq/v1/Flows/${call.flowSid}`, reply: null },
      });
      assert.deepEqual(events, [
        { seq: 1, at: t0.toISOString().replace(/\.\d{3}Z$/, 'Z'), kind: 'flow-step', detail: 'Took node "open-hours": weekday 09:00-17:00 matched', data: { node: 'open-hours' } },
        { seq: 2, at: new Date(t0.getTime() + 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'), kind: 'digits', detail: 'The caller pressed 2', data: { digits: '2' } },
        { seq: 3, at: new Date(t0.getTime() + 2000).toISOString().replace(/\.\d{3}Z$/, 'Z'), kind: 'status', detail: 'completed after 42 s', data: { CallStatus: 'completed', CallDuration: '42' } },
      ]);
      const message = await seedTraffic(number);
      const fetched = await api.get(`/masq/v1/NumberTraffic/${message.sid}`);
      assert.equal(obj(fetched.json, 'links').reply, `${BASE}/masq/v1/NumberTraffic/${message.sid}/Reply`);
      assert.deepEqual(fetched.json.events, []);
    });

    test("another account's record is not found, and a malformed sid is refused", async () => {
      const theirs = await seedTraffic(await aNumber(OTHER_SID));
      const res = await api.get(`/masq/v1/NumberTraffic/${theirs.sid}`);
      assert.deepEqual(codeOf(res), [404, 20404], res.body);
      assert.equal((await api.get(`/masq/v1/NumberTraffic/${theirs.sid}`, OTHER_AUTH)).status, 200, 'its owner sees it');
      assert.deepEqual(codeOf(await api.get('/masq/v1/NumberTraffic/NT123')), [400, 80701]);
      assert.deepEqual(codeOf(await reply(theirs.sid, { Body: 'hi' })), [404, 20404], 'nor can it be replied to');
    });

    test('a reply reaches the sender from the number, and is logged on the traffic', async () => {
      const number = await aNumber();
      const message = await seedTraffic(number);
      const media = ['https://media.example.invalid/a.png', 'https://media.example.invalid/b.png'];
      const res = await reply(message.sid, { Body: 'Open until 6pm today.', MediaUrl: media });
      assert.equal(res.status, 201, res.body);
      const messageSid = str(res.json, 'message_sid');
      assert.deepEqual({ ...res.json, message_sid: 'SM', date_created: 'date' }, {
        traffic_sid: message.sid, account_sid: ACCOUNT_SID, phone_number_sid: number.sid, from: number.phoneNumber, to: message.from,
        body: 'Open until 6pm today.', num_media: '2', media_urls: media, carrier: 'sandbox', message_sid: 'SM', status: 'delivered',
        error_code: null, error_message: null, date_created: 'date', url: `${BASE}/masq/v1/NumberTraffic/${message.sid}`,
      });

      const received = await inbox(message.from);
      assert.deepEqual(received.map((m) => [m.from, m.to, m.body]), [[number.phoneNumber, message.from, 'Open until 6pm today.']]);
      const events = await eventsOf(message.sid);
      assert.equal(events.length, 1);
      const [logged] = events;
      assert.equal(logged?.kind, 'reply');
      assert.equal(logged?.detail, `Reply from ${number.phoneNumber} to ${message.from} sent (${messageSid})`);
      const data = obj(logged ?? {}, 'data');
      assert.deepEqual([data.from, data.to, data.body, data.media_urls, data.message_sid, data.status, data.carrier],
        [number.phoneNumber, message.from, 'Open until 6pm today.', media.join(' '), messageSid, 'delivered', 'sandbox']);
      // The installation's default gating mode is warn: an unregistered US long code is let through and the warning kept.
      assert.equal(data.warning_code, '30034');
      assert.equal(data.error_code, undefined);

      const again = await reply(message.sid, { Body: 'Open until 6pm today.' });
      assert.equal(again.status, 201, 'a second reply is another message');
      assert.equal((await inbox(message.from)).length, 2);
      assert.deepEqual((await eventsOf(message.sid)).map((e) => [e.seq, e.kind]), [[1, 'reply'], [2, 'reply']]);
    });

    test('a retried reply with the same I-Twilio-Idempotency-Token is sent once', async () => {
      const message = await seedTraffic(await aNumber());
      const headers = { 'i-twilio-idempotency-token': 'reply-once-1' };
      const first = await reply(message.sid, { Body: 'once' }, undefined, headers);
      const second = await reply(message.sid, { Body: 'once' }, undefined, headers);
      assert.deepEqual([first.status, second.status], [201, 201]);
      assert.equal(second.body, first.body, 'the first answer, replayed');
      assert.equal((await inbox(message.from)).length, 1);
      assert.equal((await eventsOf(message.sid)).length, 1);
    });

    test('a reply needs a Body or MediaUrl, and valid media', async () => {
      const message = await seedTraffic(await aNumber());
      assert.deepEqual(codeOf(await reply(message.sid, {})), [400, 80701]);
      assert.deepEqual(codeOf(await reply(message.sid, { Body: 'x', MediaUrl: 'ftp://media.example.invalid/a.png' })), [400, 21620]);
      const eleven = Array.from({ length: 11 }, (_, i) => `https://media.example.invalid/${i}.png`);
      assert.deepEqual(codeOf(await reply(message.sid, { Body: 'x', MediaUrl: eleven })), [400, 21623]);
      assert.deepEqual(codeOf(await reply(message.sid, { Body: 'x'.repeat(1601) })), [400, 80701]);
      assert.deepEqual(await inbox(message.from), [], 'nothing was sent');
      assert.deepEqual(await eventsOf(message.sid), []);
    });

    test('a call cannot be replied to', async () => {
      const call = await aCall(await aNumber());
      const res = await reply(call.sid, { Body: 'hi' });
      assert.deepEqual(codeOf(res), [400, 80701], res.body);
      assert.match(String(res.json.message), /is a call: only a message can be replied to/);
    });

    test('a sender who opted out of the number gets no reply (21610)', async () => {
      const number = await aNumber();
      const message = await seedTraffic(number, { body: 'STOP' });
      await api.runtime.deps.store.recordOptOut(number.phoneNumber, message.from, 'STOP', api.clock.now());
      const res = await reply(message.sid, { Body: 'Sorry to see you go' });
      assert.deepEqual(codeOf(res), [400, 21610], res.body);
      assert.deepEqual(await inbox(message.from), []);
      assert.deepEqual(await eventsOf(message.sid), []);
    });

    test('no reply from a number the account released or gave away (21606)', async () => {
      const released = await aNumber();
      const toReleased = await seedTraffic(released);
      const gone = await api.del(`/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers/${released.sid}.json`);
      assert.equal(gone.status, 204, gone.body);
      const quarantined = await reply(toReleased.sid, { Body: 'hello?' });
      assert.deepEqual(codeOf(quarantined), [400, 21606], quarantined.body);

      const moved = await aNumber();
      const toMoved = await seedTraffic(moved);
      assert.ok(await api.runtime.deps.store.moveNumberToAccount(ACCOUNT_SID, moved.sid, OTHER_SID, api.clock.now()));
      assert.deepEqual(codeOf(await reply(toMoved.sid, { Body: 'hello?' })), [400, 21606]);
      assert.deepEqual([...(await inbox(toReleased.from)), ...(await inbox(toMoved.from)), ...(await inbox(toMoved.from, OTHER_AUTH))], []);
      assert.equal((await api.get(`/masq/v1/NumberTraffic/${toMoved.sid}`)).status, 200, 'the log stays with the account it happened to');
    });

    test('gating in enforce mode: the reply is accepted, not sent, and logged with the code', async () => {
      // The other account's policy, so this suite's other tests keep the default mode.
      const policy = await api.post('/masq/v1/NumberPolicy', { SmsGating: 'enforce' }, OTHER_AUTH);
      assert.equal(policy.status, 200, policy.body);
      const message = await seedTraffic(await aNumber(OTHER_SID));
      const res = await reply(message.sid, { Body: 'Open until 6pm today.' }, OTHER_AUTH);
      assert.equal(res.status, 201, res.body);
      assert.deepEqual([res.json.status, res.json.message_sid, res.json.error_code], ['undelivered', null, 30034]);
      assert.match(String(res.json.error_message), /cannot text/);
      assert.deepEqual(await inbox(message.from, OTHER_AUTH), []);
      const [logged] = await eventsOf(message.sid, OTHER_AUTH);
      const data = obj(logged ?? {}, 'data');
      assert.deepEqual([logged?.kind, data.status, data.error_code, data.message_sid], ['reply', 'undelivered', '30034', undefined]);
      assert.match(String(logged?.detail), /blocked \(30034\)/);
    });

    test('a carrier that cannot send: 502, and the failure is logged on the traffic', async () => {
      // A number held through a carrier account no longer configured: its sends fail.
      const message = await seedTraffic(await aNumber(ACCOUNT_SID, 'retired-carrier'));
      const res = await reply(message.sid, { Body: 'hello' });
      assert.deepEqual(codeOf(res), [502, 80613], res.body);
      const [logged] = await eventsOf(message.sid);
      const data = obj(logged ?? {}, 'data');
      assert.deepEqual([logged?.kind, data.status, data.carrier], ['reply', 'failed', 'retired-carrier']);
      assert.ok(typeof data.error_message === 'string' && data.error_message !== '');
    });
  });
}
