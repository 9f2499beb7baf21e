import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, it } from 'node:test';
import type { OutboxEntry, Store } from '../../src/ports/store.ts';
import { anAccount, at } from '../support/fixtures.ts';
import { STORES } from '../support/stores.ts';

const entry = (accountSid: string, o: Partial<OutboxEntry> = {}): OutboxEntry => ({
  id: randomUUID(), accountSid, url: 'https://example.com/hook', params: { EventType: 'x', Body: 'a&b=c ✓' },
  attempts: 0, nextAttemptAt: at(0), lastError: null, deliveredAt: null, dateCreated: at(0), givenUpAt: null, ...o,
});

for (const s of STORES) {
  describe(`${s.name}: webhook outbox and idempotency`, () => {
    let store: Store;
    let accountSid: string;
    beforeEach(async () => {
      store = await s.open();
      const account = anAccount();
      await store.upsertAccount(account);
      accountSid = account.sid;
    });
    afterEach(() => store.close());

    it('claims due entries once, until the lease runs out', async () => {
      const due = entry(accountSid, { nextAttemptAt: at(10) });
      const later = entry(accountSid, { nextAttemptAt: at(100) });
      await store.enqueueWebhook(due);
      await store.enqueueWebhook(later);
      const claimed = await store.claimDueWebhooks(at(20), 10, at(50));
      assert.deepEqual(claimed, [{ ...due, nextAttemptAt: at(50) }]);
      assert.deepEqual(await store.claimDueWebhooks(at(30), 10, at(60)), [], 'leased rows are not due');
      assert.deepEqual((await store.claimDueWebhooks(at(50), 10, at(70))).map((e) => e.id), [due.id], 'an expired lease makes it due again');
    });

    it('records failures and deliveries; delivered entries are never claimed again', async () => {
      const e = entry(accountSid);
      await store.enqueueWebhook(e);
      await store.markWebhookFailed(e.id, 'HTTP 503', at(5));
      assert.deepEqual(await store.claimDueWebhooks(at(4), 10, at(9)), []);
      const [retry] = await store.claimDueWebhooks(at(5), 10, at(9));
      assert.deepEqual([retry?.attempts, retry?.lastError], [1, 'HTTP 503']);
      await store.markWebhookDelivered(e.id, at(6));
      assert.deepEqual(await store.claimDueWebhooks(at(1000), 10, at(2000)), []);
      const [listed] = await store.listWebhooks(accountSid, 10);
      assert.deepEqual([listed?.deliveredAt, listed?.attempts, listed?.lastError, listed?.params], [at(6), 2, null, e.params]);
    });

    it('claims at most `limit`, oldest due first, and lists per account newest first', async () => {
      const entries = [3, 1, 2].map((k) => entry(accountSid, { nextAttemptAt: at(k), dateCreated: at(k) }));
      for (const e of entries) await store.enqueueWebhook(e);
      const claimed = await store.claimDueWebhooks(at(10), 2, at(20));
      assert.deepEqual(claimed.map((e) => e.dateCreated), [at(1), at(2)]);
      assert.deepEqual((await store.listWebhooks(accountSid, 10)).map((e) => e.dateCreated), [at(3), at(2), at(1)]);
      const other = anAccount();
      await store.upsertAccount(other);
      assert.deepEqual(await store.listWebhooks(other.sid, 10), []);
    });

    it('concurrent claimers in transactions get disjoint entries', async () => {
      for (let k = 0; k < 6; k++) await store.enqueueWebhook(entry(accountSid));
      // On PostgreSQL the two claims run on two connections at once (SKIP LOCKED); on SQLite they serialise.
      const [a, b] = await Promise.all([
        store.transaction((tx) => tx.claimDueWebhooks(at(1), 4, at(100))),
        store.transaction((tx) => tx.claimDueWebhooks(at(1), 4, at(100))),
      ]);
      const ids = [...a, ...b].map((e) => e.id);
      assert.equal(new Set(ids).size, ids.length, 'no entry claimed twice');
      assert.equal(ids.length, 6);
    });

    it('records attempts (oldest first) and finds an entry only within its account', async () => {
      const e = entry(accountSid);
      await store.enqueueWebhook(e);
      const attempt = (k: number, httpStatus: number | null, error: string | null) => ({
        id: randomUUID(), outboxId: e.id, attemptedAt: at(k), httpStatus, error, durationMs: 10 * k,
      });
      const second = attempt(2, 200, null);
      const first = attempt(1, null, 'refused-destination: 127.0.0.1 is a private or loopback address');
      await store.recordWebhookAttempt(second);
      await store.recordWebhookAttempt(first);
      assert.deepEqual(await store.listWebhookAttempts(e.id), [first, second]);
      assert.deepEqual(await store.listWebhookAttempts(randomUUID()), []);
      assert.deepEqual(await store.findWebhook(accountSid, e.id), { ...e, givenUpAt: null });
      const other = anAccount();
      await store.upsertAccount(other);
      assert.equal(await store.findWebhook(other.sid, e.id), null);
    });

    it('a given-up entry keeps its last error and is never claimed again', async () => {
      const e = entry(accountSid);
      await store.enqueueWebhook(e);
      await store.markWebhookGivenUp(e.id, 'HTTP 410', at(7));
      assert.deepEqual(await store.claimDueWebhooks(at(10_000), 10, at(20_000)), []);
      const found = await store.findWebhook(accountSid, e.id);
      assert.deepEqual([found?.givenUpAt, found?.attempts, found?.lastError, found?.deliveredAt], [at(7), 1, 'HTTP 410', null]);
    });

    it('an idempotency token is kept per (account, scope, key), and a finished one answers inside a transaction', async () => {
      const claim = (scope: string, owner: string) => ({ accountSid, scope, key: 'k-1', owner, leaseUntil: at(30) });
      assert.equal((await store.reserveIdempotent(claim('POST /v1/Services', 'a'), at(3))).kind, 'reserved');
      assert.equal((await store.reserveIdempotent(claim('POST /v1/Services/KS1/Sessions', 'b'), at(3))).kind, 'reserved', 'another route: another request');
      assert.equal(await store.completeIdempotent(claim('POST /v1/Services', 'a'), 201, '{"sid":"KS1"}'), true);
      // Inside a transaction the losing reservation does not poison it: the stored answer comes back.
      const replay = await store.transaction((tx) => tx.reserveIdempotent(claim('POST /v1/Services', 'c'), at(4)));
      assert.deepEqual(replay, { kind: 'done', status: 201, body: '{"sid":"KS1"}' });
    });
  });
}
