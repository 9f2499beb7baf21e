// Quarantine and opt-outs as a new user meets them on the sandbox: the official twilio client releases a
// number and sends MessageInteractions against a listening masq (loopback), and virtual phones call and
// text through the /sandbox routes, whose answers say what masq did with the traffic.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { QUARANTINE_ANNOUNCEMENT } from '../../src/app/quarantined-traffic.ts';
import { ACCOUNT_SID, AUTH_TOKEN, list, obj, startApi, type Api } from './support.ts';

type Client = ReturnType<typeof twilio>;

const RIDER = '+14155550111', DRIVER = '+14155550222', STRANGER = '+14155550333';
const RIDER_PROXY = '+14155551001', DRIVER_PROXY = '+14155551002';
const REPLY = 'This number is no longer in service.';
const enc = encodeURIComponent;

const rejectsWith = async (work: () => Promise<unknown>, status: number, code: number): Promise<void> => {
  await assert.rejects(work, (err: unknown) => {
    assert.ok(err instanceof twilio.RestException, `RestException, got ${String(err)}`);
    assert.equal(err.status, status);
    assert.equal(err.code, code);
    assert.equal(err.moreInfo, `https://www.twilio.com/docs/errors/${code}`);
    return true;
  });
};

describe('quarantine and opt-outs on the sandbox, with the twilio client', () => {
  let api: Api;
  let client: Client;
  let serviceSid = '';

  before(async () => {
    api = await startApi();
    const origin = await api.app.listen({ host: '127.0.0.1', port: 0 });
    client = twilio(ACCOUNT_SID, AUTH_TOKEN);
    client.proxy.baseUrl = origin;
    client.api.baseUrl = origin;
    serviceSid = (await client.proxy.v1.services.create({ uniqueName: 'rides' })).sid;
    for (const phoneNumber of [RIDER_PROXY, DRIVER_PROXY]) await client.proxy.v1.services(serviceSid).phoneNumbers.create({ phoneNumber });
  });
  after(async () => { await api.close(); });

  const text = async (from: string, to: string, body: string) => {
    const res = await api.post(`/sandbox/phones/${enc(from)}/messages`, { To: to, Body: body });
    assert.equal(res.status, 201, res.body);
    return obj(res.json, 'routing');
  };
  const inbox = async (phone: string) =>
    list((await api.get(`/sandbox/phones/${enc(phone)}/messages`)).json, 'messages').filter((m) => m.direction === 'received').map((m) => [m.from, m.body]);

  const session = async (name: string) => {
    const created = await client.proxy.v1.services(serviceSid).sessions.create({ uniqueName: name });
    const join = (identifier: string, proxyIdentifier: string) =>
      client.proxy.v1.services(serviceSid).sessions(created.sid).participants.create({ identifier, proxyIdentifier });
    return { sid: created.sid, rider: await join(RIDER, RIDER_PROXY), driver: await join(DRIVER, DRIVER_PROXY) };
  };

  test('STOP from a virtual phone: the app\'s MessageInteraction is refused with 21610, the partner\'s texts too, until START', async () => {
    const s = await session('stop-start');
    assert.deepEqual(await text(DRIVER, DRIVER_PROXY, 'STOP'), { outcome: 'nothing', error_code: 80901, reason: 'Opt-out words are never forwarded', interaction_sid: null });
    const interactions = () => client.proxy.v1.services(serviceSid).sessions(s.sid).participants(s.driver.sid).messageInteractions;
    await rejectsWith(() => interactions().create({ body: 'Your driver is here' }), 400, 21610);
    const refused = await text(RIDER, RIDER_PROXY, 'where are you?');
    assert.equal(refused.outcome, 'nothing');
    assert.equal(refused.error_code, 21610);
    assert.deepEqual(await inbox(DRIVER), []);

    await text(DRIVER, DRIVER_PROXY, 'start');
    const sent = await interactions().create({ body: 'Your driver is here' });
    assert.equal(sent.outboundResourceStatus, 'delivered');
    assert.equal((await text(RIDER, RIDER_PROXY, 'where are you?')).outcome, 'forward');
    assert.deepEqual(await inbox(DRIVER), [[DRIVER_PROXY, 'Your driver is here'], [DRIVER_PROXY, 'where are you?']]);
    await client.proxy.v1.services(serviceSid).sessions(s.sid).remove();
  });

  test('a number released with the client: its callers hear it is out of service, its texters get the reply', async () => {
    await api.runtime.deps.store.setNumberPolicy(ACCOUNT_SID, JSON.stringify({ quarantineSmsReply: REPLY }), new Date());
    const [number] = await client.api.v2010.accounts(ACCOUNT_SID).incomingPhoneNumbers.list({ phoneNumber: RIDER_PROXY });
    assert.ok(number, 'the pool number is in the inventory');
    await client.api.v2010.accounts(ACCOUNT_SID).incomingPhoneNumbers(number.sid).remove();

    const called = await api.post(`/sandbox/phones/${enc(STRANGER)}/calls`, { To: RIDER_PROXY });
    assert.equal(called.status, 201, called.body);
    const call = obj(called.json, 'call');
    assert.deepEqual([call.status, call.heard, call.bridged_with], ['completed', QUARANTINE_ANNOUNCEMENT, null]);
    assert.equal(obj(called.json, 'routing').error_code, 80601);

    assert.equal((await text(STRANGER, RIDER_PROXY, 'is this still the taxi?')).outcome, 'reply');
    assert.deepEqual(await inbox(STRANGER), [[RIDER_PROXY, REPLY]]);
    const summary = (await api.runtime.deps.store.misdirectedSummary(number.sid)).map((m) => [m.sender, m.channel, m.count]).sort();
    assert.deepEqual(summary, [[STRANGER, 'message', 1], [STRANGER, 'voice', 1]]);
  });
});
