// Inbound routing through the use case, on both databases, with a recording carrier and a scripted
// customer application: what reaches whom, what is logged, and what the callbacks decide.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { createSession } from '../../src/app/create-session.ts';
import { routeInbound } from '../../src/app/route-inbound.ts';
import { planSummary } from '../../src/domain/call-plan.ts';
import { sendMessageInteraction } from '../../src/app/send-message-interaction.ts';
import type { InboundEvent } from '../../src/domain/routing.ts';
import type { Service } from '../../src/domain/service.ts';
import type { Store } from '../../src/ports/store.ts';
import { WebhookError } from '../../src/ports/webhook-sender.ts';
import { AppError } from '../../src/domain/errors.ts';
import type { SentResource } from '../../src/ports/carrier.ts';
import { RecordingCarrier, testDeps } from '../support/app-deps.ts';
import { aPoolNumber, aService, anAccount, sid } from '../support/fixtures.ts';
import { callbackOf } from '../support/jobs.ts';
import { storeNumber } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

const ALICE = '+14155550101', BOB = '+14155550202', CAROL = '+14155550303';
const P1 = '+14155551212', P2 = '+14155553434';

const sms = (from: string, to: string, body: string, resourceSid = sid('message'), mediaUrls: string[] = []): InboundEvent => ({
  channel: 'message', carrier: 'sandbox', resourceSid, from, to, body, mediaUrls, carrierParams: { From: from, To: to, Body: body },
});
const call = (from: string, to: string): InboundEvent => ({
  channel: 'voice', carrier: 'sandbox', resourceSid: sid('call'), from, to, body: '', mediaUrls: [], carrierParams: { From: from, To: to },
});

