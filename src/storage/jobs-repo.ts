// Durable jobs (invariant 4): written in the caller's transaction, claimed with a lease, retried, given up.
// The lease is next_attempt_at itself (migration 008 says why): claiming pushes it to the lease's end.
import { sql, type Kysely, type QueryCreator, type Selectable } from 'kysely';
import { JOB_KINDS, type Job, type JobAttempt, type JobKind, type JobRepo, type NewJob } from '../ports/store.ts';
import { iso, oneOf, readDate, readDateOrNull } from './codec.ts';
import type { Ctx } from './context.ts';
import { JOB_PENDING_PREDICATE } from './migrations/ddl.ts';
import { prepared, type Slot, type SlotValues } from './prepared.ts';
import type { Database, JobAttemptsTable, JobsTable } from './schema.ts';

const readPayload = (json: string): Record<string, unknown> => {
  const parsed: unknown = JSON.parse(json);
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? { ...parsed } : {};
};

const toJob = (r: Selectable<JobsTable>): Job => ({
  id: r.id,
  accountSid: r.account_sid,
  kind: oneOf(JOB_KINDS, r.kind, 'jobs.kind'),
  payload: readPayload(r.payload),
  attempts: r.attempts,
  maxAttempts: r.max_attempts,
  nextAttemptAt: readDate(r.next_attempt_at),
  lastError: r.last_error,
  doneAt: readDateOrNull(r.done_at),
  givenUpAt: readDateOrNull(r.given_up_at),
  dateCreated: readDate(r.date_created),
});

const toAttempt = (r: Selectable<JobAttemptsTable>): JobAttempt => ({
  id: r.id,
  jobId: r.job_id,
  attemptedAt: readDate(r.attempted_at),
  httpStatus: r.http_status,
  error: r.error,
  durationMs: r.duration_ms,
});

/** Oldest first, as the worker runs them. */
const oldestFirst = (jobs: readonly Job[]): Job[] =>
  [...jobs].sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime() || (a.id < b.id ? -1 : 1));

export const JOB_SLOTS = ['id', 'account_sid', 'kind', 'payload', 'max_attempts', 'next_attempt_at', 'date_created'] as const;
export type JobSlot = (typeof JOB_SLOTS)[number];

/** The insert's values for one new job. */
export const jobValues = (j: NewJob): SlotValues<JobSlot> => ({
  id: j.id,
  account_sid: j.accountSid,
  kind: j.kind,
  payload: JSON.stringify(j.payload),
  max_attempts: j.maxAttempts,
  next_attempt_at: iso(j.nextAttemptAt),
  date_created: iso(j.dateCreated),
});

/** One row of a job insert, with a placeholder per value (prepared.ts). A new job has made no attempt. */
export const jobRow = (slot: Slot<JobSlot>) => ({
  id: slot('id'), account_sid: slot('account_sid'), kind: slot('kind'), payload: slot('payload'), attempts: 0,
  max_attempts: sql<number | null>`${slot('max_attempts')}`, next_attempt_at: slot('next_attempt_at'), last_error: null,
  done_at: null, given_up_at: null, date_created: slot('date_created'),
});

/** The insert of jobs (one row per slot set); also the last statement of PostgreSQL's routed write. */
export const jobsInsert = (qc: QueryCreator<Database>, rows: readonly Slot<JobSlot>[]) => qc.insertInto('jobs').values(rows.map(jobRow));

// Every interaction of a service with a CallbackUrl enqueues one (prepared.ts: compiled once).
export const insertJob = prepared(JOB_SLOTS, (db, slot) => jobsInsert(db, [slot]));

/**
 * The ids of due jobs, oldest due first: a range over jobs_due_idx, whose predicate the query repeats
 * word for word (SQLite uses a partial index only then). Exported for the plan test.
 */
export const dueJobsQuery = (db: Kysely<Database>, now: Date, limit: number, kinds: readonly JobKind[] | undefined) => {
  const due = db.selectFrom('jobs').select('id').where(JOB_PENDING_PREDICATE).where('next_attempt_at', '<=', iso(now));
  return (kinds === undefined ? due : due.where('kind', 'in', kinds)).orderBy('next_attempt_at').orderBy('id').limit(limit);
};

export const jobRepo = (ctx: Ctx): JobRepo => ({
  async enqueueJob(job) {
    await insertJob.execute(ctx.db(), jobValues(job));
  },

  async claimDueJobs(now, limit, leaseUntil, kinds) {
    if (kinds !== undefined && kinds.length === 0) return [];
    // On PostgreSQL, SKIP LOCKED makes concurrent claimers take disjoint rows instead of queueing behind
    // each other; SQLite's single writer makes the claim exclusive already.
    const db = ctx.db();
    const due = dueJobsQuery(db, now, limit, kinds).$if(ctx.dialect.skipLocked, (qb) => qb.forUpdate().skipLocked());
    const rows = await db.updateTable('jobs').set({ next_attempt_at: iso(leaseUntil) }).where('id', 'in', due).returningAll().execute();
    return oldestFirst(rows.map(toJob));
  },

  async claimJob(id, now, leaseUntil) {
    // A concurrent claimer of the same row waits for this one's commit on PostgreSQL, then finds it no
    // longer due (the row is re-checked after the lock): the job is claimed once.
    const row = await ctx.db().updateTable('jobs').set({ next_attempt_at: iso(leaseUntil) })
      .where('id', '=', id).where(JOB_PENDING_PREDICATE).where('next_attempt_at', '<=', iso(now))
      .returningAll().executeTakeFirst();
    return row ? toJob(row) : null;
  },

  async markJobDone(id, now) {
    await ctx.db().updateTable('jobs')
      .set((eb) => ({ done_at: iso(now), attempts: eb('attempts', '+', 1), last_error: null }))
      .where('id', '=', id).execute();
  },

  async markJobFailed(id, error, nextAttemptAt) {
    await ctx.db().updateTable('jobs')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error, next_attempt_at: iso(nextAttemptAt) }))
      .where('id', '=', id).execute();
  },

  async releaseJob(id, reason, dueAt) {
    await ctx.db().updateTable('jobs').set({ last_error: reason, next_attempt_at: iso(dueAt) }).where('id', '=', id).execute();
  },

  async markJobGivenUp(id, error, now) {
    await ctx.db().updateTable('jobs')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error, given_up_at: iso(now) }))
      .where('id', '=', id).execute();
  },

  async listJobs(accountSid, { kind, limit }) {
    const mine = ctx.db().selectFrom('jobs').selectAll().where('account_sid', '=', accountSid);
    const rows = await (kind === undefined ? mine : mine.where('kind', '=', kind))
      .orderBy('date_created', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toJob);
  },

  async findJob(accountSid, id) {
    const row = await ctx.db().selectFrom('jobs').selectAll()
      .where('account_sid', '=', accountSid).where('id', '=', id).executeTakeFirst();
    return row ? toJob(row) : null;
  },

  async recordJobAttempt(a) {
    await ctx.db().insertInto('job_attempts').values({
      id: a.id,
      job_id: a.jobId,
      attempted_at: iso(a.attemptedAt),
      http_status: a.httpStatus,
      error: a.error,
      duration_ms: Math.round(a.durationMs),
    }).execute();
  },

  async listJobAttempts(jobId) {
    const rows = await ctx.db().selectFrom('job_attempts').selectAll()
      .where('job_id', '=', jobId).orderBy('attempted_at').orderBy('id').execute();
    return rows.map(toAttempt);
  },
});
