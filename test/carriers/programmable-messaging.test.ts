// Messages to programmable numbers on the sandbox and over each carrier's signed webhooks (Twilio's form
// webhooks answered in TwiML; Telnyx's JSON events, whose replies leave through its Messages API), against
// loopback fakes, on every database. Each application kind that takes messages: the owner's app (SmsUrl),
// a Messaging service's inbound URL (before the number's SmsUrl), and a masq flow with every message action
// (reply, forward with the media, the webhook answering at once, the webhook answered later through
// POST /masq/v1/NumberTraffic/{NT}/Reply, and email delivered to a real SMTP server on loopback). What the
// people at the phones see is read from the carrier's side: its answers, or the sends its API received.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ACCOUNT_SID, str } from '../api/support.ts';
import { twiml } from '../support/twiml-app.ts';
import type { SeenMessage } from './drivers/driver.ts';
import { sandboxDriver } from './drivers/sandbox.ts';
import { telnyxDriver } from './drivers/telnyx.ts';
import { twilioDriver } from './drivers/twilio.ts';
import { DATABASES } from './harness.ts';
import { flowStepsOf, inProgrammableWorld, kindsOf, type ProgrammableWorld } from './programmable-world.ts';

const NUMBER = '+14155557000';
const SENDER = '+14155550101';
const FRIEND = '+14155550177';
const COPY = '+14155550404';
const PHOTO = 'https://media.invalid/shop-front.jpg';

/** What the person at `to` reads: who it came from and what it says, in the order it left. */
const inbox = async (p: ProgrammableWorld, to: string): Promise<{ from: string; body: string; mediaUrls: string[] }[]> =>
  (await p.carrier.messagesTo(p.w.masq, to)).map((m: SeenMessage) => ({ from: m.from, body: m.body, mediaUrls: [...m.mediaUrls] }));

const text = (from: string, body: string, mediaUrls: readonly string[] = []) => ({ from, body, mediaUrls: [...mediaUrls] });

/** The sender texts the number; the carrier's id of the message. */
const send = async (p: ProgrammableWorld, body: string, mediaUrls: readonly string[] = []): Promise<{ resourceId: string }> => {
  const { reply, resourceId } = await p.carrier.sms(p.w.masq, { from: SENDER, to: NUMBER, body, mediaUrls });
  assert.ok(reply.status >= 200 && reply.status < 300, `masq took the message: ${reply.status} ${reply.body}`);
  return { resourceId };
};

const textsFlow = (p: ProgrammableWorld) => ({
  version: 1,
  start: { message: 'thanks' },
  nodes: {
    thanks: { type: 'reply', text: 'Thanks, we got your message', next: 'copy' },
    copy: { type: 'forward-message', to: COPY, next: 'hook' },
    hook: { type: 'webhook-message', url: p.hooks.url('/sms'), next: 'mail' },
    mail: { type: 'email-message', to: ['texts@example.com'], subject: 'A text to the shop' },
  },
});

