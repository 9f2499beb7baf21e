// The number lifecycle sweeper on both databases, with a clock the tests move by days: quarantine for the
// policy's days per type, extension while misdirected traffic has not died down (never past the maximum),
// the end of quarantine (a sandbox number for sale again, a real carrier's number released there exactly
// once even with two instances sweeping, a failed release retried), and inactivity (flag, warning
// callback to a loopback server, release after the warning, traffic cancelling it, traffic that comes
// back unflagging a number under every policy, the flagged walk resuming across passes).
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { deliverCallback } from '../../src/app/deliver-webhooks.ts';
import { RETURN_RETRY_MS } from '../../src/app/end-quarantine.ts';
import { releaseNumber } from '../../src/app/release-number.ts';
import { runDueJobs } from '../../src/app/run-jobs.ts';
import { numberSweeper, sweepNumbers, type SweepReport } from '../../src/app/sweep-numbers.ts';
import { updateNumberPolicy } from '../../src/app/update-number-policy.ts';
import { SandboxNumbers } from '../../src/carriers/sandbox/numbers.ts';
import type { InventoryNumber } from '../../src/domain/inventory-number.ts';
import { parseNumberSearch } from '../../src/domain/numbering-plan/query.ts';
import { isValidTwilioSignature } from '../../src/domain/twilio-signature.ts';
import type { Store } from '../../src/ports/store.ts';
import { openStore } from '../../src/storage/open-store.ts';
import { createHttpWebhookSender } from '../../src/webhooks/http-webhook-sender.ts';
import { testDeps, TestClock } from '../support/app-deps.ts';
import { FAKE_CARRIER, FakeNumbersPort, withFakeCarrier } from '../support/fake-numbers-port.ts';
import { aParticipant, aPoolNumber, aService, aSession, anAccount, anInventoryNumber, T0 } from '../support/fixtures.ts';
import { storeNumber } from '../support/seed-store.ts';
import { POSTGRES_URL, STORES, createTestSchema, withSearchPath, type TestStore } from '../support/stores.ts';

const DAY = 86_400;
const day = (n: number): Date => new Date(T0.getTime() + n * DAY * 1000);

/** Two stores on one database: two masq instances sharing it. */
const openTwins = async (db: TestStore): Promise<{ stores: [Store, Store]; close(): Promise<void> }> => {
  if (db.name === 'postgres' && POSTGRES_URL !== undefined) {
    const { schema, drop } = await createTestSchema(POSTGRES_URL);
    const first = await openStore(withSearchPath(POSTGRES_URL, schema));
    const second = await openStore(withSearchPath(POSTGRES_URL, schema));
    return { stores: [first, second], close: async () => { await first.close(); await second.close(); await drop(); } };
  }
  const dir = mkdtempSync(join(tmpdir(), 'masq-sweep-'));
  const first = await openStore(`sqlite:${join(dir, 'masq.db')}`);
  const second = await openStore(`sqlite:${join(dir, 'masq.db')}`);
  return { stores: [first, second], close: async () => { await first.close(); await second.close(); rmSync(dir, { recursive: true, force: true }); } };
};

