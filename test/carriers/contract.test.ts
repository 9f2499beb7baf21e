// The carrier contract: one list of scenarios, run against every carrier's driver (drivers/all.ts) on
// every database, the way the storage contract runs over SQLite and PostgreSQL. Each scenario is what
// the two people in a session (and the carrier) notice: what reached whom, from which number, through
// which carrier account; what the interaction log says; what masq refused. Nothing here names a carrier:
// a carrier's specifics live in its driver, and a scenario a carrier cannot meet is gated by a feature
// its driver declares (no webhooks: nothing to retry or forge; no status reports). A scenario is never
// just left out: where a feature is missing, a scenario stating what the carrier does instead runs.
//   scenario                         needs                  in its place, without it
//   SMS both ways, long SMS, MMS     messaging              noMessages: a forward through it refused at once (21606), why said
//   MMS                              mms                    textOnly: media-only refused (80613), logged failed
//   call bridged                     voice                  noCalls: never bridged through this carrier
//   attestation on the interaction   voice, attestation     noAttestation: the call claims none
//   status reports out of order      messageReports         -
//   retried/forged/dying webhooks    webhooks               "takes no carrier webhooks" (404)
//   forward survives a dying sender  messagesByApi, !link   overALink: a busy peer's refusals retried, sent once
//   across carriers (messages)       crossCarrier, messaging  -
//   across carriers (calls)          crossCarrier, voice    -
// So sandbox: no webhooks, no reports; twilio/signalwire/telnyx: everything; smpp (drivers/smpp.ts):
// text only, no calls, no webhooks (deliver_sm over the bind), reports as delivery receipts, over a link;
// sip (drivers/sip.ts): calls only, over a link (INVITEs to masq's listener, B-legs on the trunk), no
// attestation, and masq times the calls itself (timesCallsItself: a real call of a few seconds).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { JOB_HANDLERS } from '../../src/app/job-handlers.ts';
import { runDueJobs } from '../../src/app/run-jobs.ts';
import { list } from '../api/support.ts';
import { ALICE, BOB, dataOf, interactionsOf, onlyInteraction, startConversation, type Conversation } from './conversation.ts';
import { DRIVERS } from './drivers/all.ts';
import { carries, type CarrierDriver, type DriverInstance, type HttpReply, type SeenDial, type SeenMessage } from './drivers/driver.ts';
import { DATABASES, inWorld, type Database, type World } from './harness.ts';

// Text a naive carrier adapter would mangle: markup, entities, quotes, a line break, accents, an emoji.
const TO_BOB = 'Léa here: "5 min" <late> & 🚗\nsee you at </Message> gate B';
const TO_ALICE = "OK! l'entrée nord, 10% off & <b>free</b> coffee ☕";
/** Three SMS parts in UCS-2 (the accents and the emoji), each part ending mid-sentence. */
const LONG = `${'Léa: the north gate is closed, take the ramp by the café 🚗 and wait at bay 12. '.repeat(2)}Then call me.`;
const PHOTOS = ['https://media.invalid/pickup-spot.jpg', 'https://media.invalid/car.jpg?size=large&v=2'];

/** Every message that reached `identifier`, through any carrier of the world. */
const forwardsTo = async (w: World, identifier: string): Promise<SeenMessage[]> =>
  (await Promise.all(w.carriers.map((c) => c.messagesTo(w.masq, identifier)))).flat();

/** What the person reading it notices: who it came from, through which account, and what it says. */
const shape = (m: SeenMessage) => ({ via: m.via, from: m.from, to: m.to, body: m.body, mediaUrls: [...m.mediaUrls] });

const onlyForwardTo = async (w: World, identifier: string): Promise<SeenMessage> => {
  const all = await forwardsTo(w, identifier);
  assert.equal(all.length, 1, `exactly one message reached ${identifier}: ${JSON.stringify(all.map(shape))}`);
  const [only] = all;
  assert.ok(only);
  return only;
};

const accepted = (reply: HttpReply, what: string): void => {
  assert.ok(reply.status >= 200 && reply.status < 300, `${what}: masq answered ${reply.status}: ${reply.body}`);
};

