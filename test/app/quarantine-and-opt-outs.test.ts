// Traffic to quarantined numbers and opt-outs that stay with a number (issue 12), through the routing use
// case on both databases: what reaches whom (a recording carrier), what is counted as misdirected, and an
// opt-out that outlives the number's holder and binds the next one.
import assert from 'node:assert/strict';
import { after, describe, test } from 'node:test';
import { addPoolNumber } from '../../src/app/add-pool-number.ts';
import { createSession } from '../../src/app/create-session.ts';
import { QUARANTINE_ANNOUNCEMENT } from '../../src/app/quarantined-traffic.ts';
import { releaseNumber } from '../../src/app/release-number.ts';
import { routeInbound } from '../../src/app/route-inbound.ts';
import { sendMessageInteraction } from '../../src/app/send-message-interaction.ts';
import { planSummary } from '../../src/domain/call-plan.ts';
import { AppError } from '../../src/domain/errors.ts';
import type { InboundEvent } from '../../src/domain/routing.ts';
import type { Service } from '../../src/domain/service.ts';
import type { Store } from '../../src/ports/store.ts';
import { testDeps } from '../support/app-deps.ts';
import { aService, anAccount, sid } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

const ALICE = '+14155550101', BOB = '+14155550202', CAROL = '+14155550303', DAVE = '+14155550404';
const P1 = '+14155551212', P2 = '+14155553434';
const REPLY = 'This number is no longer in service.';

const sms = (from: string, to: string, body: string): InboundEvent => ({
  channel: 'message', carrier: 'sandbox', resourceSid: sid('message'), from, to, body, mediaUrls: [], carrierParams: { From: from, To: to, Body: body },
});
const call = (from: string, to: string): InboundEvent => ({
  channel: 'voice', carrier: 'sandbox', resourceSid: sid('call'), from, to, body: '', mediaUrls: [], carrierParams: { From: from, To: to },
});

const refusedWith = (code: number) => (err: unknown): boolean => {
  assert.ok(err instanceof AppError, String(err));
  assert.equal(err.twilioCode, code);
  return true;
};

