// The webhook outbox (invariant 4), written in the caller's transaction. (Idempotency keys: idempotency-repo.ts.)
import { sql, type QueryCreator, type Selectable } from 'kysely';
import type { NewOutboxEntry, OutboxEntry, OutboxRepo, WebhookAttempt } from '../ports/store.ts';
import { iso, readDate, readDateOrNull } from './codec.ts';
import type { Ctx } from './context.ts';
import { prepared, type Slot } from './prepared.ts';
import type { Database, OutboxTable, WebhookAttemptsTable } from './schema.ts';

const readParams = (json: string): Record<string, string> => {
  const parsed: unknown = JSON.parse(json);
  const out: Record<string, string> = {};
  if (typeof parsed === 'object' && parsed !== null) {
    for (const [k, v] of Object.entries(parsed)) if (typeof v === 'string') out[k] = v;
  }
  return out;
};

const toEntry = (r: Selectable<OutboxTable>): OutboxEntry => ({
  id: r.id,
  accountSid: r.account_sid,
  url: r.url,
  params: readParams(r.params),
  attempts: r.attempts,
  nextAttemptAt: readDate(r.next_attempt_at),
  lastError: r.last_error,
  deliveredAt: readDateOrNull(r.delivered_at),
  dateCreated: readDate(r.date_created),
  givenUpAt: readDateOrNull(r.given_up_at),
});

const toAttempt = (r: Selectable<WebhookAttemptsTable>): WebhookAttempt => ({
  id: r.id,
  outboxId: r.outbox_id,
  attemptedAt: readDate(r.attempted_at),
  httpStatus: r.http_status,
  error: r.error,
  durationMs: r.duration_ms,
});

/** The insert's values for one new entry. */
export const outboxValues = (e: NewOutboxEntry) => ({
  id: e.id,
  account_sid: e.accountSid,
  url: e.url,
  params: JSON.stringify(e.params),
  attempts: e.attempts,
  next_attempt_at: iso(e.nextAttemptAt),
  last_error: e.lastError,
  delivered_at: e.deliveredAt === null ? null : iso(e.deliveredAt),
  date_created: iso(e.dateCreated),
});

export const OUTBOX_SLOTS = ['id', 'account_sid', 'url', 'params', 'attempts', 'next_attempt_at', 'last_error', 'delivered_at', 'date_created'] as const;
export type OutboxSlot = (typeof OUTBOX_SLOTS)[number];

/** The outbox insert, with a placeholder per value (prepared.ts); also part of PostgreSQL's routed write. */
export const outboxInsert = (qc: QueryCreator<Database>, slot: Slot<OutboxSlot>) =>
  qc.insertInto('outbox').values({
    id: slot('id'), account_sid: slot('account_sid'), url: slot('url'), params: slot('params'), attempts: sql<number>`${slot('attempts')}`,
    next_attempt_at: slot('next_attempt_at'), last_error: slot('last_error'), delivered_at: slot('delivered_at'),
    date_created: slot('date_created'), given_up_at: null,
  });

// Every interaction of a service with a CallbackUrl enqueues one (prepared.ts: compiled once).
export const insertOutbox = prepared(OUTBOX_SLOTS, outboxInsert);

export const outboxRepo = (ctx: Ctx): OutboxRepo => ({
  async enqueueWebhook(e) {
    await insertOutbox.execute(ctx.db(), outboxValues(e));
  },

  async claimDueWebhooks(now, limit, leaseUntil) {
    // Claiming = pushing next_attempt_at to the lease, so no other worker sees the rows as due until the
    // lease runs out (a crashed deliverer's work comes back by itself). On PostgreSQL, SKIP LOCKED makes
    // concurrent claimers take disjoint rows instead of queueing behind each other.
    const db = ctx.db();
    const due = db.selectFrom('outbox').select('id')
      .where('given_up_at', 'is', null).where('delivered_at', 'is', null).where('next_attempt_at', '<=', iso(now))
      .orderBy('next_attempt_at').orderBy('id').limit(limit)
      .$if(ctx.dialect.skipLocked, (qb) => qb.forUpdate().skipLocked());
    const rows = await db.updateTable('outbox').set({ next_attempt_at: iso(leaseUntil) })
      .where('id', 'in', due).returningAll().execute();
    return rows.map(toEntry).sort((a, b) => a.dateCreated.getTime() - b.dateCreated.getTime() || (a.id < b.id ? -1 : 1));
  },

  async markWebhookDelivered(id, now) {
    await ctx.db().updateTable('outbox')
      .set((eb) => ({ delivered_at: iso(now), attempts: eb('attempts', '+', 1), last_error: null }))
      .where('id', '=', id).execute();
  },

  async markWebhookFailed(id, error, nextAttemptAt) {
    await ctx.db().updateTable('outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error, next_attempt_at: iso(nextAttemptAt) }))
      .where('id', '=', id).execute();
  },

  async markWebhookGivenUp(id, error, now) {
    await ctx.db().updateTable('outbox')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), last_error: error, given_up_at: iso(now) }))
      .where('id', '=', id).execute();
  },

  async listWebhooks(accountSid, limit) {
    const rows = await ctx.db().selectFrom('outbox').selectAll()
      .where('account_sid', '=', accountSid).orderBy('date_created', 'desc').orderBy('id', 'desc').limit(limit).execute();
    return rows.map(toEntry);
  },

  async findWebhook(accountSid, id) {
    const row = await ctx.db().selectFrom('outbox').selectAll()
      .where('account_sid', '=', accountSid).where('id', '=', id).executeTakeFirst();
    return row ? toEntry(row) : null;
  },

  async recordWebhookAttempt(a) {
    await ctx.db().insertInto('webhook_attempts').values({
      id: a.id,
      outbox_id: a.outboxId,
      attempted_at: iso(a.attemptedAt),
      http_status: a.httpStatus,
      error: a.error,
      duration_ms: Math.round(a.durationMs),
    }).execute();
  },

  async listWebhookAttempts(outboxId) {
    const rows = await ctx.db().selectFrom('webhook_attempts').selectAll()
      .where('outbox_id', '=', outboxId).orderBy('attempted_at').orderBy('id').execute();
    return rows.map(toAttempt);
  },
});