const refusedAsForged = (reply: HttpReply, what: string): void => {
  assert.equal(reply.status, 403, `${what}: ${reply.body}`);
  assert.equal(reply.json.code, 80610, `${what}: ${reply.body}`);
};

const interactionWithBody = async (w: World, c: Conversation, body: string): Promise<Record<string, unknown>> => {
  const found = (await interactionsOf(w.masq, c)).filter((i) => dataOf(i).body === body);
  assert.equal(found.length, 1, `one interaction carries ${JSON.stringify(body)}`);
  const [only] = found;
  assert.ok(only);
  return only;
};

type Scenario = (w: World, carrier: DriverInstance, c: Conversation) => Promise<void>;

/** A world with this one carrier, and Alice and Bob in a session whose numbers are both on it. */
const onOneCarrier = (db: Database, driver: CarrierDriver, scenario: Scenario) => () => inWorld(db, [driver], async (w) => {
  const [carrier] = w.carriers;
  assert.ok(carrier);
  await scenario(w, carrier, await startConversation(w.masq, carrier.accountName, carrier.accountName));
});

/** A carrier that carries no media (SMPP) in place of the MMS scenario: what it does with media instead. */
const textOnly = (db: Database, driver: CarrierDriver): void => {
  const run = (scenario: Scenario) => onOneCarrier(db, driver, scenario);
  test(`${driver.type} on ${db.name}: carries text only: media with no text is never sent as an empty message, nor logged as sent`, run(async (w, carrier, c) => {
    const bob = list((await w.masq.api('GET', `/v1/Services/${c.service}/Sessions/${c.session}/Participants`)).json, 'participants').find((p) => p.identifier === BOB);
    const sent = await w.masq.api('POST', `/v1/Services/${c.service}/Sessions/${c.session}/Participants/${String(bob?.sid)}/MessageInteractions`, { MediaUrl: PHOTOS });
    // The carrier refuses it before anything is submitted: the app is told so at once (80613).
    assert.deepEqual([sent.status, sent.json.code], [502, 80613], sent.body);
    assert.deepEqual(await forwardsTo(w, BOB), [], 'nothing reached Bob');
    const logged = (await interactionsOf(w.masq, c)).map((i) => i.outbound_resource_status);
    assert.deepEqual(logged, ['failed'], 'the refused send is logged, failed');
  }));
};

/**
 * A carrier that carries no calls (SMPP) in place of the call scenarios: Alice's number on a carrier
 * that does, Bob's on this one; a call to Alice's proxy number has no way to reach Bob from his.
 */
const noCalls = (db: Database, driver: CarrierDriver): void => {
  const caller = DRIVERS.find((d) => d !== driver && d.features.crossCarrier && carries(d.features, 'voice'));
  assert.ok(caller, `no carrier with calls shares sessions with ${driver.type}`);
  test(`${driver.type} on ${db.name}: carries no calls: a call to its participant's partner is never bridged through it`, () => inWorld(db, [caller, driver], async (w) => {
    const [alicesCarrier, bobsCarrier] = w.carriers;
    assert.ok(alicesCarrier && bobsCarrier);
    const c = await startConversation(w.masq, alicesCarrier.accountName, bobsCarrier.accountName);
    const { delivery, dial } = await alicesCarrier.call(w.masq, ALICE, c.alice.proxy);
    accepted(delivery.reply, 'Alice calling');
    // The caller's carrier may place the leg itself (in its webhook's answer); this carrier never does.
    assert.notEqual(dial?.via, bobsCarrier.accountName, `a call was bridged through ${bobsCarrier.accountName}`);
    assert.deepEqual(await bobsCarrier.messagesTo(w.masq, BOB), [], 'nothing went to Bob through it');
  }));
};

/**
 * A carrier that carries no messages (a SIP trunk) in place of the message scenarios: Alice's number on a
 * carrier that does, Bob's on this one. masq has no way to text Bob from his number: it says so at once
 * where the app and the operator look (the interaction, stopped with 21606 and the reason; the API's
 * answer), never queues a send it cannot make, and sends nothing any other way.
 */
