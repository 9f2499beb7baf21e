// The job queue's storage contract, on SQLite and PostgreSQL: leases, retries, give-up, attempts, and the
// due queue served by its partial index.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, afterEach, before, beforeEach, describe, it } from 'node:test';
import { CompiledQuery, sql } from 'kysely';
import type { Store } from '../../src/ports/store.ts';
import type { BenchHandle } from '../../src/storage/bench-handle.ts';
import { dueJobsQuery } from '../../src/storage/jobs-repo.ts';
import { anAccount, at } from '../support/fixtures.ts';
import { aJob, asEnqueued } from '../support/jobs.ts';
import { openWithAccount } from '../support/seed-store.ts';
import { STORES } from '../support/stores.ts';

for (const s of STORES) {
  describe(`${s.name}: jobs`, () => {
    let store: Store;
    let accountSid: string;
    beforeEach(async () => { ({ store, accountSid } = await openWithAccount(s)); });
    afterEach(() => store.close());

    it('claims due jobs once, until the lease runs out; the payload and attempt limit come back as written', async () => {
      const due = aJob(accountSid, { kind: 'send-message', nextAttemptAt: at(10), maxAttempts: 3, payload: { to: '+14155550100', media: ['a', 'b'], nested: { n: 1, ok: true } } });
      const later = aJob(accountSid, { nextAttemptAt: at(100) });
      await store.enqueueJob(due);
      await store.enqueueJob(later);
      assert.deepEqual(await store.claimDueJobs(at(20), 10, at(50)), [{ ...asEnqueued(due), nextAttemptAt: at(50) }]);
      assert.deepEqual(await store.claimDueJobs(at(30), 10, at(60)), [], 'leased jobs are not due');
      assert.deepEqual((await store.claimDueJobs(at(50), 10, at(70))).map((j) => j.id), [due.id], 'an expired lease makes it due again');
    });

    it('claims only the kinds asked for', async () => {
      const callback = aJob(accountSid);
      const send = aJob(accountSid, { kind: 'send-message' });
      const bridge = aJob(accountSid, { kind: 'bridge-call' });
      for (const j of [callback, send, bridge]) await store.enqueueJob(j);
      assert.deepEqual(await store.claimDueJobs(at(1), 10, at(9), []), []);
      assert.deepEqual((await store.claimDueJobs(at(1), 10, at(9), ['send-message', 'bridge-call'])).map((j) => j.kind).sort(), ['bridge-call', 'send-message']);
      assert.deepEqual((await store.claimDueJobs(at(1), 10, at(9))).map((j) => j.id), [callback.id]);
    });

    it('records failures and success; a done job is never claimed again', async () => {
      const j = aJob(accountSid);
      await store.enqueueJob(j);
      await store.markJobFailed(j.id, 'HTTP 503', at(5));
      assert.deepEqual(await store.claimDueJobs(at(4), 10, at(9)), []);
      const [retry] = await store.claimDueJobs(at(5), 10, at(9));
      assert.deepEqual([retry?.attempts, retry?.lastError], [1, 'HTTP 503']);
      await store.markJobDone(j.id, at(6));
      assert.deepEqual(await store.claimDueJobs(at(1000), 10, at(2000)), []);
      assert.equal(await store.claimJob(j.id, at(1000), at(2000)), null);
      const [listed] = await store.listJobs(accountSid, { limit: 10 });
      assert.deepEqual([listed?.doneAt, listed?.attempts, listed?.lastError, listed?.payload], [at(6), 2, null, j.payload]);
    });

    it('a given-up job keeps its last error and is never claimed again', async () => {
      const j = aJob(accountSid);
      await store.enqueueJob(j);
      await store.markJobGivenUp(j.id, 'HTTP 410', at(7));
      assert.deepEqual(await store.claimDueJobs(at(10_000), 10, at(20_000)), []);
      assert.equal(await store.claimJob(j.id, at(10_000), at(20_000)), null);
      const found = await store.findJob(accountSid, j.id);
      assert.deepEqual([found?.givenUpAt, found?.attempts, found?.lastError, found?.doneAt], [at(7), 1, 'HTTP 410', null]);
    });

    it('claimJob claims one due job once, and again only when its lease has run out', async () => {
      const j = aJob(accountSid, { kind: 'send-message', nextAttemptAt: at(10) });
      await store.enqueueJob(j);
      assert.equal(await store.claimJob(j.id, at(5), at(50)), null, 'not due yet');
      assert.deepEqual(await store.claimJob(j.id, at(10), at(50)), { ...asEnqueued(j), nextAttemptAt: at(50) });
      assert.equal(await store.claimJob(j.id, at(11), at(60)), null, 'leased');
      assert.deepEqual(await store.claimDueJobs(at(11), 10, at(60)), [], 'the worker does not see it either');
      assert.equal((await store.claimJob(j.id, at(50), at(90)))?.nextAttemptAt.getTime(), at(90).getTime());
      assert.equal(await store.claimJob(randomUUID(), at(50), at(90)), null, 'unknown');
    });

    it('claims at most `limit`, oldest due first; lists per account and kind, newest first', async () => {
      const jobs = [3, 1, 2].map((k) => aJob(accountSid, { nextAttemptAt: at(k), dateCreated: at(k) }));
      for (const j of jobs) await store.enqueueJob(j);
      const send = aJob(accountSid, { kind: 'send-message', nextAttemptAt: at(50), dateCreated: at(4) });
      await store.enqueueJob(send);
      assert.deepEqual((await store.claimDueJobs(at(10), 2, at(20))).map((j) => j.dateCreated), [at(1), at(2)]);
      assert.deepEqual((await store.listJobs(accountSid, { kind: 'callback', limit: 10 })).map((j) => j.dateCreated), [at(3), at(2), at(1)]);
      assert.deepEqual((await store.listJobs(accountSid, { limit: 2 })).map((j) => j.id), [send.id, jobs[0]?.id]);
      const other = anAccount();
      await store.upsertAccount(other);
      assert.deepEqual(await store.listJobs(other.sid, { limit: 10 }), []);
    });

    it('concurrent claimers in transactions get disjoint jobs', async () => {
      for (let k = 0; k < 6; k++) await store.enqueueJob(aJob(accountSid));
      // On PostgreSQL the two claims run on two connections at once (SKIP LOCKED); on SQLite they serialise.
      const [a, b] = await Promise.all([
        store.transaction((tx) => tx.claimDueJobs(at(1), 4, at(100))),
        store.transaction((tx) => tx.claimDueJobs(at(1), 4, at(100))),
      ]);
      const ids = [...a, ...b].map((j) => j.id);
      assert.equal(new Set(ids).size, ids.length, 'no job claimed twice');
      assert.equal(ids.length, 6);
    });

    it('records attempts (oldest first) and finds a job only within its account', async () => {
      const j = aJob(accountSid);
      await store.enqueueJob(j);
      const attempt = (k: number, httpStatus: number | null, error: string | null) => ({
        id: randomUUID(), jobId: j.id, attemptedAt: at(k), httpStatus, error, durationMs: 10 * k,
      });
      const second = attempt(2, 200, null);
      const first = attempt(1, null, 'refused-destination: 127.0.0.1 is a private or loopback address');
      await store.recordJobAttempt(second);
      await store.recordJobAttempt(first);
      assert.deepEqual(await store.listJobAttempts(j.id), [first, second]);
      assert.deepEqual(await store.listJobAttempts(randomUUID()), []);
      assert.deepEqual(await store.findJob(accountSid, j.id), asEnqueued(j));
      const other = anAccount();
      await store.upsertAccount(other);
      assert.equal(await store.findJob(other.sid, j.id), null);
    });

    it('a rolled-back transaction leaves no job behind', async () => {
      const j = aJob(accountSid);
      await assert.rejects(store.transaction(async (tx) => {
        await tx.enqueueJob(j);
        throw new Error('the interaction failed');
      }));
      assert.equal(await store.findJob(accountSid, j.id), null);
    });
  });

  describe(`${s.name}: the due queue's plan`, () => {
    let h: BenchHandle;
    let accountSid: string;
    before(async () => {
      h = await s.openBench();
      const account = anAccount();
      await h.store.upsertAccount(account);
      accountSid = account.sid;
      // A long history of finished jobs and a short backlog: the claim must not walk the history.
      const rows = Array.from({ length: 3_000 }, (_, k) => {
        const done = k >= 20;
        return {
          id: `job-${String(k).padStart(5, '0')}`, account_sid: accountSid, kind: 'callback', payload: '{}', attempts: done ? 1 : 0, max_attempts: null,
          next_attempt_at: at(k).toISOString(), last_error: null, done_at: done ? at(k).toISOString() : null, given_up_at: null, date_created: at(k).toISOString(),
        };
      });
      for (let k = 0; k < rows.length; k += 500) await h.kysely.insertInto('jobs').values(rows.slice(k, k + 500)).execute();
      await sql`analyze`.execute(h.kysely);
    });
    after(() => h.close());

    it('claims by range over jobs_due_idx, which holds only pending jobs', async () => {
      const compiled = dueJobsQuery(h.kysely, at(5_000), 20, ['callback']).compile();
      const prefix = h.dialect === 'sqlite' ? 'explain query plan ' : 'explain ';
      const { rows } = await h.kysely.executeQuery(CompiledQuery.raw(prefix + compiled.sql, [...compiled.parameters]));
      const plan = rows.map((row) => JSON.stringify(row)).join('\n');
      assert.match(plan, /jobs_due_idx/, plan);
      assert.doesNotMatch(plan, /SCAN jobs\b|Seq Scan|TEMP B-TREE|Sort/, plan);
      assert.equal((await dueJobsQuery(h.kysely, at(5_000), 100, undefined).execute()).length, 20, 'the pending ones only');
    });
  });
}
