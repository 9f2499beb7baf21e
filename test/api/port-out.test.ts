// Port-out as an owner meets it, on SQLite and PostgreSQL: a simulated gaining carrier asks for a sandbox
// number (POST /sandbox/PortOuts) with the number's PIN; the official twilio client sees the number leave
// its pool, fails to release it while it ports out, and after the due date (the clock moved, the sweeper's
// pass run by hand) finds it gone from IncomingPhoneNumbers and its session closed with the reason. Wrong
// PINs are rejected and counted, the owner rejects or authorizes, and the PIN is rotated.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { sweepPortOuts } from '../../src/app/port-out/port-out-sweeper.ts';
import { rejectsWithTwilioError } from '../support/assertions.ts';
import { callbackOf } from '../support/jobs.ts';
import { TEST_DIALECTS } from '../support/stores.ts';
import { startSuiteApi } from './suite-api.ts';
import { ACCOUNT_SID, AUTH_TOKEN, list, obj, OTHER_AUTH, str, type Api, type Response } from './support.ts';

type Client = ReturnType<typeof twilio>;

const DAY = 86_400;
const RIDER = '+14155550111', DRIVER = '+14155550222';
const enc = encodeURIComponent;

for (const dialect of TEST_DIALECTS) {
  describe(`port-out (${dialect})`, () => {
    let api: Api;
    let client: Client;
    let serviceSid = '';
    let counter = 0;

    before(async () => {
      api = await startSuiteApi(dialect);
      const origin = await api.app.listen({ host: '127.0.0.1', port: 0 });
      client = twilio(ACCOUNT_SID, AUTH_TOKEN);
      client.proxy.baseUrl = origin;
      client.api.baseUrl = origin;
      client.numbers.baseUrl = `${origin}/numbers`;
      serviceSid = (await client.proxy.v1.services.create({ uniqueName: 'rides' })).sid;
    });
    after(() => api.close());

    /** A fresh sandbox number in the service's pool: its PN sid and E.164. */
    const poolNumber = async (): Promise<{ sid: string; e164: string }> => {
      counter += 1;
      const e164 = `+1415555${String(2000 + counter).padStart(4, '0')}`;
      const added = await client.proxy.v1.services(serviceSid).phoneNumbers.create({ phoneNumber: e164 });
      return { sid: added.sid, e164 };
    };
    const pinOf = async (sid: string): Promise<string> => {
      const res = await api.get(`/masq/v1/Numbers/${sid}/PortOutPin`);
      assert.equal(res.status, 200, res.body);
      return str(res.json, 'port_out_pin');
    };
    const ask = (e164: string, pin: string, extra: Record<string, string> = {}, auth?: string): Promise<Response> =>
      api.post('/sandbox/PortOuts', { PhoneNumber: e164, Pin: pin, GainingCarrier: 'Acme Mobile', ...extra }, auth);
    const numberState = async (sid: string): Promise<unknown> => (await api.get(`/masq/v1/Numbers/${sid}`)).json.state;
    const inPool = async (sid: string): Promise<boolean> =>
      (await client.proxy.v1.services(serviceSid).phoneNumbers.list()).some((n) => n.sid === sid);
    const sweep = () => sweepPortOuts(api.runtime.deps);

    test('the right PIN: porting out, out of the pool, not releasable; on the due date it leaves and its session closes', async () => {
      const rider = await poolNumber();
      const driver = await poolNumber();
      const session = await client.proxy.v1.services(serviceSid).sessions.create({ uniqueName: 'before-port' });
      await client.proxy.v1.services(serviceSid).sessions(session.sid).participants.create({ identifier: RIDER, proxyIdentifier: rider.e164 });
      await client.proxy.v1.services(serviceSid).sessions(session.sid).participants.create({ identifier: DRIVER, proxyIdentifier: driver.e164 });

      const asked = await ask(rider.e164, await pinOf(rider.sid));
      assert.equal(asked.status, 201, asked.body);
      assert.equal(asked.json.status, 'pending');
      assert.equal(asked.json.phone_number_sid, rider.sid);
      assert.equal(asked.json.gaining_carrier, 'Acme Mobile');
      const due = new Date(str(asked.json, 'due_date'));
      assert.ok(due.getTime() > Date.now(), 'the owner has a window before it completes');
      const po = str(asked.json, 'sid');
      assert.match(po, /^PO[0-9a-f]{32}$/);

      assert.equal(await numberState(rider.sid), 'porting-out');
      assert.equal(await inPool(rider.sid), false, 'a number porting out is given to no new session');
      await rejectsWithTwilioError(() => client.api.v2010.accounts(ACCOUNT_SID).incomingPhoneNumbers(rider.sid).remove(), 400, 22137);
      const again = await ask(rider.e164, await pinOf(rider.sid));
      assert.deepEqual([again.status, again.json.code], [400, 22137]);
      // Its open session carries on until the port completes.
      const texted = await api.post(`/sandbox/phones/${enc(DRIVER)}/messages`, { To: driver.e164, Body: 'still there?' });
      assert.equal(obj(texted.json, 'routing').outcome, 'forward', texted.body);
      const listed = list((await api.get('/masq/v1/PortOuts?Status=pending')).json, 'port_outs');
      assert.ok(listed.some((p) => p.sid === po));

      assert.deepEqual(await sweep(), { completed: 0, failed: 0, more: false }, 'nothing is due yet');
      api.clock.advance(5 * DAY);
      assert.equal((await sweep()).completed, 1);

      const done = await api.get(`/masq/v1/PortOuts/${po}`);
      assert.equal(done.json.status, 'completed');
      assert.ok(done.json.date_completed);
      const detail = await api.get(`/masq/v1/Numbers/${rider.sid}`);
      assert.equal(detail.json.state, 'ported-out');
      assert.match(String(detail.json.state_reason), /ported out to Acme Mobile/);
      assert.equal(detail.json.quarantine_until, null, 'no quarantine: it is no longer ours');
      assert.equal(detail.json.port_out_pin, null);
      const held = await client.api.v2010.accounts(ACCOUNT_SID).incomingPhoneNumbers.list({ phoneNumber: rider.e164 });
      assert.deepEqual(held, [], 'gone from IncomingPhoneNumbers');
      const closed = await client.proxy.v1.services(serviceSid).sessions(session.sid).fetch();
      assert.deepEqual([closed.status, closed.closedReason], ['closed', 'proxy number ported out']);
      assert.equal(await inPool(rider.sid), false);
      assert.equal((await sweep()).completed, 0, 'completed once');
    });

    test('a wrong PIN or account number is rejected and recorded; the number stays, and the owner sees the attempts', async () => {
      const number = await poolNumber();
      const pin = await pinOf(number.sid);
      const wrong = await ask(number.e164, pin === '00000000' ? '11111111' : '00000000');
      assert.equal(wrong.status, 201, wrong.body);
      assert.deepEqual([wrong.json.status, wrong.json.rejection_code, wrong.json.due_date], ['rejected', 'PASSCODE_PIN_INVALID', null]);
      await ask(number.e164, 'not-even-digits');
      const mismatch = await ask(number.e164, pin, { AccountNumber: 'AC-someone-else' });
      assert.deepEqual([mismatch.json.status, mismatch.json.rejection_code], ['rejected', 'ACCOUNT_NUMBER_MISMATCH']);

      assert.equal(await numberState(number.sid), 'active');
      assert.equal(await inPool(number.sid), true);
      const pinView = await api.get(`/masq/v1/Numbers/${enc(number.e164)}/PortOutPin`);
      assert.equal(pinView.json.wrong_pin_attempts, 2);
      assert.ok(pinView.json.last_wrong_pin_at);
      const rejected = list((await api.get(`/masq/v1/PortOuts?Status=rejected&PhoneNumber=${enc(number.e164)}`)).json, 'port_outs');
      assert.deepEqual(rejected.map((p) => p.rejection_code), ['PASSCODE_PIN_INVALID', 'PASSCODE_PIN_INVALID', 'ACCOUNT_NUMBER_MISMATCH']);

      const right = await ask(number.e164, pin, { AccountNumber: ACCOUNT_SID });
      assert.equal(right.json.status, 'pending', 'the account number masq gives is the AC sid');
    });

    test('the owner rejects with a reason within the window: the number is active again, back in its pool as it was', async () => {
      const number = await poolNumber();
      await client.proxy.v1.services(serviceSid).phoneNumbers(number.sid).update({ isReserved: true });
      const asked = await ask(number.e164, await pinOf(number.sid), { RequestedDate: new Date(Date.now() + 10 * DAY * 1000).toISOString() });
      const po = str(asked.json, 'sid');
      assert.ok(new Date(str(asked.json, 'due_date')).getTime() > Date.now() + 9 * DAY * 1000, 'the requested date is kept');

      const noReason = await api.post(`/masq/v1/PortOuts/${po}`, { Status: 'rejected' });
      assert.deepEqual([noReason.status, noReason.json.code], [400, 80701]);
      const rejected = await api.post(`/masq/v1/PortOuts/${po}`, { Status: 'rejected', Reason: 'Not authorized by the business owner' });
      assert.equal(rejected.status, 200, rejected.body);
      assert.deepEqual([rejected.json.status, rejected.json.rejection_code, rejected.json.rejection_reason], ['rejected', 'OWNER_REJECTED', 'Not authorized by the business owner']);
      assert.equal(await numberState(number.sid), 'active');
      const back = await client.proxy.v1.services(serviceSid).phoneNumbers(number.sid).fetch();
      assert.equal(back.isReserved, true);

      const late = await api.post(`/masq/v1/PortOuts/${po}`, { Status: 'authorized' });
      assert.deepEqual([late.status, late.json.code], [400, 80701]);
      api.clock.advance(11 * DAY);
      await sweep();
      assert.equal(await numberState(number.sid), 'active', 'a rejected request never completes');
    });

    test('the owner authorizes: it still completes on its due date', async () => {
      const number = await poolNumber();
      const po = str((await ask(number.e164, await pinOf(number.sid))).json, 'sid');
      const authorized = await api.post(`/masq/v1/PortOuts/${po}`, { Status: 'authorized' });
      assert.equal(authorized.json.status, 'authorized', authorized.body);
      api.clock.advance(5 * DAY);
      await sweep();
      assert.equal((await api.get(`/masq/v1/PortOuts/${po}`)).json.status, 'completed');
      assert.equal(await numberState(number.sid), 'ported-out');
      const late = await api.post(`/masq/v1/PortOuts/${po}`, { Status: 'rejected', Reason: 'too late' });
      assert.equal(late.status, 400);
    });

    test('PIN rotation: the owner sets one or has a new one made; the old one stops working', async () => {
      const number = await poolNumber();
      const first = await pinOf(number.sid);
      assert.match(first, /^\d{8}$/);
      assert.equal((await api.get(`/masq/v1/Numbers/${number.sid}`)).json.port_out_pin, first, 'shown on the number too');
      assert.equal(await pinOf(number.sid), first, 'stable until changed');

      const set = await api.post(`/masq/v1/Numbers/${number.sid}/PortOutPin`, { Pin: '4321' });
      assert.deepEqual([set.status, set.json.port_out_pin, set.json.wrong_pin_attempts], [200, '4321', 0]);
      assert.equal((await ask(number.e164, first)).json.status, 'rejected');
      const bad = await api.post(`/masq/v1/Numbers/${number.sid}/PortOutPin`, { Pin: '12ab' });
      assert.deepEqual([bad.status, bad.json.code], [400, 80701]);

      const rotated = await api.post(`/masq/v1/Numbers/${number.sid}/PortOutPin`);
      assert.equal(rotated.status, 200, rotated.body);
      const fresh = str(rotated.json, 'port_out_pin');
      assert.match(fresh, /^\d{8}$/);
      assert.equal(rotated.json.wrong_pin_attempts, 0, 'a new PIN starts the count again');
      assert.equal((await ask(number.e164, '4321')).json.status, 'rejected');
      assert.equal((await ask(number.e164, fresh)).json.status, 'pending');
    });

    test('the porting webhook configuration gets the port-out events it asks for, as signed JSON jobs', async () => {
      await client.numbers.v1.portingWebhookConfigurations.create({
        port_out_target_url: 'https://hooks.example.invalid/port-out',
        notifications_of: ['PortOutPhoneNumberPending', 'PortOutPhoneNumberRejected', 'PortOutPhoneNumberCompleted'],
      });
      const number = await poolNumber();
      await ask(number.e164, '0');
      const po = str((await ask(number.e164, await pinOf(number.sid))).json, 'sid');
      await api.post(`/masq/v1/PortOuts/${po}`, { Status: 'authorized' });
      api.clock.advance(5 * DAY);
      await sweep();
      const jobs = await api.runtime.deps.store.listJobs(ACCOUNT_SID, { kind: 'callback', limit: 1000 });
      // Oldest first: the order the changes were made in.
      const events = [...jobs].sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime()).map(callbackOf).filter((c) => c.url === 'https://hooks.example.invalid/port-out')
        .map((c): Record<string, unknown> => JSON.parse(c.json ?? '{}'))
        .filter((e) => e.phone_number === number.e164);
      assert.deepEqual(events.map((e) => [e.event_type, e.status]), [
        ['PortOutPhoneNumberRejected', 'rejected'], ['PortOutPhoneNumberPending', 'pending'], ['PortOutPhoneNumberCompleted', 'completed'],
      ], 'authorized is not among the events asked for');
      const completed = events[2] ?? {};
      assert.deepEqual([completed.account_sid, completed.port_out_request_sid, completed.phone_number_sid, completed.gaining_carrier],
        [ACCOUNT_SID, po, number.sid, 'Acme Mobile']);
    });

    test('another account neither sees the requests nor asks for the numbers; bad input is a 400', async () => {
      const number = await poolNumber();
      const po = str((await ask(number.e164, '99999999')).json, 'sid');
      assert.equal((await api.get(`/masq/v1/PortOuts/${po}`, OTHER_AUTH)).status, 404);
      assert.equal((await api.get(`/masq/v1/Numbers/${number.sid}/PortOutPin`, OTHER_AUTH)).status, 404);
      assert.equal((await ask(number.e164, await pinOf(number.sid), {}, OTHER_AUTH)).status, 404);
      assert.equal((await ask('+14155559999', '1234')).status, 404, 'a number masq does not hold');
      assert.equal((await ask('not a number', '1234')).json.code, 80701);
      assert.equal((await ask(number.e164, '1234', { GainingCarrier: ' ' })).json.code, 80701);
      assert.equal((await ask(number.e164, '1234', { RequestedDate: new Date(Date.now() + 200 * DAY * 1000).toISOString() })).json.code, 80701);
      assert.equal((await api.get('/masq/v1/PortOuts?Status=bogus')).json.code, 80701);
      assert.equal((await api.get('/masq/v1/PortOuts/PO123')).json.code, 80701);
      assert.equal((await api.post(`/masq/v1/PortOuts/${po}`, { Status: 'maybe' })).json.code, 80701);
    });
  });
}