const noMessages = (db: Database, driver: CarrierDriver): void => {
  const sender = DRIVERS.find((d) => d !== driver && d.features.crossCarrier && carries(d.features, 'messaging'));
  assert.ok(sender, `no carrier with messages shares sessions with ${driver.type}`);
  test(`${driver.type} on ${db.name}: carries no messages: a forward through it is refused at once with the reason (21606), never retried nor sent another way`, () => inWorld(db, [sender, driver], async (w) => {
    const [alicesCarrier, bobsCarrier] = w.carriers;
    assert.ok(alicesCarrier && bobsCarrier);
    const c = await startConversation(w.masq, alicesCarrier.accountName, bobsCarrier.accountName);
    accepted((await alicesCarrier.sms(w.masq, { from: ALICE, to: c.alice.proxy, body: 'which gate?' })).reply, 'Alice texting');
    // Logged as stopped before it started, with Twilio's code for a From number that cannot text, and why.
    const logged = await onlyInteraction(w.masq, c);
    assert.equal(logged.outbound_resource_status, 'canceled', JSON.stringify(logged));
    assert.equal(dataOf(logged).error_code, 21606, String(logged.data));
    assert.match(String(dataOf(logged).blocked), /\S/, 'the interaction says why');
    // Nothing is left to try again later: the refusal is final.
    w.masq.advance(3600);
    assert.deepEqual(await runDueJobs(w.masq.runtime.deps, JOB_HANDLERS), { done: 0, failed: 0 }, 'no send is pending');
    // The app asking masq to text Bob is told at once, and why.
    const bob = list((await w.masq.api('GET', `/v1/Services/${c.service}/Sessions/${c.session}/Participants`)).json, 'participants').find((p) => p.identifier === BOB);
    const sent = await w.masq.api('POST', `/v1/Services/${c.service}/Sessions/${c.session}/Participants/${String(bob?.sid)}/MessageInteractions`, { Body: 'from the app' });
    assert.deepEqual([sent.status, sent.json.code], [400, 21606], sent.body);
    assert.deepEqual(await forwardsTo(w, BOB), [], 'nothing reached Bob, through any carrier');
  }));
};

/** How long the call scenarios' calls last: a carrier reports a long call at once; masq times a real one itself. */
const callSeconds = (driver: CarrierDriver): number => (driver.features.timesCallsItself ? 2 : 42);

/**
 * The partner hangs up after `callSeconds`; the call's interaction is then completed, with the duration
 * the carrier billed. A call masq timed itself (SIP) is rounded to the second, timed from the answer masq
 * relays (before the caller hears it) to the BYE it receives (after the partner sent it): it may read up
 * to a second more than the driver held the call, never less.
 */
const hangUpLogged = async (w: World, driver: CarrierDriver, carrier: DriverInstance, c: Conversation, dial: SeenDial): Promise<void> => {
  const seconds = callSeconds(driver);
  const billed = await carrier.hangUp(w.masq, dial, seconds);
  assert.ok(billed >= seconds, `billed ${billed} s for a ${seconds} s call`);
  const call = await onlyInteraction(w.masq, c);
  assert.equal(call.type, 'voice');
  assert.equal(call.outbound_resource_status, 'completed');
  const logged = String(dataOf(call).duration);
  const fair = driver.features.timesCallsItself ? [String(billed), String(billed + 1)] : [String(billed)];
  assert.ok(fair.includes(logged), `a ${billed} s call logged as ${logged} s`);
};

/**
 * A carrier reached over a link one instance holds (an SMPP bind) in place of the dying-instance
 * scenarios: no request picks an instance, so what it must survive is its own peer's pushback.
 */
