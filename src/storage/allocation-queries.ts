// Candidate queries for the pure allocator. The hot one, leastLoadedNumbers, never reads the pool: each
// branch is an index range scan that is already in (load, phone_number) order and stops at LIMIT.
//
// Plans (test/storage/allocation-plan.test.ts checks them on a seeded pool; figures below from 50,000 numbers,
// 10,000 bound participants, limit 8, after ANALYZE):
//   SQLite:     SEARCH n USING INDEX phone_numbers_country_load_idx (service_sid=? AND is_reserved=? AND iso_country=?)
//               with CORRELATED SCALAR SUBQUERYs that SEARCH participants_binding_uq and the number_history
//               primary key, and no "USE TEMP B-TREE FOR ORDER BY": the index supplies the order.
//   PostgreSQL: Limit -> Nested Loop Anti Join -> Index Scan using phone_numbers_country_load_idx (Index Cond on
//               the same three columns, actual rows=8), anti-joined to the identifier's own rows (Index Only
//               Scan on participants_binding_uq, Index Scan on number_history_recent_idx), no Sort node.
// Several countries (or area codes) become one such branch each, merged by UNION ALL under one ORDER BY
// ... LIMIT (PostgreSQL: a Merge Append over the per-branch Limits; SQLite: MERGE (UNION ALL) sorting at
// most `limit` rows per branch). An IN list instead would make both planners sort the whole matching pool.
// Cost ~ branches x (log n + limit + numbers skipped as bound to or used by the identifier).
import { sql, type ExpressionBuilder, type Kysely, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { GeoTier } from '../domain/allocator/types.ts';
import type { AllocationQueries } from '../ports/store.ts';
import { readDate, toCount } from './codec.ts';
import type { Ctx } from './context.ts';
import { BOUND_PREDICATE } from './migrations/ddl.ts';
import { toPoolNumber, type NumberRow } from './numbers-repo.ts';
import type { Database } from './schema.ts';

type Needs = { readonly voice: boolean; readonly sms: boolean };
type LeastLoadedQuery = Parameters<AllocationQueries['leastLoadedNumbers']>[0];
type NumbersEb = ExpressionBuilder<Database & { n: Database['phone_numbers'] }, 'n'>;
type NumbersQuery = SelectQueryBuilder<Database & { n: Database['phone_numbers'] }, 'n', NumberRow>;

/** Correlated: the identifier already holds `n` in an active session (probes participants_binding_uq). */
const boundToIdentifier = (eb: NumbersEb, serviceSid: string, identifier: string) =>
  eb.exists(eb.selectFrom('participants as p').select(sql.lit(1).as('one'))
    .where('p.service_sid', '=', serviceSid).where('p.identifier', '=', identifier)
    .whereRef('p.proxy_identifier', '=', 'n.phone_number').where(BOUND_PREDICATE));

const usedByIdentifier = (eb: NumbersEb, serviceSid: string, identifier: string) =>
  eb.exists(eb.selectFrom('number_history as h').select(sql.lit(1).as('one'))
    .where('h.service_sid', '=', serviceSid).where('h.identifier', '=', identifier).whereRef('h.number_sid', '=', 'n.sid'));

const capable = (eb: NumbersEb, needs: Needs) => eb.and([
  ...(needs.voice ? [eb('n.cap_voice', '=', 1)] : []),
  ...(needs.sms ? [eb('n.cap_sms', '=', 1)] : []),
]);

/** A tier as a predicate. An empty list matches nothing (`in ()` is not SQL), null matches anything. */
const inTier = (eb: NumbersEb, tier: GeoTier) => {
  const terms = [];
  if (tier.countries !== null) terms.push(tier.countries.length > 0 ? eb('n.iso_country', 'in', tier.countries) : sql<SqlBool>`1 = 0`);
  if (tier.areaCodes !== null) terms.push(tier.areaCodes.length > 0 ? eb('n.area_code', 'in', tier.areaCodes) : sql<SqlBool>`1 = 0`);
  return eb.and(terms);
};

/** Equality on the leading index columns, filters, then the index's own order. */
const branch = (db: Kysely<Database>, q: LeastLoadedQuery, key: { column: 'iso_country' | 'area_code'; value: string } | null): NumbersQuery => {
  let qb: NumbersQuery = db.selectFrom('phone_numbers as n').selectAll('n')
    .where('n.service_sid', '=', q.serviceSid).where('n.is_reserved', '=', 0);
  if (key !== null) qb = qb.where(`n.${key.column}`, '=', key.value);
  // An area-code branch still honours the tier's countries (residual filter on the area-code index).
  if (key?.column === 'area_code' && q.tier.countries !== null) qb = qb.where((eb) => inTier(eb, { ...q.tier, areaCodes: null }));
  qb = qb.where((eb) => capable(eb, q.needs))
    .where((eb) => eb.not(boundToIdentifier(eb, q.serviceSid, q.identifier)));
  if (q.neverUsedOnly) qb = qb.where((eb) => eb.not(usedByIdentifier(eb, q.serviceSid, q.identifier)));
  return qb.orderBy('n.load').orderBy('n.phone_number').limit(q.limit);
};

/** The query leastLoadedNumbers runs (exported so the plan test EXPLAINs exactly this). */
export const leastLoadedQuery = (db: Kysely<Database>, q: LeastLoadedQuery) => {
  const distinct = (values: readonly string[]) => [...new Set(values)];
  const keys = q.tier.areaCodes !== null
    ? distinct(q.tier.areaCodes).map((value) => ({ column: 'area_code' as const, value }))
    : q.tier.countries !== null ? distinct(q.tier.countries).map((value) => ({ column: 'iso_country' as const, value })) : [null];
  const [first, ...rest] = keys.map((key) => branch(db, q, key));
  if (first === undefined || q.limit <= 0) return null;
  if (rest.length === 0) return first;
  // Every branch is a derived table so its ORDER BY/LIMIT stays inside it (Kysely doesn't parenthesise
  // set-operation operands); the outer ORDER BY names result columns, as PostgreSQL requires for a UNION.
  let merged = db.selectFrom(first.as('b')).selectAll();
  for (const b of rest) merged = merged.unionAll(db.selectFrom(b.as('b')).selectAll());
  return merged.orderBy('load').orderBy('phone_number').limit(q.limit);
};

export const allocationQueries = (ctx: Ctx): AllocationQueries => ({
  async leastLoadedNumbers(q) {
    const query = leastLoadedQuery(ctx.db(), q);
    return query === null ? [] : (await query.execute()).map(toPoolNumber);
  },

  async identifierHistory(serviceSid, identifier, limit) {
    // Only numbers still in this pool: a number that left it can never be the sticky choice, and the
    // allocator's view must match what `explain` sees over the whole pool.
    const rows = await ctx.db().selectFrom('number_history as h')
      .innerJoin('phone_numbers as n', (j) => j.onRef('n.sid', '=', 'h.number_sid').on('n.service_sid', '=', serviceSid))
      .select(['h.number_sid as number_sid', 'h.last_used_at as last_used_at'])
      .where('h.service_sid', '=', serviceSid).where('h.identifier', '=', identifier)
      .orderBy('h.last_used_at', 'desc').orderBy('h.number_sid').limit(limit).execute();
    return rows.map((r) => ({ numberSid: r.number_sid, lastUsedAt: readDate(r.last_used_at) }));
  },

  async activeBindings(serviceSid, identifier) {
    const rows = await ctx.db().selectFrom('participants').select('proxy_identifier_sid')
      .where('service_sid', '=', serviceSid).where('identifier', '=', identifier).where(BOUND_PREDICATE).execute();
    return new Set(rows.flatMap((r) => (r.proxy_identifier_sid === null ? [] : [r.proxy_identifier_sid])));
  },

  async findNumbersBySids(serviceSid, sids) {
    if (sids.length === 0) return [];
    const rows = await ctx.db().selectFrom('phone_numbers').selectAll()
      .where('service_sid', '=', serviceSid).where('sid', 'in', [...sids]).orderBy('phone_number').execute();
    return rows.map(toPoolNumber);
  },

  async poolFunnel(q) {
    // Failure path only: one pass over the pool with a running conjunction of the hard filters, in order.
    const row = await ctx.db().selectFrom('phone_numbers as n')
      .select((eb) => {
        const count = (cond: ReturnType<NumbersEb['and']>) => eb.fn.sum<string | number | null>(eb.case().when(cond).then(1).else(0).end());
        const unreserved = eb('n.is_reserved', '=', 0);
        const isCapable = eb.and([unreserved, capable(eb, q.needs)]);
        const geo = eb.and([isCapable, eb.or(q.tiers.map((t) => inTier(eb, t)))]);
        return [
          eb.fn.countAll<string | number>().as('in_pool'),
          count(eb.and([unreserved])).as('unreserved'),
          count(eb.and([unreserved, eb('n.cap_voice', '=', 1)])).as('voice_capable'),
          count(eb.and([unreserved, eb('n.cap_sms', '=', 1)])).as('sms_capable'),
          count(isCapable).as('capable'),
          count(geo).as('geo_matching'),
          count(eb.and([geo, eb.not(boundToIdentifier(eb, q.serviceSid, q.identifier))])).as('not_bound'),
        ];
      })
      .where('n.service_sid', '=', q.serviceSid)
      .executeTakeFirstOrThrow();
    return {
      inPool: toCount(row.in_pool),
      unreserved: toCount(row.unreserved),
      capable: toCount(row.capable),
      geoMatching: toCount(row.geo_matching),
      notBound: toCount(row.not_bound),
      voiceCapable: toCount(row.voice_capable),
      smsCapable: toCount(row.sms_capable),
    };
  },

  async listWholePool(serviceSid, limit) {
    const rows = await ctx.db().selectFrom('phone_numbers').selectAll()
      .where('service_sid', '=', serviceSid).orderBy('load').orderBy('phone_number').limit(limit).execute();
    return rows.map(toPoolNumber);
  },
});
