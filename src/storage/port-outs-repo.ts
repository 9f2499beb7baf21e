// Port-out requests and PINs (migration 014). The open-request queries repeat OPEN_PORT_OUT_PREDICATE word
// for word so SQLite can use the partial indexes (the number's open request, the sweeper's due queue).
import type { Insertable, Selectable, Updateable } from 'kysely';
import { PORT_OUT_REJECTIONS, PORT_OUT_STATUSES, type PortOut } from '../domain/port-out.ts';
import type { PortOutPatch, PortOutRepo } from '../ports/store/port-outs.ts';
import { flag, iso, isoOrNull, isSet, oneOf, oneOfOrNull, readDate, readDateOrNull, toCount } from './codec.ts';
import type { Ctx } from './context.ts';
import { OPEN_PORT_OUT_PREDICATE } from './migrations/014-port-out.ts';
import { keysetPage } from './paging.ts';
import type { PortOutsTable } from './schema.ts';

type Row = Selectable<PortOutsTable>;

const toPortOut = (r: Row): PortOut => ({
  sid: r.sid,
  accountSid: r.account_sid,
  numberSid: r.number_sid,
  phoneNumber: r.phone_number,
  status: oneOf(PORT_OUT_STATUSES, r.status, 'port_outs.status'),
  source: r.source,
  carrierRef: r.carrier_ref,
  gainingCarrier: r.gaining_carrier,
  requestedDate: readDateOrNull(r.requested_date),
  dueDate: readDateOrNull(r.due_date),
  rejectionCode: oneOfOrNull(PORT_OUT_REJECTIONS, r.rejection_code, 'port_outs.rejection_code'),
  rejectionReason: r.rejection_reason,
  poolServiceSid: r.pool_service_sid,
  poolReserved: isSet(r.pool_reserved),
  dateCompleted: readDateOrNull(r.date_completed),
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated),
});

const toRow = (p: PortOut): Insertable<PortOutsTable> => ({
  sid: p.sid,
  account_sid: p.accountSid,
  number_sid: p.numberSid,
  phone_number: p.phoneNumber,
  status: p.status,
  source: p.source,
  carrier_ref: p.carrierRef,
  gaining_carrier: p.gainingCarrier,
  requested_date: isoOrNull(p.requestedDate),
  due_date: isoOrNull(p.dueDate),
  rejection_code: p.rejectionCode,
  rejection_reason: p.rejectionReason,
  pool_service_sid: p.poolServiceSid,
  pool_reserved: flag(p.poolReserved),
  date_completed: isoOrNull(p.dateCompleted),
  date_created: iso(p.dateCreated),
  date_updated: iso(p.dateUpdated),
});

const patchColumns = (p: PortOutPatch): Updateable<PortOutsTable> => ({
  ...(p.status !== undefined && { status: p.status }),
  ...(p.rejectionCode !== undefined && { rejection_code: p.rejectionCode }),
  ...(p.rejectionReason !== undefined && { rejection_reason: p.rejectionReason }),
  ...(p.dueDate !== undefined && { due_date: isoOrNull(p.dueDate) }),
  ...(p.dateCompleted !== undefined && { date_completed: isoOrNull(p.dateCompleted) }),
  date_updated: iso(p.dateUpdated),
});

export const portOutRepo = (ctx: Ctx): PortOutRepo => ({
  async createPortOut(portOut) {
    await ctx.db().insertInto('port_outs').values(toRow(portOut)).execute();
  },

  async findPortOut(accountSid, sid) {
    const row = await ctx.db().selectFrom('port_outs').selectAll().where('sid', '=', sid).where('account_sid', '=', accountSid).executeTakeFirst();
    return row ? toPortOut(row) : null;
  },

  async findPortOutByCarrierRef(source, carrierRef) {
    const row = await ctx.db().selectFrom('port_outs').selectAll().where('source', '=', source).where('carrier_ref', '=', carrierRef).executeTakeFirst();
    return row ? toPortOut(row) : null;
  },

  async openPortOutOf(numberSid) {
    const row = await ctx.db().selectFrom('port_outs').selectAll().where('number_sid', '=', numberSid).where(OPEN_PORT_OUT_PREDICATE).executeTakeFirst();
    return row ? toPortOut(row) : null;
  },

  listPortOuts(accountSid, filter, page) {
    let qb = ctx.db().selectFrom('port_outs').selectAll('port_outs').where('port_outs.account_sid', '=', accountSid);
    if (filter.status !== undefined) qb = qb.where('port_outs.status', '=', filter.status);
    if (filter.phoneNumber !== undefined) qb = qb.where('port_outs.phone_number', '=', filter.phoneNumber);
    return keysetPage(qb, 'port_outs', page, toPortOut);
  },

  async updatePortOut(accountSid, sid, patch) {
    const row = await ctx.db().updateTable('port_outs').set(patchColumns(patch))
      .where('sid', '=', sid).where('account_sid', '=', accountSid).returningAll().executeTakeFirst();
    return row ? toPortOut(row) : null;
  },

  async duePortOuts(now, limit) {
    const rows = await ctx.db().selectFrom('port_outs').selectAll()
      .where(OPEN_PORT_OUT_PREDICATE).where('due_date', '<=', iso(now))
      .orderBy('due_date').orderBy('sid').limit(limit).execute();
    return rows.map(toPortOut);
  },

  async rejectedPortOuts(numberSid, code, since) {
    const row = await ctx.db().selectFrom('port_outs')
      .select((eb) => [eb.fn.countAll<string | number>().as('count'), eb.fn.max('date_created').as('last')])
      .where('number_sid', '=', numberSid).where('date_created', '>=', iso(since))
      .where('status', '=', 'rejected').where('rejection_code', '=', code)
      .executeTakeFirst();
    return { count: toCount(row?.count ?? 0), last: row?.last ? readDate(row.last) : null };
  },

  async getPortOutPin(numberSid) {
    const row = await ctx.db().selectFrom('port_out_pins').selectAll().where('number_sid', '=', numberSid).executeTakeFirst();
    return row ? { numberSid: row.number_sid, pin: row.pin, dateUpdated: readDate(row.date_updated) } : null;
  },

  async addPortOutPin(pin) {
    await ctx.db().insertInto('port_out_pins').values({ number_sid: pin.numberSid, pin: pin.pin, date_updated: iso(pin.dateUpdated) })
      .onConflict((oc) => oc.column('number_sid').doNothing()).execute();
  },

  async setPortOutPin(pin) {
    await ctx.db().insertInto('port_out_pins').values({ number_sid: pin.numberSid, pin: pin.pin, date_updated: iso(pin.dateUpdated) })
      .onConflict((oc) => oc.column('number_sid').doUpdateSet({ pin: pin.pin, date_updated: iso(pin.dateUpdated) })).execute();
  },
});
