// Inbound routing, shaped for the webhook path: every inbound message or call runs one read and one write.
//   findInboundRoute: participants_route_history_idx (proxy_identifier, identifier) -> the bound sender,
//                     joined to its session and service by primary key, and to the session's other current
//                     participant (participants_session_identifier_uq) with its proxy number's carrier,
//                     and each side's opt-out from its proxy number (number_opt_outs primary key): the
//                     opt-out check of a forward costs no statement of its own; and the SMS gating facts of
//                     a forward from the partner's number (its registrations, the account's policy).
//   recordInboundInteraction: the interaction (with the forward decided for it, replayed to a retried
//                     webhook), the session's activity and the jobs it owes (its callback, an API send).
// On SQLite both take the direct path (sqlite/direct.ts): the read runs synchronously, the write is
// group-committed with the other webhooks of the same event-loop turn.
import { sql, type Kysely, type SqlBool } from 'kysely';
import type { InboundRoute, InboundWrite, RoutingQueries } from '../ports/store.ts';
import { iso, isoOrNull } from './codec.ts';
import { directPath, guarded, type Ctx } from './context.ts';
import { INTERACTION_SLOTS, insertInteraction, insertInteractionOnce, interactionInsert, interactionValues, type InteractionSlot } from './interactions-repo.ts';
import { COST_SLOTS, costsInsert, costValues, insertCost, type CostSlot } from './costs-repo.ts';
import { JOB_SLOTS, insertJob, jobsInsert, jobValues, type JobSlot } from './jobs-repo.ts';
import { toParticipant } from './participants-repo.ts';
import { perShape, prepared, type SlotValues } from './prepared.ts';
import { LIVE_NUMBER_PREDICATE } from './migrations/009-inventory.ts';
import type { Database } from './schema.ts';
import { toService } from './services-repo.ts';
import { sessionActivity, sessionActivityUpdate, toSession } from './sessions-repo.ts';

