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
import { sql, type ExpressionBuilder, type Kysely, type Selectable, type SelectQueryBuilder, type SqlBool } from 'kysely';
import type { GeoTier } from '../domain/allocator/types.ts';
import type { DestinationScope } from '../domain/messaging/sms-gate.ts';
import type { PoolNumber } from '../domain/pool-number.ts';
import type { AllocationQueries } from '../ports/store.ts';
import { readDate, toCount } from './codec.ts';
import type { Ctx } from './context.ts';
import { BOUND_PREDICATE } from './migrations/ddl.ts';
import { toPoolNumber, type NumberRow } from './numbers-repo.ts';
import { perShape, prepared } from './prepared.ts';
import type { Database, NumberHistoryTable } from './schema.ts';
import { sendableTo } from './sms-gate-sql.ts';

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

/**
 * What decides a leastLoadedNumbers statement's SQL text: the values themselves do not, so one prepared
 * statement (prepared.ts) serves every request of a shape, and a tier of three countries is the same
 * statement for every identifier. Bounded by the tiers geo-match.ts can produce.
 */
interface Shape {
  readonly keyColumn: 'iso_country' | 'area_code' | null;
  /** Branches: distinct key values, or 1 when the tier has no key (any number). */
  readonly branches: number;
  /** Area-code branches also honour the tier's countries: how many (null: no country filter). */
  readonly residualCountries: number | null;
  readonly needs: Needs;
  readonly neverUsedOnly: boolean;
  readonly limit: number;
  /** US SMS registration gating (enforce): the destination scope the numbers must be allowed to text. */
  readonly smsScope: DestinationScope | null;
}

/** Where a value goes: the value itself (EXPLAIN in tests) or a prepared.ts placeholder. */
type ValueOf = (name: string) => string;

const distinct = (values: readonly string[]): string[] => [...new Set(values)];

const shapeOf = (q: LeastLoadedQuery): { shape: Shape; values: Record<string, string> } => {
  const keyColumn = q.tier.areaCodes !== null ? 'area_code' : q.tier.countries !== null ? 'iso_country' : null;
  const keys = keyColumn === 'area_code' ? distinct(q.tier.areaCodes ?? []) : keyColumn === 'iso_country' ? distinct(q.tier.countries ?? []) : [];
  const residual = keyColumn === 'area_code' && q.tier.countries !== null ? q.tier.countries : null;
  const values: Record<string, string> = { service: q.serviceSid, identifier: q.identifier };
  keys.forEach((k, i) => { values[`k${i}`] = k; });
  residual?.forEach((c, i) => { values[`c${i}`] = c; });
  const shape: Shape = {
    keyColumn, branches: keyColumn === null ? 1 : keys.length, residualCountries: residual?.length ?? null,
    needs: { voice: q.needs.voice, sms: q.needs.sms }, neverUsedOnly: q.neverUsedOnly, limit: q.limit,
    smsScope: q.smsScope ? { tenDlc: q.smsScope.tenDlc, tollFree: q.smsScope.tollFree } : null,
  };
  return { shape, values };
};

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** Equality on the leading index columns, filters, then the index's own order. */
const branch = (db: Kysely<Database>, s: Shape, v: ValueOf, key: number | null): NumbersQuery => {
  let qb: NumbersQuery = db.selectFrom('phone_numbers as n').selectAll('n')
    .where('n.service_sid', '=', v('service')).where('n.is_reserved', '=', 0);
  if (key !== null && s.keyColumn !== null) qb = qb.where(`n.${s.keyColumn}`, '=', v(`k${key}`));
  // An area-code branch still honours the tier's countries (residual filter on the area-code index).
  if (s.residualCountries !== null) {
    const countries = range(s.residualCountries).map((i) => v(`c${i}`));
    qb = qb.where((eb) => (countries.length > 0 ? eb('n.iso_country', 'in', countries) : sql<SqlBool>`1 = 0`));
  }
  qb = qb.where((eb) => capable(eb, s.needs))
    .where((eb) => eb.not(boundToIdentifier(eb, v('service'), v('identifier'))));
  const scope = s.smsScope;
  if (scope) qb = qb.where((eb) => sendableTo(eb, scope));
  if (s.neverUsedOnly) qb = qb.where((eb) => eb.not(usedByIdentifier(eb, v('service'), v('identifier'))));
  return qb.orderBy('n.load').orderBy('n.phone_number').limit(s.limit);
};

