// The reads of inbound routing, shaped for the webhook path: every inbound message or call runs them, so
// each is one index-backed statement instead of a lookup per row it needs.
//   findInboundRoute: participants_route_history_idx (proxy_identifier, identifier) -> the bound sender,
//                     joined to its session and its service by primary key.
//   findPartner:      participants_session_identifier_uq (session_sid, ...) -> the other current
//                     participant, joined to its proxy number by primary key for the carrier that sends.
import type { InboundRoute, RoutingQueries } from '../ports/store.ts';
import type { Ctx } from './context.ts';
import { BOUND_PREDICATE } from './migrations/ddl.ts';
import { toParticipant } from './participants-repo.ts';
import { prepared } from './prepared.ts';
import { toService } from './services-repo.ts';
import { toSession } from './sessions-repo.ts';

const routeQuery = prepared(['proxy', 'identifier'], (db, slot) =>
  // The session's columns come whole; the sender's and the service's are renamed, since the three tables
  // share sid, account_sid and dates.
  db.selectFrom('participants as p')
    .innerJoin('sessions as s', 's.sid', 'p.session_sid')
    .innerJoin('services as v', (j) => j.onRef('v.sid', '=', 'p.service_sid').onRef('v.account_sid', '=', 'p.account_sid'))
    .selectAll('s')
    .select([
      'p.sid as p_sid', 'p.session_sid as p_session_sid', 'p.service_sid as p_service_sid', 'p.account_sid as p_account_sid',
      'p.friendly_name as p_friendly_name', 'p.identifier as p_identifier', 'p.proxy_identifier as p_proxy_identifier',
      'p.proxy_identifier_sid as p_proxy_identifier_sid', 'p.bound as p_bound', 'p.date_deleted as p_date_deleted',
      'p.date_created as p_date_created', 'p.date_updated as p_date_updated',
      'v.sid as v_sid', 'v.account_sid as v_account_sid', 'v.unique_name as v_unique_name', 'v.chat_instance_sid as v_chat_instance_sid',
      'v.callback_url as v_callback_url', 'v.intercept_callback_url as v_intercept_callback_url',
      'v.out_of_session_callback_url as v_out_of_session_callback_url', 'v.default_ttl as v_default_ttl',
      'v.geo_match_level as v_geo_match_level', 'v.number_selection_behavior as v_number_selection_behavior',
      'v.dial_argentina_mobile_nine as v_dial_argentina_mobile_nine', 'v.dial_mexico_legacy_one as v_dial_mexico_legacy_one',
      'v.pool_limit as v_pool_limit', 'v.opt_out_words as v_opt_out_words', 'v.date_created as v_date_created', 'v.date_updated as v_date_updated',
    ])
    .where('p.proxy_identifier', '=', slot('proxy')).where('p.identifier', '=', slot('identifier')).where(BOUND_PREDICATE)
    // At most one row per service, and a proxy number is in one pool.
    .orderBy('p.date_created', 'desc').limit(1));

const partnerQuery = prepared(['session', 'sender'], (db, slot) =>
  db.selectFrom('participants as o').leftJoin('phone_numbers as n', 'n.sid', 'o.proxy_identifier_sid')
    .selectAll('o').select('n.carrier as number_carrier')
    .where('o.session_sid', '=', slot('session')).where('o.sid', '<>', slot('sender')).where('o.date_deleted', 'is', null)
    .orderBy('o.date_created').orderBy('o.sid').limit(1));

export const routingQueries = (ctx: Ctx): RoutingQueries => ({
  async findInboundRoute(proxyIdentifier, identifier): Promise<InboundRoute | null> {
    const [row] = (await routeQuery.execute(ctx.db(), { proxy: proxyIdentifier, identifier })).rows;
    if (!row) return null;
    const sender = toParticipant({
      sid: row.p_sid, session_sid: row.p_session_sid, service_sid: row.p_service_sid, account_sid: row.p_account_sid,
      friendly_name: row.p_friendly_name, identifier: row.p_identifier, proxy_identifier: row.p_proxy_identifier,
      proxy_identifier_sid: row.p_proxy_identifier_sid, bound: row.p_bound, date_deleted: row.p_date_deleted,
      date_created: row.p_date_created, date_updated: row.p_date_updated,
    });
    const service = toService({
      sid: row.v_sid, account_sid: row.v_account_sid, unique_name: row.v_unique_name, chat_instance_sid: row.v_chat_instance_sid,
      callback_url: row.v_callback_url, intercept_callback_url: row.v_intercept_callback_url,
      out_of_session_callback_url: row.v_out_of_session_callback_url, default_ttl: row.v_default_ttl,
      geo_match_level: row.v_geo_match_level, number_selection_behavior: row.v_number_selection_behavior,
      dial_argentina_mobile_nine: row.v_dial_argentina_mobile_nine, dial_mexico_legacy_one: row.v_dial_mexico_legacy_one,
      pool_limit: row.v_pool_limit, opt_out_words: row.v_opt_out_words, date_created: row.v_date_created, date_updated: row.v_date_updated,
    });
    return { sender, session: toSession(row), service };
  },

  async findPartner(sessionSid, senderSid) {
    const [row] = (await partnerQuery.execute(ctx.db(), { session: sessionSid, sender: senderSid })).rows;
    if (!row) return null;
    const { number_carrier: carrier, ...participant } = row;
    return { partner: toParticipant(participant), carrier };
  },
});