const routeQuery = prepared(['proxy', 'identifier'], (db, slot) =>
  // The session's columns come whole; the sender's, the partner's and the service's are renamed, since the
  // tables share sid, account_sid and dates.
  db.selectFrom('participants as p')
    .innerJoin('sessions as s', 's.sid', 'p.session_sid')
    .innerJoin('services as v', (j) => j.onRef('v.sid', '=', 'p.service_sid').onRef('v.account_sid', '=', 'p.account_sid'))
    .leftJoin('participants as o', (j) => j.onRef('o.session_sid', '=', 'p.session_sid').onRef('o.sid', '<>', 'p.sid').on('o.date_deleted', 'is', null))
    .leftJoin('phone_numbers as n', 'n.sid', 'o.proxy_identifier_sid')
    // Opt-outs are kept by E.164 (they outlive the number's holder): (proxy number, person) is their key.
    .leftJoin('number_opt_outs as so', (j) => j.onRef('so.phone_number', '=', 'p.proxy_identifier').onRef('so.sender', '=', 'p.identifier'))
    .leftJoin('number_opt_outs as po', (j) => j.onRef('po.phone_number', '=', 'o.proxy_identifier').onRef('po.sender', '=', 'o.identifier'))
    // SMS gating of a forward from the partner's number (SmsGateRepo.senderGateFacts, read here so a routed
    // message costs no statement more): the account's policy by primary key; the partner's live number by
    // its partial unique index (the predicate word for word), its messaging service by the number's key,
    // that service's campaign by its unique key, and its latest toll-free verification by its index.
    .leftJoin('number_policies as gp', 'gp.account_sid', 's.account_sid')
    .leftJoin('numbers as gn', (j) => j.onRef('gn.phone_number', '=', 'o.proxy_identifier').on(LIVE_NUMBER_PREDICATE))
    .leftJoin('messaging_service_numbers as gm', 'gm.number_sid', 'gn.sid')
    .leftJoin('us_app_to_person as gc', 'gc.messaging_service_sid', 'gm.service_sid')
    .selectAll('s')
    .select([
      'p.sid as p_sid', 'p.session_sid as p_session_sid', 'p.service_sid as p_service_sid', 'p.account_sid as p_account_sid',
      'p.friendly_name as p_friendly_name', 'p.identifier as p_identifier', 'p.proxy_identifier as p_proxy_identifier',
      'p.proxy_identifier_sid as p_proxy_identifier_sid', 'p.bound as p_bound', 'p.date_deleted as p_date_deleted',
      'p.date_created as p_date_created', 'p.date_updated as p_date_updated',
      'o.sid as o_sid', 'o.session_sid as o_session_sid', 'o.service_sid as o_service_sid', 'o.account_sid as o_account_sid',
      'o.friendly_name as o_friendly_name', 'o.identifier as o_identifier', 'o.proxy_identifier as o_proxy_identifier',
      'o.proxy_identifier_sid as o_proxy_identifier_sid', 'o.bound as o_bound', 'o.date_deleted as o_date_deleted',
      'o.date_created as o_date_created', 'o.date_updated as o_date_updated', 'n.carrier as o_carrier',
      'so.sender as so_sender', 'po.sender as po_sender',
      'gp.policy as g_policy', 'gn.type as g_number_type', 'gc.campaign_status as g_campaign_status',
      'v.sid as v_sid', 'v.account_sid as v_account_sid', 'v.unique_name as v_unique_name', 'v.chat_instance_sid as v_chat_instance_sid',
      'v.callback_url as v_callback_url', 'v.intercept_callback_url as v_intercept_callback_url',
      'v.out_of_session_callback_url as v_out_of_session_callback_url', 'v.default_ttl as v_default_ttl',
      'v.geo_match_level as v_geo_match_level', 'v.number_selection_behavior as v_number_selection_behavior',
      'v.dial_argentina_mobile_nine as v_dial_argentina_mobile_nine', 'v.dial_mexico_legacy_one as v_dial_mexico_legacy_one',
      'v.pool_limit as v_pool_limit', 'v.opt_out_words as v_opt_out_words', 'v.date_created as v_date_created', 'v.date_updated as v_date_updated',
    ])
    .select((eb) => eb.selectFrom('tollfree_verifications as gt').select('gt.status').whereRef('gt.tollfree_phone_number_sid', '=', 'gn.sid')
      .orderBy('gt.date_created', 'desc').limit(1).as('g_tollfree_status'))
    .where('p.proxy_identifier', '=', slot('proxy')).where('p.identifier', '=', slot('identifier')).where(sql<SqlBool>`p.bound = 1`)
    // At most one bound row per service, and a proxy number is in one pool; a session has one other
    // participant (the earliest, should a third ever exist).
    .orderBy('p.date_created', 'desc').orderBy('o.date_created').orderBy('o.sid').limit(1));
type RouteRow = ReturnType<typeof routeQuery.allDirect>[number];

/** The route read's SQL and parameters, for EXPLAIN (test/storage/routing-plan.test.ts). */
export const inboundRouteSql = (db: Kysely<Database>, proxyIdentifier: string, identifier: string) =>
  routeQuery.compiled(db, { proxy: proxyIdentifier, identifier });

