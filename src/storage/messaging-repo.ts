// Messaging v1 services and their number pools (migration 013); brands and profiles: brands-repo.ts.
// A pool number counts only while its inventory record is active or porting out (MESSAGING_LIVE_STATES):
// a released, ported-out or failed record never becomes active again, so such a number is out of every
// messaging service at once, without each of those use cases knowing about messaging services. Its stale
// membership row is harmless: the number's next holding is a new record with a new sid.
import { sql, type Selectable, type SqlBool } from 'kysely';
import { DEFAULT_MESSAGING_SETTINGS, type MessagingService, type MessagingServiceSettings } from '../domain/messaging/service.ts';
import type { MessagingPoolNumber, MessagingRepo, MessagingServicePatch } from '../ports/store/messaging.ts';
import { brandRepo } from './brands-repo.ts';
import { iso, readDate, toCount } from './codec.ts';
import type { Ctx } from './context.ts';
import { toInventoryNumber } from './inventory-repo.ts';
import { keysetPage } from './paging.ts';
import type { MessagingServicesTable, NumbersTable } from './schema.ts';

/** Inventory states in which a number still belongs to its messaging service. */
const MESSAGING_LIVE_STATES = ['active', 'porting-out'];

/** Stored settings are read over the defaults, so a setting added later has its default on old rows. */
const readSettings = (text: string): MessagingServiceSettings => {
  const stored: unknown = JSON.parse(text);
  const fields = typeof stored === 'object' && stored !== null ? stored : {};
  return { ...DEFAULT_MESSAGING_SETTINGS, ...fields };
};

const toMessagingService = (r: Selectable<MessagingServicesTable>): MessagingService => ({
  sid: r.sid,
  accountSid: r.account_sid,
  friendlyName: r.friendly_name,
  settings: readSettings(r.details),
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated),
});

type PoolRow = Selectable<NumbersTable> & { readonly service_sid: string; readonly joined_at: Date | string };

const toPoolNumber = (r: PoolRow): MessagingPoolNumber => ({
  serviceSid: r.service_sid,
  accountSid: r.account_sid,
  dateCreated: readDate(r.joined_at),
  number: toInventoryNumber(r),
});

/** Keyed for paging: the membership's date and the number's sid. */
const keyOfPoolNumber = (p: MessagingPoolNumber): MessagingPoolNumber & { readonly sid: string } => ({ ...p, sid: p.number.sid });

const poolQuery = (ctx: Ctx) => ctx.db()
  .selectFrom((eb) => eb.selectFrom('messaging_service_numbers')
    .select(['number_sid as sid', 'service_sid', 'account_sid', 'date_created']).as('m'))
  .innerJoin('numbers', 'numbers.sid', 'm.sid')
  .selectAll('numbers')
  .select(['m.service_sid as service_sid', 'm.date_created as joined_at'])
  .where('numbers.state', 'in', MESSAGING_LIVE_STATES);

const messagingServiceRepo = (ctx: Ctx): Omit<MessagingRepo, keyof ReturnType<typeof brandRepo>> => ({
  async createMessagingService(s) {
    await ctx.db().insertInto('messaging_services').values({
      sid: s.sid, account_sid: s.accountSid, friendly_name: s.friendlyName, details: JSON.stringify(s.settings),
      date_created: iso(s.dateCreated), date_updated: iso(s.dateUpdated),
    }).execute();
  },

  async findMessagingService(accountSid, sid) {
    const row = await ctx.db().selectFrom('messaging_services').selectAll().where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
    return row ? toMessagingService(row) : null;
  },

  listMessagingServices: (accountSid, page) =>
    keysetPage(ctx.db().selectFrom('messaging_services').selectAll().where('account_sid', '=', accountSid), 'messaging_services', page, toMessagingService),

  async updateMessagingService(accountSid, sid, patch: MessagingServicePatch) {
    const row = await ctx.db().updateTable('messaging_services').set({
      ...(patch.friendlyName !== undefined && { friendly_name: patch.friendlyName }),
      ...(patch.settings !== undefined && { details: JSON.stringify(patch.settings) }),
      date_updated: iso(patch.dateUpdated),
    }).where('account_sid', '=', accountSid).where('sid', '=', sid).returningAll().executeTakeFirst();
    return row ? toMessagingService(row) : null;
  },

  async deleteMessagingService(accountSid, sid) {
    const result = await ctx.db().deleteFrom('messaging_services').where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  async hasVerifiedCampaign(serviceSid) {
    const row = await ctx.db().selectFrom('us_app_to_person').select('sid').where('messaging_service_sid', '=', serviceSid)
      .where(sql<SqlBool>`campaign_status = 'VERIFIED'`).executeTakeFirst();
    return row !== undefined;
  },

  async addMessagingNumber(e) {
    // The number's sid is the key: a concurrent add of the same number to another service inserts nothing.
    const result = await ctx.db().insertInto('messaging_service_numbers').values({
      number_sid: e.numberSid, service_sid: e.serviceSid, account_sid: e.accountSid, date_created: iso(e.dateCreated),
    }).onConflict((oc) => oc.column('number_sid').doNothing()).executeTakeFirst();
    return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
  },

  async messagingServiceOfNumber(numberSid) {
    const row = await poolQuery(ctx).where('m.sid', '=', numberSid).executeTakeFirst();
    return row?.service_sid ?? null;
  },

  async findMessagingNumber(accountSid, serviceSid, numberSid) {
    const row = await poolQuery(ctx).where('m.account_sid', '=', accountSid).where('m.service_sid', '=', serviceSid)
      .where('m.sid', '=', numberSid).executeTakeFirst();
    return row ? toPoolNumber(row) : null;
  },

  async countMessagingNumbers(serviceSid) {
    const row = await ctx.db().selectFrom('messaging_service_numbers as m').innerJoin('numbers', 'numbers.sid', 'm.number_sid')
      .select((eb) => eb.fn.countAll().as('n')).where('m.service_sid', '=', serviceSid)
      .where('numbers.state', 'in', MESSAGING_LIVE_STATES).executeTakeFirstOrThrow();
    return toCount(row.n);
  },

  async listMessagingNumbers(accountSid, serviceSid, page) {
    const result = await keysetPage(poolQuery(ctx).where('m.account_sid', '=', accountSid).where('m.service_sid', '=', serviceSid), 'm', page, toPoolNumber);
    return { items: result.items.map(keyOfPoolNumber), hasMore: result.hasMore };
  },

  async removeMessagingNumber(accountSid, serviceSid, numberSid) {
    const result = await ctx.db().deleteFrom('messaging_service_numbers').where('account_sid', '=', accountSid)
      .where('service_sid', '=', serviceSid).where('number_sid', '=', numberSid).executeTakeFirst();
    return Number(result.numDeletedRows) > 0;
  },

  async removeNumberFromMessagingServices(numberSid) {
    await ctx.db().deleteFrom('messaging_service_numbers').where('number_sid', '=', numberSid).execute();
  },
});

export const messagingRepo = (ctx: Ctx): MessagingRepo => ({ ...messagingServiceRepo(ctx), ...brandRepo(ctx) });
