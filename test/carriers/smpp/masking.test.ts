// masq with an SMPP account, end to end on SQLite and PostgreSQL, against an in-process SMSC: an MO over
// the bind is routed into a masked session whose other participant is on the sandbox; a forward between
// two SMPP participants is a durable job sent over the bind; its receipt marks the interaction's
// outbound leg delivered; and with two masq instances on one database only one binds, the other taking
// over when the first stops.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { JOB_HANDLERS } from '../../../src/app/job-handlers.ts';
import { runDueJobs } from '../../../src/app/run-jobs.ts';
import { defaultConfig } from '../../../src/config/load-config.ts';
import { createRuntime, type Runtime } from '../../../src/runtime.ts';
import { ACCOUNT_SID, list, obj, str } from '../../api/support.ts';
import { startFakeSmsc, type FakeSmsc } from '../../support/smpp-smsc.ts';
import { TEST_DIALECTS } from '../../support/stores.ts';
import { ALICE, BOB, CAROL, CREDENTIALS, DAVE, eventually, linkReady, SANDBOX_NUMBER, SMPP_1, SMPP_2, smppAccounts, startSmppWorld, type SmppWorld } from './smpp-world.ts';

const enc = encodeURIComponent;

/** A forward job through the SMPP account, as plan-inbound.ts writes one; its id. */
const enqueueForward = async (runtime: Runtime, body: string): Promise<string> => {
  const now = new Date();
  const id = `FWtest${now.getTime()}`;
  await runtime.deps.store.enqueueJob({
    id, accountSid: runtime.account.account.sid, kind: 'send-message', maxAttempts: 5, nextAttemptAt: now, dateCreated: now,
    payload: { carrier: 'smsc', interactionSid: `KI${'0'.repeat(32)}`, from: SMPP_2, to: CAROL, body, mediaUrls: [] },
  });
  return id;
};

