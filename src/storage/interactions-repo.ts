// Interactions: one row per message or call, its inbound and outbound legs flattened into columns.
import type { Selectable } from 'kysely';
import { INTERACTION_TYPES, RESOURCE_STATUSES, type Interaction, type InteractionLeg, type ResourceType } from '../domain/interaction.ts';
import type { InteractionRepo } from '../ports/store.ts';
import { iso, oneOf, oneOfOrNull, readDate } from './codec.ts';
import { guarded, type Ctx } from './context.ts';
import { keysetPage } from './paging.ts';
import type { InteractionsTable } from './schema.ts';

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

export const interactionRepo = (ctx: Ctx): InteractionRepo => ({
  // Guarded: a second interaction for the same inbound carrier resource is StoreConflict('inbound-resource').
  createInteraction: (i) => guarded(ctx, async () => {
    await ctx.db().insertInto('interactions').values({
      sid: i.sid,
      session_sid: i.sessionSid,
      service_sid: i.serviceSid,
      account_sid: i.accountSid,
      type: i.type,
      data: i.data,
      participant_sid: i.participantSid,
      ...legColumns(i.inbound, 'inbound'),
      ...legColumns(i.outbound, 'outbound'),
      date_created: iso(i.dateCreated),
      date_updated: iso(i.dateUpdated),
    }).execute();
  }),

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

  async findInteractionByInboundResource(resourceSid) {
    const row = await ctx.db().selectFrom('interactions').selectAll()
      .where('inbound_resource_sid', '=', resourceSid).orderBy('date_created').orderBy('sid').limit(1).executeTakeFirst();
    return row ? toInteraction(row) : null;
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
