// Port-in through real carriers against fakes, through the official twilio client, on SQLite and
// PostgreSQL: a Telnyx account (porting orders) and a Twilio account (Port In API) as the default carrier.
// Both collect the LOA signature themselves, so creating the request submits its numbers at once (the
// carrier answers with an order) and the sandbox's Sign route refuses it; the request stays Waiting for
// Signature until the carrier's order says it was signed (Twilio: the representative signed the e-mailed
// LOA; Telnyx: the signed LOA is on the draft order, which masq then confirms). Then the sweeper polls:
// FOC date, then ported (the number active on that carrier account in IncomingPhoneNumbers); a rejection
// with its mapped reason, corrected and resubmitted as a new order; a cancel reaching the carrier; a
// 429/503 retried without a second order; a carrier unreachable at creation submitted by the next poll;
// an unsigned request expiring with its carrier order; a Telnyx webhook and a poll applying a change once.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { POLL_INTERVAL_MS } from '../../src/app/porting/carrier-port-orders.ts';
import { startFakeTwilioApi, type FakeTwilioApi } from '../e2e/fake-twilio-api.ts';
import { signedTelnyxRequest, startFakeTelnyxApi, telnyxSigningKeys, type FakeTelnyxApi } from '../support/fake-telnyx-api.ts';
import { startFakeTwilioPorting, type FakeTwilioPorting } from '../support/fake-twilio-porting.ts';
import { DIALECTS, startPorting } from './port-in-support.ts';
import { ACCOUNT_SID, AUTH_TOKEN, BASE, type Api } from './support.ts';

const TWILIO_SID = `AC${'7'.repeat(32)}`;
const TWILIO_TOKEN = 'twilio-porting-token-0123456789ab';
const TELNYX_KEY = 'KEY-porting';
const keys = telnyxSigningKeys();

interface Harness {
  readonly api: Api;
  readonly client: ReturnType<typeof twilio>;
  sweep(): Promise<void>;
  /** Moves the clock past the next poll and sweeps. */
  poll(): Promise<void>;
  close(): Promise<void>;
}

const startHarness = async (dialect: 'sqlite' | 'postgres', carrier: 'telnyx' | 'twilio', urls: { telnyx: string; twilio: string; twilioNumbers: string }): Promise<Harness> => {
  const h = await startPorting(dialect, {
    publicUrl: BASE, defaultCarrier: carrier,
    carrierAccounts: [
      { type: 'telnyx', name: 'telnyx', settings: { apiKey: TELNYX_KEY, publicKey: keys.publicKey, apiUrl: urls.telnyx, connectionId: '1684641123236054244', messagingProfileId: '40017f8e-49bd-4a19-b3b8-6f2a3c5d7e9b' } },
      { type: 'twilio', name: 'twilio', settings: { accountSid: TWILIO_SID, authToken: TWILIO_TOKEN, apiUrl: urls.twilio, numbersApiUrl: urls.twilioNumbers } },
    ],
  });
  const sweep = async () => {
    await h.sweep();
    await h.runJobs();
  };
  return {
    api: h.api, client: h.client, sweep,
    poll: async () => { h.api.clock.advance(POLL_INTERVAL_MS + 1000); await sweep(); },
    close: h.close,
  };
};

let seq = 0;
/** A fresh US number and a request for it: submitted to the carrier at once, waiting for its signature there. */
const requestPort = async (h: Harness, zip = '10001') => {
  seq += 1;
  const e164 = `+1212555${String(7000 + seq).padStart(4, '0')}`;
  const created = await h.client.numbers.v1.portingPortIns.create({
    accountSid: ACCOUNT_SID, documents: ['RD0123456789abcdef0123456789abcdef'],
    losingCarrierInformation: {
      customerName: 'Acme Corp', customerType: 'Business', accountNumber: '12345', accountTelephoneNumber: e164,
      authorizedRepresentative: 'Ada Owner', authorizedRepresentativeEmail: 'ada@example.invalid',
      address: { street: '1 Main St', city: 'New York', state: 'NY', zip, country: 'US' },
    },
    phoneNumbers: [{ phoneNumber: e164 }],
  });
  assert.equal(created.portInRequestStatus, 'Waiting for Signature');
  return { e164, sid: created.portInRequestSid };
};

