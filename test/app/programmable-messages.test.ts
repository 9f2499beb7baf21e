// Messages to a number with its owner's app (SmsUrl) or in a Messaging service with an inbound URL,
// through the inbound routing use case on both databases: the app is a loopback server that checks
// X-Twilio-Signature with the twilio SDK; what it answers is sent by the (recording) sandbox carrier.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createFlow } from '../../src/app/flows/save-flow.ts';
import { routeInbound } from '../../src/app/route-inbound.ts';
import type { InventoryNumber, NumberConfig } from '../../src/domain/inventory-number.ts';
import { DEFAULT_MESSAGING_SETTINGS, type MessagingServiceSettings } from '../../src/domain/messaging/service.ts';
import type { NumberTraffic, TrafficEvent } from '../../src/domain/programmable/traffic.ts';
import type { InboundEvent } from '../../src/domain/routing.ts';
import type { Store } from '../../src/ports/store.ts';
import { openAppNumber } from '../support/app-number.ts';
import { anAccount, anInventoryNumber, sid, T0 } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';
import { deadUrl, twiml, TwimlApp } from '../support/twiml-app.ts';

const SENDER = '+14155550101';
const FRIEND = '+14155550177';

const sms = (to: string, body: string, o: Partial<InboundEvent> = {}): InboundEvent => ({
  channel: 'message', carrier: 'sandbox', resourceSid: sid('message'), from: SENDER, to, body, mediaUrls: [],
  carrierParams: { From: SENDER, To: to, Body: body }, ...o,
});

const kinds = (events: readonly TrafficEvent[]): string[] => events.map((e) => e.kind);

