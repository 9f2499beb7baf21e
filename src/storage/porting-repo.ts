// Port-in requests, their numbers and the porting webhook configurations (migration 015). A number is in
// at most one open port: port_in_numbers_open_uq, whose predicate the open-port query repeats word for word.
import { sql, type Selectable, type SqlBool, type Updateable } from 'kysely';
import {
  LINE_TYPES, PORT_NUMBER_STATUSES, PORT_REQUEST_STATUSES, type PortInDetails, type PortInNumber, type PortInRequest, type PortNumberStatus,
} from '../domain/porting/port-in.ts';
import type { PortingWebhookConfig } from '../domain/porting/webhook-config.ts';
import type { PortInFilter, PortInNumberPatch, PortInRequestPatch, PortingRepo } from '../ports/store/porting.ts';
import { iso, isoOrNull, oneOf, readDate, readDateOrNull } from './codec.ts';
import { guarded, type Ctx } from './context.ts';
import { OPEN_PORT_NUMBER_PREDICATE, UNSIGNED_PORT_PREDICATE } from './migrations/015-port-in.ts';
import { POLLED_PORT_PREDICATE } from './migrations/018-port-in-carrier-orders.ts';
import { keysetPage } from './paging.ts';
import type { PortInNumbersTable, PortInRequestsTable, PortingWebhookConfigsTable } from './schema.ts';

type RequestRow = Selectable<PortInRequestsTable>;
type NumberRow = Selectable<PortInNumbersTable>;

const readDetails = (text: string): PortInDetails => {
  // Written only by this repo from a PortInDetails; parsed back whole.
  const parsed: PortInDetails = JSON.parse(text);
  return parsed;
};

const toRequest = (r: RequestRow): PortInRequest => ({
  sid: r.sid,
  accountSid: r.account_sid,
  status: oneOf(PORT_REQUEST_STATUSES, r.status, 'port_in_requests.status'),
  carrier: r.carrier,
  details: readDetails(r.details),
  supportTicketId: Number(r.support_ticket_id),
  orderCancellationReason: r.order_cancellation_reason,
  signedAt: readDateOrNull(r.signed_at),
  expiresAt: readDate(r.expires_at),
  dateStatusChanged: readDate(r.date_status_changed),
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated),
});

const toNumber = (r: NumberRow): PortInNumber => ({
  sid: r.sid,
  requestSid: r.request_sid,
  accountSid: r.account_sid,
  phoneNumber: r.phone_number,
  status: oneOf(PORT_NUMBER_STATUSES, r.status, 'port_in_numbers.status'),
  pin: r.pin,
  lineType: oneOf(LINE_TYPES, r.line_type, 'port_in_numbers.line_type'),
  rejectionCode: r.rejection_code,
  portDate: readDateOrNull(r.port_date),
  numberSid: r.number_sid,
  carrierRef: r.carrier_ref,
  pollAt: readDateOrNull(r.poll_at),
  dateStatusChanged: readDate(r.date_status_changed),
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated),
});

const requestColumns = (p: PortInRequestPatch): Updateable<PortInRequestsTable> => ({
  ...(p.status !== undefined && { status: p.status }),
  ...(p.details !== undefined && { details: JSON.stringify(p.details) }),
  ...(p.orderCancellationReason !== undefined && { order_cancellation_reason: p.orderCancellationReason }),
  ...(p.signedAt !== undefined && { signed_at: isoOrNull(p.signedAt) }),
  ...(p.dateStatusChanged !== undefined && { date_status_changed: iso(p.dateStatusChanged) }),
  date_updated: iso(p.dateUpdated),
});

const numberColumns = (p: PortInNumberPatch): Updateable<PortInNumbersTable> => ({
  ...(p.status !== undefined && { status: p.status }),
  ...(p.pin !== undefined && { pin: p.pin }),
  ...(p.rejectionCode !== undefined && { rejection_code: p.rejectionCode }),
  ...(p.portDate !== undefined && { port_date: isoOrNull(p.portDate) }),
  ...(p.numberSid !== undefined && { number_sid: p.numberSid }),
  ...(p.carrierRef !== undefined && { carrier_ref: p.carrierRef }),
  ...(p.pollAt !== undefined && { poll_at: isoOrNull(p.pollAt) }),
  ...(p.dateStatusChanged !== undefined && { date_status_changed: iso(p.dateStatusChanged) }),
  date_updated: iso(p.dateUpdated),
});

const readEvents = (text: string): string[] => {
  const parsed: unknown = JSON.parse(text);
  return Array.isArray(parsed) ? parsed.filter((e): e is string => typeof e === 'string') : [];
};

const toWebhookConfig = (r: Selectable<PortingWebhookConfigsTable>): PortingWebhookConfig => ({
  accountSid: r.account_sid,
  portInTargetUrl: r.port_in_target_url,
  portOutTargetUrl: r.port_out_target_url,
  notificationsOf: readEvents(r.notifications_of),
  dateCreated: readDate(r.date_created),
  dateUpdated: readDate(r.date_updated),
});

const insertRows = (request: PortInRequest, numbers: readonly PortInNumber[]) => ({
  request: {
    sid: request.sid, account_sid: request.accountSid, status: request.status, carrier: request.carrier, details: JSON.stringify(request.details),
    support_ticket_id: request.supportTicketId, order_cancellation_reason: request.orderCancellationReason, signed_at: isoOrNull(request.signedAt),
    expires_at: iso(request.expiresAt), date_status_changed: iso(request.dateStatusChanged), date_created: iso(request.dateCreated), date_updated: iso(request.dateUpdated),
  },
  numbers: numbers.map((n) => ({
    sid: n.sid, request_sid: n.requestSid, account_sid: n.accountSid, phone_number: n.phoneNumber, status: n.status, pin: n.pin, line_type: n.lineType,
    rejection_code: n.rejectionCode, port_date: isoOrNull(n.portDate), number_sid: n.numberSid, carrier_ref: n.carrierRef, poll_at: isoOrNull(n.pollAt),
    date_status_changed: iso(n.dateStatusChanged),
    date_created: iso(n.dateCreated), date_updated: iso(n.dateUpdated),
  })),
});