const numberOf = async (h: Harness, sid: string) => {
  const request = await h.client.numbers.v1.portingPortIns(sid).fetch();
  const [row] = request.phoneNumbers;
  assert.ok(row);
  return { request, row };
};

const assertStatuses = async (h: Harness, sid: string, request: string, number: string, message?: string) => {
  const { request: r, row } = await numberOf(h, sid);
  assert.deepEqual([r.portInRequestStatus, row.portInPhoneNumberStatus], [request, number], message);
};

/** The sandbox's Sign route refuses a request whose carrier collects the signature. */
const assertSignRefused = async (h: Harness, sid: string) => {
  const signed = await h.api.post(`/sandbox/PortIns/${sid}/Sign`);
  assert.equal(signed.status, 400, signed.body);
  assert.match(signed.body, /collects the LOA signature itself/);
};

for (const dialect of DIALECTS) {
  describe(`port-in through Telnyx porting orders on ${dialect}`, () => {
    let telnyx: FakeTelnyxApi;
    let h: Harness;
    before(async () => {
      telnyx = await startFakeTelnyxApi(TELNYX_KEY);
      h = await startHarness(dialect, 'telnyx', { telnyx: telnyx.url, twilio: 'http://twilio.invalid', twilioNumbers: 'http://twilio.invalid' });
    });
    after(async () => { await h.close(); await telnyx.close(); });

    /** A request whose draft order the customer signs at Telnyx; masq confirms it on the next poll. */
    const signedPort = async (zip?: string) => {
      const port = await requestPort(h, zip);
      const [order] = telnyx.portingOrders.filter((o) => o.phoneNumber === port.e164);
      assert.ok(order);
      telnyx.attachLoa(order.id);
      await h.poll();
      return { ...port, order };
    };

    test('a draft order at once, waiting for its LOA; signed at Telnyx, confirmed; FOC date, ported: a webhook and a poll apply it once', async () => {
      telnyx.answerNext('rate-limited');
      const { e164, sid } = await requestPort(h);
      const orders = telnyx.portingOrders.filter((o) => o.phoneNumber === e164);
      assert.equal(orders.length, 1, 'a 429 retried never makes a second order');
      const [order] = orders;
      assert.ok(order);
      assert.equal(order.status, 'draft', 'Telnyx confirms no order without its signed LOA');
      assert.deepEqual(order.details.end_user, {
        admin: { entity_name: 'Acme Corp', auth_person_name: 'Ada Owner', account_number: '12345', billing_phone_number: e164, pin_passcode: null },
        location: { street_address: '1 Main St', extended_address: null, locality: 'New York', administrative_area: 'NY', postal_code: '10001', country_code: 'US' },
      });
      assert.equal(order.details.webhook_url, `${BASE}/webhooks/telnyx/porting`);
      await assertStatuses(h, sid, 'Waiting for Signature', 'Waiting for Signature');
      await assertSignRefused(h, sid);
      await h.poll();
      await assertStatuses(h, sid, 'Waiting for Signature', 'Waiting for Signature', 'a draft without an LOA is still waiting');

      telnyx.attachLoa(order.id);
      await h.poll();
      assert.equal(order.status, 'submitted', 'masq confirmed the signed order');
      await assertStatuses(h, sid, 'In progress', 'Submitted');
      await h.poll();
      assert.equal(telnyx.portingOrders.filter((o) => o.phoneNumber === e164).length, 1);

      // Whole seconds: the wire's dates have no milliseconds.
      const foc = new Date(Math.floor(h.api.clock.now().getTime() / 1000) * 1000 + 3 * 86_400_000).toISOString();
      telnyx.portOrder(order.id, 'foc-date-confirmed', { foc });
      await h.poll();
      const pending = await numberOf(h, sid);
      assert.equal(pending.row.portInPhoneNumberStatus, 'Pending');
      assert.equal(new Date(String(pending.row.portDate)).toISOString(), foc);

      telnyx.portOrder(order.id, 'ported');
      const body = JSON.stringify({ data: { event_type: 'porting_order.status_changed', id: 'ev1', payload: { id: order.id, status: { value: 'ported' } } } });
      const headers = signedTelnyxRequest(keys.privateKey, body, Math.floor(h.api.clock.now().getTime() / 1000));
      const hook = await h.api.app.inject({ method: 'POST', url: '/webhooks/telnyx/porting', headers: { ...headers, 'content-type': 'application/json' }, payload: body });
      assert.equal(hook.statusCode, 200, hook.body);
      assert.equal((await numberOf(h, sid)).row.portInPhoneNumberStatus, 'Completed', 'the webhook applied it at once');
      await h.poll();
      await assertStatuses(h, sid, 'Completed', 'Completed');
      const incoming = await h.client.api.v2010.accounts(ACCOUNT_SID).incomingPhoneNumbers.list({ phoneNumber: e164 });
      assert.equal(incoming.length, 1, 'joined the inventory once');
      const stored = await h.api.runtime.deps.store.findLiveNumber(e164);
      assert.equal(stored?.carrier, 'telnyx');
      assert.equal(stored?.carrierRef, telnyx.owned.find((n) => n.phoneNumber === e164)?.id);
    });

    test('an exception becomes Rejected with the mapped reason; corrected, it is submitted as a new order', async () => {
      const { e164, sid, order: first } = await signedPort('99999');
      telnyx.portOrder(first.id, 'exception', { exception: 'LOCATION_MISMATCH' });
      await h.poll();
      const rejected = await h.client.numbers.v1.portingPortInPhoneNumber(sid, (await numberOf(h, sid)).row.portInPhoneNumberSid ?? '').fetch();
      assert.equal(rejected.portInPhoneNumberStatus, 'Rejected');
      assert.equal(rejected.rejectionReasonCode, 1007);
      assert.equal((await numberOf(h, sid)).request.portInRequestStatus, 'Action Required');

      const corrected = await h.api.app.inject({
        method: 'POST', url: `/masq/v1/PortIns/${sid}`, headers: { authorization: `Basic ${Buffer.from(`${ACCOUNT_SID}:${AUTH_TOKEN}`).toString('base64')}`, 'content-type': 'application/json' },
        payload: JSON.stringify({ losing_carrier_information: { address: { street: '1 Main St', city: 'New York', state: 'NY', zip: '10001', country: 'US' } } }),
      });
      assert.equal(corrected.statusCode, 200, corrected.body);
      await h.sweep();
      const orders = telnyx.portingOrders.filter((o) => o.phoneNumber === e164);
      assert.equal(orders.length, 2);
      const second = orders[1];
      assert.ok(second);
      assert.equal(second.status, 'draft', 'the new order needs its own signed LOA');
      await assertStatuses(h, sid, 'In progress', 'Submitted');
      telnyx.attachLoa(second.id);
      await h.poll();
      assert.equal(second.status, 'submitted');
      await assertStatuses(h, sid, 'In progress', 'Submitted');
    });

    test('canceling the request deletes an unsigned draft order and cancels a signed one at Telnyx', async () => {
      const unsigned = await requestPort(h);
      await h.client.numbers.v1.portingPortIns(unsigned.sid).remove();
      assert.equal(telnyx.portingOrders.filter((o) => o.phoneNumber === unsigned.e164).length, 0, 'a draft is deleted');
      await assertStatuses(h, unsigned.sid, 'Canceled', 'Canceled');

      const { sid, order } = await signedPort();
      await h.client.numbers.v1.portingPortIns(sid).remove();
      assert.equal(order.status, 'cancelled');
      await assertStatuses(h, sid, 'Canceled', 'Canceled');
    });
  });

  describe(`port-in through Twilio's Port In API on ${dialect}`, () => {
    let api2010: FakeTwilioApi;
    let porting: FakeTwilioPorting;
    let h: Harness;
    before(async () => {
      api2010 = await startFakeTwilioApi(TWILIO_SID, TWILIO_TOKEN);
      porting = await startFakeTwilioPorting(TWILIO_SID, TWILIO_TOKEN, (e164) => { api2010.hold(e164); });
      h = await startHarness(dialect, 'twilio', { telnyx: 'http://telnyx.invalid', twilio: api2010.url, twilioNumbers: porting.url });
    });
    after(async () => { await h.close(); await porting.close(); await api2010.close(); });

    /** A request whose LOA the representative signs (Twilio e-mailed it); masq hears it on the next poll. */
    const signedPort = async () => {
      const port = await requestPort(h);
      porting.sign(port.e164);
      await h.poll();
      return port;
    };

    test('a PortIn per number at once (a 503 retried with the same idempotency token), Waiting for Signature until signed, Pending, Completed on the Twilio account', async () => {
      porting.failNextCreate(503);
      const { e164, sid } = await requestPort(h);
      assert.equal(porting.numbers.filter((n) => n.phoneNumber === e164).length, 1);
      const sent = porting.created.at(-1);
      assert.ok(typeof sent === 'object' && sent !== null && 'losing_carrier_information' in sent);
      assert.deepEqual(sent.losing_carrier_information, {
        customer_name: 'Acme Corp', customer_type: 'Business', account_number: '12345', account_telephone_number: e164,
        authorized_representative: 'Ada Owner', authorized_representative_email: 'ada@example.invalid',
        address: { street: '1 Main St', street2: null, city: 'New York', state: 'NY', zip: '10001', country: 'US' },
      });
      await assertStatuses(h, sid, 'Waiting for Signature', 'Waiting for Signature');
      await assertSignRefused(h, sid);
      await h.poll();
      await assertStatuses(h, sid, 'Waiting for Signature', 'Waiting for Signature', 'Twilio still waits for the signature');

      porting.sign(e164);
      await h.poll();
      await assertStatuses(h, sid, 'In progress', 'Submitted');
      assert.equal(porting.numbers.filter((n) => n.phoneNumber === e164).length, 1, 'signing makes no second PortIn');
      const portDate = new Date(h.api.clock.now().getTime() + 5 * 86_400_000).toISOString();
      porting.setStatus(e164, 'Pending', { portDate });
      await h.poll();
      assert.equal((await numberOf(h, sid)).row.portInPhoneNumberStatus, 'Pending');
      porting.setStatus(e164, 'Completed');
      await h.poll();
      await assertStatuses(h, sid, 'Completed', 'Completed');
      const stored = await h.api.runtime.deps.store.findLiveNumber(e164);
      assert.equal(stored?.carrier, 'twilio');
      assert.match(stored?.carrierRef ?? '', /^PN/);
      assert.equal(api2010.owned.find((n) => n.phoneNumber === e164)?.fields.get('SmsUrl'), `${BASE}/webhooks/twilio/sms`);
    });

    test('Twilio\'s rejection reason maps to masq\'s code; a cancel of an unsigned request reaches Twilio', async () => {
      const { e164, sid } = await signedPort();
      porting.setStatus(e164, 'Rejected', { reason: 'The PIN provided does not match' });
      await h.poll();
      const { row } = await numberOf(h, sid);
      assert.equal(row.portInPhoneNumberStatus, 'Rejected');
      assert.equal(row.rejectionReasonCode, '1012');

      const other = await requestPort(h);
      await h.client.numbers.v1.portingPortIns(other.sid).remove();
      assert.equal(porting.numbers.find((n) => n.phoneNumber === other.e164)?.status, 'Canceled');
    });

    test('Twilio unreachable at creation: the request is made, and the next poll creates the PortIn', async () => {
      porting.failNextCreate(503, 503, 503);
      const { e164, sid } = await requestPort(h);
      assert.equal(porting.numbers.filter((n) => n.phoneNumber === e164).length, 0);
      await assertStatuses(h, sid, 'Waiting for Signature', 'Waiting for Signature');
      await h.sweep();
      assert.equal(porting.numbers.filter((n) => n.phoneNumber === e164).length, 1, 'due at once, not after a poll interval');
      porting.sign(e164);
      await h.poll();
      await assertStatuses(h, sid, 'In progress', 'Submitted');
    });

    test('a request never signed expires, and its PortIn is canceled at Twilio', async () => {
      const { e164, sid } = await requestPort(h);
      h.api.clock.advance(31 * 86_400_000);
      await h.sweep();
      await assertStatuses(h, sid, 'Expired', 'Canceled');
      assert.equal(porting.numbers.find((n) => n.phoneNumber === e164)?.status, 'Canceled');
    });
  });
}
