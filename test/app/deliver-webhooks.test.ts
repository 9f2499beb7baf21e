// Callback jobs run by the job worker on both databases: what a customer's CallbackUrl receives, and what
// the operator sees when it does not: every attempt recorded, retries on the backoff schedule, then giving up.
import assert from 'node:assert/strict';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { enqueueInteractionCallback } from '../../src/app/callbacks/interaction-callback.ts';
import { deliverCallback } from '../../src/app/deliver-webhooks.ts';
import type { AppDeps } from '../../src/app/deps.ts';
import { BACKOFF_CAP_MS, leaseMs, retryDelayMs, runDueJobs } from '../../src/app/run-jobs.ts';
import type { Account } from '../../src/domain/account.ts';
import type { Service } from '../../src/domain/service.ts';
import type { Job, Store } from '../../src/ports/store.ts';
import { WebhookError } from '../../src/ports/webhook-sender.ts';
import { createHttpWebhookSender } from '../../src/webhooks/http-webhook-sender.ts';
import { testDeps } from '../support/app-deps.ts';
import { aService, aSession, anAccount, anInteraction } from '../support/fixtures.ts';
import { openSqliteTestStore, STORES } from '../support/stores.ts';

test('backoff: 1 s doubling to a 10 min cap, shortened by at most a quarter', () => {
  assert.deepEqual([1, 2, 3, 4, 10, 11, 12, 40].map((n) => retryDelayMs(n, 0)), [1_000, 2_000, 4_000, 8_000, 512_000, 600_000, 600_000, 600_000]);
  assert.equal(retryDelayMs(1, 0.999), 750);
  assert.equal(retryDelayMs(30, 0.5), BACKOFF_CAP_MS * 0.875);
});

/** One pass of the worker over callback jobs. */
const deliver = (deps: AppDeps, batch?: number, random?: () => number) => runDueJobs(deps, { callback: deliverCallback }, batch, random);

