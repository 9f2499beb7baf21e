// Services: found by sid or unique name, always within the caller's account.
import type { Selectable } from 'kysely';
import { GEO_MATCH_LEVELS, NUMBER_SELECTION_BEHAVIORS, type Service } from '../domain/service.ts';
import { isSid } from '../domain/sid.ts';
import type { ServicePatch, ServiceRepo } from '../ports/store.ts';
import { unbindWhere } from './bindings.ts';
import { flag, iso, isSet, oneOf, readDate } from './codec.ts';
import { guarded, type Ctx } from './context.ts';
import { keysetPage } from './paging.ts';
import { prepared } from './prepared.ts';
import type { ServicesTable } from './schema.ts';

type ServiceRow = Selectable<ServicesTable>;

export const toService = (r: ServiceRow): Service => ({
  sid: r.sid,
  accountSid: r.account_sid,
  uniqueName: r.unique_name,
  chatInstanceSid: r.chat_instance_sid,
  callbackUrl: r.callback_url,
  interceptCallbackUrl: r.intercept_callback_url,
  outOfSessionCallbackUrl: r.out_of_session_callback_url,
  defaultTtl: r.default_ttl,
  geoMatchLevel: oneOf(GEO_MATCH_LEVELS, r.geo_match_level, 'services.geo_match_level'),
  numberSelectionBehavior: oneOf(NUMBER_SELECTION_BEHAVIORS, r.number_selection_behavior, 'services.number_selection_behavior'),
  dialRules: { argentinaMobileNine: isSet(r.dial_argentina_mobile_nine), mexicoLegacyOne: isSet(r.dial_mexico_legacy_one) },
  poolLimit: r.pool_limit,
  optOutWords: readWords(r.opt_out_words),
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated),
});

const writeWords = (words: readonly string[] | null): string | null => (words === null ? null : JSON.stringify(words));

const readWords = (raw: string | null): readonly string[] | null => {
  if (raw === null) return null;
  const parsed: unknown = JSON.parse(raw);
  if (!Array.isArray(parsed)) throw new Error('services.opt_out_words is not a JSON array');
  return parsed.filter((w): w is string => typeof w === 'string');
};

/** Only the columns a patch mentions; `undefined` means "leave as is". */
const patchColumns = (p: ServicePatch): Partial<Omit<ServiceRow, 'sid' | 'account_sid' | 'date_created'>> & { date_updated: string } => ({
  ...(p.uniqueName !== undefined && { unique_name: p.uniqueName }),
  ...(p.chatInstanceSid !== undefined && { chat_instance_sid: p.chatInstanceSid }),
  ...(p.callbackUrl !== undefined && { callback_url: p.callbackUrl }),
  ...(p.interceptCallbackUrl !== undefined && { intercept_callback_url: p.interceptCallbackUrl }),
  ...(p.outOfSessionCallbackUrl !== undefined && { out_of_session_callback_url: p.outOfSessionCallbackUrl }),
  ...(p.defaultTtl !== undefined && { default_ttl: p.defaultTtl }),
  ...(p.geoMatchLevel !== undefined && { geo_match_level: p.geoMatchLevel }),
  ...(p.numberSelectionBehavior !== undefined && { number_selection_behavior: p.numberSelectionBehavior }),
  ...(p.dialRules !== undefined && {
    dial_argentina_mobile_nine: flag(p.dialRules.argentinaMobileNine),
    dial_mexico_legacy_one: flag(p.dialRules.mexicoLegacyOne),
  }),
  ...(p.poolLimit !== undefined && { pool_limit: p.poolLimit }),
  ...(p.optOutWords !== undefined && { opt_out_words: writeWords(p.optOutWords) }),
  date_updated: iso(p.dateUpdated),
});

// Every API request and inbound webhook looks its service up by sid (prepared.ts: compiled once).
const serviceBySid = prepared(['account', 'sid'], (db, slot) =>
  db.selectFrom('services').selectAll().where('account_sid', '=', slot('account')).where('sid', '=', slot('sid')));

export const serviceRepo = (ctx: Ctx): ServiceRepo => ({
  createService: (s) => guarded(ctx, async () => {
    await ctx.db().insertInto('services').values({
      sid: s.sid,
      account_sid: s.accountSid,
      unique_name: s.uniqueName,
      chat_instance_sid: s.chatInstanceSid,
      callback_url: s.callbackUrl,
      intercept_callback_url: s.interceptCallbackUrl,
      out_of_session_callback_url: s.outOfSessionCallbackUrl,
      default_ttl: s.defaultTtl,
      geo_match_level: s.geoMatchLevel,
      number_selection_behavior: s.numberSelectionBehavior,
      dial_argentina_mobile_nine: flag(s.dialRules.argentinaMobileNine),
      dial_mexico_legacy_one: flag(s.dialRules.mexicoLegacyOne),
      pool_limit: s.poolLimit,
      opt_out_words: writeWords(s.optOutWords),
      date_created: iso(s.dateCreated),
      date_updated: iso(s.dateUpdated),
    }).execute();
  }),

  async findService(accountSid, sidOrUniqueName) {
    // A unique name may look like a sid; the sid wins, as on Twilio. Two point lookups rather than one
    // `sid = ? or unique_name = ?`: every API request and webhook does this, and the OR made both planners
    // merge two index searches where the primary key alone almost always answers.
    const bySid = isSid('service', sidOrUniqueName) ? (await serviceBySid.execute(ctx.db(), { account: accountSid, sid: sidOrUniqueName })).rows[0] : undefined;
    const row = bySid ?? await ctx.db().selectFrom('services').selectAll()
      .where('account_sid', '=', accountSid).where('unique_name', '=', sidOrUniqueName).executeTakeFirst();
    return row ? toService(row) : null;
  },

  listServices: (accountSid, page) =>
    keysetPage(ctx.db().selectFrom('services').selectAll().where('account_sid', '=', accountSid), 'services', page, toService),

  updateService: (accountSid, sid, patch) => guarded(ctx, async () => {
    const row = await ctx.db().updateTable('services').set(patchColumns(patch))
      .where('account_sid', '=', accountSid).where('sid', '=', sid)
      .returningAll().executeTakeFirst();
    return row ? toService(row) : null;
  }),

  deleteService: (accountSid, sid) => ctx.atomic(async () => {
    const db = ctx.db();
    const owned = await db.selectFrom('services').select('sid').where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
    if (!owned) return false;
    // Lock the service's sessions (in sid order, so two deleters wait in the same order) before unbinding:
    // an add-participant holding a session's row lock (lockSession in sessions-repo.ts) commits first and its
    // participant is unbound below; one that comes later finds its session gone. Without it the cascade
    // deleted the new participant but its number kept the load. SQLite: BEGIN IMMEDIATE serialises already.
    if (ctx.dialect.name === 'postgres') {
      await db.selectFrom('sessions').select('sid').where('service_sid', '=', sid).orderBy('sid').forUpdate().execute();
    }
    // Release the numbers' load first; the foreign keys then cascade sessions, participants, interactions
    // and history, and take the numbers out of the pool (service_sid set null).
    await unbindWhere(db, 'service_sid', sid);
    await db.deleteFrom('services').where('sid', '=', sid).execute();
    return true;
  }),
});