const overALink = (db: Database, driver: CarrierDriver): void => {
  const run = (scenario: Scenario) => onOneCarrier(db, driver, scenario);
  test(`${driver.type} on ${db.name}: a forward the carrier is too busy to take is offered again and reaches the partner once, logged once`, run(async (w, carrier, c) => {
    assert.ok(carrier.refuseNextSends, `the ${driver.type} driver cannot make its carrier refuse`);
    carrier.refuseNextSends(2, 'busy');
    accepted((await carrier.sms(w.masq, { from: ALICE, to: c.alice.proxy, body: 'after the rush' })).reply, 'Alice texting');
    const forward = await onlyForwardTo(w, BOB);
    assert.deepEqual(shape(forward), { via: carrier.accountName, from: c.bob.proxy, to: BOB, body: 'after the rush', mediaUrls: [] });
    const logged = await onlyInteraction(w.masq, c);
    assert.deepEqual([logged.outbound_resource_status, logged.outbound_resource_sid], ['sent', forward.carrierId]);
  }));

  test(`${driver.type} on ${db.name}: a forward the carrier refused is retried by the job worker and reaches the partner once, logged once`, run(async (w, carrier, c) => {
    assert.ok(carrier.refuseNextSends, `the ${driver.type} driver cannot make its carrier refuse`);
    carrier.refuseNextSends(1, 'failed');
    accepted((await carrier.sms(w.masq, { from: ALICE, to: c.alice.proxy, body: 'second try' })).reply, 'Alice texting');
    assert.deepEqual(await forwardsTo(w, BOB), [], 'the refused send reached nobody');
    // The refusal says the carrier did not take it: the job is due again, not failed.
    w.masq.advance(60);
    assert.deepEqual(await runDueJobs(w.masq.runtime.deps, JOB_HANDLERS), { done: 1, failed: 0 });
    assert.deepEqual(await runDueJobs(w.masq.runtime.deps, JOB_HANDLERS), { done: 0, failed: 0 }, 'nothing is left to send');
    const forward = await onlyForwardTo(w, BOB);
    assert.deepEqual(shape(forward), { via: carrier.accountName, from: c.bob.proxy, to: BOB, body: 'second try', mediaUrls: [] });
    const logged = await onlyInteraction(w.masq, c);
    assert.deepEqual([logged.outbound_resource_status, logged.outbound_resource_sid], ['sent', forward.carrierId]);
  }));
};