const buildLeastLoaded = (db: Kysely<Database>, s: Shape, v: ValueOf) => {
  const [first, ...rest] = (s.keyColumn === null ? [null] : range(s.branches)).map((key) => branch(db, s, v, key));
  if (first === undefined || s.limit <= 0) return null;
  if (rest.length === 0) return first;
  // Every branch is a derived table so its ORDER BY/LIMIT stays inside it (Kysely doesn't parenthesise
  // set-operation operands); the outer ORDER BY names result columns, as PostgreSQL requires for a UNION.
  let merged = db.selectFrom(first.as('b')).selectAll();
  for (const b of rest) merged = merged.unionAll(db.selectFrom(b.as('b')).selectAll());
  return merged.orderBy('load').orderBy('phone_number').limit(s.limit);
};

/** The query leastLoadedNumbers runs, with its values inline (exported so the plan test EXPLAINs exactly this). */
export const leastLoadedQuery = (db: Kysely<Database>, q: LeastLoadedQuery) => {
  const { shape, values } = shapeOf(q);
  return buildLeastLoaded(db, shape, (name) => values[name] ?? '');
};

/** A shape no number can match (no branch, or nothing asked for) has no statement. */
const matchesNothing = (s: Shape): boolean => s.limit <= 0 || s.branches === 0;

const leastLoadedStatement = perShape(({ shape }: { shape: Shape; names: readonly string[] }) => JSON.stringify(shape),
  ({ shape, names }) => prepared(names, (db, slot) => {
    const query = buildLeastLoaded(db, shape, slot);
    if (query === null) throw new Error('leastLoadedNumbers: a shape that matches nothing has no statement');
    return query;
  }));

// The identifier's history with each number's row: the sticky/least-recently-used facts and the numbers
// themselves in one statement. Only numbers still in this pool: a number that left it can never be the
// sticky choice, and the allocator's view must match what `explain` sees over the whole pool. CROSS JOIN
// pins SQLite's join order to history first (a handful of rows from number_history_recent_idx, then one
// primary-key probe each); with a plain join it preferred walking the whole pool's index. PostgreSQL
// plans a CROSS JOIN with a join condition like any inner join.
// One statement per limit (1 for prefer-sticky, 10,000 for avoid-sticky, explain's own): the limit is
// part of the statement's text (inline-limits.ts): SQLite re-plans a statement with a bound LIMIT on every
// run, and PostgreSQL keeps re-planning one whose generic plan has to guess the LIMIT.
const historyQuery = (db: Kysely<Database>, v: (name: 'service' | 'identifier') => string, limit: number) =>
  db.selectFrom('number_history as h').crossJoin('phone_numbers as n')
    .selectAll('n').select('h.last_used_at as history_last_used_at')
    .whereRef('n.sid', '=', 'h.number_sid').where('n.service_sid', '=', v('service'))
    .where('h.service_sid', '=', v('service')).where('h.identifier', '=', v('identifier'))
    .orderBy('h.last_used_at', 'desc').orderBy('h.number_sid').limit(limit);
const historyNumbers = perShape(String, (limit: number) => prepared(['service', 'identifier'], (db, slot) => historyQuery(db, slot, limit)));

const toHistory = ({ history_last_used_at, ...number }: NumberRow & { readonly history_last_used_at: Date | string }) =>
  ({ number: toPoolNumber(number), lastUsedAt: readDate(history_last_used_at) });

const readHistory = async (ctx: Ctx, serviceSid: string, identifier: string, limit: number) =>
  (await historyNumbers(limit).execute(ctx.db(), { service: serviceSid, identifier })).rows;

