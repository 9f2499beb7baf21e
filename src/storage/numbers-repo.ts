// The number inventory. A number exists once per installation (unique E.164); service_sid is pool membership.
import type { Insertable, Selectable } from 'kysely';
import type { PoolNumber } from '../domain/pool-number.ts';
import type { NumberPatch, NumberRepo } from '../ports/store.ts';
import { flag, iso, isSet, readDate, toCount } from './codec.ts';
import { guarded, type Ctx } from './context.ts';
import { BOUND_PREDICATE } from './migrations/ddl.ts';
import { LIVE_NUMBER_PREDICATE } from './migrations/009-inventory.ts';
import { keysetPage } from './paging.ts';
import type { PhoneNumbersTable } from './schema.ts';

export type NumberRow = Selectable<PhoneNumbersTable>;

export const toPoolNumber = (r: NumberRow): PoolNumber => ({
  sid: r.sid,
  accountSid: r.account_sid,
  serviceSid: r.service_sid,
  phoneNumber: r.phone_number,
  friendlyName: r.friendly_name,
  isoCountry: r.iso_country,
  areaCode: r.area_code,
  capabilities: { voice: isSet(r.cap_voice), sms: isSet(r.cap_sms), mms: isSet(r.cap_mms) },
  carrier: r.carrier,
  isReserved: isSet(r.is_reserved),
  load: r.load,
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated),
});

export const toNumberRow = (n: PoolNumber): Insertable<PhoneNumbersTable> => ({
  sid: n.sid,
  account_sid: n.accountSid,
  service_sid: n.serviceSid,
  phone_number: n.phoneNumber,
  friendly_name: n.friendlyName,
  iso_country: n.isoCountry,
  area_code: n.areaCode,
  cap_voice: flag(n.capabilities.voice),
  cap_sms: flag(n.capabilities.sms),
  cap_mms: flag(n.capabilities.mms),
  carrier: n.carrier,
  is_reserved: flag(n.isReserved),
  load: n.load,
  date_created: iso(n.dateCreated),
  date_updated: iso(n.dateUpdated),
});

const patchColumns = (p: NumberPatch) => ({
  ...(p.isReserved !== undefined && { is_reserved: flag(p.isReserved) }),
  ...(p.capabilities !== undefined && {
    cap_voice: flag(p.capabilities.voice), cap_sms: flag(p.capabilities.sms), cap_mms: flag(p.capabilities.mms),
  }),
  ...(p.carrier !== undefined && { carrier: p.carrier }),
  ...(p.friendlyName !== undefined && { friendly_name: p.friendlyName }),
  ...(p.serviceSid !== undefined && { service_sid: p.serviceSid }),
  date_updated: iso(p.dateUpdated),
});

export const numberRepo = (ctx: Ctx): NumberRepo => ({
  createNumber: (n) => guarded(ctx, async () => {
    await ctx.db().insertInto('phone_numbers').values(toNumberRow(n)).execute();
  }),

  async findNumberBySid(accountSid, sid) {
    const row = await ctx.db().selectFrom('phone_numbers').selectAll()
      .where('account_sid', '=', accountSid).where('sid', '=', sid).executeTakeFirst();
    return row ? toPoolNumber(row) : null;
  },

  async findNumberByE164(e164) {
    // A recycled number leaves its old pool record behind: the live one is the one whose inventory record is live.
    const row = await ctx.db().selectFrom('phone_numbers as p').innerJoin('numbers as n', 'n.sid', 'p.sid').selectAll('p')
      .where('n.phone_number', '=', e164).where(LIVE_NUMBER_PREDICATE).executeTakeFirst();
    return row ? toPoolNumber(row) : null;
  },

  async updateNumber(accountSid, sid, patch) {
    const row = await ctx.db().updateTable('phone_numbers').set(patchColumns(patch))
      .where('account_sid', '=', accountSid).where('sid', '=', sid)
      .returningAll().executeTakeFirst();
    return row ? toPoolNumber(row) : null;
  },

  listPool: (serviceSid, page) =>
    keysetPage(ctx.db().selectFrom('phone_numbers').selectAll().where('service_sid', '=', serviceSid), 'phone_numbers', page, toPoolNumber),

  async countPool(serviceSid) {
    const row = await ctx.db().selectFrom('phone_numbers').select((eb) => eb.fn.countAll().as('n'))
      .where('service_sid', '=', serviceSid).executeTakeFirstOrThrow();
    return toCount(row.n);
  },

  async countSessionsUsingNumber(numberSid) {
    // Bound participants are exactly those of active sessions (bindings.ts keeps it so); both sides of
    // one session may share a number, hence DISTINCT.
    const row = await ctx.db().selectFrom('participants')
      .select((eb) => eb.fn.count('session_sid').distinct().as('n'))
      .where('proxy_identifier_sid', '=', numberSid).where(BOUND_PREDICATE)
      .executeTakeFirstOrThrow();
    return toCount(row.n);
  },

  async activeSessionsUsingNumber(numberSid) {
    const rows = await ctx.db().selectFrom('participants').select('session_sid').distinct()
      .where('proxy_identifier_sid', '=', numberSid).where(BOUND_PREDICATE).execute();
    return rows.map((r) => r.session_sid);
  },
});
