// Sessions and their lifecycle. Whenever a session leaves or re-enters an active status its participants
// are unbound or re-bound in the same transaction, so the binding index and the numbers' load follow.
import { sql, type Kysely, type QueryCreator, type Selectable, type SelectQueryBuilder } from 'kysely';
import { isActiveStatus, SESSION_MODES, SESSION_STATUSES, type Session } from '../domain/session.ts';
import { isSid } from '../domain/sid.ts';
import { StoreConflict, type SessionPatch, type SessionRepo } from '../ports/store.ts';
import type { SessionFilter } from '../ports/store/sessions.ts';
import { rebindSession, unbindWhere } from './bindings.ts';
import { iso, isoOrNull, oneOf, readDate, readDateOrNull } from './codec.ts';
import { guarded, type Ctx } from './context.ts';
import { ACTIVE_SESSION_PREDICATE, BOUND_PREDICATE } from './migrations/ddl.ts';
import { keysetPage } from './paging.ts';
import { perShape, prepared, type Slot } from './prepared.ts';
import type { Database, SessionsTable } from './schema.ts';

type SessionRow = Selectable<SessionsTable>;

export const toSession = (r: SessionRow): Session => ({
  sid: r.sid,
  serviceSid: r.service_sid,
  accountSid: r.account_sid,
  uniqueName: r.unique_name,
  status: oneOf(SESSION_STATUSES, r.status, 'sessions.status'),
  closedReason: r.closed_reason,
  mode: oneOf(SESSION_MODES, r.mode, 'sessions.mode'),
  ttl: r.ttl,
  dateExpiry: readDateOrNull(r.date_expiry),
  dateStarted: readDate(r.date_started),
  dateEnded: readDateOrNull(r.date_ended),
  dateLastInteraction: readDateOrNull(r.date_last_interaction),
  expiresAt: readDateOrNull(r.expires_at),
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated),
});

const patchColumns = (p: SessionPatch) => ({
  ...(p.uniqueName !== undefined && { unique_name: p.uniqueName }),
  ...(p.status !== undefined && { status: p.status }),
  ...(p.closedReason !== undefined && { closed_reason: p.closedReason }),
  ...(p.mode !== undefined && { mode: p.mode }),
  ...(p.ttl !== undefined && { ttl: p.ttl }),
  ...(p.dateExpiry !== undefined && { date_expiry: isoOrNull(p.dateExpiry) }),
  ...(p.dateStarted !== undefined && { date_started: iso(p.dateStarted) }),
  ...(p.dateEnded !== undefined && { date_ended: isoOrNull(p.dateEnded) }),
  ...(p.dateLastInteraction !== undefined && { date_last_interaction: isoOrNull(p.dateLastInteraction) }),
  ...(p.expiresAt !== undefined && { expires_at: isoOrNull(p.expiresAt) }),
  date_updated: iso(p.dateUpdated),
});

type SessionQuery = SelectQueryBuilder<Database, 'sessions', SessionRow>;

/**
 * The list's search (SessionFilter). The identifier reads participants through
 * participants_service_identifier_idx (migration 021); the name prefix and the status narrow the
 * service's own sessions. A status is the one a caller reads now: an active session past its expiry is
 * closed (app/session-view.ts), so it is found under `closed` and not under `open`.
 */