const everyCarrier = (db: Database, driver: CarrierDriver): void => {
  const named = (what: string): string => `${driver.type} on ${db.name}: ${what}`;
  const run = (scenario: Scenario) => onOneCarrier(db, driver, scenario);

  if (!carries(driver.features, 'messaging')) noMessages(db, driver);
  if (carries(driver.features, 'messaging')) test(named('SMS both ways, each from the other side\'s proxy number, bodies intact'), run(async (w, carrier, c) => {
    accepted((await carrier.sms(w.masq, { from: ALICE, to: c.alice.proxy, body: TO_BOB })).reply, 'Alice texting');
    assert.deepEqual((await forwardsTo(w, BOB)).map(shape), [{ via: carrier.accountName, from: c.bob.proxy, to: BOB, body: TO_BOB, mediaUrls: [] }]);
    accepted((await carrier.sms(w.masq, { from: BOB, to: c.bob.proxy, body: TO_ALICE })).reply, 'Bob answering');
    assert.deepEqual((await forwardsTo(w, ALICE)).map(shape), [{ via: carrier.accountName, from: c.alice.proxy, to: ALICE, body: TO_ALICE, mediaUrls: [] }]);
    const logged = (await interactionsOf(w.masq, c)).map((i) => [i.type, dataOf(i).body]);
    assert.deepEqual(logged.sort(), [['message', TO_ALICE], ['message', TO_BOB]].sort());
  }));

  if (carries(driver.features, 'messaging')) test(named('a long message (several SMS parts) reaches the partner whole and is logged once'), run(async (w, carrier, c) => {
    accepted((await carrier.sms(w.masq, { from: ALICE, to: c.alice.proxy, body: LONG })).reply, 'Alice texting at length');
    assert.deepEqual((await forwardsTo(w, BOB)).map(shape), [{ via: carrier.accountName, from: c.bob.proxy, to: BOB, body: LONG, mediaUrls: [] }]);
    assert.deepEqual((await interactionsOf(w.masq, c)).map((i) => dataOf(i).body), [LONG]);
  }));

  if (carries(driver.features, 'messaging') && carries(driver.features, 'mms')) test(named('MMS: the media URLs reach the partner, with a caption or alone'), run(async (w, carrier, c) => {
    accepted((await carrier.sms(w.masq, { from: ALICE, to: c.alice.proxy, body: 'Here', mediaUrls: PHOTOS })).reply, 'Alice sending photos');
    assert.deepEqual((await forwardsTo(w, BOB)).map(shape), [{ via: carrier.accountName, from: c.bob.proxy, to: BOB, body: 'Here', mediaUrls: PHOTOS }]);
    accepted((await carrier.sms(w.masq, { from: BOB, to: c.bob.proxy, body: '', mediaUrls: PHOTOS.slice(1) })).reply, 'Bob sending a photo');
    assert.deepEqual((await forwardsTo(w, ALICE)).map(shape), [{ via: carrier.accountName, from: c.alice.proxy, to: ALICE, body: '', mediaUrls: PHOTOS.slice(1) }]);
  }));

  if (carries(driver.features, 'messaging') && !carries(driver.features, 'mms')) textOnly(db, driver);
  if (!carries(driver.features, 'voice')) noCalls(db, driver);
  if (carries(driver.features, 'voice')) test(named('a call is bridged to the partner from their proxy number, and logged with its duration'), run(async (w, carrier, c) => {
    const { delivery, dial } = await carrier.call(w.masq, ALICE, c.alice.proxy);
    accepted(delivery.reply, 'Alice calling');
    assert.ok(dial, `masq bridged nothing: ${delivery.reply.body}`);
    assert.deepEqual({ via: dial.via, callerId: dial.callerId, to: dial.to }, { via: carrier.accountName, callerId: c.bob.proxy, to: BOB });
    await hangUpLogged(w, driver, carrier, c, dial);
  }));

  if (carries(driver.features, 'voice') && !carries(driver.features, 'attestation')) test(named("a call's interaction claims no STIR/SHAKEN attestation: the carrier gives masq none"), run(async (w, carrier, c) => {
    const { dial } = await carrier.call(w.masq, ALICE, c.alice.proxy);
    assert.ok(dial, 'bridged');
    const data = dataOf(await onlyInteraction(w.masq, c));
    assert.deepEqual([data.stir_verstat, data.attestation, data.attestation_verified], [undefined, undefined, undefined], JSON.stringify(data));
  }));

  if (carries(driver.features, 'voice') && carries(driver.features, 'attestation')) test(named("a call's STIR/SHAKEN attestation is on its interaction, in Twilio's words and as a level"), run(async (w, carrier, c) => {
    const { dial } = await carrier.call(w.masq, ALICE, c.alice.proxy, { attestation: 'B' });
    assert.ok(dial, 'bridged');
    const call = await onlyInteraction(w.masq, c);
    assert.deepEqual(
      [dataOf(call).stir_verstat, dataOf(call).attestation, dataOf(call).attestation_verified],
      ['TN-Validation-Passed-B', 'B', true],
    );
  }));

  if (driver.features.messageReports) {
    test(named('status reports in and out of order: a late "sent" never undoes "delivered"'), run(async (w, carrier, c) => {
      accepted((await carrier.sms(w.masq, { from: ALICE, to: c.alice.proxy, body: 'out of order' })).reply, 'Alice texting');
      const toBob = await onlyForwardTo(w, BOB);
      for (const status of ['delivered', 'sent'] as const) accepted(await w.carrier(toBob.via).report(w.masq, toBob, status), status);
      const late = await interactionWithBody(w, c, 'out of order');
      assert.deepEqual([late.outbound_resource_status, late.outbound_resource_sid], ['delivered', toBob.carrierId]);
      accepted((await carrier.sms(w.masq, { from: BOB, to: c.bob.proxy, body: 'in order' })).reply, 'Bob texting');
      const toAlice = await onlyForwardTo(w, ALICE);
      for (const status of ['sent', 'delivered'] as const) accepted(await w.carrier(toAlice.via).report(w.masq, toAlice, status), status);
      const inOrder = await interactionWithBody(w, c, 'in order');
      assert.deepEqual([inOrder.outbound_resource_status, inOrder.outbound_resource_sid], ['delivered', toAlice.carrierId]);
    }));
  }

  const webhooks = driver.features.webhooks;
  if (!webhooks) {
    test(named('takes no carrier webhooks: there is nothing to sign, forge or retry'), run(async (w, carrier) => {
      const reply = await w.masq.post(`/webhooks/${carrier.accountName}/sms`, { 'content-type': 'application/x-www-form-urlencoded' }, 'From=%2B14155550101');
      assert.equal(reply.status, 404, reply.body);
    }));
    return;
  }

  test(named('a retried webhook (same carrier id) is forwarded once and logged once'), run(async (w, carrier, c) => {
    const sms = { from: ALICE, to: c.alice.proxy, body: 'only once' };
    const resourceId = carrier.newMessageId();
    // The carrier never got masq's first answer (the connection dropped), so it delivers again.
    accepted((await carrier.sms(w.masq, sms, { resourceId, answerLost: true })).reply, 'the first delivery');
    accepted((await carrier.sms(w.masq, sms, { resourceId })).reply, 'the retry');
    const forward = await onlyForwardTo(w, BOB);
    assert.deepEqual(shape(forward), { via: carrier.accountName, from: c.bob.proxy, to: BOB, body: 'only once', mediaUrls: [] });
    if (driver.features.messageReports) {
      // Once the carrier has reported the forward, it provably went out: a late retry forwards nothing.
      accepted(await w.carrier(forward.via).report(w.masq, forward, 'sent'), 'the report');
      accepted((await carrier.sms(w.masq, sms, { resourceId })).reply, 'a late retry');
      assert.equal((await forwardsTo(w, BOB)).length, 1, 'still one message reached Bob');
    }
    assert.equal((await interactionsOf(w.masq, c)).length, 1, 'logged once');
  }));

  test(named(`a forged webhook (${webhooks.forgeries.join(', ')}) is refused with 80610 and changes nothing`), run(async (w, carrier, c) => {
    const sms = { from: ALICE, to: c.alice.proxy, body: 'forged?' };
    const resourceId = carrier.newMessageId();
    for (const forge of webhooks.forgeries) refusedAsForged((await carrier.sms(w.masq, sms, { resourceId, forge })).reply, forge);
    assert.deepEqual(await forwardsTo(w, BOB), [], 'nothing reached Bob');
    assert.deepEqual(await interactionsOf(w.masq, c), [], 'nothing was logged');
    // The genuine delivery of that very id is new to masq: the forgeries left no trace under it.
    accepted((await carrier.sms(w.masq, sms, { resourceId })).reply, 'the genuine delivery');
    const forward = await onlyForwardTo(w, BOB);
    const before = (await onlyInteraction(w.masq, c)).outbound_resource_status;
    for (const forge of webhooks.forgeries) refusedAsForged(await w.carrier(forward.via).report(w.masq, forward, 'undelivered', { forge }), `a report, ${forge}`);
    assert.equal((await onlyInteraction(w.masq, c)).outbound_resource_status, before, 'forged reports change no status');
  }));

  test(named('an instance that dies between commit and answer loses nothing: the retry elsewhere forwards once'), run(async (w, carrier, c) => {
    const dying = await w.dyingInstance();
    const sms = { from: ALICE, to: c.alice.proxy, body: 'not lost' };
    const resourceId = carrier.newMessageId();
    // It logs the interaction, then dies: its answer never leaves, or its send by API never finishes.
    await Promise.race([carrier.sms(dying.masq, sms, { resourceId, answerLost: true }), dying.sendStarted]);
    assert.equal((await interactionsOf(w.masq, c)).length, 1, 'the dying instance committed the interaction');
    assert.deepEqual(await forwardsTo(w, BOB), [], 'nothing reached Bob before the retry');
    // The carrier retries once it stops waiting; by then the dead instance's hold on an API forward (its
    // job's lease, app/run-jobs.ts) has run out.
    w.masq.advance(60);
    accepted((await carrier.sms(w.masq, sms, { resourceId })).reply, 'the retry on the other instance');
    const forward = await onlyForwardTo(w, BOB);
    assert.deepEqual(shape(forward), { via: carrier.accountName, from: c.bob.proxy, to: BOB, body: 'not lost', mediaUrls: [] });
    assert.equal((await interactionsOf(w.masq, c)).length, 1, 'logged once');
  }));
};

