// Interactions: one row per message or call, its inbound and outbound legs flattened into columns.
import type { Kysely, QueryCreator, Selectable } from 'kysely';
import { INTERACTION_TYPES, RESOURCE_STATUSES, type Interaction, type InteractionLeg, type ResourceType } from '../domain/interaction.ts';
import { StoreConflict, type InteractionRepo, type RecordedForward } from '../ports/store.ts';
import { iso, oneOf, oneOfOrNull, readDate } from './codec.ts';
import type { Ctx } from './context.ts';
import { prepared, type Slot } from './prepared.ts';
import { keysetPage } from './paging.ts';
import type { Database, InteractionsTable } from './schema.ts';

type InteractionRow = Selectable<InteractionsTable>;
type Direction = 'inbound' | 'outbound';

const RESOURCE_TYPES: readonly ResourceType[] = ['Message', 'Call'];

const readLeg = (r: InteractionRow, d: Direction): InteractionLeg => ({
  participantSid: r[`${d}_participant_sid`],
  resourceSid: r[`${d}_resource_sid`],
  resourceType: oneOfOrNull(RESOURCE_TYPES, r[`${d}_resource_type`], `interactions.${d}_resource_type`),
  resourceStatus: oneOfOrNull(RESOURCE_STATUSES, r[`${d}_resource_status`], `interactions.${d}_resource_status`),
  resourceUrl: r[`${d}_resource_url`],
});

const legColumns = (leg: InteractionLeg, d: Direction) => ({
  [`${d}_participant_sid` as const]: leg.participantSid,
  [`${d}_resource_sid` as const]: leg.resourceSid,
  [`${d}_resource_type` as const]: leg.resourceType,
  [`${d}_resource_status` as const]: leg.resourceStatus,
  [`${d}_resource_url` as const]: leg.resourceUrl,
});

const toInteraction = (r: InteractionRow): Interaction => ({
  sid: r.sid,
  sessionSid: r.session_sid,
  serviceSid: r.service_sid,
  accountSid: r.account_sid,
  type: oneOf(INTERACTION_TYPES, r.type, 'interactions.type'),
  data: r.data,
  inbound: readLeg(r, 'inbound'),
  outbound: readLeg(r, 'outbound'),
  participantSid: r.participant_sid,
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated),
});

const LEG_SLOTS = ['participant_sid', 'resource_sid', 'resource_type', 'resource_status', 'resource_url'] as const;
const legSlots = <D extends Direction>(d: D) => LEG_SLOTS.map((c) => `${d}_${c}` as const);

export const INTERACTION_SLOTS = [
  'sid', 'session_sid', 'service_sid', 'account_sid', 'type', 'data', 'participant_sid', ...legSlots('inbound'), ...legSlots('outbound'),
  'forward', 'date_created', 'date_updated',
] as const;
export type InteractionSlot = (typeof INTERACTION_SLOTS)[number];

/** The interaction insert, with a placeholder per value (prepared.ts); also a CTE of PostgreSQL's routed write. */
export const interactionInsert = (qc: QueryCreator<Database>, slot: Slot<InteractionSlot>) =>
  qc.insertInto('interactions').values({
    sid: slot('sid'), session_sid: slot('session_sid'), service_sid: slot('service_sid'), account_sid: slot('account_sid'),
    type: slot('type'), data: slot('data'), participant_sid: slot('participant_sid'),
    inbound_participant_sid: slot('inbound_participant_sid'), inbound_resource_sid: slot('inbound_resource_sid'),
    inbound_resource_type: slot('inbound_resource_type'), inbound_resource_status: slot('inbound_resource_status'),
    inbound_resource_url: slot('inbound_resource_url'),
    outbound_participant_sid: slot('outbound_participant_sid'), outbound_resource_sid: slot('outbound_resource_sid'),
    outbound_resource_type: slot('outbound_resource_type'), outbound_resource_status: slot('outbound_resource_status'),
    outbound_resource_url: slot('outbound_resource_url'), forward: slot('forward'),
    date_created: slot('date_created'), date_updated: slot('date_updated'),
  });

// Every inbound message and call inserts one (prepared.ts: compiled once).
export const insertInteraction = prepared(INTERACTION_SLOTS, interactionInsert);

/** Stored as a small JSON object; only the fields a replay needs (body and media come with the retry). */
const forwardText = (f: RecordedForward | null): string | null => (f ? JSON.stringify({ from: f.from, to: f.to, sent_by: f.sentBy }) : null);

const readForward = (text: string | null): RecordedForward | null => {
  if (text === null) return null;
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || !('from' in parsed) || !('to' in parsed) || !('sent_by' in parsed)) return null;
  const { from, to, sent_by: sentBy } = parsed;
  if (typeof from !== 'string' || typeof to !== 'string' || (sentBy !== null && typeof sentBy !== 'string')) return null;
  return { from, to, sentBy };
};