const toRoute = (row: RouteRow): InboundRoute => {
  const sender = toParticipant({
    sid: row.p_sid, session_sid: row.p_session_sid, service_sid: row.p_service_sid, account_sid: row.p_account_sid,
    friendly_name: row.p_friendly_name, identifier: row.p_identifier, proxy_identifier: row.p_proxy_identifier,
    proxy_identifier_sid: row.p_proxy_identifier_sid, bound: row.p_bound, date_deleted: row.p_date_deleted,
    date_created: row.p_date_created, date_updated: row.p_date_updated,
  });
  // Left-joined: every o_ column is null when the session has no other current participant.
  const partner = row.o_sid === null || row.o_session_sid === null || row.o_service_sid === null || row.o_account_sid === null
    || row.o_identifier === null || row.o_proxy_identifier === null || row.o_bound === null || row.o_date_created === null || row.o_date_updated === null
    ? null
    : toParticipant({
      sid: row.o_sid, session_sid: row.o_session_sid, service_sid: row.o_service_sid, account_sid: row.o_account_sid,
      friendly_name: row.o_friendly_name, identifier: row.o_identifier, proxy_identifier: row.o_proxy_identifier,
      proxy_identifier_sid: row.o_proxy_identifier_sid, bound: row.o_bound, date_deleted: row.o_date_deleted,
      date_created: row.o_date_created, date_updated: row.o_date_updated,
    });
  const service = toService({
    sid: row.v_sid, account_sid: row.v_account_sid, unique_name: row.v_unique_name, chat_instance_sid: row.v_chat_instance_sid,
    callback_url: row.v_callback_url, intercept_callback_url: row.v_intercept_callback_url,
    out_of_session_callback_url: row.v_out_of_session_callback_url, default_ttl: row.v_default_ttl,
    geo_match_level: row.v_geo_match_level, number_selection_behavior: row.v_number_selection_behavior,
    dial_argentina_mobile_nine: row.v_dial_argentina_mobile_nine, dial_mexico_legacy_one: row.v_dial_mexico_legacy_one,
    pool_limit: row.v_pool_limit, opt_out_words: row.v_opt_out_words, date_created: row.v_date_created, date_updated: row.v_date_updated,
  });
  return {
    sender, session: toSession(row), service, partner, partnerCarrier: partner ? row.o_carrier : null,
    senderOptedOut: row.so_sender !== null, partnerOptedOut: partner !== null && row.po_sender !== null,
    partnerGateFacts: partner === null ? null : {
      policy: row.g_policy, numberType: row.g_number_type,
      registration: { campaignStatus: row.g_campaign_status, tollfreeStatus: row.g_tollfree_status },
    },
  };
};

const activityValues = (sid: string, activity: NonNullable<InboundWrite['activity']>): SlotValues<'sid' | 'at' | 'expiresAt'> => ({
  sid, at: iso(activity.at), expiresAt: isoOrNull(activity.expiresAt),
});

/**
 * The write as separate statements, in the caller's transaction. A logged inbound resource is refused by
 * the first statement having written nothing, so the transaction stays usable (insertInteractionOnce).
 */
const writeStatementByStatement = async (db: Kysely<Database>, w: InboundWrite): Promise<void> => {
  await insertInteractionOnce(db, w.interaction, w.forward ?? null);
  if (w.activity) await sessionActivity.execute(db, activityValues(w.interaction.sessionSid, w.activity));
  for (const job of w.jobs) await insertJob.execute(db, jobValues(job));
  for (const cost of w.costs ?? []) await insertCost.execute(db, costValues(cost));
};

// PostgreSQL: the whole write as ONE statement (data-modifying CTEs), so a routed message costs one round
// trip instead of five (BEGIN, three statements, COMMIT); a statement is atomic on its own. One prepared
// statement per shape: with or without the session's activity, and how many jobs (one insert, a row each;
// usually none or one, the callback).
type JobRowSlot = `j${number}_${JobSlot}`;
type CostRowSlot = `c${number}_${CostSlot}`;
type RoutedSlot = InteractionSlot | 'activity_at' | 'activity_expires_at' | JobRowSlot | CostRowSlot;

const jobRowSlot = (row: number, name: JobSlot): JobRowSlot => `j${row}_${name}`;
const costRowSlot = (row: number, name: CostSlot): CostRowSlot => `c${row}_${name}`;

interface RoutedShape {
  readonly activity: boolean;
  readonly jobs: number;
  /** Cost records (inbound and forward): their insert is one more CTE of the same statement. */
  readonly costs: number;
}

