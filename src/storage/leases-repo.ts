// Lease billing's queue (migration 012): active numbers by lease_billed_until, on a partial index whose
// WHERE the due query repeats word for word (unqualified: only numbers has a `state`). advanceLease is a compare-and-set on the old value, so two
// passes (two instances) never move one number twice; the cost record's event key guards the bill itself.
import { NUMBER_TYPES } from '../domain/inventory-number.ts';
import type { LeaseDue, LeaseRepo } from '../ports/store/costs.ts';
import { iso, oneOfOrNull, readDate } from './codec.ts';
import type { Ctx } from './context.ts';
import { LEASE_BILLABLE_PREDICATE } from './migrations/012-costs.ts';

interface LeaseRow {
  sid: string;
  account_sid: string;
  phone_number: string;
  type: string | null;
  carrier: string;
  service_sid: string | null;
  date_created: Date | string;
  date_state_changed: Date | string;
  lease_billed_until: Date | string;
}

const toLease = (r: LeaseRow): LeaseDue => ({
  numberSid: r.sid,
  accountSid: r.account_sid,
  phoneNumber: r.phone_number,
  type: oneOfOrNull(NUMBER_TYPES, r.type, 'numbers.type'),
  carrier: r.carrier,
  serviceSid: r.service_sid,
  acquiredAt: readDate(r.date_created),
  activatedAt: readDate(r.date_state_changed),
  billedUntil: readDate(r.lease_billed_until),
});

export const leaseRepo = (ctx: Ctx): LeaseRepo => {
  const leases = () => ctx.db().selectFrom('numbers as n')
    .leftJoin('phone_numbers as p', 'p.sid', 'n.sid')
    .select(['n.sid', 'n.account_sid', 'n.phone_number', 'n.type', 'n.carrier', 'p.service_sid', 'n.date_created', 'n.date_state_changed', 'n.lease_billed_until']);
  return {
    async dueLeases(now, limit) {
      const rows = await leases()
        .where(LEASE_BILLABLE_PREDICATE)
        .where('n.lease_billed_until', '<=', iso(now))
        .orderBy('n.lease_billed_until').orderBy('n.sid').limit(Math.max(1, Math.floor(limit))).execute();
      return rows.map(toLease);
    },
    async findLease(numberSid) {
      const row = await leases().where('n.sid', '=', numberSid).where('n.state', '=', 'active').executeTakeFirst();
      return row === undefined ? null : toLease(row);
    },
    async advanceLease(numberSid, from, until) {
      const result = await ctx.db().updateTable('numbers').set({ lease_billed_until: iso(until) })
        .where('sid', '=', numberSid).where('lease_billed_until', '=', iso(from)).executeTakeFirst();
      return Number(result.numUpdatedRows) > 0;
    },
  };
};
