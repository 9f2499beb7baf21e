// Migration 008 moves the callback outbox into the jobs table. A database at migration 007 holding
// callbacks in every state (pending after a failure, delivered, given up) and their attempts is upgraded,
// on SQLite and PostgreSQL, and finds them all as 'callback' jobs: nothing lost, the pending one still due.
// Migrating down puts them back.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql, type Kysely } from 'kysely';
import { openStore } from '../../src/storage/open-store.ts';
import type { Database } from '../../src/storage/schema.ts';
import { at } from '../support/fixtures.ts';
import { countRows, migratorUpTo, onDatabase, PLACES, succeeded } from '../support/migration-places.ts';

const ACCOUNT = `AC${'1'.repeat(32)}`;
const d = (seconds: number) => at(seconds).toISOString();
const PARAMS = { interactionSid: 'KI1', interactionData: '{"body":"a \\"quoted\\" ✓"}', Body: 'a&b=c' };

/** The previous release's rows: three callbacks and three attempts. */
const seedOutbox = async (db: Kysely<Database>): Promise<void> => {
  await sql`insert into accounts (sid, friendly_name, auth_token, date_created, date_updated) values (${ACCOUNT}, 'old', 'token', ${d(0)}, ${d(0)})`.execute(db);
  const outbox = (id: string, o: { attempts: number; next: number; error: string | null; delivered: string | null; givenUp: string | null }) =>
    sql`insert into outbox (id, account_sid, url, params, attempts, next_attempt_at, last_error, delivered_at, date_created, given_up_at)
      values (${id}, ${ACCOUNT}, ${`https://app.example.invalid/${id}?x=1`}, ${JSON.stringify(PARAMS)}, ${o.attempts}, ${d(o.next)}, ${o.error}, ${o.delivered}, ${d(1)}, ${o.givenUp})`.execute(db);
  await outbox('WHpending', { attempts: 1, next: 30, error: 'HTTP 503', delivered: null, givenUp: null });
  await outbox('WHdelivered', { attempts: 2, next: 10, error: null, delivered: d(11), givenUp: null });
  await outbox('WHgivenup', { attempts: 12, next: 10, error: 'HTTP 410', delivered: null, givenUp: d(12) });
  const attempt = (id: string, outboxId: string, seconds: number, status: number | null, error: string | null) =>
    sql`insert into webhook_attempts (id, outbox_id, attempted_at, http_status, error, duration_ms) values (${id}, ${outboxId}, ${d(seconds)}, ${status}, ${error}, ${seconds * 10})`.execute(db);
  await attempt('a1', 'WHpending', 2, 503, 'HTTP 503');
  await attempt('a2', 'WHdelivered', 3, null, 'network: connect ECONNREFUSED');
  await attempt('a3', 'WHdelivered', 11, 200, null);
};

for (const p of PLACES) {
  describe(`${p.name}: migration 008 (the outbox becomes jobs)`, () => {
    it('finds every outbox entry and attempt of a 007 database as callback jobs; migrating down puts them back', async () => {
      const place = await p.make();
      try {
        await onDatabase(place.url, async (old) => {
          succeeded(await (await migratorUpTo(old, '007-api-keys')).migrateToLatest());
          await seedOutbox(old.kysely);
        });

        const store = await openStore(place.url);
        try {
          const jobs = await store.listJobs(ACCOUNT, { kind: 'callback', limit: 10 });
          const byId = new Map(jobs.map((j) => [j.id, j]));
          assert.deepEqual([...byId.keys()].sort(), ['WHdelivered', 'WHgivenup', 'WHpending']);
          assert.deepEqual(byId.get('WHpending'), {
            id: 'WHpending', accountSid: ACCOUNT, kind: 'callback', payload: { url: 'https://app.example.invalid/WHpending?x=1', params: PARAMS },
            attempts: 1, maxAttempts: null, nextAttemptAt: at(30), lastError: 'HTTP 503', doneAt: null, givenUpAt: null, dateCreated: at(1),
          });
          assert.deepEqual([byId.get('WHdelivered')?.doneAt, byId.get('WHdelivered')?.attempts], [at(11), 2]);
          assert.deepEqual([byId.get('WHgivenup')?.givenUpAt, byId.get('WHgivenup')?.lastError], [at(12), 'HTTP 410']);
          assert.deepEqual((await store.listJobAttempts('WHdelivered')).map((a) => [a.id, a.jobId, a.attemptedAt, a.httpStatus, a.error, a.durationMs]), [
            ['a2', 'WHdelivered', at(3), null, 'network: connect ECONNREFUSED', 30],
            ['a3', 'WHdelivered', at(11), 200, null, 110],
          ]);
          assert.equal((await store.listJobAttempts('WHpending')).length, 1);
          // Still owed: the worker claims the pending callback, and only it, when it is due.
          assert.deepEqual(await store.claimDueJobs(at(29), 10, at(100)), []);
          assert.deepEqual((await store.claimDueJobs(at(30), 10, at(100))).map((j) => j.id), ['WHpending']);
        } finally {
          await store.close();
        }

        await onDatabase(place.url, async (upgraded) => {
          const { rows } = await sql<{ name: string }>`select name from masq_migration`.execute(upgraded.kysely);
          assert.ok(rows.some((r) => r.name === '008-jobs'));
          assert.equal(await countRows(upgraded.kysely, 'job_attempts'), 3);
          await assert.rejects(countRows(upgraded.kysely, 'outbox'), 'the outbox is gone');
          // And back: down() returns the callbacks and their attempts to the outbox.
          succeeded(await (await migratorUpTo(upgraded, '~')).migrateTo('007-api-keys'));
          assert.deepEqual([await countRows(upgraded.kysely, 'outbox'), await countRows(upgraded.kysely, 'webhook_attempts')], [3, 3]);
          const { rows: back } = await sql<{ url: string; params: string }>`select url, params from outbox where id = 'WHpending'`.execute(upgraded.kysely);
          assert.deepEqual(back.map((r) => [r.url, JSON.parse(r.params)]), [['https://app.example.invalid/WHpending?x=1', PARAMS]]);
        });
      } finally {
        await place.cleanup();
      }
    });
  });
}