/** Carriers that forward in their webhook's answer have nothing durable to send: the answer is the forward. */
const forwardsByApi = (db: Database, driver: CarrierDriver): void => {
  const named = (what: string): string => `${driver.type} on ${db.name}: ${what}`;
  const run = (scenario: Scenario) => onOneCarrier(db, driver, scenario);
  test(named('a forward sent by API survives the instance that committed it even when the carrier never retries'), run(async (w, carrier, c) => {
    const deps = w.masq.runtime.deps;
    const dying = await w.dyingInstance();
    await Promise.race([carrier.sms(dying.masq, { from: ALICE, to: c.alice.proxy, body: 'still sent' }), dying.sendStarted]);
    assert.deepEqual(await forwardsTo(w, BOB), [], 'nothing reached Bob while the instance was dying');
    assert.deepEqual(await runDueJobs(deps, JOB_HANDLERS), { done: 0, failed: 0 }, 'the dying instance still holds the job');
    w.masq.advance(60);
    assert.deepEqual(await runDueJobs(deps, JOB_HANDLERS), { done: 1, failed: 0 }, 'the worker picks the job up once its lease ends');
    assert.deepEqual(shape(await onlyForwardTo(w, BOB)), { via: carrier.accountName, from: c.bob.proxy, to: BOB, body: 'still sent', mediaUrls: [] });
    assert.notEqual((await onlyInteraction(w.masq, c)).outbound_resource_status, 'failed', 'the interaction shows the send');
  }));
};