// The allocator's usual pair of reads, the first tier's least-loaded numbers and the identifier's history,
// as one statement (UNION ALL of the two, each a derived table keeping its own ORDER BY/LIMIT and plan):
// one round trip instead of two on PostgreSQL. History rows are the ones with a last use.
const historyColumn = sql<Selectable<NumberHistoryTable>['last_used_at'] | null>`null`;
interface WithHistoryShape {
  readonly shape: Shape;
  readonly names: readonly string[];
  readonly historyLimit: number;
}
const leastLoadedWithHistoryStatement = perShape(({ shape, historyLimit }: WithHistoryShape) => `${historyLimit} ${JSON.stringify(shape)}`,
  ({ shape, names, historyLimit }) => prepared(names, (db, slot) => {
    const least = buildLeastLoaded(db, shape, slot);
    if (least === null) throw new Error('leastLoadedWithHistory: a shape that matches nothing has no statement');
    return db.selectFrom(least.as('least')).selectAll('least').select(historyColumn.as('history_last_used_at'))
      .unionAll(db.selectFrom(historyQuery(db, slot, historyLimit).as('hist')).selectAll('hist'));
  }));

const boundNumbers = prepared(['service', 'identifier'], (db, slot) =>
  db.selectFrom('participants').select('proxy_identifier_sid')
    .where('service_sid', '=', slot('service')).where('identifier', '=', slot('identifier')).where(BOUND_PREDICATE));

export const allocationQueries = (ctx: Ctx): AllocationQueries => ({
  async leastLoadedNumbers(q) {
    const { shape, values } = shapeOf(q);
    if (matchesNothing(shape)) return [];
    return (await leastLoadedStatement({ shape, names: Object.keys(values) }).execute(ctx.db(), values)).rows.map(toPoolNumber);
  },

  async leastLoadedWithHistory(q, historyLimit) {
    const { shape, values } = shapeOf(q);
    if (matchesNothing(shape)) {
      return { leastLoaded: [], history: (await readHistory(ctx, q.serviceSid, q.identifier, historyLimit)).map(toHistory) };
    }
    const statement = leastLoadedWithHistoryStatement({ shape, names: Object.keys(values), historyLimit });
    const leastLoaded: PoolNumber[] = [];
    const history: { number: PoolNumber; lastUsedAt: Date }[] = [];
    for (const { history_last_used_at, ...row } of (await statement.execute(ctx.db(), values)).rows) {
      if (history_last_used_at === null) leastLoaded.push(toPoolNumber(row));
      else history.push(toHistory({ ...row, history_last_used_at }));
    }
    return { leastLoaded, history };
  },

  async identifierHistory(serviceSid, identifier, limit) {
    const rows = await readHistory(ctx, serviceSid, identifier, limit);
    return rows.map((r) => ({ numberSid: r.sid, lastUsedAt: readDate(r.history_last_used_at) }));
  },

  async activeBindings(serviceSid, identifier) {
    const { rows } = await boundNumbers.execute(ctx.db(), { service: serviceSid, identifier });
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
        const scope = q.smsScope;
        const sendable = scope ? eb.and([geo, sendableTo(eb, scope)]) : geo;
        return [
          eb.fn.countAll<string | number>().as('in_pool'),
          count(eb.and([unreserved])).as('unreserved'),
          count(eb.and([unreserved, eb('n.cap_voice', '=', 1)])).as('voice_capable'),
          count(eb.and([unreserved, eb('n.cap_sms', '=', 1)])).as('sms_capable'),
          count(isCapable).as('capable'),
          count(geo).as('geo_matching'),
          count(sendable).as('sms_sendable'),
          count(eb.and([sendable, eb.not(boundToIdentifier(eb, q.serviceSid, q.identifier))])).as('not_bound'),
        ];
      })
      .where('n.service_sid', '=', q.serviceSid)
      .executeTakeFirstOrThrow();
    return {
      inPool: toCount(row.in_pool),
      unreserved: toCount(row.unreserved),
      capable: toCount(row.capable),
      geoMatching: toCount(row.geo_matching),
      smsSendable: toCount(row.sms_sendable),
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