/** The insert's values for one interaction, with the forward an inbound one was routed to (see InboundWrite). */
export const interactionValues = (i: Interaction, forward: RecordedForward | null = null) => ({
  sid: i.sid,
  session_sid: i.sessionSid,
  service_sid: i.serviceSid,
  account_sid: i.accountSid,
  type: i.type,
  data: i.data,
  participant_sid: i.participantSid,
  inbound_participant_sid: i.inbound.participantSid,
  inbound_resource_sid: i.inbound.resourceSid,
  inbound_resource_type: i.inbound.resourceType,
  inbound_resource_status: i.inbound.resourceStatus,
  inbound_resource_url: i.inbound.resourceUrl,
  outbound_participant_sid: i.outbound.participantSid,
  outbound_resource_sid: i.outbound.resourceSid,
  outbound_resource_type: i.outbound.resourceType,
  outbound_resource_status: i.outbound.resourceStatus,
  outbound_resource_url: i.outbound.resourceUrl,
  forward: forwardText(forward),
  date_created: iso(i.dateCreated),
  date_updated: iso(i.dateUpdated),
});

// Inbound de-duplication, run before every inbound message and call is routed.
const byInboundResource = prepared(['resource'], (db, slot) =>
  db.selectFrom('interactions').selectAll().where('inbound_resource_sid', '=', slot('resource')).orderBy('date_created').orderBy('sid').limit(1));

// createInteraction's insert, and routing's inside a caller's transaction: an inbound resource logged
// already inserts nothing instead of failing, so the caller's transaction stays usable without a savepoint
// (PostgreSQL aborts a transaction on any error), and the rule costs no statement when there is no
// conflict. Routing outside a transaction (the SQLite direct path, PostgreSQL's one-statement write) has no
// caller's transaction to keep and keeps the plain insert (insertInteraction).
const insertInteractionUnlessLogged = prepared(INTERACTION_SLOTS, (db, slot) => interactionInsert(db, slot).onConflict((oc) => oc.doNothing()));

/** Inserts the interaction, or throws StoreConflict('inbound-resource') having written nothing. */
export const insertInteractionOnce = async (db: Kysely<Database>, i: Interaction, forward: RecordedForward | null): Promise<void> => {
  const inserted = await insertInteractionUnlessLogged.execute(db, interactionValues(i, forward));
  if ((inserted.numAffectedRows ?? 0n) > 0n) return;
  // Nothing inserted: the inbound resource is logged already (a random sid does not collide).
  const logged = i.inbound.resourceSid === null ? [] : (await byInboundResource.execute(db, { resource: i.inbound.resourceSid })).rows;
  if (logged.length > 0) throw new StoreConflict('inbound-resource', 'interactions_inbound_resource_uq');
  throw new Error(`interaction ${i.sid} was not inserted`);
};

export const interactionRepo = (ctx: Ctx): InteractionRepo => ({
  createInteraction: (i) => insertInteractionOnce(ctx.db(), i, null),

  async findInteraction(sessionSid, sid) {
    const row = await ctx.db().selectFrom('interactions').selectAll()
      .where('session_sid', '=', sessionSid).where('sid', '=', sid).executeTakeFirst();
    return row ? toInteraction(row) : null;
  },

  listInteractions(sessionSid, page, participantSid) {
    // participant_sid marks MessageInteractions created for one participant (their list is this filter).
    let qb = ctx.db().selectFrom('interactions').selectAll().where('session_sid', '=', sessionSid);
    if (participantSid !== undefined) qb = qb.where('participant_sid', '=', participantSid);
    return keysetPage(qb, 'interactions', page, toInteraction);
  },

  async updateInteraction(sid, patch) {
    const row = await ctx.db().updateTable('interactions')
      .set({
        ...(patch.inbound !== undefined && legColumns(patch.inbound, 'inbound')),
        ...(patch.outbound !== undefined && legColumns(patch.outbound, 'outbound')),
        ...(patch.data !== undefined && { data: patch.data }),
        date_updated: iso(patch.dateUpdated),
      })
      .where('sid', '=', sid).returningAll().executeTakeFirst();
    return row ? toInteraction(row) : null;
  },

  async deleteInteraction(sessionSid, sid) {
    const result = await ctx.db().deleteFrom('interactions').where('session_sid', '=', sessionSid).where('sid', '=', sid).executeTakeFirst();
    return result.numDeletedRows > 0n;
  },

  async findInboundRecord(resourceSid) {
    // Off the routing hot path: a webhook whose insert met the unique inbound resource id (a retry) reads it,
    // and a status report that names the inbound leg.
    const [row] = (await byInboundResource.execute(ctx.db(), { resource: resourceSid })).rows;
    return row ? { interaction: toInteraction(row), forward: readForward(row.forward) } : null;
  },

  async findInteractionBySid(sid) {
    const row = await ctx.db().selectFrom('interactions').selectAll().where('sid', '=', sid).executeTakeFirst();
    return row ? toInteraction(row) : null;
  },

  async findInteractionByOutboundResource(resourceSid) {
    const row = await ctx.db().selectFrom('interactions').selectAll()
      .where('outbound_resource_sid', '=', resourceSid).orderBy('date_created').orderBy('sid').limit(1).executeTakeFirst();
    return row ? toInteraction(row) : null;
  },
});