for (const db of STORES) {
  describe(`routing on ${db.name}`, () => {
    const opened: Store[] = [];
    after(async () => { await Promise.all(opened.map((s) => s.close())); });

    const setup = async (service: Partial<Service> = {}) => {
      const store = await db.open();
      opened.push(store);
      const deps = testDeps(store);
      const account = anAccount();
      await store.upsertAccount(account);
      const svc = aService(account, service);
      await store.createService(svc);
      for (const phoneNumber of [P1, P2]) await storeNumber(store, aPoolNumber(svc, { phoneNumber }));
      const pair = async (mode: 'voice-and-message' | 'message-only' | 'voice-only' = 'voice-and-message', ids = [ALICE, BOB]) =>
        (await createSession(deps, svc, { mode, participants: ids.map((identifier) => ({ identifier })) })).participants;
      return { deps, svc, store, pair };
    };

    test('a message reaches the partner from the partner\'s proxy number, with its media, and is logged', async () => {
      const { deps, store, pair } = await setup();
      const [alice, bob] = await pair();
      const outcome = await routeInbound(deps, sms(ALICE, alice!.proxyIdentifier, 'hi', sid('message'), ['https://img/1.png']));
      assert.equal(planSummary(outcome.plan), 'forward');
      assert.deepEqual(deps.carrier.sent.map((m) => [m.from, m.to, m.body, m.mediaUrls]), [[bob!.proxyIdentifier, BOB, 'hi', ['https://img/1.png']]]);
      const [interaction] = (await store.listInteractions(alice!.sessionSid, { pageSize: 10 })).items;
      assert.deepEqual(JSON.parse(interaction?.data ?? ''), { body: 'hi', media_urls: ['https://img/1.png'] });
      assert.equal(interaction?.outbound.resourceStatus, 'delivered');
    });

    test('a retried webhook (same carrier id) forwards nothing new and logs nothing new', async () => {
      const { deps, store, pair } = await setup();
      const [alice] = await pair();
      const event = sms(ALICE, alice!.proxyIdentifier, 'once');
      await routeInbound(deps, event);
      const again = await routeInbound(deps, event);
      assert.equal(planSummary(again.plan), 'nothing');
      assert.equal(deps.carrier.sent.length, 1);
      assert.equal((await store.listInteractions(alice!.sessionSid, { pageSize: 10 })).items.length, 1);
      const raced = await Promise.all([routeInbound(deps, sms(ALICE, alice!.proxyIdentifier, 'x', 'SMrace')), routeInbound(deps, sms(ALICE, alice!.proxyIdentifier, 'x', 'SMrace'))]);
      assert.equal(raced[0], raced[1], 'a concurrent duplicate shares the first delivery\'s result');
      assert.equal(deps.carrier.sent.length, 2, 'concurrent duplicates forward once');
    });

    test('an instance that died mid-send: a retry elsewhere sends again with the same key, once recorded never', async () => {
      const { deps, store, pair } = await setup();
      const [alice, bob] = await pair();
      // The first instance: its carrier's API never answers (it dies while waiting).
      let sendStarted: () => void = () => undefined;
      const started = new Promise<void>((resolve) => { sendStarted = resolve; });
      const hanging = new (class extends RecordingCarrier {
        override send(): Promise<SentResource> {
          sendStarted();
          return new Promise(() => undefined);
        }
      })();
      const dying = testDeps(store, deps.clock, hanging);
      const event = sms(ALICE, alice!.proxyIdentifier, 'not lost');
      void routeInbound(dying, event);
      await started;
      const logged = await store.findInboundRecord(event.resourceSid);
      assert.ok(logged, 'the first delivery logged the interaction');
      assert.deepEqual(logged.forward, { from: bob!.proxyIdentifier, to: BOB, sentBy: 'sandbox' });
      // While the dying instance holds the forward's job, a retry leaves it alone: never two sends at once.
      assert.equal(planSummary((await routeInbound(deps, event)).plan), 'forward');
      assert.equal(deps.carrier.sent.length, 0);
      // The carrier retries later, after the dead instance's lease on the job ran out.
      deps.clock.advance(60);
      // The carrier retries on another instance (deps): the recorded forward is sent, keyed by the interaction.
      const again = await routeInbound(deps, event);
      assert.equal(planSummary(again.plan), 'forward');
      assert.equal(again.plan.interactionSid, logged.interaction.sid);
      assert.deepEqual(deps.carrier.sent.map((m) => [m.from, m.to, m.body, m.idempotencyKey]), [[bob!.proxyIdentifier, BOB, 'not lost', logged.interaction.sid]]);
      // The send is recorded now: a further retry forwards nothing, and the interaction is logged once.
      assert.equal(planSummary((await routeInbound(deps, event)).plan), 'nothing');
      assert.equal(deps.carrier.sent.length, 1);
      assert.equal((await store.listInteractions(alice!.sessionSid, { pageSize: 10 })).items.length, 1);
    });

    test('mode is enforced both ways, and a lone participant has no one to reach', async () => {
      const { deps, pair } = await setup();
      const [m] = await pair('message-only', [ALICE, BOB]);
      const refused = await routeInbound(deps, call(ALICE, m!.proxyIdentifier));
      assert.deepEqual(refused.plan.refusal?.code, 'call-to-message-only-session');
      const [v] = await pair('voice-only', [CAROL, '+14155550404']);
      const refusedSms = await routeInbound(deps, sms(CAROL, v!.proxyIdentifier, 'hi'));
      assert.deepEqual(refusedSms.plan.refusal?.code, 'message-to-voice-only-session');
      const [lone] = await pair('voice-and-message', ['+14155550505']);
      const alone = await routeInbound(deps, sms('+14155550505', lone!.proxyIdentifier, 'anyone?'));
      assert.deepEqual(alone.plan.refusal?.code, 'no-partner');
      assert.equal(deps.carrier.sent.length, 0);
    });

    test('the intercept callback can block; errors and timeouts let traffic through', async () => {
      const { deps, pair } = await setup({ interceptCallbackUrl: 'https://app.example/intercept' });
      const [alice] = await pair();
      deps.webhooks.answers.set('https://app.example/intercept', { status: 403, contentType: null, body: '' });
      const blocked = await routeInbound(deps, sms(ALICE, alice!.proxyIdentifier, 'blocked'));
      assert.deepEqual(blocked.plan.refusal?.code, 'intercept-rejected');
      deps.webhooks.answers.set('https://app.example/intercept', new WebhookError('timeout', 'slow'));
      assert.equal(planSummary((await routeInbound(deps, sms(ALICE, alice!.proxyIdentifier, 'through'))).plan), 'forward');
      assert.deepEqual(deps.carrier.sent.map((m) => m.body), ['through']);
      const intercept = deps.webhooks.requests.find((r) => r.url === 'https://app.example/intercept');
      assert.equal(intercept?.params.inboundParticipantSid, alice!.sid);
      assert.equal(intercept?.params.outboundResourceSid, undefined, 'no outbound leg exists yet');
    });

    test('the CallbackUrl is owed for every interaction, as a job', async () => {
      const { deps, store, pair, svc } = await setup({ callbackUrl: 'https://app.example/cb' });
      const [alice] = await pair();
      await routeInbound(deps, sms(ALICE, alice!.proxyIdentifier, 'hi'));
      const owed = (await store.listJobs(svc.accountSid, { kind: 'callback', limit: 10 })).map(callbackOf);
      assert.ok(owed.some((w) => w.url === 'https://app.example/cb' && w.params.interactionType === 'Message'));
    });

    test('a MessageInteraction owes a callback when queued and another when the carrier reports', async () => {
      const { deps, store, pair, svc } = await setup({ callbackUrl: 'https://app.example/cb' });
      const [alice] = await pair();
      const interaction = await sendMessageInteraction(deps, svc, alice!.sessionSid, alice!.sid, { body: 'from the app', mediaUrls: [] });
      assert.equal(interaction.outbound.resourceStatus, 'delivered');
      const statuses = (await store.listJobs(svc.accountSid, { kind: 'callback', limit: 10 })).map(callbackOf).filter((w) => w.params.interactionSid === interaction.sid).map((w) => w.params.outboundResourceStatus);
      assert.deepEqual(statuses.sort(), ['delivered', 'queued']);
      deps.carrier.fail = true;
      await assert.rejects(sendMessageInteraction(deps, svc, alice!.sessionSid, alice!.sid, { body: 'lost', mediaUrls: [] }), (err: unknown) => err instanceof AppError && err.code === 'downstream-rejected');
      const failed = (await store.listInteractions(alice!.sessionSid, { pageSize: 10 })).items.find((i) => i.data?.includes('lost'));
      assert.equal(failed?.outbound.resourceStatus, 'failed');
      assert.equal(failed?.outbound.resourceSid, null);
    });

    test('out of session: TwiML goes back as is; JSON creates a session and routes in it', async () => {
      const { deps, pair } = await setup({ outOfSessionCallbackUrl: 'https://app.example/oos' });
      const twiml = '<Response><Message>Sorry</Message></Response>';
      deps.webhooks.answers.set('https://app.example/oos', { status: 200, contentType: 'application/xml', body: twiml });
      const markup = await routeInbound(deps, sms(CAROL, P1, 'hello?'));
      assert.deepEqual(markup.inReply, [{ verb: 'markup', contentType: 'application/xml', body: twiml }]);

      deps.webhooks.answers.set('https://app.example/oos', {
        status: 200, contentType: 'application/json', body: JSON.stringify({ participantIdentifier: BOB, uniqueName: 'auto' }),
      });
      const routed = await routeInbound(deps, sms(CAROL, P1, 'new ride'));
      assert.equal(planSummary(routed.plan), 'forward');
      assert.deepEqual(deps.carrier.sent.map((m) => [m.to, m.body]), [[BOB, 'new ride']]);
      await pair(); // the auto-created session holds no number Alice and Bob need
    });

    test('without an out-of-session callback: silence by default', async () => {
      const { deps } = await setup();
      const outcome = await routeInbound(deps, sms(CAROL, P1, 'hello?'));
      assert.equal(planSummary(outcome.plan), 'nothing');
      assert.equal(deps.carrier.sent.length, 0);
    });
  });
}
