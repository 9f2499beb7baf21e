// Participants. Creating one binds its (identifier, proxy) pair; the partial unique index
// participants_binding_uq refuses a pair already active in the service, which surfaces as
// StoreConflict('binding') with the caller's transaction still usable (see `guarded`).
import { sql, type Selectable } from 'kysely';
import type { Participant } from '../domain/participant.ts';
import type { ParticipantRepo } from '../ports/store.ts';
import { recordBindings, unbindWhere } from './bindings.ts';
import { flag, iso, isoOrNull, readDate, readDateOrNull } from './codec.ts';
import { guarded, type Ctx } from './context.ts';
import { BOUND_PREDICATE } from './migrations/ddl.ts';
import { keysetPage } from './paging.ts';
import { prepared } from './prepared.ts';
import type { ParticipantsTable } from './schema.ts';

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

// Every participant created (prepared.ts: compiled once).
const insertParticipant = prepared(
  ['sid', 'session_sid', 'service_sid', 'account_sid', 'friendly_name', 'identifier', 'proxy_identifier', 'proxy_identifier_sid',
    'bound', 'date_deleted', 'date_created', 'date_updated'],
  (db, slot) => db.insertInto('participants').values({
    sid: slot('sid'), session_sid: slot('session_sid'), service_sid: slot('service_sid'), account_sid: slot('account_sid'),
    friendly_name: slot('friendly_name'), identifier: slot('identifier'), proxy_identifier: slot('proxy_identifier'),
    proxy_identifier_sid: slot('proxy_identifier_sid'), bound: sql<number>`${slot('bound')}`, date_deleted: slot('date_deleted'),
    date_created: slot('date_created'), date_updated: slot('date_updated'),
  }));

export const participantRepo = (ctx: Ctx): ParticipantRepo => ({
  createParticipant: (p) => ctx.atomic(() => guarded(ctx, async () => {
    const db = ctx.db();
    const bound = p.dateDeleted === null;
    await insertParticipant.execute(db, {
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
    });
    if (bound) {
      await recordBindings(db, [{ serviceSid: p.serviceSid, identifier: p.identifier, numberSid: p.proxyIdentifierSid }], p.dateCreated);
    }
  })),

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

  async findBoundParticipant(proxyIdentifier, identifier) {
    // participants_inbound_route_idx; at most one row per service, and a proxy number is in one pool.
    const row = await ctx.db().selectFrom('participants').selectAll()
      .where('proxy_identifier', '=', proxyIdentifier).where('identifier', '=', identifier).where(BOUND_PREDICATE)
      .orderBy('date_created', 'desc').limit(1).executeTakeFirst();
    return row ? toParticipant(row) : null;
  },

  async findLatestParticipant(proxyIdentifier, identifier) {
    // participants_route_history_idx
    const row = await ctx.db().selectFrom('participants').selectAll()
      .where('proxy_identifier', '=', proxyIdentifier).where('identifier', '=', identifier)
      .orderBy('date_created', 'desc').limit(1).executeTakeFirst();
    return row ? toParticipant(row) : null;
  },
});
