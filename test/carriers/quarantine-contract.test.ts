// Quarantine and opt-outs through every carrier (issue 12), on every database, with the contract suite's
// drivers: what the people notice when a number has been released (a call hears it is no longer in
// service, a text gets the account's reply, nothing reaches the number's former partner) and when
// someone texted STOP to their proxy number (nothing is sent to them from it until they text START).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { QUARANTINE_ANNOUNCEMENT } from '../../src/app/quarantined-traffic.ts';
import { ACCOUNT_SID, list, MAIN_AUTH, str } from '../api/support.ts';
import { ALICE, BOB, dataOf, interactionsOf, startConversation, type Conversation } from './conversation.ts';
import { DRIVERS } from './drivers/all.ts';
import { carries, type CarrierDriver, type DriverInstance, type HttpReply, type SeenMessage } from './drivers/driver.ts';
import { readAnswer } from './drivers/twiml-reader.ts';
import { DATABASES, inWorld, type Database, type Masq, type World } from './harness.ts';

const NOT_IN_SERVICE_REPLY = 'This number is no longer in service. Nothing you send to it reaches anyone.';

const forwardsTo = async (w: World, identifier: string): Promise<SeenMessage[]> =>
  (await Promise.all(w.carriers.map((c) => c.messagesTo(w.masq, identifier)))).flat();

const shape = (m: SeenMessage) => ({ via: m.via, from: m.from, to: m.to, body: m.body });

const accepted = (reply: HttpReply, what: string): void => {
  assert.ok(reply.status >= 200 && reply.status < 300, `${what}: masq answered ${reply.status}: ${reply.body}`);
};

/** The pool number's sid (the IncomingPhoneNumber's PN sid). */
const numberSid = async (masq: Masq, c: Conversation, e164: string): Promise<string> => {
  const pool = list((await masq.api('GET', `/v1/Services/${c.service}/PhoneNumbers`)).json, 'phone_numbers');
  const found = pool.find((n) => n.phone_number === e164);
  assert.ok(found, `${e164} is in the pool`);
  return str(found, 'sid');
};

/** DELETE .../IncomingPhoneNumbers/{PN}: the number goes into quarantine, its sessions closed. */
const release = async (masq: Masq, sid: string): Promise<void> => {
  const res = await masq.app.inject({
    method: 'DELETE', url: `/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers/${sid}.json?MasqCloseSessions=true`, headers: { authorization: MAIN_AUTH },
  });
  assert.equal(res.statusCode, 204, res.body);
};

/**
 * What a caller hears: the spoken text of a markup answer, or the sandbox call's `heard`; a SIP trunk's caller
 * (masq a signalling-only B2BUA, playing no audio) gets the text in its refusal's Reason header.
 */
const heard = (reply: HttpReply): { readonly text: string; readonly bridged: boolean } => {
  if (reply.contentType === 'message/sip') return { text: /^Reason: .*text="([^"]*)"/m.exec(reply.body)?.[1] ?? '', bridged: false };
  if (/xml/.test(reply.contentType)) {
    const answer = readAnswer(reply.body);
    return { text: answer.verbs.includes('Say') ? reply.body : '', bridged: answer.dials.length > 0 };
  }
  const call = reply.json.call;
  const record = typeof call === 'object' && call !== null ? Object.fromEntries(Object.entries(call)) : {};
  return { text: String(record.heard ?? ''), bridged: typeof record.bridged_with === 'string' };
};

type Scenario = (w: World, carrier: DriverInstance, c: Conversation) => Promise<void>;

const onOneCarrier = (db: Database, driver: CarrierDriver, scenario: Scenario) => () => inWorld(db, [driver], async (w) => {
  const [carrier] = w.carriers;
  assert.ok(carrier);
  await scenario(w, carrier, await startConversation(w.masq, carrier.accountName, carrier.accountName));
});

