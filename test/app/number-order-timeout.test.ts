// A Telnyx order that Telnyx never fills: the number stays `provisioning` while the order job follows it on
// the queue's backoff (1 s doubling, capped at 10 minutes), and ends `failed` when its attempts run out,
// some hours later, with the order named in the reason. Driven with the test's clock (the e2e suite would
// take hours), against the fake Telnyx API over loopback, on both databases.
import assert from 'node:assert/strict';
import { after, afterEach, before, beforeEach, describe, test } from 'node:test';
import { buyNumber } from '../../src/app/buy-number.ts';
import { JOB_HANDLERS } from '../../src/app/job-handlers.ts';
import { numberOrderJobId } from '../../src/app/number-order-job.ts';
import { runDueJobs } from '../../src/app/run-jobs.ts';
import { createCarrierAccounts } from '../../src/carriers/registry.ts';
import { createTelnyxAccount } from '../../src/carriers/telnyx/account.ts';
import type { Store } from '../../src/ports/store.ts';
import { testDeps } from '../support/app-deps.ts';
import { startFakeTelnyxApi, telnyxSigningKeys, type FakeTelnyxApi } from '../support/fake-telnyx-api.ts';
import { anAccount } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

const API_KEY = 'KEYorder-timeout';
const E164 = '+14158675399';
const TEN_MINUTES_S = 600;

for (const s of STORES) {
  describe(`${s.name}: a Telnyx order that never completes`, () => {
    let fake: FakeTelnyxApi;
    let store: Store;
    before(async () => { fake = await startFakeTelnyxApi(API_KEY); });
    after(() => fake.close());
    beforeEach(async () => {
      fake.reset();
      store = await s.open();
    });
    afterEach(() => store.close());

    const telnyxDeps = () => {
      const deps = testDeps(store);
      const telnyx = createTelnyxAccount({
        name: 'telnyx', apiKey: API_KEY, publicKey: telnyxSigningKeys().publicKey, apiUrl: fake.url,
        connectionId: '1684641123236054244', messagingProfileId: '40017f8e-49bd-4a19-b3b8-6f2a3c5d7e9b', webhookBase: 'https://masq.invalid/webhooks/telnyx',
      });
      return { ...deps, carriers: createCarrierAccounts([telnyx]), settings: { ...deps.settings, defaultCarrier: 'telnyx' } };
    };

    test('stays provisioning while it is followed, then ends failed after its attempts, hours later', async () => {
      const deps = telnyxDeps();
      const account = anAccount();
      await store.upsertAccount(account);
      fake.offer({ phoneNumber: E164 });
      fake.pollsToComplete = Number.POSITIVE_INFINITY;
      const bought = await buyNumber(deps, account.sid, { phoneNumber: E164, areaCode: null, type: null, carrier: null, friendlyName: null, config: {} });
      assert.equal(bought.state, 'provisioning');
      const started = deps.clock.now().getTime();
      const jobId = numberOrderJobId(bought.sid);
      for (let pass = 0; pass < 100; pass += 1) {
        const job = await store.findJob(account.sid, jobId);
        if (job?.givenUpAt || job?.doneAt) break;
        assert.equal((await store.findInventoryNumber(account.sid, bought.sid))?.state, 'provisioning', 'provisioning while the order is pending');
        // Every retry is due within the backoff's 10-minute cap.
        deps.clock.advance(TEN_MINUTES_S);
        await runDueJobs(deps, JOB_HANDLERS, 20, () => 0);
      }
      const failed = await store.findInventoryNumber(account.sid, bought.sid);
      const [order, ...more] = fake.orders;
      assert.ok(order && more.length === 0, 'one order, followed, never placed again');
      assert.equal(failed?.state, 'failed');
      assert.equal(failed.stateReason, `the carrier did not complete order ${order.id} in time`);
      const job = await store.findJob(account.sid, jobId);
      assert.equal(job?.attempts, job?.maxAttempts, 'every attempt was used');
      assert.equal(order.polls, (job?.attempts ?? 0) - 1, 'the first attempt placed it; each later one asked after it');
      const hours = (deps.clock.now().getTime() - started) / 3_600_000;
      assert.ok(hours > 3, `followed for hours (${hours.toFixed(1)})`);
      assert.equal(await store.findLiveNumber(E164), null, 'the number is free to be bought again');
    });
  });
}
