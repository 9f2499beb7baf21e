// Carrier link leases (migration 020): one row per link, taken or renewed by one upsert whose update
// only happens when the row is the caller's or has expired. RETURNING says whether it happened: on a
// conflict whose WHERE is false neither SQLite nor PostgreSQL returns a row. On PostgreSQL the upsert
// locks the row, so two instances racing for an expired lease are serialised and the second finds the
// first's fresh lease.
import type { LinkLeaseRepo } from '../ports/store/link-leases.ts';
import { iso, readDate } from './codec.ts';
import type { Ctx } from './context.ts';

export const linkLeaseRepo = (ctx: Ctx): LinkLeaseRepo => ({
  async acquireLinkLease(name, holder, now, until) {
    const row = await ctx.db().insertInto('link_leases')
      .values({ name, holder, lease_until: iso(until), date_acquired: iso(now) })
      .onConflict((oc) => oc.column('name')
        .doUpdateSet((eb) => ({
          holder: eb.ref('excluded.holder'),
          lease_until: eb.ref('excluded.lease_until'),
          // Kept while the same holder renews: when it took the link over.
          date_acquired: eb.case().when('link_leases.holder', '=', holder).then(eb.ref('link_leases.date_acquired')).else(eb.ref('excluded.date_acquired')).end(),
        }))
        .where((eb) => eb.or([eb('link_leases.holder', '=', holder), eb('link_leases.lease_until', '<=', iso(now))])))
      .returning('holder')
      .executeTakeFirst();
    return row?.holder === holder;
  },
  async releaseLinkLease(name, holder) {
    await ctx.db().deleteFrom('link_leases').where('name', '=', name).where('holder', '=', holder).execute();
  },
  async findLinkLease(name) {
    const row = await ctx.db().selectFrom('link_leases').selectAll().where('name', '=', name).executeTakeFirst();
    return row ? { name: row.name, holder: row.holder, until: readDate(row.lease_until) } : null;
  },
});
