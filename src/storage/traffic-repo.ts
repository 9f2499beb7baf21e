// The traffic log of programmable numbers (migration 019): one record per call or message a number's
// application handled, and its events numbered 1, 2, 3... in the order they happened.
import { sql, type Kysely, type Selectable } from 'kysely';
import {
  TRAFFIC_EVENT_KINDS, TRAFFIC_STATUSES, type ApplicationKind, type NewTrafficEvent, type NumberTraffic, type TrafficEvent,
} from '../domain/programmable/traffic.ts';
import type { InboundChannel } from '../domain/routing.ts';
import { StoreConflict } from '../ports/store.ts';
import type { NumberTrafficRepo, TrafficPatch } from '../ports/store/programmable.ts';
import { iso, oneOf, readDate } from './codec.ts';
import type { Ctx } from './context.ts';
import { keysetPage } from './paging.ts';
import type { Database, NumberTrafficEventsTable, NumberTrafficTable } from './schema.ts';

const CHANNELS: readonly InboundChannel[] = ['message', 'voice'];
const APPLICATIONS: readonly ApplicationKind[] = ['app', 'flow', 'messaging-service', 'none'];

/**
 * How often one append may lose the race for the next seq before giving up. Each loss means another
 * append committed (progress), so this only bounds a pathological pile-up of writers on one record.
 */
const APPEND_ATTEMPTS = 100;
const EVENTS_KEY = 'number_traffic_events_pk';

const toTraffic = (r: Selectable<NumberTrafficTable>): NumberTraffic => ({
  sid: r.sid,
  accountSid: r.account_sid,
  numberSid: r.number_sid,
  phoneNumber: r.phone_number,
  channel: oneOf(CHANNELS, r.channel, 'number_traffic.channel'),
  carrier: r.carrier,
  resourceSid: r.resource_sid,
  from: r.from_,
  to: r.to_,
  body: r.body,
  application: oneOf(APPLICATIONS, r.application, 'number_traffic.application'),
  attestation: r.attestation,
  flowSid: r.flow_sid,
  flowRevision: r.flow_revision,
  status: oneOf(TRAFFIC_STATUSES, r.status, 'number_traffic.status'),
  durationSeconds: r.duration_seconds,
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated),
});

/** Event data is a JSON object of strings; anything else in a row is dropped rather than trusted. */
const readData = (text: string): Readonly<Record<string, string>> => {
  const stored: unknown = JSON.parse(text);
  if (typeof stored !== 'object' || stored === null) return {};
  const data: Record<string, string> = {};
  for (const [key, value] of Object.entries(stored)) if (typeof value === 'string') data[key] = value;
  return data;
};

const toEvent = (r: Selectable<NumberTrafficEventsTable>): TrafficEvent => ({
  trafficSid: r.traffic_sid,
  seq: r.seq,
  at: readDate(r.at),
  kind: oneOf(TRAFFIC_EVENT_KINDS, r.kind, 'number_traffic_events.kind'),
  detail: r.detail,
  data: readData(r.data),
});

/**
 * Runs `work` in a savepoint of the open transaction: a failed attempt undoes only its own writes, and on
 * PostgreSQL (which aborts a transaction on any error) the transaction stays usable for the next attempt.
 */
const inSavepoint = async (db: Kysely<Database>, work: () => Promise<void>): Promise<void> => {
  await sql`savepoint masq_append`.execute(db);
  try {
    await work();
    await sql`release savepoint masq_append`.execute(db);
  } catch (err) {
    await sql`rollback to savepoint masq_append`.execute(db);
    await sql`release savepoint masq_append`.execute(db);
    throw err;
  }
};

const trafficValues = (t: NumberTraffic) => ({
  sid: t.sid, account_sid: t.accountSid, number_sid: t.numberSid, phone_number: t.phoneNumber, channel: t.channel, carrier: t.carrier,
  resource_sid: t.resourceSid, from_: t.from, to_: t.to, body: t.body, application: t.application, attestation: t.attestation,
  flow_sid: t.flowSid, flow_revision: t.flowRevision, status: t.status, duration_seconds: t.durationSeconds,
  date_created: iso(t.dateCreated), date_updated: iso(t.dateUpdated),
});

