// Cost records as a user's traffic makes them, on the sandbox with the official twilio client, on SQLite and
// PostgreSQL: an SMS conversation bills its inbound and forwarded segments, a retried webhook bills once, a
// masked call bills both legs rounded to the card's increment, a MessageInteraction bills its outbound
// segments, and a number bills its lease when added and then once per period (never while quarantined).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { billDueLeases } from '../../src/app/bill-leases.ts';
import { routeInbound } from '../../src/app/route-inbound.ts';
import type { CostRecord } from '../../src/domain/usage/cost-record.ts';
import { suiteDatabaseUrl, TEST_DIALECTS, type TestDatabase } from '../support/stores.ts';
import { ACCOUNT_SID, AUTH_TOKEN, list, obj, startApi, type Api } from './support.ts';

type Client = ReturnType<typeof twilio>;

const RIDER = '+14155550111', DRIVER = '+14155550222';
const RIDER_PROXY = '+14155551001', DRIVER_PROXY = '+18005550100'; // the driver's side is toll-free
const enc = encodeURIComponent;

const brief = (r: CostRecord) => [r.category, r.billableQuantity, r.amountMicros, r.phoneNumber];

for (const dialect of TEST_DIALECTS) {
  describe(`cost records on the sandbox (${dialect})`, () => {
    let db: TestDatabase;
    let api: Api;
    let client: Client;
    let serviceSid = '';
    const numberSids = new Map<string, string>();

    before(async () => {
      db = await suiteDatabaseUrl(dialect);
      // The sandbox's card, with a 6/6 increment on calls so rounding shows.
      api = await startApi({ config: { databaseUrl: db.url, rates: { sandbox: { voice: { increment: '6/6' } } } } });
      const origin = await api.app.listen({ host: '127.0.0.1', port: 0 });
      client = twilio(ACCOUNT_SID, AUTH_TOKEN);
      client.proxy.baseUrl = origin;
      client.api.baseUrl = origin;
      serviceSid = (await client.proxy.v1.services.create({ uniqueName: 'costs' })).sid;
      for (const phoneNumber of [RIDER_PROXY, DRIVER_PROXY]) {
        numberSids.set(phoneNumber, (await client.proxy.v1.services(serviceSid).phoneNumbers.create({ phoneNumber })).sid);
      }
    });
    after(async () => {
      await api?.close();
      await db?.drop();
    });

    const records = async (resourceSid?: string): Promise<CostRecord[]> => {
      const all = await api.runtime.deps.store.listCostRecords({
        accountSids: [ACCOUNT_SID], from: new Date('2000-01-01T00:00:00Z'), until: new Date('2100-01-01T00:00:00Z'), limit: 1000,
      });
      return all.filter((r) => resourceSid === undefined || r.resourceSid === resourceSid);
    };
    const session = async (name: string) => {
      const created = await client.proxy.v1.services(serviceSid).sessions.create({ uniqueName: name });
      const join = (identifier: string, proxyIdentifier: string) =>
        client.proxy.v1.services(serviceSid).sessions(created.sid).participants.create({ identifier, proxyIdentifier });
      return { sid: created.sid, rider: await join(RIDER, RIDER_PROXY), driver: await join(DRIVER, DRIVER_PROXY) };
    };
    const close = (sessionSid: string) => client.proxy.v1.services(serviceSid).sessions(sessionSid).remove();

    test('adding a number bills its first lease month at once', async () => {
      const leases = (await records()).filter((r) => r.unit === 'numbers');
      assert.deepEqual(leases.map(brief).sort(), [
        ['phonenumbers-local', 1, 1_150_000, RIDER_PROXY], ['phonenumbers-tollfree', 1, 2_150_000, DRIVER_PROXY],
      ]);
      assert.ok(leases.every((r) => r.eventKey === `${r.resourceSid}:lease:${r.occurredAt.toISOString().slice(0, 7)}` && r.rateCardVersion === 'sandbox-2026'));
    });

    test('an SMS conversation bills the inbound segments and the forwarded ones (toll-free: 152 per part, with its surcharge)', async () => {
      const s = await session('sms');
      const body = 'a'.repeat(200); // 2 segments either way
      const sent = await api.post(`/sandbox/phones/${enc(RIDER)}/messages`, { To: RIDER_PROXY, Body: body });
      assert.equal(obj(sent.json, 'routing').outcome, 'forward', sent.body);
      const [interaction] = await client.proxy.v1.services(serviceSid).sessions(s.sid).interactions.list();
      assert.ok(interaction);
      assert.deepEqual((await records(interaction.sid)).map(brief).sort(), [
        ['sms-inbound-longcode', 2, 16_600, RIDER_PROXY],
        ['sms-messages-carrierfees', 2, 5000, DRIVER_PROXY],
        ['sms-outbound-tollfree', 2, 16_600, DRIVER_PROXY],
      ]);
      assert.ok((await records(interaction.sid)).every((r) => r.serviceSid === serviceSid && r.carrier === 'sandbox'));

      // The app's own message from the driver's toll-free number: 306 GSM-7 septets are 3 parts of 152 to the US.
      const mi = await client.proxy.v1.services(serviceSid).sessions(s.sid).participants(s.driver.sid).messageInteractions.create({ body: 'b'.repeat(306) });
      assert.deepEqual((await records(mi.sid)).map(brief).sort(), [
        ['sms-messages-carrierfees', 3, 7500, DRIVER_PROXY], ['sms-outbound-tollfree', 3, 24_900, DRIVER_PROXY],
      ]);
      await close(s.sid);
    });

    test('a retried webhook bills nothing twice; a refused message bills only its inbound side', async () => {
      const s = await session('retry');
      const event = {
        channel: 'message' as const, carrier: 'sandbox', resourceSid: `SM${'7'.repeat(32)}`, from: RIDER, to: RIDER_PROXY,
        body: 'hello', mediaUrls: [], carrierParams: {},
      };
      await routeInbound(api.runtime.deps, event);
      await routeInbound(api.runtime.deps, event);
      const [interaction] = await client.proxy.v1.services(serviceSid).sessions(s.sid).interactions.list();
      assert.ok(interaction);
      assert.deepEqual((await records(interaction.sid)).map((r) => r.eventKey).sort(), [
        `${interaction.sid}:in`, `${interaction.sid}:out`, `${interaction.sid}:out:sms-messages-carrierfees`,
      ]);

      // The driver opted out of the proxy number: the rider's next text is logged as refused (21610), never sent.
      await api.post(`/sandbox/phones/${enc(DRIVER)}/messages`, { To: DRIVER_PROXY, Body: 'STOP' });
      const refused = obj((await api.post(`/sandbox/phones/${enc(RIDER)}/messages`, { To: RIDER_PROXY, Body: 'anyone?' })).json, 'routing');
      assert.equal(refused.error_code, 21610);
      // Logged, both: the STOP (billed inbound on the toll-free number) and the refused text (inbound only).
      const logged = (await client.proxy.v1.services(serviceSid).sessions(s.sid).interactions.list()).filter((i) => i.sid !== interaction.sid);
      const billed = (await Promise.all(logged.map((i) => records(i.sid)))).flat();
      assert.deepEqual(billed.map((r) => [r.eventKey.split(':')[1], r.category]).sort(), [['in', 'sms-inbound-longcode'], ['in', 'sms-inbound-tollfree']]);
      await api.post(`/sandbox/phones/${enc(DRIVER)}/messages`, { To: DRIVER_PROXY, Body: 'START' });
      await close(s.sid);
    });

    test('a masked call bills two legs, each rounded up to the card\'s increment', async () => {
      const s = await session('call');
      const placed = await api.post(`/sandbox/phones/${enc(RIDER)}/calls`, { To: RIDER_PROXY });
      assert.equal(obj(placed.json, 'routing').outcome, 'forward', placed.body);
      const ringing = list((await api.get(`/sandbox/phones/${enc(DRIVER)}/calls`)).json, 'calls').at(-1);
      const legSid = String(ringing?.sid);
      assert.equal((await api.post(`/sandbox/calls/${legSid}/answer`)).status, 200);
      api.clock.advance(61);
      const ended = await api.post(`/sandbox/calls/${legSid}/hangup`);
      assert.equal(ended.json.status, 'completed');
      const [interaction] = await client.proxy.v1.services(serviceSid).sessions(s.sid).interactions.list();
      assert.ok(interaction);
      const legs = await records(interaction.sid);
      const seconds = Number(ended.json.duration);
      const billed = Math.ceil(seconds / 6) * 6;
      assert.deepEqual(legs.map(brief).sort(), [
        ['calls-inbound-local', billed, Math.round((billed * 8500) / 60), RIDER_PROXY],
        ['calls-outbound', billed, Math.round((billed * 14_000) / 60), DRIVER_PROXY],
      ]);
      assert.ok(legs.every((r) => r.unit === 'seconds' && r.quantity === seconds));
      await close(s.sid);
    });

    test('the lease pass bills each active number once per period, and never a quarantined one', async () => {
      const before = (await records()).filter((r) => r.unit === 'numbers').length;
      assert.deepEqual(await billDueLeases(api.runtime.deps), { billed: 0, more: false });
      // The toll-free number is released: quarantined, its next months are the platform's cost.
      await client.api.v2010.accounts(ACCOUNT_SID).incomingPhoneNumbers(numberSids.get(DRIVER_PROXY) ?? '').remove();
      api.clock.advance(32 * 86_400);
      assert.deepEqual(await billDueLeases(api.runtime.deps), { billed: 1, more: false });
      assert.deepEqual(await billDueLeases(api.runtime.deps), { billed: 0, more: false });
      const leases = (await records()).filter((r) => r.unit === 'numbers');
      assert.equal(leases.length, before + 1);
      assert.deepEqual(brief(leases.at(-1) ?? leases[0] ?? assert.fail('no lease')).slice(0, 2), ['phonenumbers-local', 1]);
      assert.ok(leases.filter((r) => r.phoneNumber === RIDER_PROXY).length === 2);
    });

    test('a bought number bills its first lease month when its order completes', async () => {
      const [offer] = await client.api.v2010.accounts(ACCOUNT_SID).availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 1 });
      assert.ok(offer);
      const bought = await client.api.v2010.accounts(ACCOUNT_SID).incomingPhoneNumbers.create({ phoneNumber: offer.phoneNumber });
      const fetched = await client.api.v2010.accounts(ACCOUNT_SID).incomingPhoneNumbers(bought.sid).fetch();
      assert.equal(fetched.status, 'in-use');
      assert.deepEqual((await records(bought.sid)).map(brief), [['phonenumbers-local', 1, 1_150_000, offer.phoneNumber]]);
      assert.deepEqual(await billDueLeases(api.runtime.deps), { billed: 0, more: false });
    });
  });
}
