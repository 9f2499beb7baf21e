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
import { SMPP_SETTINGS } from '../../../src/carriers/smpp/settings.ts';
import { createRuntime, type Runtime } from '../../../src/runtime.ts';
import { list, seedService, startApi, str, type Api } from '../../api/support.ts';
import { accountsLoader } from '../../support/carrier-settings.ts';
import { startFakeSmsc, type FakeSmsc } from '../../support/smpp-smsc.ts';
import { suiteDatabaseUrl, TEST_DIALECTS, type TestDatabase } from '../../support/stores.ts';

const CREDENTIALS = { systemId: 'masq', password: 'secret' };
const ALICE = '+14155550101';
const DAVE = '+14155550303';
const BOB = '+14155550404';
const CAROL = '+14155550505';
const SANDBOX_NUMBER = '+14155551212';
const SMPP_1 = '+14155557001';
const SMPP_2 = '+14155557002';
const enc = encodeURIComponent;

const smppAccounts = (port: number) => accountsLoader(SMPP_SETTINGS).load([{
  type: 'smpp', name: 'smsc', host: '127.0.0.1', port: String(port), systemId: CREDENTIALS.systemId, password: CREDENTIALS.password,
  messageIdFormat: 'hex', enquireLinkMs: '1000', leaseMs: '1500',
}]);

const eventually = async (check: () => boolean | Promise<boolean>, what: string, ms = 8_000): Promise<void> => {
  const until = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > until) assert.fail(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
};

const linkReady = (runtime: Runtime): boolean => runtime.deps.carriers.find('smsc')?.link?.ready() ?? false;

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
    let db: TestDatabase;
    let api: Api;
    let serviceSid = '';
    const sessions: Record<string, string> = {};

    before(async () => {
      smsc = await startFakeSmsc(CREDENTIALS);
      db = await suiteDatabaseUrl(dialect);
      api = await startApi({ config: { databaseUrl: db.url, carrierAccounts: smppAccounts(smsc.port) } });
      await eventually(() => linkReady(api.runtime), 'the bind');
      const { sid, numbers } = await seedService(api, 'smpp', [SANDBOX_NUMBER, SMPP_1, SMPP_2]);
      serviceSid = sid;
      for (const numberSid of numbers.slice(1)) {
        const moved = await api.post(`/masq/v1/PhoneNumbers/${numberSid}`, { Carrier: 'smsc' });
        assert.equal(moved.json.carrier, 'smsc', moved.body);
      }
      const session = async (name: string, pairs: readonly (readonly [string, string])[]) => {
        const created = await api.post(`/v1/Services/${sid}/Sessions`, { UniqueName: name });
        sessions[name] = str(created.json, 'sid');
        for (const [identifier, proxy] of pairs) {
          const added = await api.post(`/v1/Services/${sid}/Sessions/${sessions[name]}/Participants`, { Identifier: identifier, ProxyIdentifier: proxy });
          assert.equal(added.status, 201, added.body);
        }
      };
      await session('sandbox-and-smpp', [[ALICE, SANDBOX_NUMBER], [DAVE, SMPP_1]]);
      await session('smpp-and-smpp', [[BOB, SMPP_1], [CAROL, SMPP_2]]);
    });
    after(async () => {
      // The takeover test closed the runtime already; the app and the temp directory are left to close.
      await api.close().catch(() => undefined);
      await smsc.close();
      await db.drop();
    });

    const interactions = async (name: string) =>
      list((await api.get(`/v1/Services/${serviceSid}/Sessions/${sessions[name] ?? ''}/Interactions`)).json, 'interactions');

    test('an MO over the bind reaches the sandbox participant from the proxy number', async () => {
      const status = await smsc.deliver({ source_addr: DAVE.slice(1), source_addr_ton: 1, destination_addr: SMPP_1.slice(1), dest_addr_ton: 1, short_message: 'hello from SMPP' });
      assert.equal(status, 0);
      const inbox = list((await api.get(`/sandbox/phones/${enc(ALICE)}/messages`)).json, 'messages');
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

    test('a second instance on the same database does not bind while the first holds the lease, gives forwards back to it unattempted, and takes over when it stops', async () => {
      const second = await createRuntime(
        defaultConfig({ databaseUrl: db.url, accountSid: undefined, authToken: undefined, carrierAccounts: smppAccounts(smsc.port) }),
        { sweepIntervalMs: 0, jobIntervalMs: 0 },
      );
      try {
        const bindsBefore = smsc.binds.length;
        await new Promise((resolve) => setTimeout(resolve, 1_200));
        assert.equal(linkReady(second), false);
        assert.equal(smsc.binds.length, bindsBefore, 'the second instance never tried to bind');
        assert.equal(smsc.boundSessions(), 1);
        // A forward through the bind claimed by the instance without it is given back unattempted, and sent by the holder.
        const jobId = await enqueueForward(api.runtime, 'held elsewhere');
        assert.deepEqual(await runDueJobs(second.deps, JOB_HANDLERS), { done: 0, failed: 0 });
        const given = await second.deps.store.findJob(api.runtime.account.account.sid, jobId);
        assert.deepEqual([given?.attempts, given?.doneAt, given?.givenUpAt], [0, null, null]);
        assert.match(given?.lastError ?? '', /carrier link of 'smsc' is not up on this instance/);
        await new Promise((resolve) => setTimeout(resolve, 1_100));
        const submits = smsc.submits.length;
        assert.deepEqual(await runDueJobs(api.runtime.deps, JOB_HANDLERS), { done: 1, failed: 0 });
        assert.equal(smsc.submits.slice(submits).map((s) => s.text).join(), 'held elsewhere');
        // The first instance stops: it unbinds and gives the lease up, so the second binds at its next renewal.
        await api.runtime.close();
        await eventually(() => linkReady(second), 'the takeover', 5_000);
        assert.equal(smsc.boundSessions(), 1);
      } finally {
        await second.close();
      }
    });
  });
}