/** Rows per insert statement: well under both databases' bound-parameter limits (15 columns each). */
const INSERT_CHUNK = 200;

export const portingRepo = (ctx: Ctx): PortingRepo => ({
  createPortIn: (request, numbers) => ctx.atomic(() => guarded(ctx, async () => {
    const rows = insertRows(request, numbers);
    await ctx.db().insertInto('port_in_requests').values(rows.request).execute();
    for (let i = 0; i < rows.numbers.length; i += INSERT_CHUNK) {
      await ctx.db().insertInto('port_in_numbers').values(rows.numbers.slice(i, i + INSERT_CHUNK)).execute();
    }
  })),

  findPortIn: async (accountSid, sid) => {
    const row = await ctx.db().selectFrom('port_in_requests').selectAll().where('sid', '=', sid).where('account_sid', '=', accountSid).executeTakeFirst();
    return row ? toRequest(row) : null;
  },

  portInNumbers: async (requestSid) => {
    const rows = await ctx.db().selectFrom('port_in_numbers').selectAll().where('request_sid', '=', requestSid)
      .orderBy('date_created').orderBy('sid').execute();
    return rows.map(toNumber);
  },

  findPortInNumber: async (accountSid, requestSid, sid) => {
    const row = await ctx.db().selectFrom('port_in_numbers').selectAll()
      .where('sid', '=', sid).where('request_sid', '=', requestSid).where('account_sid', '=', accountSid).executeTakeFirst();
    return row ? toNumber(row) : null;
  },

  listPortIns: (accountSid, filter: PortInFilter, page) => {
    let q = ctx.db().selectFrom('port_in_requests').selectAll().where('account_sid', '=', accountSid);
    if (filter.status !== undefined) q = q.where('status', '=', filter.status);
    if (filter.sid !== undefined) q = q.where('sid', '=', filter.sid);
    if (filter.createdBefore !== undefined) q = q.where('date_created', '<', iso(filter.createdBefore));
    if (filter.createdAfter !== undefined) q = q.where('date_created', '>', iso(filter.createdAfter));
    return keysetPage(q, 'port_in_requests', page, toRequest);
  },

  updatePortIn: async (sid, patch) => {
    await ctx.db().updateTable('port_in_requests').set(requestColumns(patch)).where('sid', '=', sid).execute();
  },

  updatePortInNumber: (sid, from: PortNumberStatus, patch) => guarded(ctx, async () => {
    const result = await ctx.db().updateTable('port_in_numbers').set(numberColumns(patch)).where('sid', '=', sid).where('status', '=', from).executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }),

  openPortFor: async (e164) => {
    const row = await ctx.db().selectFrom('port_in_numbers').selectAll().where('phone_number', '=', e164)
      .where(OPEN_PORT_NUMBER_PREDICATE).executeTakeFirst();
    return row ? toNumber(row) : null;
  },

  duePortInNumbers: async (status, now, limit) => {
    const rows = await ctx.db().selectFrom('port_in_numbers').selectAll().where('status', '=', status).where('carrier_ref', 'is', null)
      .where(sql<SqlBool>`(port_date is null or port_date <= ${iso(now)})`)
      .orderBy('date_status_changed').orderBy('sid').limit(limit).execute();
    return rows.map(toNumber);
  },

  pollDuePortInNumbers: async (now, limit) => {
    const rows = await ctx.db().selectFrom('port_in_numbers').selectAll().where(POLLED_PORT_PREDICATE)
      .where('poll_at', '<=', iso(now)).orderBy('poll_at').orderBy('sid').limit(limit).execute();
    return rows.map(toNumber);
  },

  portInNumberByCarrierRef: async (carrier, carrierRef) => {
    const row = await ctx.db().selectFrom('port_in_numbers').innerJoin('port_in_requests', 'port_in_requests.sid', 'port_in_numbers.request_sid')
      .selectAll('port_in_numbers').where('port_in_numbers.carrier_ref', '=', carrierRef).where('port_in_requests.carrier', '=', carrier)
      .orderBy('port_in_numbers.date_created', 'desc').executeTakeFirst();
    return row ? toNumber(row) : null;
  },

  expiredUnsignedPortIns: async (now, limit) => {
    const rows = await ctx.db().selectFrom('port_in_requests').selectAll().where(UNSIGNED_PORT_PREDICATE)
      .where('expires_at', '<=', iso(now)).orderBy('expires_at').limit(limit).execute();
    return rows.map(toRequest);
  },

  getPortingWebhookConfig: async (accountSid) => {
    const row = await ctx.db().selectFrom('porting_webhook_configs').selectAll().where('account_sid', '=', accountSid).executeTakeFirst();
    return row ? toWebhookConfig(row) : null;
  },

  putPortingWebhookConfig: async (config) => {
    const values = {
      port_in_target_url: config.portInTargetUrl, port_out_target_url: config.portOutTargetUrl,
      notifications_of: JSON.stringify(config.notificationsOf), date_updated: iso(config.dateUpdated),
    };
    await ctx.db().insertInto('porting_webhook_configs')
      .values({ account_sid: config.accountSid, ...values, date_created: iso(config.dateCreated) })
      .onConflict((oc) => oc.column('account_sid').doUpdateSet(values)).execute();
  },
});