/** Alice's number on `inbound`'s carrier, Bob's on `outbound`'s: every forward changes carriers. */
const acrossCarriers = (db: Database, inbound: CarrierDriver, outbound: CarrierDriver): void => {
  test(`${inbound.type} -> ${outbound.type} on ${db.name}: in on one carrier, out through the other's API from its number, and back`, () => inWorld(db, [inbound, outbound], async (w) => {
    const [alicesCarrier, bobsCarrier] = w.carriers;
    assert.ok(alicesCarrier && bobsCarrier);
    const c = await startConversation(w.masq, alicesCarrier.accountName, bobsCarrier.accountName);
    accepted((await alicesCarrier.sms(w.masq, { from: ALICE, to: c.alice.proxy, body: TO_BOB })).reply, 'Alice texting');
    const toBob = await onlyForwardTo(w, BOB);
    assert.deepEqual(shape(toBob), { via: bobsCarrier.accountName, from: c.bob.proxy, to: BOB, body: TO_BOB, mediaUrls: [] });
    // Bob's carrier reports the message it carried, and the report finds its interaction.
    accepted(await bobsCarrier.report(w.masq, toBob, 'delivered'), 'the delivery report');
    const logged = await onlyInteraction(w.masq, c);
    assert.deepEqual([logged.outbound_resource_status, logged.outbound_resource_sid], ['delivered', toBob.carrierId]);
    accepted((await bobsCarrier.sms(w.masq, { from: BOB, to: c.bob.proxy, body: TO_ALICE })).reply, 'Bob answering');
    assert.deepEqual((await forwardsTo(w, ALICE)).map(shape), [{ via: alicesCarrier.accountName, from: c.alice.proxy, to: ALICE, body: TO_ALICE, mediaUrls: [] }]);
  }));
};

/**
 * Alice's number on `inbound`'s carrier, Bob's on `outbound`'s: the carrier holding Alice's call bridges it,
 * and Bob sees his proxy number although it is on the other carrier.
 */
const callsAcrossCarriers = (db: Database, inbound: CarrierDriver, outbound: CarrierDriver): void => {
  test(`${inbound.type} -> ${outbound.type} on ${db.name}: a call in on one carrier is bridged by it, from the partner's proxy number on the other, and logged`, () => inWorld(db, [inbound, outbound], async (w) => {
    const [alicesCarrier, bobsCarrier] = w.carriers;
    assert.ok(alicesCarrier && bobsCarrier);
    const c = await startConversation(w.masq, alicesCarrier.accountName, bobsCarrier.accountName);
    const { delivery, dial } = await alicesCarrier.call(w.masq, ALICE, c.alice.proxy);
    accepted(delivery.reply, 'Alice calling');
    assert.ok(dial, `masq bridged nothing: ${delivery.reply.body}`);
    assert.deepEqual({ via: dial.via, callerId: dial.callerId, to: dial.to }, { via: alicesCarrier.accountName, callerId: c.bob.proxy, to: BOB });
    await hangUpLogged(w, inbound, alicesCarrier, c, dial);
  }));
};

