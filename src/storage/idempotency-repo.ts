// I-Twilio-Idempotency-Token records: one row per (account, scope, token). A row is pending (owner and
// lease_until set) while the request that reserved it is at work, and holds the stored answer once done.
// Every write is a single statement keyed by the primary key, so two instances racing for one token are
// settled by the database: one insert wins, one compare-and-set takeover wins.
import type { IdempotencyClaim, IdempotencyRepo } from '../ports/store.ts';
import { iso, readDate } from './codec.ts';
import type { Ctx } from './context.ts';

type Keyed = Pick<IdempotencyClaim, 'accountSid' | 'scope' | 'key'>;

export const idempotencyRepo = (ctx: Ctx): IdempotencyRepo => {
  const byKey = (c: Keyed) => ctx.db().selectFrom('idempotency_keys').selectAll()
    .where('account_sid', '=', c.accountSid).where('scope', '=', c.scope).where('key', '=', c.key);
  const updateByKey = (c: Keyed) => ctx.db().updateTable('idempotency_keys')
    .where('account_sid', '=', c.accountSid).where('scope', '=', c.scope).where('key', '=', c.key);

  const reserveIdempotent: IdempotencyRepo['reserveIdempotent'] = async (c, now) => {
    // ON CONFLICT DO NOTHING (both dialects): the loser learns it lost without an error, which on
    // PostgreSQL would abort a surrounding transaction.
    const inserted = await ctx.db().insertInto('idempotency_keys').values({
      account_sid: c.accountSid, scope: c.scope, key: c.key, status: 0, body: '', date_created: iso(now),
      owner: c.owner, lease_until: iso(c.leaseUntil),
    }).onConflict((oc) => oc.columns(['account_sid', 'scope', 'key']).doNothing()).executeTakeFirst();
    if ((inserted.numInsertedOrUpdatedRows ?? 0n) > 0n) return { kind: 'reserved' };
    const found = await byKey(c).executeTakeFirst();
    // Released between our insert and this read: an ended lease, so the caller takes it over (re-reserves).
    if (!found) return { kind: 'pending', owner: '', leaseUntil: new Date(0) };
    if (found.owner === null || found.lease_until === null) return { kind: 'done', status: found.status, body: found.body };
    return { kind: 'pending', owner: found.owner, leaseUntil: readDate(found.lease_until) };
  };

  return {
    reserveIdempotent,

    async takeOverIdempotent(c, now) {
      // Compare-and-set on the lease: of two instances taking over one dead owner's row, one updates it.
      const result = await updateByKey(c).set({ owner: c.owner, lease_until: iso(c.leaseUntil) })
        .where('owner', 'is not', null).where('lease_until', '<=', iso(now)).executeTakeFirst();
      if (result.numUpdatedRows > 0n) return true;
      // Released (deleted) meanwhile: reserve it afresh; finished or re-leased: not ours.
      return (await reserveIdempotent(c, now)).kind === 'reserved';
    },

    async completeIdempotent(c, status, body) {
      const result = await updateByKey(c).set({ status, body, owner: null, lease_until: null }).where('owner', '=', c.owner).executeTakeFirst();
      return result.numUpdatedRows > 0n;
    },

    async releaseIdempotent(c) {
      await ctx.db().deleteFrom('idempotency_keys')
        .where('account_sid', '=', c.accountSid).where('scope', '=', c.scope).where('key', '=', c.key).where('owner', '=', c.owner).execute();
    },
  };
};