for (const s of STORES) {
  describe(`${s.name}: delivering callback jobs`, () => {
    const URL = 'https://app.example/callback?tenant=7';
    let store: Store;
    let account: Account;
    let service: Service;
    let deps: ReturnType<typeof testDeps>;
    beforeEach(async () => {
      store = await s.open();
      deps = testDeps(store);
      account = anAccount();
      await store.upsertAccount(account);
      service = aService(account, { callbackUrl: URL });
    });
    afterEach(() => store.close());

    const enqueue = async (): Promise<Job> => {
      await store.transaction((tx) => enqueueInteractionCallback(deps, tx, service, anInteraction(aSession(service))));
      const [newest] = await store.listJobs(account.sid, { kind: 'callback', limit: 1 });
      assert.ok(newest);
      return newest;
    };
    const current = async (id: string): Promise<Job> => {
      const found = await store.findJob(account.sid, id);
      assert.ok(found);
      return found;
    };
    const answer = (status: number) => deps.webhooks.answers.set(URL, { status, contentType: 'text/plain', body: '' });
    const noRandom = () => 0;

    test('a 2xx delivers: signed with the account token, the job id as idempotency token, the attempt recorded', async () => {
      const entry = await enqueue();
      answer(204);
      assert.deepEqual(await deliver(deps), { done: 1, failed: 0 });
      const [sent] = deps.webhooks.requests;
      assert.deepEqual(
        { url: sent?.url, params: sent?.params, authToken: sent?.authToken, timeoutMs: sent?.timeoutMs, idempotencyToken: sent?.idempotencyToken },
        { url: URL, params: entry.payload.params, authToken: account.authToken, timeoutMs: deps.settings.callbacks.deliveryTimeoutMs, idempotencyToken: entry.id },
      );
      const after = await current(entry.id);
      assert.deepEqual([after.doneAt, after.attempts, after.lastError], [deps.clock.now(), 1, null]);
      const attempts = await store.listJobAttempts(entry.id);
      assert.deepEqual(attempts.map((a) => [a.httpStatus, a.error, a.attemptedAt]), [[204, null, deps.clock.now()]]);
      deps.clock.advance(3600);
      assert.deepEqual(await deliver(deps), { done: 0, failed: 0 }, 'delivered means delivered once');
    });

    test('failures retry on the backoff schedule, each attempt recorded, until one succeeds', async () => {
      const entry = await enqueue();
      answer(503);
      assert.deepEqual(await deliver(deps, 20, noRandom), { done: 0, failed: 1 });
      const start = deps.clock.now().getTime();
      assert.equal((await current(entry.id)).nextAttemptAt.getTime(), start + 1_000);
      deps.clock.advance(0.999);
      assert.deepEqual(await deliver(deps, 20, noRandom), { done: 0, failed: 0 }, 'not due before its time');
      deps.clock.advance(0.001);
      deps.webhooks.answers.set(URL, new WebhookError('timeout', 'no answer within 10000 ms'));
      assert.deepEqual(await deliver(deps, 20, noRandom), { done: 0, failed: 1 });
      assert.equal((await current(entry.id)).nextAttemptAt.getTime(), start + 1_000 + 2_000);
      deps.clock.advance(2);
      answer(200);
      assert.deepEqual(await deliver(deps, 20, noRandom), { done: 1, failed: 0 });
      const attempts = await store.listJobAttempts(entry.id);
      assert.deepEqual(attempts.map((a) => [a.httpStatus, a.error]), [[503, 'HTTP 503'], [null, 'timeout: no answer within 10000 ms'], [200, null]]);
      assert.ok(attempts.every((a) => Number.isInteger(a.durationMs) && a.durationMs >= 0));
      assert.equal((await current(entry.id)).attempts, 3);
    });

    test('gives up after maxDeliveryAttempts; a given-up callback stays listed and is never retried', async () => {
      const max = deps.settings.callbacks.maxDeliveryAttempts;
      const entry = await enqueue();
      deps.webhooks.answers.set(URL, new WebhookError('network', 'connect ECONNREFUSED'));
      for (let k = 1; k <= max; k++) {
        assert.deepEqual(await deliver(deps, 20, noRandom), { done: 0, failed: 1 }, `attempt ${k}`);
        deps.clock.advance(BACKOFF_CAP_MS / 1000);
      }
      const after = await current(entry.id);
      assert.deepEqual([after.attempts, after.lastError, after.doneAt], [max, 'network: connect ECONNREFUSED', null]);
      assert.ok(after.givenUpAt);
      deps.clock.advance(86_400);
      assert.deepEqual(await deliver(deps), { done: 0, failed: 0 });
      assert.equal(deps.webhooks.requests.length, max);
      assert.equal((await store.listJobAttempts(entry.id)).length, max);
    });

    test('an unusable URL is given up at once; other callbacks of the pass are delivered anyway', async () => {
      const broken = await enqueue();
      const fine = await store.transaction(async (tx) => {
        const other = aService(account, { callbackUrl: 'https://app.example/fine' });
        await enqueueInteractionCallback(deps, tx, other, anInteraction(aSession(other)));
        return other.callbackUrl;
      });
      deps.webhooks.answers.set(URL, new WebhookError('invalid-url', 'not an http(s) URL'));
      assert.deepEqual(await deliver(deps), { done: 1, failed: 1 });
      assert.ok((await current(broken.id)).givenUpAt);
      assert.ok(deps.webhooks.requests.some((r) => r.url === fine));
    });

    test('a claimed callback is invisible to other workers until its lease runs out (a crashed deliverer)', async () => {
      const entry = await enqueue();
      const now = deps.clock.now();
      // A worker that died right after claiming: nothing was attempted or recorded.
      await store.claimDueJobs(now, 10, new Date(now.getTime() + leaseMs(deps)));
      assert.deepEqual(await deliver(deps), { done: 0, failed: 0 });
      deps.clock.advance(leaseMs(deps) / 1000);
      assert.deepEqual(await deliver(deps), { done: 1, failed: 0 });
      assert.equal((await current(entry.id)).attempts, 1);
    });

    test('delivers at most a batch per pass, oldest first', async () => {
      for (let k = 0; k < 5; k++) {
        await enqueue();
        deps.clock.advance(1);
      }
      assert.deepEqual(await deliver(deps, 3), { done: 3, failed: 0 });
      assert.deepEqual(await deliver(deps, 3), { done: 2, failed: 0 });
    });
  });
}

test('with the real adapter, a private CallbackUrl is refused (MASQ_CALLBACK_ALLOW_PRIVATE unset) and the attempt says so', async () => {
  const store = await openSqliteTestStore();
  try {
    const base = testDeps(store);
    const deps = { ...base, webhooks: createHttpWebhookSender({ allowPrivate: false, userAgent: 'masq/test' }) };
    const account = anAccount();
    await store.upsertAccount(account);
    const service = aService(account, { callbackUrl: 'http://127.0.0.1:9/callback' });
    await store.transaction((tx) => enqueueInteractionCallback(deps, tx, service, anInteraction(aSession(service))));
    assert.deepEqual(await deliver(deps), { done: 0, failed: 1 });
    const [entry] = await store.listJobs(account.sid, { kind: 'callback', limit: 1 });
    assert.ok(entry);
    const attempts = await store.listJobAttempts(entry.id);
    assert.deepEqual(attempts.map((a) => [a.httpStatus, a.error]), [[null, 'refused-destination: 127.0.0.1 is a private or loopback address']]);
    assert.equal(entry.lastError, 'refused-destination: 127.0.0.1 is a private or loopback address');
  } finally {
    await store.close();
  }
});