/**
 * The sandbox is a simulated network: a real carrier never carries a leg from a sandbox number (a call in on
 * a real carrier is bridged there, and would show a real phone the partner's sandbox number), and virtual
 * phones never reach a real carrier's numbers. Refused where it arrives, logged as blocked (80610).
 */
const sandboxNeverMixes = (db: Database, inbound: CarrierDriver, partner: CarrierDriver, channel: 'call' | 'message'): void => {
  test(`${inbound.type} -> ${partner.type} on ${db.name}: a ${channel} never crosses between the sandbox and a real carrier`, () => inWorld(db, [inbound, partner], async (w) => {
    const [alicesCarrier, bobsCarrier] = w.carriers;
    assert.ok(alicesCarrier && bobsCarrier);
    const c = await startConversation(w.masq, alicesCarrier.accountName, bobsCarrier.accountName);
    let reply: HttpReply;
    if (channel === 'call') {
      const { delivery, dial } = await alicesCarrier.call(w.masq, ALICE, c.alice.proxy);
      assert.equal(dial, null, 'the call was bridged');
      reply = delivery.reply;
    } else {
      reply = (await alicesCarrier.sms(w.masq, { from: ALICE, to: c.alice.proxy, body: 'across?' })).reply;
      w.masq.advance(3600);
      await runDueJobs(w.masq.runtime.deps, JOB_HANDLERS);
      assert.deepEqual(await forwardsTo(w, BOB), [], 'the message reached Bob');
    }
    if (inbound.type === 'sandbox') {
      // A virtual phone is refused up front, before anything is logged: its caller sees why at once.
      assert.deepEqual([reply.status, reply.json.code], [403, 80610], reply.body);
      assert.deepEqual(await interactionsOf(w.masq, c), []);
      return;
    }
    const logged = await onlyInteraction(w.masq, c);
    assert.equal(logged.outbound_resource_status, 'canceled', JSON.stringify(logged));
    assert.equal(dataOf(logged).error_code, 80610, String(logged.data));
    assert.match(String(dataOf(logged).blocked), /sandbox/);
  }));
};

for (const db of DATABASES) {
  describe(`the sandbox and real carriers on ${db.name}`, () => {
    const sandbox = DRIVERS.find((d) => d.type === 'sandbox');
    const real = DRIVERS.filter((d) => d.type === 'twilio' || d.type === 'sip');
    assert.ok(sandbox);
    // A message in on a real carrier whose partner is on the sandbox is the sandbox's to send: it stays simulated.
    for (const carrier of real) {
      sandboxNeverMixes(db, carrier, sandbox, 'call');
      sandboxNeverMixes(db, sandbox, carrier, 'call');
      if (carries(carrier.features, 'messaging')) sandboxNeverMixes(db, sandbox, carrier, 'message');
    }
  });
  for (const driver of DRIVERS) {
    describe(`the ${driver.type} carrier on ${db.name}`, () => {
      everyCarrier(db, driver);
      if (driver.features.messagesByApi && !driver.features.link) forwardsByApi(db, driver);
      if (driver.features.link && carries(driver.features, 'messaging')) overALink(db, driver);
    });
  }
  describe(`sessions across carriers on ${db.name}`, () => {
    const texting = DRIVERS.filter((d) => d.features.crossCarrier && carries(d.features, 'messaging'));
    for (const inbound of texting) for (const outbound of texting) if (inbound !== outbound) acrossCarriers(db, inbound, outbound);
    const calling = DRIVERS.filter((d) => d.features.crossCarrier && carries(d.features, 'voice'));
    for (const inbound of calling) for (const outbound of calling) if (inbound !== outbound) callsAcrossCarriers(db, inbound, outbound);
  });
}