const everyCarrier = (db: Database, driver: CarrierDriver): void => {
  const named = (what: string): string => `${driver.type} on ${db.name}: ${what}`;
  const run = (scenario: Scenario) => onOneCarrier(db, driver, scenario);
  // A carrier without calls (SMPP) runs the same scenarios with their call steps left out, and says so in their names.
  const calls = carries(driver.features, 'voice');
  // A carrier without messages (a SIP trunk) runs the released-number scenario with its text steps left out.
  const texts = carries(driver.features, 'messaging');

  test(named(`a released number: ${calls ? 'a call hears it is out of service, ' : '(no calls on this carrier) '}${texts ? 'a text gets the reply, ' : '(no messages on this carrier) '}nothing is forwarded, each attempt counted`), run(async (w, carrier, c) => {
    const store = w.masq.runtime.deps.store;
    await store.setNumberPolicy(ACCOUNT_SID, JSON.stringify({ quarantineSmsReply: NOT_IN_SERVICE_REPLY }), new Date());
    const pn = await numberSid(w.masq, c, c.alice.proxy);
    await release(w.masq, pn);

    if (calls) {
      const { delivery, dial } = await carrier.call(w.masq, ALICE, c.alice.proxy);
      // A SIP trunk's caller is refused in signalling (480 with a Reason): that is masq's whole answer.
      if (delivery.reply.contentType !== 'message/sip') accepted(delivery.reply, 'Alice calling the released number');
      assert.equal(dial, null, 'never bridged');
      const call = heard(delivery.reply);
      assert.ok(call.text.includes(QUARANTINE_ANNOUNCEMENT), `the caller hears the announcement: ${delivery.reply.body}`);
      assert.equal(call.bridged, false);
    }

    if (texts) {
      accepted((await carrier.sms(w.masq, { from: ALICE, to: c.alice.proxy, body: 'are you there?' })).reply, 'Alice texting it');
      assert.deepEqual((await forwardsTo(w, ALICE)).map(shape), [{ via: carrier.accountName, from: c.alice.proxy, to: ALICE, body: NOT_IN_SERVICE_REPLY }]);
    }
    assert.deepEqual(await forwardsTo(w, BOB), [], 'nothing reached the former partner');
    assert.deepEqual(await interactionsOf(w.masq, c), [], 'no session exists for it: nothing is logged as an interaction');

    const summary = (await store.misdirectedSummary(pn)).map((s) => [s.sender, s.channel, s.count]).sort();
    assert.deepEqual(summary, [...(texts ? [[ALICE, 'message', 1]] : []), ...(calls ? [[ALICE, 'voice', 1]] : [])]);
  }));

  // STOP and START are texts: a carrier without messages never carries one, so it has no opt-out scenario.
  if (texts) test(named(`STOP to a proxy number: nothing is sent to that person from it (21610) until START${calls ? '; calls still go through' : ''}`), run(async (w, carrier, c) => {
    accepted((await carrier.sms(w.masq, { from: BOB, to: c.bob.proxy, body: 'stop' })).reply, 'Bob opting out');
    assert.deepEqual(await forwardsTo(w, ALICE), [], 'an opt-out word is never forwarded');

    accepted((await carrier.sms(w.masq, { from: ALICE, to: c.alice.proxy, body: 'still coming?' })).reply, 'Alice texting');
    assert.deepEqual(await forwardsTo(w, BOB), [], 'Bob opted out of his proxy number: nothing reaches him from it');
    const blocked = (await interactionsOf(w.masq, c)).find((i) => dataOf(i).body === 'still coming?');
    assert.ok(blocked, 'the refused message is logged');
    assert.equal(dataOf(blocked).error_code, 21610);
    assert.equal(blocked.outbound_resource_status, 'canceled');

    const bob = list((await w.masq.api('GET', `/v1/Services/${c.service}/Sessions/${c.session}/Participants`)).json, 'participants').find((p) => p.identifier === BOB);
    const sent = await w.masq.api('POST', `/v1/Services/${c.service}/Sessions/${c.session}/Participants/${String(bob?.sid)}/MessageInteractions`, { Body: 'from the app' });
    assert.equal(sent.status, 400, sent.body);
    assert.equal(sent.json.code, 21610);

    if (calls) {
      const { dial } = await carrier.call(w.masq, ALICE, c.alice.proxy);
      assert.equal(dial?.to, BOB, 'an opt-out of messages does not stop calls');
    }

    accepted((await carrier.sms(w.masq, { from: BOB, to: c.bob.proxy, body: 'START' })).reply, 'Bob opting back in');
    accepted((await carrier.sms(w.masq, { from: ALICE, to: c.alice.proxy, body: 'welcome back' })).reply, 'Alice texting again');
    assert.deepEqual((await forwardsTo(w, BOB)).map((m) => m.body), ['welcome back']);
  }));
};

for (const db of DATABASES) {
  describe(`quarantine and opt-outs on ${db.name}`, () => {
    for (const driver of DRIVERS) everyCarrier(db, driver);
  });
}