const filteredSessions = (q: SessionQuery, serviceSid: string, filter: SessionFilter | undefined): SessionQuery => {
  if (!filter) return q;
  let out = q;
  const prefix = filter.uniqueNamePrefix;
  if (prefix) {
    // substr counts characters on both dialects, as the spread does (not UTF-16 units).
    out = out.where((eb) => eb(eb.fn('substr', ['unique_name', eb.val(1), eb.val([...prefix].length)]), '=', prefix));
  }
  const identifier = filter.identifier;
  if (identifier !== undefined) {
    out = out.where('sid', 'in', (eb) => eb.selectFrom('participants').select('session_sid')
      .where('participants.service_sid', '=', serviceSid).where('participants.identifier', '=', identifier));
  }
  const status = filter.status;
  if (status === undefined) return out;
  const now = iso(filter.now);
  if (status === 'open' || status === 'in-progress') {
    return out.where('status', '=', status).where((eb) => eb.or([eb('expires_at', 'is', null), eb('expires_at', '>', now)]));
  }
  if (status === 'closed') {
    return out.where((eb) => eb.or([
      eb('status', '=', 'closed'),
      eb.and([ACTIVE_SESSION_PREDICATE, eb('expires_at', 'is not', null), eb('expires_at', '<=', now)]),
    ]));
  }
  return out.where('status', '=', status);
};

/** The sweeper's query (exported for the plan test). It repeats the partial index's predicate verbatim, as
 * SQLite requires to use sessions_active_expiry_idx; the scan then stops at LIMIT in expires_at order. */
export const expiredSessionsQuery = (db: Kysely<Database>, now: Date, limit: number) =>
  db.selectFrom('sessions').selectAll()
    .where(ACTIVE_SESSION_PREDICATE).where('expires_at', 'is not', null).where('expires_at', '<=', iso(now))
    .orderBy('expires_at').limit(limit);

// Every session create (prepared.ts: compiled once). A unique name already taken inserts nothing instead
// of failing: no savepoint is needed to keep the caller's transaction usable (PostgreSQL aborts a
// transaction on any error), which saves two statements, and PostgreSQL round trips, per create.
const insertSession = prepared(
  ['sid', 'service_sid', 'account_sid', 'unique_name', 'status', 'closed_reason', 'mode', 'ttl', 'date_expiry', 'date_started',
    'date_ended', 'date_last_interaction', 'expires_at', 'date_created', 'date_updated'],
  (db, slot) => db.insertInto('sessions').values({
    sid: slot('sid'), service_sid: slot('service_sid'), account_sid: slot('account_sid'), unique_name: slot('unique_name'),
    status: slot('status'), closed_reason: slot('closed_reason'), mode: slot('mode'), ttl: sql<number>`${slot('ttl')}`,
    date_expiry: slot('date_expiry'), date_started: slot('date_started'), date_ended: slot('date_ended'),
    date_last_interaction: slot('date_last_interaction'), expires_at: slot('expires_at'),
    date_created: slot('date_created'), date_updated: slot('date_updated'),
  }).onConflict((oc) => oc.doNothing()));

// Every routed message and call moves its session's activity (prepared.ts: compiled once).
/** An interaction's effect on its session, with a placeholder per value (prepared.ts); also part of PostgreSQL's routed write. */
export const sessionActivityUpdate = (qc: QueryCreator<Database>, slot: Slot<'sid' | 'at' | 'expiresAt'>) =>
  qc.updateTable('sessions')
    .set({ status: 'in-progress', date_last_interaction: slot('at'), expires_at: slot('expiresAt'), date_updated: slot('at') })
    .where('sid', '=', slot('sid')).where(ACTIVE_SESSION_PREDICATE);

export const sessionActivity = prepared(['sid', 'at', 'expiresAt'], sessionActivityUpdate);

// Before every allocation (prepared.ts: one statement per number of identifiers, 1 or 2). Through the
// identifiers' bindings (participants_binding_uq prefix), one primary-key probe of sessions each. No
// condition on sessions: a bound participant's session is active (bindings.ts keeps it so), and with an
// expires_at range here SQLite preferred walking sessions_active_expiry_idx. CROSS JOIN keeps
// participants the outer loop on SQLite.
const bindingsOfIdentifiers = perShape(String, (count: number) => {
  const names = Array.from({ length: count }, (_, i) => `identifier${i}`);
  return prepared(['service', ...names], (db, slot) =>
    db.selectFrom('participants as p').crossJoin('sessions as s')
      .selectAll('s').select(['p.identifier as binding_identifier', 'p.proxy_identifier_sid as binding_number_sid'])
      .whereRef('s.sid', '=', 'p.session_sid')
      .where('p.service_sid', '=', slot('service')).where('p.identifier', 'in', names.map((n) => slot(n))).where(BOUND_PREDICATE));
});

