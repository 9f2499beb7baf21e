// Participants. Creating one binds its (identifier, proxy) pair; the partial unique index
// participants_binding_uq refuses a pair already active in the service, which surfaces as
// StoreConflict('binding') with the caller's transaction still usable (see insertParticipant).
import { sql, type Kysely, type Selectable } from 'kysely';
import type { Participant } from '../domain/participant.ts';
import { StoreConflict, type ParticipantRepo } from '../ports/store.ts';
import { recordBindings, unbindWhere } from './bindings.ts';
import { flag, iso, isoOrNull, readDate, readDateOrNull } from './codec.ts';
import type { Ctx } from './context.ts';
import { BOUND_PREDICATE } from './migrations/ddl.ts';
import { keysetPage } from './paging.ts';
import { prepared, type Slot } from './prepared.ts';
import type { Database, ParticipantsTable } from './schema.ts';

export const toParticipant = (r: Selectable<ParticipantsTable>): Participant => ({
  sid: r.sid,
  sessionSid: r.session_sid,
  serviceSid: r.service_sid,
  accountSid: r.account_sid,
  friendlyName: r.friendly_name,
  identifier: r.identifier,
  proxyIdentifier: r.proxy_identifier,
  proxyIdentifierSid: r.proxy_identifier_sid,
  dateDeleted: readDateOrNull(r.date_deleted),
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated),
});

const PARTICIPANT_SLOTS = ['sid', 'session_sid', 'service_sid', 'account_sid', 'friendly_name', 'identifier', 'proxy_identifier',
  'proxy_identifier_sid', 'bound', 'date_deleted', 'date_created', 'date_updated'] as const;

const participantValues = (slot: Slot<(typeof PARTICIPANT_SLOTS)[number]>) => ({
  sid: slot('sid'), session_sid: slot('session_sid'), service_sid: slot('service_sid'), account_sid: slot('account_sid'),
  friendly_name: slot('friendly_name'), identifier: slot('identifier'), proxy_identifier: slot('proxy_identifier'),
  proxy_identifier_sid: slot('proxy_identifier_sid'), bound: sql<number>`${slot('bound')}`, date_deleted: slot('date_deleted'),
  date_created: slot('date_created'), date_updated: slot('date_updated'),
});

// Every participant created (prepared.ts: compiled once). A conflict inserts nothing instead of failing,
// so the caller's transaction stays usable without a savepoint (PostgreSQL aborts a transaction on any
// error): two statements, and PostgreSQL round trips, fewer per participant. Which rule it broke is
// read back only then.
const insertParticipant = prepared(PARTICIPANT_SLOTS, (db, slot) =>
  db.insertInto('participants').values(participantValues(slot)).onConflict((oc) => oc.doNothing()));

// PostgreSQL: the same insert, the number's load and the history stamp (what recordBindings does) in one
// statement through data-modifying WITH queries, which SQLite lacks. Each statement is a round trip, and
// on PostgreSQL those, not the work, were most of a session create's cost. A conflict inserts nothing,
// so the later steps, which read the inserted row, do nothing either; only bound participants count.
const insertAndBindParticipant = prepared(PARTICIPANT_SLOTS, (db, slot) =>
  db.with('ins', (qc) => qc.insertInto('participants').values(participantValues(slot)).onConflict((oc) => oc.doNothing())
    .returning(['service_sid', 'identifier', 'proxy_identifier_sid', 'bound', 'date_created']))
    .with('raised', (qc) => qc.updateTable('phone_numbers').set((eb) => ({ load: eb('load', '+', 1) }))
      .where('sid', 'in', (eb) => eb.selectFrom('ins').select('ins.proxy_identifier_sid').where('ins.bound', '=', 1))
      .returning('phone_numbers.sid'))
    .with('stamped', (qc) => qc.insertInto('number_history')
      .columns(['service_sid', 'identifier', 'number_sid', 'last_used_at'])
      .expression((eb) => eb.selectFrom('ins')
        .select(['ins.service_sid', 'ins.identifier', 'ins.proxy_identifier_sid', 'ins.date_created'])
        .where('ins.bound', '=', 1).where('ins.proxy_identifier_sid', 'is not', null))
      .onConflict((oc) => oc.columns(['service_sid', 'identifier', 'number_sid'])
        .doUpdateSet({ last_used_at: (eb) => eb.ref('excluded.last_used_at') }))
      .returning('number_history.number_sid'))
    .selectFrom('ins').select('ins.identifier'));

