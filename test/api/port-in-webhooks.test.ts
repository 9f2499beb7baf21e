// Porting webhooks through the official twilio client: configuration (POST, GET, DELETE per direction)
// and the signed JSON status events a port-in sends to a loopback receiver, verified with
// twilio.validateRequestWithBody (the bodySHA256 variant), on SQLite and PostgreSQL.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, test } from 'node:test';
import twilio from 'twilio';
import { AUTH_TOKEN } from './support.ts';
import { DIALECTS, heldNumbers, portBody, startPorting, type PortingHarness } from './port-in-support.ts';

interface Received {
  readonly url: string;
  readonly signature: string;
  readonly contentType: string;
  readonly body: string;
}

const receiver = async (): Promise<{ server: Server; url: string; received: Received[] }> => {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const header = (name: string) => String(req.headers[name] ?? '');
      received.push({ url: `http://${header('host')}${req.url ?? ''}`, signature: header('x-twilio-signature'), contentType: header('content-type'), body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (typeof address !== 'object' || address === null) throw new Error('the receiver is not listening');
  return { server, url: `http://127.0.0.1:${address.port}/porting`, received };
};

const eventsOf = (received: readonly Received[]): Record<string, unknown>[] =>
  received.map((r) => {
    const parsed: unknown = JSON.parse(r.body);
    return typeof parsed === 'object' && parsed !== null ? Object.fromEntries(Object.entries(parsed)) : {};
  });

for (const dialect of DIALECTS) {
  describe(`porting webhooks on ${dialect}`, () => {
    let h: PortingHarness;
    let hook: Awaited<ReturnType<typeof receiver>>;
    before(async () => {
      h = await startPorting(dialect);
      hook = await receiver();
    });
    after(async () => {
      await h.close();
      await new Promise((resolve) => hook.server.close(resolve));
    });

    test('configured with the client, each state change is posted as signed JSON; removing PORT_IN stops them', async () => {
      const empty = await h.client.numbers.v1.webhook.fetch();
      assert.deepEqual([empty.portInTargetUrl, empty.notificationsOf], [null, []]);
      const configured = await h.client.numbers.v1.portingWebhookConfigurations.create({
        port_in_target_url: hook.url,
        notifications_of: ['PortInWaitingForSignature', 'PortInInProgress', 'PortInCompleted', 'PortInPhoneNumberPending', 'PortInPhoneNumberCompleted'],
      });
      assert.equal(configured.portInTargetUrl, hook.url);
      const fetched = await h.client.numbers.v1.webhook.fetch();
      assert.equal(fetched.portInTargetUrl, hook.url);
      assert.ok(fetched.portInTargetDateCreated instanceof Date);
      assert.equal(fetched.notificationsOf.length, 5);

      const [record] = heldNumbers('wireline', 1, 9_125_550_000);
      assert.ok(record);
      // Deliveries run concurrently: the jobs are run after each step so the events arrive in order here.
      const created = await h.client.numbers.v1.portingPortIns.create(portBody([record]));
      await h.runJobs();
      assert.equal((await h.api.post(`/sandbox/PortIns/${created.portInRequestSid}/Sign`)).status, 200);
      await h.runJobs();
      await h.sweep();
      await h.runJobs();
      h.api.clock.advance(40 * 86_400);
      await h.sweep();
      await h.runJobs();

      const events = eventsOf(hook.received);
      assert.deepEqual(events.map((e) => e.event_type), ['PortInWaitingForSignature', 'PortInInProgress', 'PortInPhoneNumberPending', 'PortInPhoneNumberCompleted', 'PortInCompleted']);
      for (const [i, r] of hook.received.entries()) {
        assert.equal(r.contentType, 'application/json');
        assert.ok(twilio.validateRequestWithBody(AUTH_TOKEN, r.signature, r.url, r.body), `event ${i} is signed`);
      }
      const pending = events[2];
      assert.equal(pending?.port_in_request_sid, created.portInRequestSid);
      assert.equal(pending?.phone_number, record.phoneNumber);
      assert.equal(pending?.status, 'Pending');
      assert.match(String(pending?.port_date), /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
      assert.match(String(pending?.timestamp), /Z$/);

      assert.equal(await h.client.numbers.v1.portingWebhookConfigurationsDelete('PORT_IN').remove(), true);
      assert.equal((await h.client.numbers.v1.webhook.fetch()).portInTargetUrl, null);
      const count = hook.received.length;
      const [other] = heldNumbers('wireline', 1, 9_155_550_000);
      assert.ok(other);
      await h.client.numbers.v1.portingPortIns.create(portBody([other]));
      await h.runJobs();
      assert.equal(hook.received.length, count);
      const missing = await h.api.del('/numbers/v1/Porting/Configuration/Webhook/PORT_IN');
      assert.equal(missing.status, 404);
    });

    test('a rejection carries its reason and codes; a bad target URL or event name is refused', async () => {
      await h.client.numbers.v1.portingWebhookConfigurations.create({ portInTargetUrl: hook.url, notificationsOf: ['PortInPhoneNumberRejected', 'PortInActionRequired'] });
      hook.received.length = 0;
      const [record] = heldNumbers('wireless', 1, 9_185_550_000);
      assert.ok(record);
      const created = await h.client.numbers.v1.portingPortIns.create(portBody([record], { name: 'Not The Holder' }));
      await h.api.post(`/sandbox/PortIns/${created.portInRequestSid}/Sign`);
      await h.sweep();
      await h.runJobs();
      const events = eventsOf(hook.received);
      // Written in one transaction, delivered by concurrent jobs: the order they arrive in is not promised.
      assert.deepEqual(events.map((e) => e.event_type).sort(), ['PortInActionRequired', 'PortInPhoneNumberRejected']);
      const rejected = events.find((e) => e.event_type === 'PortInPhoneNumberRejected');
      assert.deepEqual([rejected?.masq_rejection_code, rejected?.rejection_reason_code], ['ENTITY_NAME_MISMATCH', 1004]);
      await assert.rejects(() => h.client.numbers.v1.portingWebhookConfigurations.create({ port_in_target_url: 'ftp://x.invalid' }), /invalid/);
      await assert.rejects(() => h.client.numbers.v1.portingWebhookConfigurations.create({ notifications_of: ['Everything'] }), /porting event/);
    });
  });
}