// Closing, expiring, deleting and binding a participant serialise per session on the session's row.
// Every close takes it first (its UPDATE or DELETE, or the locked read below) and unbinds under it;
// add-participant reads the session through lockSession before it checks the status and binds. On
// PostgreSQL the FK check of a participant insert takes only a KEY SHARE lock, which a close's UPDATE does
// not wait for: without this a close could commit between that check and the insert's commit, unbind
// nothing, and leave the new participant bound in a closed session. FOR NO KEY UPDATE conflicts with a
// close's UPDATE and DELETE but not with the KEY SHARE locks of inserts that reference the session
// (interactions), so routing is not held up by it. A waiter re-reads the row once the holder commits (READ
// COMMITTED), so it sees the close. SQLite: BEGIN IMMEDIATE already makes every transaction the only
// writer, so the plain read inside it is enough.
const sessionRowForWrite = (ctx: Ctx, serviceSid: string, sid: string) =>
  ctx.db().selectFrom('sessions').selectAll().where('service_sid', '=', serviceSid).where('sid', '=', sid)
    .$if(ctx.dialect.name === 'postgres', (qb) => qb.forNoKeyUpdate());

export const sessionRepo = (ctx: Ctx): SessionRepo => ({
  async createSession(s) {
    const db = ctx.db();
    const inserted = await insertSession.execute(db, {
      sid: s.sid,
      service_sid: s.serviceSid,
      account_sid: s.accountSid,
      unique_name: s.uniqueName,
      status: s.status,
      closed_reason: s.closedReason,
      mode: s.mode,
      ttl: s.ttl,
      date_expiry: isoOrNull(s.dateExpiry),
      date_started: iso(s.dateStarted),
      date_ended: isoOrNull(s.dateEnded),
      date_last_interaction: isoOrNull(s.dateLastInteraction),
      expires_at: isoOrNull(s.expiresAt),
      date_created: iso(s.dateCreated),
      date_updated: iso(s.dateUpdated),
    });
    if ((inserted.numAffectedRows ?? 0n) > 0n) return;
    // Nothing inserted: the unique name is taken (a random sid does not collide).
    const named = s.uniqueName === null ? undefined : await db.selectFrom('sessions').select('sid')
      .where('service_sid', '=', s.serviceSid).where('unique_name', '=', s.uniqueName).executeTakeFirst();
    if (named) throw new StoreConflict('session-unique-name', 'sessions_service_unique_name_uq');
    throw new Error(`session ${s.sid} was not inserted`);
  },

  async findSession(serviceSid, sidOrUniqueName) {
    // The sid wins over a unique name that looks like one; point lookups instead of an OR (see findService).
    const base = ctx.db().selectFrom('sessions').selectAll().where('service_sid', '=', serviceSid);
    const bySid = isSid('session', sidOrUniqueName) ? await base.where('sid', '=', sidOrUniqueName).executeTakeFirst() : undefined;
    const row = bySid ?? await base.where('unique_name', '=', sidOrUniqueName).executeTakeFirst();
    return row ? toSession(row) : null;
  },

  async lockSession(serviceSid, sid) {
    const row = await sessionRowForWrite(ctx, serviceSid, sid).executeTakeFirst();
    return row ? toSession(row) : null;
  },

  listSessions: (serviceSid, page, filter) =>
    keysetPage(filteredSessions(ctx.db().selectFrom('sessions').selectAll().where('service_sid', '=', serviceSid), serviceSid, filter), 'sessions', page, toSession),

  // A status patch that crosses the active/inactive line moves the bindings too, so a caller that closes
  // or re-opens through a plain update cannot leave the binding index and load out of step.
  updateSession: (serviceSid, sid, patch) => ctx.atomic(() => guarded(ctx, async () => {
    const db = ctx.db();
    // Locked (sessionRowForWrite): a participant bound meanwhile would otherwise miss the unbind below.
    const before = await sessionRowForWrite(ctx, serviceSid, sid).executeTakeFirst();
    if (!before) return null;
    const row = await db.updateTable('sessions').set(patchColumns(patch)).where('sid', '=', sid).returningAll().executeTakeFirstOrThrow();
    const was = isActiveStatus(oneOf(SESSION_STATUSES, before.status, 'sessions.status'));
    const session = toSession(row);
    if (was && !isActiveStatus(session.status)) await unbindWhere(db, 'session_sid', sid);
    if (!was && isActiveStatus(session.status)) await rebindSession(db, sid, patch.dateUpdated);
    return session;
  })),

  async recordSessionActivity(sid, at, expiresAt) {
    const result = await sessionActivity.execute(ctx.db(), { sid, at: iso(at), expiresAt: isoOrNull(expiresAt) });
    return (result.numAffectedRows ?? 0n) > 0n;
  },

  deleteSession: (serviceSid, sid) => ctx.atomic(async () => {
    const db = ctx.db();
    // The row lock first (sessionRowForWrite), the unbind under it: a participant inserted by a transaction
    // that held the lock is committed, and unbound here, before the cascade deletes it.
    const found = await db.selectFrom('sessions').select('sid').where('service_sid', '=', serviceSid).where('sid', '=', sid)
      .$if(ctx.dialect.name === 'postgres', (qb) => qb.forUpdate()).executeTakeFirst();
    if (!found) return false;
    await unbindWhere(db, 'session_sid', sid);
    await db.deleteFrom('sessions').where('sid', '=', sid).execute(); // participants and interactions cascade
    return true;
  }),

  closeSession: (sid, reason, now) => ctx.atomic(async () => {
    const db = ctx.db();
    // The UPDATE takes the session's row lock before the unbind reads the participants (sessionRowForWrite).
    // It waits for a transaction that holds it through lockSession, then re-checks the status.
    const closed = await db.updateTable('sessions')
      .set({ status: 'closed', closed_reason: reason, date_ended: iso(now), date_updated: iso(now) })
      .where('sid', '=', sid).where(ACTIVE_SESSION_PREDICATE)
      .returning('sid').executeTakeFirst();
    if (!closed) return false;
    await unbindWhere(db, 'session_sid', sid);
    return true;
  }),

  reopenSession: (sid, now) => ctx.atomic(() => guarded(ctx, async () => {
    const db = ctx.db();
    const row = await db.updateTable('sessions')
      .set({ status: 'in-progress', closed_reason: null, date_ended: null, date_updated: iso(now) })
      .where('sid', '=', sid).where('status', 'not in', ['open', 'in-progress'])
      .returningAll().executeTakeFirst();
    if (!row) {
      // Already active (nothing to re-bind) or gone.
      const current = await db.selectFrom('sessions').selectAll().where('sid', '=', sid).executeTakeFirst();
      return current ? toSession(current) : null;
    }
    await rebindSession(db, sid, now);
    return toSession(row);
  })),

  async findExpiredSessions(now, limit) {
    return (await expiredSessionsQuery(ctx.db(), now, limit).execute()).map(toSession);
  },

  async identifierBindings(serviceSid, identifiers) {
    const distinct = [...new Set(identifiers)];
    if (distinct.length === 0) return [];
    const statement = bindingsOfIdentifiers(distinct.length);
    const values: Record<string, string> = { service: serviceSid };
    distinct.forEach((identifier, i) => { values[`identifier${i}`] = identifier; });
    const { rows } = await statement.execute(ctx.db(), values);
    return rows.map(({ binding_identifier, binding_number_sid, ...session }) =>
      ({ identifier: binding_identifier, numberSid: binding_number_sid, session: toSession(session) }));
  },
});