for (const db of STORES) {
  describe(`number lifecycle sweeper on ${db.name}`, () => {
    const opened: Store[] = [];
    after(async () => { await Promise.all(opened.map((s) => s.close())); });

    const setup = async () => {
      const store = await db.open();
      opened.push(store);
      const clock = new TestClock(T0);
      const fake = new FakeNumbersPort();
      const deps = withFakeCarrier(testDeps(store, clock), fake);
      const account = anAccount();
      await store.upsertAccount(account);
      /** An active number of the account, held since T0. */
      const holding = async (o: Partial<InventoryNumber> = {}, e164?: string): Promise<InventoryNumber> => {
        const number = anInventoryNumber(account.sid, e164, o);
        await store.createInventoryNumber(number);
        return number;
      };
      const release = (n: InventoryNumber) => releaseNumber(deps, account.sid, n.sid, { closeSessions: false, reason: 'released by the owner' });
      const reread = async (n: Pick<InventoryNumber, 'sid'>): Promise<InventoryNumber> => {
        const found = await store.findInventoryNumber(account.sid, n.sid);
        assert.ok(found, `number ${n.sid} vanished`);
        return found;
      };
      const service = aService(account);
      await store.createService(service);
      /** A number in the service's pool (added by E.164, as Proxy apps do), and its inventory record. */
      const pooled = async () => {
        const pool = aPoolNumber(service);
        await storeNumber(store, pool);
        return { pool, number: await reread(pool) };
      };
      /** A session on the pooled number, last active at `last` (null: never). */
      const sessionOn = async (pool: ReturnType<typeof aPoolNumber>, last: Date | null) => {
        const session = aSession(service, { dateLastInteraction: last });
        await store.createSession(session);
        await store.createParticipant(aParticipant(session, pool));
        return session;
      };
      const sweepAt = (when: Date, problems: unknown[] = []): Promise<SweepReport> => {
        clock.current = when;
        return sweepNumbers(deps, { onProblem: (err) => problems.push(err) });
      };
      return { store, clock, fake, deps, account, service, holding, pooled, sessionOn, release, reread, sweepAt };
    };

    test('a released number is quarantined for its type\'s days, then recycled', async () => {
      const { deps, account, holding, release, reread, sweepAt } = await setup();
      await updateNumberPolicy(deps, account.sid, { quarantineDays: { local: 30, 'toll-free': 60 } });
      const local = await holding({ type: 'local' });
      const tollFree = await holding({ type: 'toll-free' }, '+18885550142');
      const releasedLocal = await release(local);
      await release(tollFree);
      assert.equal(releasedLocal.state, 'quarantined');
      assert.deepEqual(releasedLocal.quarantineUntil, day(30));
      assert.deepEqual((await reread(tollFree)).quarantineUntil, day(60));

      await sweepAt(day(29));
      assert.equal((await reread(local)).state, 'quarantined');
      const report = await sweepAt(day(30));
      assert.equal(report.quarantines.recycled, 1);
      const recycled = await reread(local);
      assert.equal(recycled.state, 'recycled');
      assert.match(recycled.stateReason ?? '', /sandbox/);
      assert.equal((await reread(tollFree)).state, 'quarantined');
      await sweepAt(day(60));
      assert.equal((await reread(tollFree)).state, 'recycled');
    });

    test('misdirected traffic at the threshold extends quarantine, never past the maximum', async () => {
      const { store, deps, account, holding, release, reread, sweepAt } = await setup();
      await updateNumberPolicy(deps, account.sid, { quarantineDays: { local: 30 }, misdirectedThreshold: 3, extensionDays: 14, maxQuarantineDays: 60 });
      const number = await holding();
      await release(number);
      const attempts = async (n: number, on: Date) => {
        for (let i = 0; i < n; i++) await store.recordMisdirected({ id: `${on.getTime()}-${i}`, numberSid: number.sid, sender: `+1212555010${i}`, channel: 'message', occurredAt: on });
      };
      await attempts(3, day(25));
      assert.equal((await sweepAt(day(30))).quarantines.extended, 1);
      let current = await reread(number);
      assert.equal(current.state, 'quarantined');
      assert.deepEqual(current.quarantineUntil, day(44));
      assert.equal(current.quarantineExtensions, 1);

      await attempts(3, day(40));
      await sweepAt(day(44));
      current = await reread(number);
      assert.deepEqual(current.quarantineUntil, day(58));
      assert.equal(current.quarantineExtensions, 2);

      // Still busy: extended only up to 60 days after the release, however busy it stays.
      await attempts(5, day(57));
      await sweepAt(day(58));
      current = await reread(number);
      assert.deepEqual(current.quarantineUntil, day(60));
      assert.equal(current.quarantineExtensions, 3);
      await attempts(5, day(59));
      await sweepAt(day(60));
      assert.equal((await reread(number)).state, 'recycled');
    });

    test('traffic below the threshold, or older than the window, lets quarantine end on time', async () => {
      const { store, deps, account, holding, release, reread, sweepAt } = await setup();
      await updateNumberPolicy(deps, account.sid, { quarantineDays: { local: 30 }, misdirectedThreshold: 3, extensionDays: 14 });
      const number = await holding();
      await release(number);
      const attempt = (id: string, on: Date) => store.recordMisdirected({ id, numberSid: number.sid, sender: '+12125550100', channel: 'voice', occurredAt: on });
      await attempt('old-1', day(5));
      await attempt('old-2', day(10));
      await attempt('recent-1', day(20));
      await attempt('recent-2', day(29));
      await sweepAt(day(30));
      assert.equal((await reread(number)).state, 'recycled');
    });

    test('a recycled sandbox number is offered by the sandbox search again', async () => {
      const { store, holding, release, reread, sweepAt, deps, account } = await setup();
      await updateNumberPolicy(deps, account.sid, { quarantineDays: { local: 30 } });
      const sandbox = new SandboxNumbers(async (e164) => (await store.findLiveNumber(e164)) !== null);
      const [offer] = await sandbox.search(parseNumberSearch({ AreaCode: '415', PageSize: '1' }, 'US', 'local'));
      assert.ok(offer);
      const exactly = parseNumberSearch({ Contains: offer.e164.slice(2), PageSize: '5' }, 'US', 'local');
      const number = await holding({}, offer.e164);
      assert.deepEqual(await sandbox.search(exactly), [], 'a held number is not for sale');
      await release(number);
      assert.deepEqual(await sandbox.search(exactly), [], 'nor a quarantined one');
      await sweepAt(day(30));
      assert.equal((await reread(number)).state, 'recycled');
      assert.deepEqual((await sandbox.search(exactly)).map((n) => n.e164), [offer.e164]);
    });

    test("a real carrier's number is released there once, even with two instances sweeping at once", async () => {
      const twins = await openTwins(db);
      try {
        const [first, second] = twins.stores;
        const clock = new TestClock(T0);
        const fake = new FakeNumbersPort();
        fake.delayMs = 50;
        const one = withFakeCarrier(testDeps(first, clock), fake);
        const two = withFakeCarrier(testDeps(second, clock), fake);
        const account = anAccount();
        await first.upsertAccount(account);
        const number = anInventoryNumber(account.sid, undefined, { carrier: FAKE_CARRIER, carrierRef: 'PNcarrier-own-id' });
        await first.createInventoryNumber(number);
        await releaseNumber(one, account.sid, number.sid, { closeSessions: false, reason: 'released by the owner' });
        clock.current = day(91);
        const reports = await Promise.all([sweepNumbers(one), sweepNumbers(two)]);
        assert.deepEqual(fake.released, [{ e164: number.phoneNumber, carrierRef: 'PNcarrier-own-id' }]);
        assert.equal(reports.reduce((sum, r) => sum + r.quarantines.returned, 0), 1);
        const returned = await second.findInventoryNumber(account.sid, number.sid);
        assert.equal(returned?.state, 'returned');
        assert.match(returned?.stateReason ?? '', new RegExp(FAKE_CARRIER));
        await sweepNumbers(two);
        assert.equal(fake.released.length, 1);
      } finally {
        await twins.close();
      }
    });

    test('a failed release keeps the number quarantined and is retried on a later pass', async () => {
      const { fake, holding, release, reread, sweepAt } = await setup();
      const number = await holding({ carrier: FAKE_CARRIER });
      await release(number);
      fake.failures = 1;
      const problems: unknown[] = [];
      const report = await sweepAt(day(90), problems);
      assert.equal(report.failed, 1);
      assert.equal(report.more, false);
      assert.match(String(problems[0]), /could not return .* 503/);
      const kept = await reread(number);
      assert.equal(kept.state, 'quarantined');
      assert.deepEqual(kept.quarantineUntil, new Date(day(90).getTime() + RETURN_RETRY_MS));
      assert.equal(fake.released.length, 0);

      await sweepAt(new Date(day(90).getTime() + RETURN_RETRY_MS));
      assert.equal((await reread(number)).state, 'returned');
      assert.equal(fake.released.length, 1);
    });

    test('inactivity: flagged after the policy\'s days without traffic; session traffic keeps it active', async () => {
      const { store, deps, account, holding, pooled, sessionOn, reread, sweepAt } = await setup();
      await updateNumberPolicy(deps, account.sid, { inactivityDays: 30 });
      const idle = await holding();
      const busy = await pooled();
      await sessionOn(busy.pool, day(20));

      await sweepAt(day(29));
      assert.equal((await reread(idle)).inactiveSince, null);
      const report = await sweepAt(day(30));
      assert.equal(report.inactivity.flagged, 1);
      assert.deepEqual((await reread(idle)).inactiveSince, day(30));
      assert.equal((await store.listJobs(account.sid, { kind: 'callback', limit: 10 })).length, 0, "'flag' sends no callback");

      const busyNow = await reread(busy.number);
      assert.equal(busyNow.inactiveSince, null);
      assert.deepEqual(busyNow.lastTrafficAt, day(20), 'its session traffic was recorded');
      await sweepAt(day(49));
      assert.equal((await reread(busy.number)).inactiveSince, null);
      await sweepAt(day(50));
      assert.deepEqual((await reread(busy.number)).inactiveSince, day(50));
    });

    test('warn: the callback reaches a loopback server, signed, with the inactive number', async () => {
      const { store, deps, account, holding, sweepAt } = await setup();
      const received: { url: string; signature: string; params: Record<string, string> }[] = [];
      const server = createServer((req: IncomingMessage, res) => {
        let body = '';
        req.on('data', (chunk: Buffer) => { body += chunk.toString('utf8'); });
        req.on('end', () => {
          received.push({ url: req.url ?? '', signature: String(req.headers['x-twilio-signature']), params: Object.fromEntries(new URLSearchParams(body)) });
          res.end('ok');
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      try {
        const address = server.address();
        assert.ok(address !== null && typeof address === 'object');
        const url = `http://127.0.0.1:${address.port}/inactive`;
        await updateNumberPolicy(deps, account.sid, { inactivityPolicy: 'warn', inactivityCallbackUrl: url });
        const number = await holding();
        const report = await sweepAt(day(30));
        assert.equal(report.inactivity.warned, 1);
        const worker = { ...deps, webhooks: createHttpWebhookSender({ allowPrivate: true, userAgent: 'masq-test' }) };
        assert.deepEqual(await runDueJobs(worker, { callback: deliverCallback }), { done: 1, failed: 0 });
        assert.equal(received.length, 1);
        const [hit] = received;
        assert.ok(hit);
        assert.deepEqual(hit.params, {
          AccountSid: account.sid, PhoneNumberSid: number.sid, PhoneNumber: number.phoneNumber,
          InactiveSince: day(30).toISOString().replace(/\.\d{3}Z$/, 'Z'), Action: 'warned',
        });
        assert.ok(isValidTwilioSignature(account.authToken, hit.signature, url, hit.params));
        // Warned once: a later pass does not warn again.
        await sweepAt(day(40));
        assert.equal((await store.listJobs(account.sid, { kind: 'callback', limit: 10 })).length, 1);
      } finally {
        server.close();
      }
    });

    test('release: released after the warning period, its open sessions closed', async () => {
      const { store, deps, account, service, pooled, sessionOn, reread, sweepAt } = await setup();
      await updateNumberPolicy(deps, account.sid, {
        inactivityPolicy: 'release', inactivityCallbackUrl: 'https://app.example.invalid/inactive', releaseAfterWarningDays: 7,
      });
      const { pool, number } = await pooled();
      // An open session that never carried any traffic.
      const session = await sessionOn(pool, null);

      assert.equal((await sweepAt(day(30))).inactivity.warned, 1);
      assert.deepEqual((await reread(number)).inactivityWarnedAt, day(30));
      await sweepAt(day(36));
      assert.equal((await reread(number)).state, 'active');
      const report = await sweepAt(day(37));
      assert.equal(report.warned.released, 1);
      const released = await reread(number);
      assert.equal(released.state, 'quarantined');
      assert.equal(released.stateReason, 'released by the inactivity policy');
      assert.equal((await store.findSession(service.sid, session.sid))?.status, 'closed');
      assert.equal((await store.findNumberBySid(account.sid, pool.sid))?.serviceSid, null, 'it left its pool');
    });

    test('release: traffic after the warning cancels the release and clears the flags', async () => {
      const { deps, account, pooled, sessionOn, reread, sweepAt } = await setup();
      await updateNumberPolicy(deps, account.sid, {
        inactivityPolicy: 'release', inactivityCallbackUrl: 'https://app.example.invalid/inactive', releaseAfterWarningDays: 7,
      });
      const { pool, number } = await pooled();
      await sweepAt(day(30));
      assert.deepEqual((await reread(number)).inactiveSince, day(30));
      await sessionOn(pool, day(33));

      const report = await sweepAt(day(37));
      assert.equal(report.warned.cleared, 1);
      const kept = await reread(number);
      assert.equal(kept.state, 'active');
      assert.equal(kept.inactiveSince, null);
      assert.equal(kept.inactivityWarnedAt, null);
      assert.deepEqual(kept.lastTrafficAt, day(33));
    });

    test("flag: traffic after the flag unflags the number, and a later quiet period flags it again", async () => {
      const { deps, account, pooled, sessionOn, reread, sweepAt } = await setup();
      await updateNumberPolicy(deps, account.sid, { inactivityDays: 30 });
      const { pool, number } = await pooled();
      await sweepAt(day(30));
      await sweepAt(day(35));
      assert.deepEqual((await reread(number)).inactiveSince, day(30), 'no traffic: still flagged');

      await sessionOn(pool, day(40));
      const report = await sweepAt(day(41));
      assert.equal(report.unflagged, 1);
      const inUse = await reread(number);
      assert.equal(inUse.inactiveSince, null);
      assert.deepEqual(inUse.lastTrafficAt, day(40));

      await sweepAt(day(69));
      assert.equal((await reread(number)).inactiveSince, null);
      assert.equal((await sweepAt(day(70))).inactivity.flagged, 1);
      assert.deepEqual((await reread(number)).inactiveSince, day(70));
    });

    test('warn: traffic unflags the number, and a later quiet period warns once more', async () => {
      const { store, deps, account, pooled, sessionOn, reread, sweepAt } = await setup();
      await updateNumberPolicy(deps, account.sid, { inactivityPolicy: 'warn', inactivityCallbackUrl: 'https://app.example.invalid/inactive' });
      const { pool, number } = await pooled();
      const warnings = async () => (await store.listJobs(account.sid, { kind: 'callback', limit: 10 })).map((job) => JSON.stringify(job.payload));
      assert.equal((await sweepAt(day(30))).inactivity.warned, 1);

      await sessionOn(pool, day(45));
      assert.equal((await sweepAt(day(46))).unflagged, 1);
      assert.equal((await reread(number)).inactiveSince, null);
      assert.equal((await warnings()).length, 1, 'unflagging sends nothing');

      await sweepAt(day(74));
      assert.equal((await warnings()).length, 1);
      assert.equal((await sweepAt(day(75))).inactivity.warned, 1);
      await sweepAt(day(90));
      const sent = await warnings();
      assert.equal(sent.length, 2, 'one more warning, once');
      const since = (d: Date) => `"InactiveSince":"${d.toISOString().replace(/\.\d{3}Z$/, 'Z')}"`;
      assert.equal(sent.filter((payload) => payload.includes(since(day(75)))).length, 1, 'the new warning says since when');
    });

    test('release: traffic during the countdown unflags the number at the next pass, and it is not released', async () => {
      const { deps, account, pooled, sessionOn, reread, sweepAt } = await setup();
      await updateNumberPolicy(deps, account.sid, {
        inactivityPolicy: 'release', inactivityCallbackUrl: 'https://app.example.invalid/inactive', releaseAfterWarningDays: 7,
      });
      const { pool, number } = await pooled();
      await sweepAt(day(30));
      await sessionOn(pool, day(32));
      assert.equal((await sweepAt(day(33))).unflagged, 1);
      const kept = await reread(number);
      assert.equal(kept.inactiveSince, null);
      assert.equal(kept.inactivityWarnedAt, null);
      const later = await sweepAt(day(37));
      assert.equal(later.warned.released, 0);
      assert.equal((await reread(number)).state, 'active');
    });

    test('the flagged walk goes on from where the last pass stopped, and starts again after the last', async () => {
      const { deps, account, pooled, sessionOn, reread, sweepAt, clock } = await setup();
      await updateNumberPolicy(deps, account.sid, { inactivityDays: 30 });
      const held = [await pooled(), await pooled(), await pooled()];
      await sweepAt(day(30));
      // Flagged in one pass: the walk reads them in sid order.
      const [first, second, third] = [...held].sort((a, b) => (a.number.sid < b.number.sid ? -1 : 1));
      assert.ok(first && second && third);
      await sessionOn(third.pool, day(31));
      await sessionOn(first.pool, day(31));

      const sweep = numberSweeper(deps, { limits: { quarantines: 100, inactivity: 100, scan: 2 } });
      clock.current = day(32);
      assert.equal((await sweep()).unflagged, 1, 'the first page: the first two');
      assert.equal((await reread(first.number)).inactiveSince, null);
      assert.deepEqual((await reread(third.number)).inactiveSince, day(30));
      assert.equal((await sweep()).unflagged, 1, 'the next page: the third');
      assert.equal((await reread(third.number)).inactiveSince, null);

      await sessionOn(second.pool, day(33));
      clock.current = day(34);
      assert.equal((await sweep()).unflagged, 1, 'past the last: from the first again');
      assert.equal((await reread(second.number)).inactiveSince, null);
    });
  });
}