const routedWrite = ({ activity, jobs, costs }: RoutedShape) => {
  const names: RoutedSlot[] = [...INTERACTION_SLOTS, 'activity_at', 'activity_expires_at'];
  for (let row = 0; row < jobs; row++) names.push(...JOB_SLOTS.map((name) => jobRowSlot(row, name)));
  for (let row = 0; row < costs; row++) names.push(...COST_SLOTS.map((name) => costRowSlot(row, name)));
  return prepared(names, (db, slot) => {
    const activitySlot = (name: 'sid' | 'at' | 'expiresAt') => slot(name === 'sid' ? 'session_sid' : name === 'at' ? 'activity_at' : 'activity_expires_at');
    const jobSlots = Array.from({ length: jobs }, (_, row) => (name: JobSlot) => slot(jobRowSlot(row, name)));
    const withInteraction = db.with('i', (qc) => interactionInsert(qc, slot).returning('sid'));
    const costSlots = Array.from({ length: costs }, (_, row) => (name: CostSlot) => slot(costRowSlot(row, name)));
    const withActivity = activity ? withInteraction.with('a', (qc) => sessionActivityUpdate(qc, activitySlot).returning('sid')) : withInteraction;
    // PostgreSQL runs every data-modifying CTE, referenced or not.
    const withCosts = costs > 0 ? withActivity.with('c', (qc) => costsInsert(qc, costSlots).returning('sid')) : withActivity;
    return jobs > 0 ? jobsInsert(withCosts, jobSlots) : withCosts.selectFrom('i').select('sid');
  });
};

const routedWriteOf = perShape((shape: RoutedShape) => `${shape.activity ? 'a' : '-'}${shape.jobs}c${shape.costs}`, routedWrite);

const routedValues = (w: InboundWrite): SlotValues<RoutedSlot> => {
  const jobs: Record<JobRowSlot, string | number | null> = {};
  w.jobs.forEach((job, row) => {
    const values = jobValues(job);
    for (const name of JOB_SLOTS) jobs[jobRowSlot(row, name)] = values[name];
  });
  const costs: Record<CostRowSlot, string | number | null> = {};
  (w.costs ?? []).forEach((cost, row) => {
    const values = costValues(cost);
    for (const name of COST_SLOTS) costs[costRowSlot(row, name)] = values[name];
  });
  return {
    ...interactionValues(w.interaction, w.forward ?? null),
    activity_at: w.activity ? iso(w.activity.at) : null,
    activity_expires_at: isoOrNull(w.activity?.expiresAt ?? null),
    ...jobs,
    ...costs,
  };
};

const writeInOneStatement = async (db: Kysely<Database>, w: InboundWrite): Promise<void> => {
  await routedWriteOf({ activity: w.activity !== null, jobs: w.jobs.length, costs: w.costs?.length ?? 0 }).execute(db, routedValues(w));
};

// Outside a transaction, the routing path: no caller's transaction to keep usable, so a conflict is only
// translated (guarded takes no savepoint outside a transaction): not one statement more per webhook.
const writeAlone = (ctx: Ctx, w: InboundWrite): Promise<void> => guarded(ctx, async () => {
  const direct = directPath(ctx);
  // Without the direct path this is PostgreSQL, whose data-modifying CTEs make the write one statement.
  if (!direct) return writeInOneStatement(ctx.db(), w);
  const root = ctx.db();
  return direct.write((raw) => {
    insertInteraction.runDirect(root, raw, interactionValues(w.interaction, w.forward ?? null));
    if (w.activity) sessionActivity.runDirect(root, raw, activityValues(w.interaction.sessionSid, w.activity));
    for (const job of w.jobs) insertJob.runDirect(root, raw, jobValues(job));
    for (const cost of w.costs ?? []) insertCost.runDirect(root, raw, costValues(cost));
  });
});

export const routingQueries = (ctx: Ctx): RoutingQueries => ({
  async findInboundRoute(proxyIdentifier, identifier): Promise<InboundRoute | null> {
    const values = { proxy: proxyIdentifier, identifier };
    const direct = directPath(ctx);
    const root = ctx.db();
    const [row] = direct
      ? await direct.read((raw) => routeQuery.allDirect(root, raw, values))
      : (await routeQuery.execute(root, values)).rows;
    return row ? toRoute(row) : null;
  },

  recordInboundInteraction: (w) => (ctx.inTransaction() ? writeStatementByStatement(ctx.db(), w) : writeAlone(ctx, w)),
});