for (const db of STORES) {
  describe(`programmable messages on ${db.name}`, () => {
    const opened: { close(): Promise<void> }[] = [];
    after(async () => { await Promise.all(opened.map((o) => o.close())); });

    const setup = async (config: (app: TwimlApp) => Partial<NumberConfig>) => {
      const { store, deps, account, app, number, trafficOf } = await openAppNumber(db, opened, config);
      const logOf = async (event: InboundEvent): Promise<{ traffic: NumberTraffic; events: readonly TrafficEvent[] }> => {
        const traffic = await trafficOf(event);
        return { traffic, events: await store.listTrafficEvents(traffic.sid) };
      };
      const sent = () => deps.carrier.sent.map((m) => ({ from: m.from, to: m.to, body: m.body }));
      return { store, deps, account, app, number, logOf, sent };
    };

    test('the app is asked with Twilio\'s parameters, signed; a <Message> without to/from replies to the sender', async () => {
      const { deps, account, app, number, logOf, sent } = await setup((a) => ({ smsUrl: a.url('/sms') }));
      app.answer('/sms', twiml('<Message>Thanks &amp; see you</Message>'));
      const event = sms(number.phoneNumber, 'Hello there', { mediaUrls: ['https://cdn.invalid/cat.jpg'], carrierParams: { MediaContentType0: 'image/jpeg' } });
      const { plan } = await routeInbound(deps, event);
      assert.deepEqual(plan.verbs, [{ verb: 'message', carrier: 'sandbox', from: number.phoneNumber, to: SENDER, body: 'Thanks & see you', mediaUrls: [], reply: true }]);
      assert.deepEqual(sent(), [{ from: number.phoneNumber, to: SENDER, body: 'Thanks & see you' }]);
      const [asked] = app.to('/sms');
      assert.equal(asked?.signatureValid, true);
      assert.deepEqual(asked?.params, {
        AccountSid: account.sid, MessageSid: event.resourceSid, SmsSid: event.resourceSid, SmsMessageSid: event.resourceSid,
        From: SENDER, To: number.phoneNumber, Body: 'Hello there', NumMedia: '1', NumSegments: '1', SmsStatus: 'received', ApiVersion: '2010-04-01',
        MediaUrl0: 'https://cdn.invalid/cat.jpg', MediaContentType0: 'image/jpeg',
      });
      const { traffic, events } = await logOf(event);
      assert.deepEqual({ application: traffic.application, status: traffic.status, body: traffic.body, channel: traffic.channel }, { application: 'app', status: 'received', body: 'Hello there', channel: 'message' });
      assert.deepEqual(kinds(events), ['app-request', 'reply']);
    });

    test('a <Message to> forwards from the number, or from another of the account\'s numbers; a stranger\'s number is refused and logged', async () => {
      const { store, deps, account, app, number, logOf, sent } = await setup((a) => ({ smsUrl: a.url('/sms') }));
      const other = anInventoryNumber(account.sid);
      await store.createInventoryNumber(other);
      const stranger = anInventoryNumber(anAccount().sid);
      app.answer('/sms', twiml(`<Message to="${FRIEND}"><Body>fwd</Body><Media>/pic.png</Media></Message><Message to="${FRIEND}" from="${other.phoneNumber}">second</Message><Message to="${FRIEND}" from="${stranger.phoneNumber}">never</Message><Message to="not a number">never</Message>`));
      const event = sms(number.phoneNumber, 'forward me');
      const { plan } = await routeInbound(deps, event);
      assert.deepEqual(plan.verbs, [
        { verb: 'message', carrier: 'sandbox', from: number.phoneNumber, to: FRIEND, body: 'fwd', mediaUrls: [app.url('/pic.png')], reply: false },
        { verb: 'message', carrier: 'sandbox', from: other.phoneNumber, to: FRIEND, body: 'second', mediaUrls: [], reply: false },
      ]);
      assert.deepEqual(sent(), [{ from: number.phoneNumber, to: FRIEND, body: 'fwd' }, { from: other.phoneNumber, to: FRIEND, body: 'second' }]);
      // Each send has its own idempotency key: the second is not taken for a retry of the first.
      assert.equal(new Set(deps.carrier.sent.map((m) => m.idempotencyKey)).size, 2);
      const problems = (await logOf(event)).events.filter((e) => e.kind === 'twiml-problem');
      assert.deepEqual(problems.map((p) => p.data.path), ['Response/Message[3]/@from', 'Response/Message[4]/@to']);
    });

    test('<Redirect> asks the next document; a Redirect loop stops after 10 with a logged error', async () => {
      const { deps, app, number, logOf, sent } = await setup((a) => ({ smsUrl: a.url('/sms') }));
      app.answer('/sms', twiml('<Message>one</Message><Redirect method="GET">/two</Redirect><Message>unreached</Message>'));
      app.answer('/two', twiml('<Message>two</Message>'));
      const event = sms(number.phoneNumber, 'go');
      await routeInbound(deps, event);
      assert.deepEqual(sent().map((m) => m.body), ['one', 'two']);
      assert.deepEqual(app.to('/two').map((r) => [r.method, r.params.MessageSid, r.signatureValid]), [['GET', event.resourceSid, true]]);
      assert.deepEqual(kinds((await logOf(event)).events), ['app-request', 'reply', 'twiml-problem', 'app-request', 'reply']);

      app.answer('/loop', twiml('<Redirect>/loop</Redirect>'));
      app.answer('/sms', twiml('<Redirect>/loop</Redirect>'));
      const looping = sms(number.phoneNumber, 'loop');
      await routeInbound(deps, looping);
      assert.equal(app.to('/loop').length, 10);
      const { events } = await logOf(looping);
      assert.equal(events.at(-1)?.kind, 'error');
      assert.match(events.at(-1)?.detail ?? '', /More than 10 <Redirect>s/);
    });

    test('a failing app gets its SmsFallbackUrl (ErrorCode); when both fail nothing is sent and the log says why', async () => {
      const down = await deadUrl('/sms');
      const { deps, app, number, logOf, sent } = await setup((a) => ({ smsUrl: down, smsFallbackUrl: a.url('/fallback') }));
      app.answer('/fallback', twiml('<Message>Fallback reply</Message>'));
      await routeInbound(deps, sms(number.phoneNumber, 'hi'));
      assert.deepEqual(sent().map((m) => m.body), ['Fallback reply']);
      assert.deepEqual([app.to('/fallback')[0]?.params.ErrorCode, app.to('/fallback')[0]?.params.ErrorUrl], ['11200', down]);

      app.answer('/fallback', { status: 200, contentType: 'text/xml', body: '<Response><Say>not for messages</Say></Response>' });
      const event = sms(number.phoneNumber, 'again');
      await routeInbound(deps, event);
      assert.equal(sent().length, 1);
      const { events } = await logOf(event);
      assert.deepEqual(kinds(events), ['app-request', 'app-failed', 'fallback', 'app-request', 'twiml-problem', 'app-failed', 'error']);
      assert.equal(events[4]?.data.path, 'Response/Say[1]');
    });

    test('a <Message action> is sent but its status callback is logged as not carried out; an empty answer sends nothing', async () => {
      const { deps, app, number, logOf, sent } = await setup((a) => ({ smsUrl: a.url('/sms') }));
      app.answer('/sms', twiml('<Message action="/status">with action</Message>'));
      const event = sms(number.phoneNumber, 'x');
      await routeInbound(deps, event);
      assert.deepEqual(sent().map((m) => m.body), ['with action']);
      const problem = (await logOf(event)).events.find((e) => e.kind === 'twiml-problem');
      assert.deepEqual([problem?.data.path, problem?.data.kind], ['Response/Message[1]/@action', 'unsupported']);

      app.answer('/sms', { status: 200, contentType: 'text/xml', body: '' });
      const quiet = sms(number.phoneNumber, 'y');
      const { plan } = await routeInbound(deps, quiet);
      assert.deepEqual(plan.verbs, []);
      assert.deepEqual(kinds((await logOf(quiet)).events), ['app-request']);
    });

    test('a retried webhook for the same message sends nothing again and asks the app once', async () => {
      const { deps, app, number, sent } = await setup((a) => ({ smsUrl: a.url('/sms') }));
      app.answer('/sms', twiml('<Message>once</Message>'));
      const event = sms(number.phoneNumber, 'dup');
      await routeInbound(deps, event);
      const retry = await routeInbound(deps, event);
      assert.deepEqual(retry.plan.verbs, []);
      assert.equal(app.to('/sms').length, 1);
      assert.equal(sent().length, 1);
    });

    test('an opt-out word still reaches the app, but nothing is sent to the sender afterwards (21610)', async () => {
      const { deps, app, number, logOf, sent } = await setup((a) => ({ smsUrl: a.url('/sms') }));
      app.answer('/sms', twiml('<Message>Are you sure?</Message>'));
      const event = sms(number.phoneNumber, 'STOP');
      await routeInbound(deps, event);
      assert.equal(app.to('/sms')[0]?.params.Body, 'STOP');
      assert.deepEqual(sent(), []);
      const error = (await logOf(event)).events.find((e) => e.kind === 'error');
      assert.equal(error?.data.code, '21610');
      assert.equal(await deps.store.isOptedOut(number.phoneNumber, SENDER), true);
    });

    test('a number\'s SmsMethod GET: the app is asked with a signed GET', async () => {
      const { deps, app, number } = await setup((a) => ({ smsUrl: a.url('/sms'), smsMethod: 'GET' }));
      app.answer('/sms', twiml('<Message>ok</Message>'));
      await routeInbound(deps, sms(number.phoneNumber, 'a b&c'));
      const [asked] = app.to('/sms');
      assert.deepEqual([asked?.method, asked?.signatureValid, asked?.params.Body], ['GET', true, 'a b&c']);
    });

    test('a number with a flow: the flow\'s message entry answers instead of the SmsUrl', async () => {
      const { store, deps, account, app, number, logOf, sent } = await setup((a) => ({ smsUrl: a.url('/sms') }));
      const definition = { version: 1, start: { message: 'auto' }, nodes: { auto: { type: 'reply', text: 'We are closed today' } } };
      const { flow } = await createFlow(deps, account.sid, { friendlyName: 'Auto reply', definition, commitMessage: null });
      await store.updateInventoryNumber(account.sid, number.sid, { config: { ...number.config, flowSid: flow.sid }, dateUpdated: deps.clock.now() });
      const event = sms(number.phoneNumber, 'open?');
      await routeInbound(deps, event);
      assert.deepEqual(sent(), [{ from: number.phoneNumber, to: SENDER, body: 'We are closed today' }]);
      assert.equal(app.to('/sms').length, 0);
      const { traffic, events } = await logOf(event);
      assert.deepEqual([traffic.application, traffic.flowSid, traffic.flowRevision], ['flow', flow.sid, 1]);
      assert.ok(kinds(events).includes('flow-step'));
    });

    const inService = async (store: Store, accountSid: string, number: InventoryNumber, settings: Partial<MessagingServiceSettings>) => {
      const service = { sid: sid('messagingService'), accountSid, friendlyName: 'Support', settings: { ...DEFAULT_MESSAGING_SETTINGS, ...settings }, dateCreated: T0, dateUpdated: T0 };
      await store.createMessagingService(service);
      assert.equal(await store.addMessagingNumber({ serviceSid: service.sid, accountSid, numberSid: number.sid, dateCreated: T0 }), true);
      return service;
    };

    test('a number in a Messaging service with an inbound URL: the service\'s URL answers, with MessagingServiceSid, before the number\'s SmsUrl', async () => {
      const { store, deps, account, app, number, logOf, sent } = await setup((a) => ({ smsUrl: a.url('/number-app') }));
      const service = await inService(store, account.sid, number, { inboundRequestUrl: app.url('/service'), fallbackUrl: app.url('/service-fallback') });
      app.answer('/service', { status: 502 });
      app.answer('/service-fallback', twiml('<Message>from the service</Message>'));
      const event = sms(number.phoneNumber, 'help');
      await routeInbound(deps, event);
      assert.deepEqual(sent().map((m) => m.body), ['from the service']);
      assert.equal(app.to('/number-app').length, 0);
      assert.deepEqual(app.to('/service').map((r) => [r.params.MessagingServiceSid, r.signatureValid]), [[service.sid, true]]);
      assert.equal((await logOf(event)).traffic.application, 'messaging-service');
    });

    test('a Messaging service that uses the number\'s own webhook leaves the message to the number\'s SmsUrl', async () => {
      const { store, deps, account, app, number, logOf } = await setup((a) => ({ smsUrl: a.url('/number-app') }));
      await inService(store, account.sid, number, { inboundRequestUrl: app.url('/service'), useInboundWebhookOnNumber: true });
      app.answer('/number-app', twiml('<Message>number app</Message>'));
      const event = sms(number.phoneNumber, 'help');
      await routeInbound(deps, event);
      assert.equal(app.to('/service').length, 0);
      assert.equal(app.to('/number-app').length, 1);
      assert.equal((await logOf(event)).traffic.application, 'app');
    });
  });
}