const scenarios: Record<string, (p: ProgrammableWorld) => Promise<void>> = {
  'the owner\'s app (SmsUrl) is asked signed with Twilio\'s parameters; its <Message>s reply to the sender and reach a friend': async (p) => {
    await p.number(NUMBER, { SmsUrl: p.app.url('/sms') });
    p.app.answer('/sms', twiml(`<Message>Thanks &amp; see you</Message><Message to="${FRIEND}">${SENDER} says: the shop</Message>`));
    const { resourceId } = await send(p, 'Where is <the> shop & when?');
    if (p.carrier.account !== null) {
      // A carrier delivering the same webhook again (its answer was lost) gets nothing sent twice, and the app is asked once.
      const again = await p.carrier.sms(p.w.masq, { from: SENDER, to: NUMBER, body: 'Where is <the> shop & when?' }, { resourceId });
      assert.equal(again.reply.status, 200, again.reply.body);
    }
    assert.deepEqual(await inbox(p, SENDER), [text(NUMBER, 'Thanks & see you')]);
    assert.deepEqual(await inbox(p, FRIEND), [text(NUMBER, `${SENDER} says: the shop`)]);
    assert.equal(p.app.to('/sms').length, 1);
    const [asked] = p.app.to('/sms');
    assert.ok(asked?.signatureValid, 'signed with the account\'s auth token');
    assert.deepEqual([asked.params.AccountSid, asked.params.From, asked.params.To, asked.params.Body], [ACCOUNT_SID, SENDER, NUMBER, 'Where is <the> shop & when?']);
    const log = await p.traffic(NUMBER);
    assert.deepEqual([log.record.application, log.record.channel, log.record.carrier], ['app', 'message', p.carrier.accountName]);
    assert.ok(kindsOf(log).includes('app-request'));
  },

  'a Messaging service\'s inbound URL answers before the number\'s SmsUrl; its fallback when it fails': async (p) => {
    const numberSid = await p.number(NUMBER, { SmsUrl: p.app.url('/number-app') });
    const service = await p.api('POST', '/messaging/v1/Services', { FriendlyName: 'Support', InboundRequestUrl: p.app.url('/service'), FallbackUrl: p.app.url('/service-fallback') });
    await p.api('POST', `/messaging/v1/Services/${str(service, 'sid')}/PhoneNumbers`, { PhoneNumberSid: numberSid });
    p.app.answer('/service', twiml('<Message>The service answers</Message>'));
    await send(p, 'help');
    p.app.answer('/service', { status: 503, body: 'down' });
    p.app.answer('/service-fallback', twiml('<Message>The fallback answers</Message>'));
    await send(p, 'help again');
    assert.deepEqual(await inbox(p, SENDER), [text(NUMBER, 'The service answers'), text(NUMBER, 'The fallback answers')]);
    assert.equal(p.app.to('/number-app').length, 0, 'the number\'s own SmsUrl is not asked');
    assert.deepEqual(p.app.to('/service').map((r) => [r.params.MessagingServiceSid, r.params.Body, r.signatureValid]), [[service.sid, 'help', true], [service.sid, 'help again', true]]);
    assert.deepEqual(p.app.to('/service-fallback').map((r) => [r.params.ErrorCode, r.signatureValid]), [['11200', true]]);
    const log = await p.traffic(NUMBER);
    assert.equal(log.record.application, 'messaging-service');
    assert.ok(kindsOf(log).includes('fallback'), kindsOf(log).join(', '));
  },

  'a flow: the sender is replied to, the text is forwarded with its photo, POSTed signed to the webhook whose reply goes back at once, and emailed': async (p) => {
    await p.number(NUMBER, { FlowSid: await p.flow(textsFlow(p)) });
    p.hooks.answers.set('/sms', JSON.stringify({ reply: 'A person will text you soon' }));
    await send(p, 'Is the shop open?', [PHOTO]);
    assert.deepEqual(await inbox(p, SENDER), [text(NUMBER, 'Thanks, we got your message'), text(NUMBER, 'A person will text you soon')]);
    assert.deepEqual(await inbox(p, COPY), [text(NUMBER, `From ${SENDER}: Is the shop open?`, [PHOTO])]);
    // A carrier that reports on what it sent from masq's answer is acknowledged (nothing else owes a report).
    for (const sent of await p.carrier.messagesTo(p.w.masq, COPY)) {
      if (sent.statusUrl !== null) assert.equal((await p.carrier.report(p.w.masq, sent, 'delivered')).status, 200);
    }
    const [posted] = p.hooks.to('/sms');
    assert.ok(posted?.signatureValid, 'signed (bodySHA256) with the account\'s auth token');
    assert.deepEqual([posted.body.event_type, posted.body.from, posted.body.to, posted.body.body, posted.body.media, posted.body.flow_node],
      ['message.received', SENDER, NUMBER, 'Is the shop open?', [PHOTO], 'hook']);
    const mail = p.smtp.received.find((m) => m.to.includes('texts@example.com'));
    assert.ok(mail, 'the text was emailed');
    assert.match(mail.raw, /Subject: A text to the shop/);
    assert.ok(mail.raw.includes('Is the shop open?') && mail.raw.includes(PHOTO), mail.raw);
    const log = await p.traffic(NUMBER);
    assert.equal(log.record.application, 'flow');
    assert.deepEqual(flowStepsOf(log), ['thanks: the message entry', 'copy: next', 'hook: next', 'mail: next']);
    assert.deepEqual(kindsOf(log).filter((k) => k !== 'flow-step'), ['reply', 'reply', 'webhook', 'reply', 'email']);
  },

  'a flow\'s webhook that does not answer at once answers later, through POST /masq/v1/NumberTraffic/{NT}/Reply, over the same carrier': async (p) => {
    await p.number(NUMBER, { FlowSid: await p.flow(textsFlow(p)) });
    await send(p, 'Do you deliver?');
    const [posted] = p.hooks.to('/sms');
    assert.ok(posted?.signatureValid);
    assert.deepEqual(await inbox(p, SENDER), [text(NUMBER, 'Thanks, we got your message')], 'no reply from the webhook yet');
    const trafficSid = String(posted.body.traffic_sid);
    const reply = await p.api('POST', `/masq/v1/NumberTraffic/${trafficSid}/Reply`, { Body: 'Yes, within 5 miles' });
    assert.deepEqual([reply.from, reply.to, reply.carrier, reply.error_code], [NUMBER, SENDER, p.carrier.accountName, null]);
    assert.deepEqual(await inbox(p, SENDER), [text(NUMBER, 'Thanks, we got your message'), text(NUMBER, 'Yes, within 5 miles')]);
    const log = await p.traffic(NUMBER);
    assert.equal(log.record.sid, trafficSid);
    assert.equal(kindsOf(log).at(-1), 'reply');
  },
};

for (const db of DATABASES) {
  for (const driver of [sandboxDriver, twilioDriver, telnyxDriver]) {
    for (const [name, scenario] of Object.entries(scenarios)) {
      test(`${driver.type} on ${db.name}: ${name}`, () => inProgrammableWorld(db, driver, scenario));
    }
  }
}