/** The unique rule an insert that did nothing ran into (failure path only). */
const conflictOf = async (db: Kysely<Database>, p: Participant): Promise<Error> => {
  const pair = await db.selectFrom('participants').select('sid')
    .where('service_sid', '=', p.serviceSid).where('identifier', '=', p.identifier).where('proxy_identifier', '=', p.proxyIdentifier)
    .where(BOUND_PREDICATE).executeTakeFirst();
  if (pair && p.dateDeleted === null) return new StoreConflict('binding', 'participants_binding_uq');
  const twice = await db.selectFrom('participants').select('sid')
    .where('session_sid', '=', p.sessionSid).where('identifier', '=', p.identifier).executeTakeFirst();
  if (twice) return new StoreConflict('participant-identifier', 'participants_session_identifier_uq');
  return new Error(`participant ${p.sid} was not inserted`);
};

export const participantRepo = (ctx: Ctx): ParticipantRepo => ({
  createParticipant: (p) => ctx.atomic(async () => {
    const db = ctx.db();
    const bound = p.dateDeleted === null;
    const values = {
      sid: p.sid,
      session_sid: p.sessionSid,
      service_sid: p.serviceSid,
      account_sid: p.accountSid,
      friendly_name: p.friendlyName,
      identifier: p.identifier,
      proxy_identifier: p.proxyIdentifier,
      proxy_identifier_sid: p.proxyIdentifierSid,
      bound: flag(bound),
      date_deleted: isoOrNull(p.dateDeleted),
      date_created: iso(p.dateCreated),
      date_updated: iso(p.dateUpdated),
    };
    if (ctx.dialect.name === 'postgres') {
      const { rows } = await insertAndBindParticipant.execute(db, values);
      if (rows.length === 0) throw await conflictOf(db, p);
      return;
    }
    const inserted = await insertParticipant.execute(db, values);
    if ((inserted.numAffectedRows ?? 0n) === 0n) throw await conflictOf(db, p);
    if (bound) {
      await recordBindings(db, [{ serviceSid: p.serviceSid, identifier: p.identifier, numberSid: p.proxyIdentifierSid }], p.dateCreated);
    }
  }),

  async findParticipant(sessionSid, sid) {
    const row = await ctx.db().selectFrom('participants').selectAll()
      .where('session_sid', '=', sessionSid).where('sid', '=', sid).executeTakeFirst();
    return row ? toParticipant(row) : null;
  },

  async listParticipants(sessionSid) {
    const rows = await ctx.db().selectFrom('participants').selectAll()
      .where('session_sid', '=', sessionSid).orderBy('date_created').orderBy('sid').execute();
    return rows.map(toParticipant);
  },

  pageParticipants: (sessionSid, page) =>
    keysetPage(ctx.db().selectFrom('participants').selectAll().where('session_sid', '=', sessionSid), 'participants', page, toParticipant),

  softDeleteParticipant: (sessionSid, sid, now) => ctx.atomic(async () => {
    const db = ctx.db();
    const found = await db.selectFrom('participants').select('sid').where('session_sid', '=', sessionSid).where('sid', '=', sid).executeTakeFirst();
    if (!found) return null;
    await unbindWhere(db, 'sid', sid);
    // An already deleted participant keeps its original date_deleted.
    await db.updateTable('participants').set({ date_deleted: iso(now), date_updated: iso(now) })
      .where('sid', '=', sid).where('date_deleted', 'is', null).execute();
    const row = await db.selectFrom('participants').selectAll().where('sid', '=', sid).executeTakeFirstOrThrow();
    return toParticipant(row);
  }),

  async findLatestParticipant(proxyIdentifier, identifier) {
    // participants_route_history_idx
    const row = await ctx.db().selectFrom('participants').selectAll()
      .where('proxy_identifier', '=', proxyIdentifier).where('identifier', '=', identifier)
      .orderBy('date_created', 'desc').limit(1).executeTakeFirst();
    return row ? toParticipant(row) : null;
  },
});