for (const db of STORES) {
  describe(`quarantine and opt-outs on ${db.name}`, () => {
    const opened: Store[] = [];
    after(async () => { await Promise.all(opened.map((s) => s.close())); });

    /** An account whose service has P1 and P2 in its pool (added by PhoneNumber, as the API does). */
    const holder = async (store: Store, deps: ReturnType<typeof testDeps>, numbers = [P1, P2]) => {
      const account = anAccount();
      await store.upsertAccount(account);
      const service = aService(account);
      await store.createService(service);
      const pool: Record<string, string> = {};
      for (const phoneNumber of numbers) pool[phoneNumber] = (await addPoolNumber(deps, service, { phoneNumber })).number.sid;
      return { account, service, pool };
    };

    const setup = async () => {
      const store = await db.open();
      opened.push(store);
      const deps = testDeps(store);
      return { store, deps, ...(await holder(store, deps)) };
    };

    const pair = async (deps: ReturnType<typeof testDeps>, service: Service, a: { identifier: string; proxy: string }, b: { identifier: string; proxy: string }) => {
      const { participants } = await createSession(deps, service, {
        mode: 'voice-and-message',
        participants: [{ identifier: a.identifier, proxyIdentifier: a.proxy }, { identifier: b.identifier, proxyIdentifier: b.proxy }],
      });
      const [first, second] = participants;
      assert.ok(first && second);
      return { first, second };
    };

    test('a quarantined number: calls hear the announcement, texts get the reply, nothing is forwarded, every attempt counted', async () => {
      const { store, deps, service, account, pool } = await setup();
      const p1 = pool[P1] ?? '';
      await pair(deps, service, { identifier: ALICE, proxy: P1 }, { identifier: BOB, proxy: P2 });
      await store.setNumberPolicy(account.sid, JSON.stringify({ quarantineSmsReply: REPLY }), deps.clock.now());
      await releaseNumber(deps, account.sid, p1, { closeSessions: true, reason: 'test' });

      const rang = await routeInbound(deps, call(ALICE, P1));
      assert.deepEqual(rang.plan.verbs, [{ verb: 'say', text: QUARANTINE_ANNOUNCEMENT }, { verb: 'hangup' }]);
      assert.equal(rang.plan.refusal?.code, 'phone-number-unavailable');
      assert.deepEqual(deps.carrier.calls, [], 'never bridged');

      deps.clock.advance(60);
      const texted = await routeInbound(deps, sms(ALICE, P1, 'hello?'));
      assert.equal(planSummary(texted.plan), 'reply');
      deps.clock.advance(60);
      await routeInbound(deps, sms(CAROL, P1, 'who is this'));
      assert.deepEqual(deps.carrier.sent.map((m) => [m.from, m.to, m.body]), [[P1, ALICE, REPLY], [P1, CAROL, REPLY]]);

      const summary = await store.misdirectedSummary(p1);
      assert.deepEqual(summary.map((s) => [s.sender, s.channel, s.count]), [[CAROL, 'message', 1], [ALICE, 'message', 1], [ALICE, 'voice', 1]]);
      const alice = summary.find((s) => s.sender === ALICE && s.channel === 'message');
      assert.equal(alice?.lastSeen.getTime(), deps.clock.now().getTime() - 60_000);
      assert.equal(await store.countMisdirectedSince(p1, new Date(0)), 3);
    });

    test('without a quarantine reply a text to a quarantined number gets nothing, and STOP to it gets no reply but is kept', async () => {
      const { store, deps, account, pool } = await setup();
      await releaseNumber(deps, account.sid, pool[P1] ?? '', { closeSessions: false, reason: 'test' });
      assert.equal(planSummary((await routeInbound(deps, sms(ALICE, P1, 'hi'))).plan), 'nothing');
      await store.setNumberPolicy(account.sid, JSON.stringify({ quarantineSmsReply: REPLY }), deps.clock.now());
      assert.equal(planSummary((await routeInbound(deps, sms(DAVE, P1, 'Stop'))).plan), 'nothing');
      assert.equal(await store.isOptedOut(P1, DAVE), true);
      assert.equal(planSummary((await routeInbound(deps, sms(DAVE, P1, 'anyone?'))).plan), 'nothing', 'no reply to someone who opted out of the number');
      assert.equal(deps.carrier.sent.length, 0);
      assert.equal(await store.countMisdirectedSince(pool[P1] ?? '', new Date(0)), 3);
    });

    test('STOP in a session: the partner\'s messages are refused with 21610 and logged; the app cannot send either; START lifts it', async () => {
      const { store, deps, service } = await setup();
      const { first: alice, second: bob } = await pair(deps, service, { identifier: ALICE, proxy: P1 }, { identifier: BOB, proxy: P2 });
      assert.equal((await routeInbound(deps, sms(BOB, P2, 'STOP'))).plan.refusal?.code, 'opt-out-word');
      const refused = await routeInbound(deps, sms(ALICE, P1, 'are you coming?'));
      assert.equal(refused.plan.refusal?.code, 'unsubscribed-recipient');
      assert.equal(deps.carrier.sent.length, 0);
      const logged = (await store.listInteractions(alice.sessionSid, { pageSize: 10 })).items.map((i) => JSON.parse(i.data ?? '{}'));
      assert.ok(logged.some((d) => d.body === 'are you coming?' && d.error_code === 21610), JSON.stringify(logged));
      await assert.rejects(sendMessageInteraction(deps, service, bob.sessionSid, bob.sid, { body: 'from the app', mediaUrls: [] }), refusedWith(21610));
      assert.equal(deps.carrier.sent.length, 0);
      // Alice did not opt out: the app still reaches her.
      await sendMessageInteraction(deps, service, alice.sessionSid, alice.sid, { body: 'to alice', mediaUrls: [] });
      assert.equal(planSummary((await routeInbound(deps, call(ALICE, P1))).plan), 'forward', 'calls are not messages');

      await routeInbound(deps, sms(BOB, P2, 'unstop'));
      assert.equal(await store.isOptedOut(P2, BOB), false);
      await routeInbound(deps, sms(ALICE, P1, 'back on'));
      assert.deepEqual(deps.carrier.sent.map((m) => [m.to, m.body]), [[ALICE, 'to alice'], [ALICE, 'unstop'], [BOB, 'back on']]);
    });

    test('STOP outside any session is kept too, and the out-of-session reply is not sent to who sent it', async () => {
      const { store, deps: base, service } = await setup();
      const deps = { ...base, settings: { ...base.settings, callbacks: { ...base.settings.callbacks, outOfSessionDefault: { kind: 'reply' as const, text: 'No session' } } } };
      await routeInbound(deps, sms(CAROL, P1, 'quit'));
      assert.equal(await store.isOptedOut(P1, CAROL), true);
      assert.equal((await routeInbound(deps, sms(CAROL, P1, 'hello'))).plan.refusal?.code, 'unsubscribed-recipient');
      await routeInbound(deps, sms(DAVE, P1, 'hello'));
      assert.deepEqual(base.carrier.sent.map((m) => [m.to, m.body]), [[DAVE, 'No session']]);
      // A service's own words replace the defaults.
      await store.updateService(service.accountSid, service.sid, { optOutWords: ['HALT'], dateUpdated: deps.clock.now() });
      await routeInbound(deps, sms(DAVE, P2, 'halt'));
      assert.equal(await store.isOptedOut(P2, DAVE), true);
    });

    test('an opt-out stays with the number: its next holder cannot text who opted out (21610)', async () => {
      const { store, deps, service, account, pool } = await setup();
      await pair(deps, service, { identifier: ALICE, proxy: P1 }, { identifier: BOB, proxy: P2 });
      await routeInbound(deps, sms(ALICE, P1, 'STOP'));
      const p1 = pool[P1] ?? '';
      await releaseNumber(deps, account.sid, p1, { closeSessions: true, reason: 'test' });
      // The quarantine ends (the sweeper's step): the number goes back to the sandbox's stock.
      const now = deps.clock.now();
      await store.updateInventoryNumber(account.sid, p1, { state: 'recycled', dateStateChanged: now, dateUpdated: now });

      const next = await holder(store, deps, [P1, '+14155557878']);
      assert.notEqual(next.pool[P1], p1, 'a new record, a new sid');
      const { first: alice, second: carol } = await pair(deps, next.service, { identifier: ALICE, proxy: P1 }, { identifier: CAROL, proxy: '+14155557878' });
      const refused = await routeInbound(deps, sms(CAROL, carol.proxyIdentifier, 'hi, new here'));
      assert.equal(refused.plan.refusal?.code, 'unsubscribed-recipient');
      await assert.rejects(sendMessageInteraction(deps, next.service, alice.sessionSid, alice.sid, { body: 'hello', mediaUrls: [] }), refusedWith(21610));
      assert.equal(deps.carrier.sent.length, 0);
      // Alice writes START to the number: the new holder reaches her from then on.
      await routeInbound(deps, sms(ALICE, P1, 'START'));
      await sendMessageInteraction(deps, next.service, alice.sessionSid, alice.sid, { body: 'hello', mediaUrls: [] });
      assert.deepEqual(deps.carrier.sent.map((m) => [m.from, m.to, m.body]), [[carol.proxyIdentifier, CAROL, 'START'], [P1, ALICE, 'hello']]);
    });

    test('the route read tells both sides\' opt-outs (no read of its own per message)', async () => {
      const { store, deps, service } = await setup();
      await pair(deps, service, { identifier: ALICE, proxy: P1 }, { identifier: BOB, proxy: P2 });
      const flags = async () => {
        const route = await store.findInboundRoute(P1, ALICE);
        return [route?.senderOptedOut, route?.partnerOptedOut];
      };
      assert.deepEqual(await flags(), [false, false]);
      await store.recordOptOut(P2, BOB, 'STOP', deps.clock.now());
      assert.deepEqual(await flags(), [false, true]);
      await store.recordOptOut(P1, ALICE, 'STOP', deps.clock.now());
      assert.deepEqual(await flags(), [true, true]);
      // Another number's opt-out is not this one's.
      await store.removeOptOut(P2, BOB);
      await store.recordOptOut(P1, BOB, 'STOP', deps.clock.now());
      assert.deepEqual(await flags(), [true, false]);
    });
  });
}
