// Messaging v1 Services and their number pools through the official twilio client (client.messaging.v1),
// on SQLite and PostgreSQL: Twilio's defaults and fields, v1 paging under /messaging, the pool rules
// (21710 / 21712 / 21714), a released number leaving the pool, and us_app_to_person_registered.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { MESSAGING_POOL_LIMIT } from '../../src/domain/messaging/service.ts';
import { DIALECTS, startMessaging, twilioError, type MessagingHarness } from './messaging-support.ts';
import { ACCOUNT_SID, list, obj, OTHER_AUTH } from './support.ts';

for (const dialect of DIALECTS) {
  describe(`messaging services (${dialect})`, () => {
    let h: MessagingHarness;
    before(async () => { h = await startMessaging(dialect); });
    after(async () => { await h.close(); });

    test('create with a FriendlyName only: Twilio\'s defaults, v1 dates, links under /messaging', async () => {
      const s = await h.client.messaging.v1.services.create({ friendlyName: 'Rides' });
      assert.match(s.sid, /^MG[0-9a-f]{32}$/);
      assert.equal(s.accountSid, ACCOUNT_SID);
      assert.ok(s.dateCreated instanceof Date && s.dateUpdated instanceof Date);
      assert.deepEqual(
        [s.inboundRequestUrl, s.inboundMethod, s.fallbackUrl, s.fallbackMethod, s.statusCallback, s.stickySender, s.mmsConverter, s.smartEncoding,
          s.scanMessageContent, s.fallbackToLongCode, s.areaCodeGeomatch, s.validityPeriod, s.synchronousValidation, s.usecase, s.usAppToPersonRegistered,
          s.useInboundWebhookOnNumber],
        [null, 'POST', null, 'POST', null, true, true, true, 'inherit', true, true, 36000, false, 'undeclared', false, false],
      );
      assert.equal(s.url, `${h.origin}/messaging/v1/Services/${s.sid}`);
      assert.equal(s.links.phone_numbers, `${s.url}/PhoneNumbers`);
      assert.equal(s.links.us_app_to_person, `${s.url}/Compliance/Usa2p`);
      // Messaging's /v1/Services is its own: Proxy's service list does not see it.
      assert.equal((await h.api.get(`/v1/Services/${s.sid}`)).status, 404);
    });

    test('create with every setting, update some, fetch, delete', async () => {
      const s = await h.client.messaging.v1.services.create({
        friendlyName: 'Alerts', inboundRequestUrl: 'https://app.invalid/in', inboundMethod: 'GET', fallbackUrl: 'https://app.invalid/fallback',
        fallbackMethod: 'GET', statusCallback: 'https://app.invalid/status', stickySender: false, mmsConverter: false, smartEncoding: false,
        scanMessageContent: 'disable', fallbackToLongCode: false, areaCodeGeomatch: false, validityPeriod: 600, synchronousValidation: true,
        usecase: 'notifications', useInboundWebhookOnNumber: true,
      });
      assert.deepEqual(
        [s.inboundRequestUrl, s.inboundMethod, s.fallbackMethod, s.stickySender, s.scanMessageContent, s.validityPeriod, s.usecase, s.useInboundWebhookOnNumber],
        ['https://app.invalid/in', 'GET', 'GET', false, 'disable', 600, 'notifications', true],
      );
      const updated = await h.client.messaging.v1.services(s.sid).update({ friendlyName: 'Alerts 2', inboundRequestUrl: '', stickySender: true });
      assert.deepEqual([updated.friendlyName, updated.inboundRequestUrl, updated.stickySender, updated.fallbackUrl], ['Alerts 2', null, true, 'https://app.invalid/fallback']);
      assert.equal((await h.client.messaging.v1.services(s.sid).fetch()).friendlyName, 'Alerts 2');
      assert.equal(await h.client.messaging.v1.services(s.sid).remove(), true);
      await assert.rejects(h.client.messaging.v1.services(s.sid).fetch(), twilioError(20404, 404));
    });

    test('bad input is 400 naming the parameter, never 500; another account sees nothing', async () => {
      const cases: [Record<string, string>, RegExp][] = [
        [{}, /FriendlyName/],
        [{ FriendlyName: 'x', InboundRequestUrl: 'ftp://x.invalid' }, /InboundRequestUrl/],
        [{ FriendlyName: 'x', StatusCallback: 'not a url' }, /StatusCallback/],
        [{ FriendlyName: 'x', ValidityPeriod: '0' }, /ValidityPeriod/],
        [{ FriendlyName: 'x', ValidityPeriod: '36001' }, /ValidityPeriod/],
        [{ FriendlyName: 'x', InboundMethod: 'PUT' }, /InboundMethod/],
        [{ FriendlyName: 'x', ScanMessageContent: 'maybe' }, /ScanMessageContent/],
        [{ FriendlyName: 'x'.repeat(65) }, /FriendlyName/],
      ];
      for (const [fields, message] of cases) {
        const res = await h.api.post('/messaging/v1/Services', fields);
        assert.equal(res.status, 400, JSON.stringify(fields));
        assert.match(String(res.json.message), message);
      }
      const mine = await h.client.messaging.v1.services.create({ friendlyName: 'Mine' });
      assert.equal((await h.api.get(`/messaging/v1/Services/${mine.sid}`, OTHER_AUTH)).status, 404);
      assert.equal((await h.api.del(`/messaging/v1/Services/${mine.sid}`, OTHER_AUTH)).status, 404);
      assert.ok(!list((await h.api.get('/messaging/v1/Services', OTHER_AUTH)).json, 'services').some((s) => s.sid === mine.sid));
    });

    test('list pages with the v1 meta envelope (key services, absolute URLs with /messaging); the client walks every page', async () => {
      const created: string[] = [];
      for (const name of ['P1', 'P2', 'P3']) created.push((await h.client.messaging.v1.services.create({ friendlyName: name })).sid);
      const first = await h.api.get('/messaging/v1/Services?PageSize=2');
      assert.equal(first.status, 200);
      const meta = obj(first.json, 'meta');
      assert.equal(meta.key, 'services');
      assert.equal(meta.page_size, 2);
      assert.ok(String(meta.next_page_url).startsWith('http://masq.test/messaging/v1/Services?PageSize=2&Page=1&PageToken='), String(meta.next_page_url));
      assert.equal(Object.keys(first.json).sort().join(), 'meta,services');
      const all = await h.client.messaging.v1.services.list({ pageSize: 2 });
      for (const sid of created) assert.ok(all.some((s) => s.sid === sid));
    });

    test('pool: add by PN sid, fetch, list; 21710 in this service, 21712 in another; remove keeps the number', async () => {
      const [a, b] = await h.buyNumbers(2);
      assert.ok(a && b);
      const one = await h.client.messaging.v1.services.create({ friendlyName: 'One' });
      const two = await h.client.messaging.v1.services.create({ friendlyName: 'Two' });
      const added = await h.client.messaging.v1.services(one.sid).phoneNumbers.create({ phoneNumberSid: a });
      assert.deepEqual([added.sid, added.serviceSid, added.accountSid, added.countryCode], [a, one.sid, ACCOUNT_SID, 'US']);
      assert.match(added.phoneNumber, /^\+1415\d{7}$/);
      assert.ok(added.capabilities.includes('SMS'));
      assert.equal(added.url, `${one.url}/PhoneNumbers/${a}`);
      await assert.rejects(h.client.messaging.v1.services(one.sid).phoneNumbers.create({ phoneNumberSid: a }), twilioError(21710));
      await assert.rejects(h.client.messaging.v1.services(two.sid).phoneNumbers.create({ phoneNumberSid: a }), twilioError(21712));
      await assert.rejects(h.client.messaging.v1.services(two.sid).phoneNumbers.create({ phoneNumberSid: `PN${'0'.repeat(32)}` }), twilioError(80301));
      await h.client.messaging.v1.services(one.sid).phoneNumbers.create({ phoneNumberSid: b });
      assert.deepEqual((await h.client.messaging.v1.services(one.sid).phoneNumbers.list({ pageSize: 1 })).map((p) => p.sid), [a, b]);
      assert.equal((await h.client.messaging.v1.services(one.sid).phoneNumbers(b).fetch()).phoneNumber, (await h.client.incomingPhoneNumbers(b).fetch()).phoneNumber);
      assert.equal(await h.client.messaging.v1.services(one.sid).phoneNumbers(a).remove(), true);
      await assert.rejects(h.client.messaging.v1.services(one.sid).phoneNumbers(a).fetch(), twilioError(20404, 404));
      assert.equal((await h.client.incomingPhoneNumbers(a).fetch()).sid, a);
      // Out of One, it may join Two.
      assert.equal((await h.client.messaging.v1.services(two.sid).phoneNumbers.create({ phoneNumberSid: a })).serviceSid, two.sid);
      // Deleting a service frees its numbers.
      await h.client.messaging.v1.services(two.sid).remove();
      assert.equal((await h.client.messaging.v1.services(one.sid).phoneNumbers.create({ phoneNumberSid: a })).serviceSid, one.sid);
    });

    test('a released number leaves its messaging service at once', async () => {
      const [pn] = await h.buyNumbers(1);
      assert.ok(pn);
      const s = await h.client.messaging.v1.services.create({ friendlyName: 'Released' });
      await h.client.messaging.v1.services(s.sid).phoneNumbers.create({ phoneNumberSid: pn });
      await h.client.incomingPhoneNumbers(pn).remove();
      assert.deepEqual(await h.client.messaging.v1.services(s.sid).phoneNumbers.list(), []);
      await assert.rejects(h.client.messaging.v1.services(s.sid).phoneNumbers(pn).fetch(), twilioError(20404, 404));
      // Quarantined: not the account's to use any more.
      await assert.rejects(h.client.messaging.v1.services(s.sid).phoneNumbers.create({ phoneNumberSid: pn }), twilioError(80301));
    });

    test(`a pool holds ${MESSAGING_POOL_LIMIT} numbers: the next is 21714`, async () => {
      const [template, extra] = await h.buyNumbers(2);
      assert.ok(template && extra);
      const s = await h.client.messaging.v1.services.create({ friendlyName: 'Full' });
      const store = h.api.runtime.deps.store;
      const base = await store.findInventoryNumber(ACCOUNT_SID, template);
      assert.ok(base);
      const now = h.api.clock.now();
      // Seeded through the store: buying 400 numbers over HTTP would only make the test slow.
      for (let i = 0; i < MESSAGING_POOL_LIMIT; i += 1) {
        const sid = `PNe${i.toString(16).padStart(31, '0')}`;
        await store.createInventoryNumber({ ...base, sid, phoneNumber: `+1628555${String(i).padStart(4, '0')}` });
        assert.equal(await store.addMessagingNumber({ serviceSid: s.sid, accountSid: ACCOUNT_SID, numberSid: sid, dateCreated: now }), true);
      }
      await assert.rejects(h.client.messaging.v1.services(s.sid).phoneNumbers.create({ phoneNumberSid: extra }), twilioError(21714));
      const page = await h.api.get(`/messaging/v1/Services/${s.sid}/PhoneNumbers?PageSize=1000`);
      assert.equal(list(page.json, 'phone_numbers').length, MESSAGING_POOL_LIMIT);
    });

    test('us_app_to_person_registered turns true once the service has a VERIFIED campaign', async () => {
      const s = await h.client.messaging.v1.services.create({ friendlyName: 'Registered' });
      assert.equal(s.usAppToPersonRegistered, false);
      await h.client.messaging.v1.externalCampaign.create({ campaignId: 'CABC123', messagingServiceSid: s.sid });
      assert.equal((await h.client.messaging.v1.services(s.sid).fetch()).usAppToPersonRegistered, true);
      assert.ok((await h.client.messaging.v1.services.list()).some((x) => x.sid === s.sid && x.usAppToPersonRegistered));
    });
  });
}