for (const dialect of TEST_DIALECTS) {
  describe(`${dialect}: SMPP carrier in a masked session`, () => {
    let smsc: FakeSmsc;
    let world: SmppWorld;

    before(async () => {
      smsc = await startFakeSmsc(CREDENTIALS);
      world = await startSmppWorld(dialect, smsc.port);
    });
    after(async () => {
      await world.close();
      await smsc.close();
    });

    const interactions = (name: 'sandbox-and-smpp' | 'smpp-and-smpp') => world.interactions(name);

    test('an MO over the bind reaches the sandbox participant from the proxy number', async () => {
      const status = await smsc.deliver({ source_addr: DAVE.slice(1), source_addr_ton: 1, destination_addr: SMPP_1.slice(1), dest_addr_ton: 1, short_message: 'hello from SMPP' });
      assert.equal(status, 0);
      const inbox = list((await world.api.get(`/sandbox/phones/${enc(ALICE)}/messages`)).json, 'messages');
      const got = inbox.find((m) => m.body === 'hello from SMPP');
      assert.ok(got, JSON.stringify(inbox));
      assert.equal(got.from, SANDBOX_NUMBER);
      assert.equal((await interactions('sandbox-and-smpp'))[0]?.inbound_resource_status, 'delivered', 'the inbound leg, as masq records a routed MO');
    });

    test('a forward between SMPP participants is sent over the bind from the partner\'s proxy number; its receipt marks it delivered', async () => {
      const before = smsc.submits.length;
      assert.equal(await smsc.deliver({ source_addr: BOB.slice(1), source_addr_ton: 1, destination_addr: SMPP_1.slice(1), dest_addr_ton: 1, short_message: 'to Carol' }), 0);
      await eventually(() => smsc.submits.length > before, 'the forward submit');
      const submit = smsc.submits.at(-1);
      assert.deepEqual([submit?.sourceAddr, submit?.destAddr, submit?.text, submit?.dataCoding, submit?.registeredDelivery], [SMPP_2.slice(1), CAROL.slice(1), 'to Carol', 0, 1]);
      const [interaction] = await interactions('smpp-and-smpp');
      assert.equal(interaction?.outbound_resource_sid, `smsc:${BigInt(`0x${submit?.messageId ?? ''}`)}`);
      assert.equal(interaction?.outbound_resource_status, 'sent');
      const receipt = `id:${submit?.messageId ?? ''} sub:001 dlvrd:001 submit date:2612040000 done date:2612040001 stat:DELIVRD err:000 text:to Carol`;
      assert.equal(await smsc.deliver({ source_addr: CAROL.slice(1), destination_addr: SMPP_2.slice(1), esm_class: 0x04, short_message: receipt }), 0);
      assert.equal((await interactions('smpp-and-smpp'))[0]?.outbound_resource_status, 'delivered');
    });

    test('a concatenated MO is routed whole; a long forward goes out in parts with UDH', async () => {
      const long = 'x'.repeat(150) + 'y'.repeat(150);
      const before = smsc.submits.length;
      const part = (seq: number, text: string) => ({ source_addr: BOB.slice(1), source_addr_ton: 1, destination_addr: SMPP_1.slice(1), dest_addr_ton: 1, esm_class: 0x40, short_message: { udh: Buffer.from([0x05, 0x00, 0x03, 0x11, 2, seq]), message: text } });
      assert.equal(await smsc.deliver(part(1, 'x'.repeat(150))), 0);
      assert.equal(await smsc.deliver(part(2, 'y'.repeat(150))), 0);
      await eventually(() => smsc.submits.length >= before + 2, 'the parts');
      const parts = smsc.submits.slice(before);
      assert.equal(parts.length, 2);
      assert.equal(parts.map((p) => p.text).join(''), long);
      assert.deepEqual(parts.map((p) => p.udh[0]?.[4]), [1, 2]);
      assert.ok(parts.every((p) => (p.esmClass & 0x40) === 0x40));
    });

    test('a number moved onto the SMPP account can do SMS only; voice or MMS asked for there is refused; moved back, it can do all again', async () => {
      const { api, serviceSid } = world;
      const added = await api.post(`/v1/Services/${serviceSid}/PhoneNumbers`, { PhoneNumber: '+14155557009' });
      assert.equal(added.status, 201, added.body);
      const pn = str(added.json, 'sid');
      const capabilities = async () => {
        const proxy = obj((await api.get(`/v1/Services/${serviceSid}/PhoneNumbers/${pn}`)).json, 'capabilities');
        const incoming = obj((await api.get(`/2010-04-01/Accounts/${ACCOUNT_SID}/IncomingPhoneNumbers/${pn}.json`)).json, 'capabilities');
        return { proxy: [proxy.voice, proxy.sms, proxy.mms], incoming: [incoming.voice, incoming.sms, incoming.mms, incoming.fax] };
      };
      assert.deepEqual(await capabilities(), { proxy: [true, true, true], incoming: [true, true, true, false] }, 'on the sandbox: everything');
      const moved = await api.post(`/masq/v1/PhoneNumbers/${pn}`, { Carrier: 'smsc' });
      assert.equal(moved.status, 200, moved.body);
      assert.deepEqual(await capabilities(), { proxy: [false, true, false], incoming: [false, true, false, false] }, 'on SMPP: SMS only, in the pool and the inventory');
      for (const [field, refused] of [['VoiceEnabled', /no calls/], ['MmsEnabled', /no MMS/]] as const) {
        const asked = await api.post(`/masq/v1/PhoneNumbers/${pn}`, { [field]: true });
        assert.deepEqual([asked.status, asked.json.code], [400, 80701], asked.body);
        assert.match(str(asked.json, 'message'), new RegExp(`^'${field}' is invalid\\. Carrier account smsc carries ${refused.source}`));
      }
      const movedWithVoice = await api.post(`/masq/v1/PhoneNumbers/${pn}`, { Carrier: 'sandbox', VoiceEnabled: true });
      assert.equal(movedWithVoice.status, 200, movedWithVoice.body);
      assert.deepEqual(await capabilities(), { proxy: [true, true, true], incoming: [true, true, true, false] }, 'back on the sandbox: everything again');
      assert.deepEqual((await api.post(`/masq/v1/PhoneNumbers/${pn}`, { Carrier: 'smsc', VoiceEnabled: true })).json.code, 80701, 'moved with a capability its new account cannot carry: refused');
      assert.equal(str((await api.get(`/masq/v1/PhoneNumbers/${pn}`)).json, 'carrier'), 'sandbox', 'a refused change changes nothing');
    });

    test('a second instance on the same database does not bind while the first holds the lease, gives forwards back to it unattempted, and takes over when it stops', async () => {
      const second = await createRuntime(
        defaultConfig({ databaseUrl: world.db.url, accountSid: undefined, authToken: undefined, carrierAccounts: smppAccounts(smsc.port) }),
        { sweepIntervalMs: 0, jobIntervalMs: 0 },
      );
      try {
        const bindsBefore = smsc.binds.length;
        await new Promise((resolve) => setTimeout(resolve, 1_200));
        assert.equal(linkReady(second), false);
        assert.equal(smsc.binds.length, bindsBefore, 'the second instance never tried to bind');
        assert.equal(smsc.boundSessions(), 1);
        // A forward through the bind claimed by the instance without it is given back unattempted, and sent by the holder.
        const jobId = await enqueueForward(world.api.runtime, 'held elsewhere');
        assert.deepEqual(await runDueJobs(second.deps, JOB_HANDLERS), { done: 0, failed: 0 });
        const given = await second.deps.store.findJob(world.api.runtime.account.account.sid, jobId);
        assert.deepEqual([given?.attempts, given?.doneAt, given?.givenUpAt], [0, null, null]);
        assert.match(given?.lastError ?? '', /carrier link of 'smsc' is not up on this instance/);
        await new Promise((resolve) => setTimeout(resolve, 1_100));
        const submits = smsc.submits.length;
        assert.deepEqual(await runDueJobs(world.api.runtime.deps, JOB_HANDLERS), { done: 1, failed: 0 });
        assert.equal(smsc.submits.slice(submits).map((s) => s.text).join(), 'held elsewhere');
        // The first instance stops: it unbinds and gives the lease up, so the second binds at its next renewal.
        await world.api.runtime.close();
        await eventually(() => linkReady(second), 'the takeover', 5_000);
        assert.equal(smsc.boundSessions(), 1);
      } finally {
        await second.close();
      }
    });
  });
}