/**
 * Appends one event after the record's last, the seq computed inside the insert itself. Two writers on one
 * record may still compute the same seq (neither sees the other's uncommitted row): the key refuses the
 * second, which the caller retries.
 */
const insertNextEvent = (db: Kysely<Database>, trafficSid: string, e: NewTrafficEvent) =>
  db.insertInto('number_traffic_events')
    .columns(['traffic_sid', 'seq', 'at', 'kind', 'detail', 'data'])
    .expression(db.selectFrom('number_traffic_events').where('traffic_sid', '=', trafficSid).select([
      sql<string>`${trafficSid}`.as('traffic_sid'),
      sql<number>`coalesce(max(seq), 0) + 1`.as('seq'),
      sql<string>`${iso(e.at)}`.as('at'),
      sql<string>`${e.kind}`.as('kind'),
      sql<string>`${e.detail}`.as('detail'),
      sql<string>`${JSON.stringify(e.data)}`.as('data'),
    ]))
    .execute();

const patchValues = (patch: TrafficPatch) => ({
  date_updated: iso(patch.dateUpdated),
  ...(patch.status !== undefined && { status: patch.status }),
  ...(patch.durationSeconds !== undefined && { duration_seconds: patch.durationSeconds }),
  ...(patch.flowSid !== undefined && { flow_sid: patch.flowSid }),
  ...(patch.flowRevision !== undefined && { flow_revision: patch.flowRevision }),
  ...(patch.application !== undefined && { application: patch.application }),
});

export const trafficRepo = (ctx: Ctx): NumberTrafficRepo => {
  // Inside ctx.atomic: there is always a transaction to hold the savepoint.
  const appendOnce = (sid: string, events: readonly NewTrafficEvent[]) => inSavepoint(ctx.db(), async () => {
    for (const e of events) await insertNextEvent(ctx.db(), sid, e);
  });

  return {
    insertTraffic: (t, events) => ctx.atomic(async () => {
      // A retried webhook inserts nothing instead of failing: the caller's transaction stays usable.
      const inserted = await ctx.db().insertInto('number_traffic').values(trafficValues(t))
        .onConflict((oc) => oc.columns(['carrier', 'resource_sid']).doNothing()).executeTakeFirst();
      if (Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0) throw new StoreConflict('inbound-resource', 'number_traffic_resource_uq');
      if (events.length === 0) return;
      await ctx.db().insertInto('number_traffic_events').values(events.map((e, i) => ({
        traffic_sid: t.sid, seq: i + 1, at: iso(e.at), kind: e.kind, detail: e.detail, data: JSON.stringify(e.data),
      }))).execute();
    }),

    async findTraffic(accountSid, sid) {
      const row = await ctx.db().selectFrom('number_traffic').selectAll().where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
      return row ? toTraffic(row) : null;
    },

    async findTrafficByResource(carrier, resourceSid) {
      const row = await ctx.db().selectFrom('number_traffic').selectAll().where('carrier', '=', carrier).where('resource_sid', '=', resourceSid).executeTakeFirst();
      return row ? toTraffic(row) : null;
    },

    async updateTraffic(sid, patch) {
      const row = await ctx.db().updateTable('number_traffic').set(patchValues(patch)).where('sid', '=', sid).returningAll().executeTakeFirst();
      return row ? toTraffic(row) : null;
    },

    appendTrafficEvents: async (sid, events) => {
      if (events.length === 0) return;
      await ctx.atomic(async () => {
        for (let attempt = 1; ; attempt++) {
          try {
            await appendOnce(sid, events);
            return;
          } catch (err) {
            if (attempt >= APPEND_ATTEMPTS || ctx.dialect.uniqueViolation(err) !== EVENTS_KEY) throw err;
          }
        }
      });
    },

    async listTrafficEvents(sid) {
      const rows = await ctx.db().selectFrom('number_traffic_events').selectAll().where('traffic_sid', '=', sid).orderBy('seq').execute();
      return rows.map(toEvent);
    },

    listTraffic(accountSid, filter, page) {
      let q = ctx.db().selectFrom('number_traffic').selectAll().where('account_sid', '=', accountSid);
      if (filter.numberSid !== undefined) q = q.where('number_sid', '=', filter.numberSid);
      if (filter.channel !== undefined) q = q.where('channel', '=', filter.channel);
      return keysetPage(q, 'number_traffic', page, toTraffic);
    },
  };
};
