// Port-in through the official twilio client (Numbers v1) on SQLite and PostgreSQL, with the sandbox as
// the losing carrier: portability, the happy path to an active inventory number, each rejection reason,
// correction and resubmission, cancels, expiry, duplicates, validation, list paging and both body cases.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { rejectsWithTwilioError } from '../support/assertions.ts';
import { ACCOUNT_SID, MAIN_AUTH, str } from './support.ts';
import { DIALECTS, DOCUMENT, heldNumbers, portBody, sameAccountPair, startPorting, type PortingHarness } from './port-in-support.ts';

const DAY = 86_400;

for (const dialect of DIALECTS) {
  describe(`port-in on ${dialect}`, () => {
    let h: PortingHarness;
    before(async () => { h = await startPorting(dialect); });
    after(async () => { await h.close(); });

    const sign = async (sid: string) => {
      const res = await h.api.post(`/sandbox/PortIns/${sid}/Sign`);
      assert.equal(res.status, 200, res.body);
      return res.json;
    };

    test('portability: wireless needs PIN and account number, wireline not; toll-free, unheld and owned numbers are not portable', async () => {
      const [wireless] = heldNumbers('wireless', 1, 2_025_550_000);
      const [wireline] = heldNumbers('wireline', 1, 2_025_550_000);
      assert.ok(wireless && wireline);
      const mobile = await h.client.numbers.v1.portingPortabilities(wireless.phoneNumber).fetch();
      assert.deepEqual([mobile.portable, mobile.pinAndAccountNumberRequired, mobile.numberType, mobile.notPortableReasonCode], [true, true, 'MOBILE', null]);
      const local = await h.client.numbers.v1.portingPortabilities(wireline.phoneNumber).fetch();
      assert.deepEqual([local.portable, local.pinAndAccountNumberRequired, local.numberType], [true, false, 'LOCAL']);
      const tollFree = await h.client.numbers.v1.portingPortabilities('+18005550199').fetch();
      assert.deepEqual([tollFree.portable, tollFree.numberType, tollFree.notPortableReasonCode], [false, 'TOLL-FREE', 22133]);

      const [inStock] = await h.client.api.v2010.accounts(ACCOUNT_SID).availablePhoneNumbers('US').local.list({ areaCode: 415, limit: 1 });
      assert.ok(inStock);
      const unheld = await h.client.numbers.v1.portingPortabilities(inStock.phoneNumber).fetch();
      assert.equal(unheld.portable, false);
      assert.match(unheld.notPortableReason, /not in service/);
      await h.client.api.v2010.accounts(ACCOUNT_SID).incomingPhoneNumbers.create({ phoneNumber: inStock.phoneNumber });
      const owned = await h.client.numbers.v1.portingPortabilities(inStock.phoneNumber).fetch();
      assert.deepEqual([owned.portable, owned.accountSid, owned.notPortableReasonCode], [false, ACCOUNT_SID, 22133]);
    });

    test('happy path: created waiting for signature, signed, accepted with a FOC date, completed into IncomingPhoneNumbers', async () => {
      const [record] = heldNumbers('wireless', 1, 2_125_550_000);
      assert.ok(record);
      const subscriber = await h.api.get(`/sandbox/Subscribers/${encodeURIComponent(record.phoneNumber)}`);
      assert.equal(subscriber.status, 200);
      assert.equal(str(subscriber.json, 'pin'), record.pin);

      const created = await h.client.numbers.v1.portingPortIns.create(portBody([record]));
      assert.match(created.portInRequestSid, /^KW[0-9a-f]{32}$/);
      assert.equal(created.portInRequestStatus, 'Waiting for Signature');
      assert.equal(created.losingCarrierInformation?.customerName, record.customerName);
      assert.deepEqual(created.documents, [DOCUMENT]);
      assert.ok(created.dateCreated instanceof Date);
      assert.match(created.signatureRequestUrl, new RegExp(`/sandbox/PortIns/${created.portInRequestSid}/Sign$`));
      const [number] = created.phoneNumbers ?? [];
      assert.ok(number?.portInPhoneNumberSid);
      assert.equal(number.portInPhoneNumberStatus, 'Waiting for Signature');

      await sign(created.portInRequestSid);
      const signed = await h.client.numbers.v1.portingPortIns(created.portInRequestSid).fetch();
      assert.equal(signed.portInRequestStatus, 'In progress');
      assert.equal(signed.phoneNumbers?.[0]?.portInPhoneNumberStatus, 'Submitted');

      await h.sweep();
      const pending = await h.client.numbers.v1.portingPortInPhoneNumber(created.portInRequestSid, number.portInPhoneNumberSid ?? '').fetch();
      assert.equal(pending.portInPhoneNumberStatus, 'Pending');
      assert.ok(pending.portDate instanceof Date);
      const days = (pending.portDate.getTime() - h.api.clock.now().getTime()) / (DAY * 1000);
      assert.ok(days > 0.5 && days < 6, `wireless FOC within 1-3 business days, got ${days} days`);

      await h.sweep();
      assert.equal((await h.client.numbers.v1.portingPortIns(created.portInRequestSid).fetch()).portInRequestStatus, 'In progress', 'nothing ports before its FOC date');
      h.api.clock.advance(6 * DAY);
      await h.sweep();
      const done = await h.client.numbers.v1.portingPortIns(created.portInRequestSid).fetch();
      assert.equal(done.portInRequestStatus, 'Completed');
      assert.equal(done.phoneNumbers?.[0]?.portInPhoneNumberStatus, 'Completed');
      const [incoming] = await h.client.api.v2010.accounts(ACCOUNT_SID).incomingPhoneNumbers.list({ phoneNumber: record.phoneNumber });
      assert.ok(incoming, 'the ported number is in IncomingPhoneNumbers');
      assert.deepEqual([incoming.phoneNumber, incoming.origin, incoming.status], [record.phoneNumber, 'twilio', 'in-use']);
      const lifecycle = await h.api.get(`/masq/v1/Numbers/${incoming.sid}`);
      assert.equal(lifecycle.status, 200, lifecycle.body);
      assert.match(lifecycle.body, /"origin":"ported-in"/);
      const fees = await h.api.runtime.deps.store.listCostRecords({
        accountSids: [ACCOUNT_SID], from: new Date(0), until: new Date(h.api.clock.now().getTime() + 1000), categories: ['phonenumbers-porting'], limit: 10,
      });
      assert.deepEqual(fees.map((f) => [f.phoneNumber, f.resourceSid, f.quantity]), [[record.phoneNumber, created.portInRequestSid, 1]], 'the porting fee is billed once');
    });

    const rejectionCases = [
      { name: 'ENTITY_NAME_MISMATCH', lineType: 'wireline', change: { name: 'Somebody Else' } },
      { name: 'ACCOUNT_NUMBER_MISMATCH', lineType: 'wireless', change: { accountNumber: '000000001' } },
      { name: 'PASSCODE_PIN_INVALID', lineType: 'wireless', change: { pin: '0000' } },
      { name: 'BTN_ATN_MISMATCH', lineType: 'wireline', change: { btn: '+12125550000' } },
      { name: 'LOCATION_MISMATCH', lineType: 'wireline', change: { zip: '99999' } },
    ] as const;
    for (const [i, c] of rejectionCases.entries()) {
      test(`the losing carrier rejects a mismatch: ${c.name}`, async () => {
        const [record] = heldNumbers(c.lineType, 1, 3_125_550_000 + i * 1_000);
        assert.ok(record);
        const change = c.name === 'PASSCODE_PIN_INVALID' && record.pin === '0000' ? { pin: '1111' } : c.change;
        const created = await h.client.numbers.v1.portingPortIns.create(portBody([record], change));
        await sign(created.portInRequestSid);
        await h.sweep();
        const request = await h.client.numbers.v1.portingPortIns(created.portInRequestSid).fetch();
        assert.equal(request.portInRequestStatus, 'Action Required');
        const row = request.phoneNumbers?.[0];
        assert.equal(row?.portInPhoneNumberStatus, 'Rejected');
        const number = await h.client.numbers.v1.portingPortInPhoneNumber(created.portInRequestSid, row?.portInPhoneNumberSid ?? '').fetch();
        assert.equal(number.portInPhoneNumberStatus, 'Rejected');
        assert.equal(typeof number.rejectionReasonCode, 'number');
        assert.equal(typeof row?.rejectionReasonCode, 'string');
        const raw = await h.api.get(`/numbers/v1/Porting/PortIn/${created.portInRequestSid}/PhoneNumber/${number.phoneNumberSid}`);
        assert.equal(raw.json.masq_rejection_code, c.name);
        assert.ok(number.rejectionReason);
      });
    }

    test('a rejected PIN corrected through /masq/v1/PortIns is resubmitted, accepted and ported', async () => {
      const [record] = heldNumbers('wireless', 1, 4_125_550_000);
      assert.ok(record?.pin);
      const created = await h.client.numbers.v1.portingPortIns.create(portBody([record], { pin: record.pin === '1234' ? '4321' : '1234' }));
      await sign(created.portInRequestSid);
      await h.sweep();
      assert.equal((await h.client.numbers.v1.portingPortIns(created.portInRequestSid).fetch()).portInRequestStatus, 'Action Required');

      const corrected = await h.api.post(`/masq/v1/PortIns/${created.portInRequestSid}`, JSON.stringify({ phoneNumbers: [{ phoneNumber: record.phoneNumber, pin: record.pin }] }), MAIN_AUTH, { 'content-type': 'application/json' });
      assert.equal(corrected.status, 200, corrected.body);
      assert.equal(corrected.json.port_in_request_status, 'In progress');
      await h.sweep();
      const accepted = await h.client.numbers.v1.portingPortIns(created.portInRequestSid).fetch();
      assert.equal(accepted.phoneNumbers?.[0]?.portInPhoneNumberStatus, 'Pending');
      h.api.clock.advance(6 * DAY);
      await h.sweep();
      assert.equal((await h.client.numbers.v1.portingPortIns(created.portInRequestSid).fetch()).portInRequestStatus, 'Completed');
    });

    test('a corrected customer name resubmits the rejected number', async () => {
      const [record] = heldNumbers('wireline', 1, 4_155_550_000);
      assert.ok(record);
      const created = await h.client.numbers.v1.portingPortIns.create(portBody([record], { name: 'Wrong Name' }));
      await sign(created.portInRequestSid);
      await h.sweep();
      const corrected = await h.api.post(`/masq/v1/PortIns/${created.portInRequestSid}`, JSON.stringify({ losing_carrier_information: { customer_name: record.customerName } }), MAIN_AUTH, { 'content-type': 'application/json' });
      assert.equal(corrected.status, 200, corrected.body);
      await h.sweep();
      const fetched = await h.client.numbers.v1.portingPortIns(created.portInRequestSid).fetch();
      assert.deepEqual([fetched.portInRequestStatus, fetched.phoneNumbers?.[0]?.portInPhoneNumberStatus], ['In progress', 'Pending']);
      assert.equal(fetched.losingCarrierInformation?.customerName, record.customerName);
    });

    test('cancel one number, then the whole request; a second cancel is refused', async () => {
      const pair = sameAccountPair('wireline');
      const created = await h.client.numbers.v1.portingPortIns.create(portBody(pair));
      const [first, second] = created.phoneNumbers ?? [];
      assert.ok(first?.portInPhoneNumberSid && second?.portInPhoneNumberSid);
      assert.equal(await h.client.numbers.v1.portingPortInPhoneNumber(created.portInRequestSid, first.portInPhoneNumberSid).remove(), true);
      const after1 = await h.client.numbers.v1.portingPortIns(created.portInRequestSid).fetch();
      assert.equal(after1.portInRequestStatus, 'Waiting for Signature');
      assert.deepEqual(after1.phoneNumbers?.map((n) => n.portInPhoneNumberStatus), ['Canceled', 'Waiting for Signature']);
      assert.equal(await h.client.numbers.v1.portingPortIns(created.portInRequestSid).remove(), true);
      const canceled = await h.client.numbers.v1.portingPortIns(created.portInRequestSid).fetch();
      assert.equal(canceled.portInRequestStatus, 'Canceled');
      assert.ok(canceled.orderCancellationReason);
      await rejectsWithTwilioError(() => h.client.numbers.v1.portingPortIns(created.portInRequestSid).remove(), 400, 22137);
      // A canceled number is free to port again.
      const again = await h.client.numbers.v1.portingPortIns.create(portBody([pair[0]]));
      assert.equal(again.portInRequestStatus, 'Waiting for Signature');
    });

    test('an unsigned request expires after 30 days; signing it then is refused', async () => {
      const [record] = heldNumbers('wireline', 1, 5_125_550_000);
      assert.ok(record);
      const created = await h.client.numbers.v1.portingPortIns.create(portBody([record]));
      h.api.clock.advance(29 * DAY);
      await h.sweep();
      assert.equal((await h.client.numbers.v1.portingPortIns(created.portInRequestSid).fetch()).portInRequestStatus, 'Waiting for Signature');
      h.api.clock.advance(2 * DAY);
      await h.sweep();
      const expired = await h.client.numbers.v1.portingPortIns(created.portInRequestSid).fetch();
      assert.equal(expired.portInRequestStatus, 'Expired');
      assert.equal(expired.phoneNumbers?.[0]?.portInPhoneNumberStatus, 'Canceled');
      const res = await h.api.post(`/sandbox/PortIns/${created.portInRequestSid}/Sign`);
      assert.deepEqual([res.status, res.json.code], [400, 22137]);
    });

    test('a number already in an open port cannot be requested again (22137); bad input is a 400 in Twilio\'s envelope', async () => {
      const [record] = heldNumbers('wireline', 1, 6_125_550_000);
      assert.ok(record);
      await h.client.numbers.v1.portingPortIns.create(portBody([record]));
      await rejectsWithTwilioError(() => h.client.numbers.v1.portingPortIns.create(portBody([record])), 400, 22137);
      await rejectsWithTwilioError(() => h.client.numbers.v1.portingPortIns.create({ ...portBody([record]), documents: [] }), 400, 80701);
      await rejectsWithTwilioError(() => h.client.numbers.v1.portingPortIns.create({ ...portBody([record]), phoneNumbers: [{ phoneNumber: '+18005550199' }] }), 400, 22133);
      await rejectsWithTwilioError(() => h.client.numbers.v1.portingPortIns.create({ ...portBody([record]), targetPortInDate: '2000-01-01' }), 400, 80701);
      const notJson = await h.api.post('/numbers/v1/Porting/PortIn', '[1,2]', MAIN_AUTH, { 'content-type': 'application/json' });
      assert.deepEqual([notJson.status, notJson.json.code], [400, 80701]);
      await rejectsWithTwilioError(() => h.client.numbers.v1.portingPortIns(`KW${'0'.repeat(32)}`).fetch(), 404, 20404);
    });

    test('snake_case bodies work as camelCase ones do', async () => {
      const [record] = heldNumbers('wireline', 1, 7_125_550_000);
      assert.ok(record);
      const body = {
        account_sid: ACCOUNT_SID,
        documents: [DOCUMENT],
        losing_carrier_information: {
          customer_name: record.customerName, account_number: record.accountNumber, authorized_representative: record.customerName,
          authorized_representative_email: 'owner@example.invalid', address: { street: record.address.street, street_2: 'Suite 5', zip: record.address.zip },
        },
        phone_numbers: [{ phone_number: record.phoneNumber }],
        target_port_in_date: new Date(h.api.clock.now().getTime() + 40 * DAY * 1000).toISOString().slice(0, 10),
      };
      const res = await h.api.post('/numbers/v1/Porting/PortIn', JSON.stringify(body), MAIN_AUTH, { 'content-type': 'application/json' });
      assert.equal(res.status, 202, res.body);
      const fetched = await h.client.numbers.v1.portingPortIns(str(res.json, 'port_in_request_sid')).fetch();
      assert.equal(fetched.losingCarrierInformation?.accountNumber, record.accountNumber);
      assert.match(res.body, /"street_2":"Suite 5"/);
      assert.ok(fetched.targetPortInDate instanceof Date);
      // The FOC date honours a later target date.
      await sign(fetched.portInRequestSid);
      await h.sweep();
      const number = (await h.client.numbers.v1.portingPortIns(fetched.portInRequestSid).fetch()).phoneNumbers?.[0];
      assert.equal(number?.portInPhoneNumberStatus, 'Pending');
      assert.equal(String(number?.portDate).slice(0, 10), body.target_port_in_date);
    });

    test('the list pages with Size and next_token, filters by status, and the client reads it', async () => {
      const records = heldNumbers('wireline', 3, 8_125_550_000);
      const sids: string[] = [];
      for (const record of records) sids.push((await h.client.numbers.v1.portingPortIns.create(portBody([record]))).portInRequestSid);
      const first = await h.api.get('/numbers/v1/Porting/PortIn/PortInRequests?Size=2&PortInRequestStatus=Waiting%20for%20Signature');
      assert.equal(first.status, 200, first.body);
      const meta = first.json.meta;
      assert.ok(typeof meta === 'object' && meta !== null && 'next_token' in meta && typeof meta.next_token === 'string');
      const page1 = first.json.port_in_requests;
      assert.ok(Array.isArray(page1) && page1.length === 2);
      const second = await h.api.get(`/numbers/v1/Porting/PortIn/PortInRequests?Size=2&PortInRequestStatus=Waiting%20for%20Signature&Token=${encodeURIComponent(meta.next_token)}`);
      const page2 = second.json.port_in_requests;
      assert.ok(Array.isArray(page2) && page2.length >= 1);
      const mine = await h.client.numbers.v1.portingAllPortIns.list({ portInRequestSid: sids[2] });
      assert.deepEqual(mine.map((r) => [r.portInRequestSid, r.phoneNumbersRequested, r.phoneNumbersPorted, r.portInRequestStatus]), [[sids[2], 1, 0, 'Waiting for Signature']]);
      assert.equal(mine[0]?.suggestedAction, 'Sign the Letter of Authorization');
      const bad = await h.api.get('/numbers/v1/Porting/PortIn/PortInRequests?Token=nonsense');
      assert.equal(bad.status, 400);
    });
  });
}
