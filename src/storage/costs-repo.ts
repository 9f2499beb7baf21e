// Cost records (migration 012). Written in the caller's transaction with the event they price; a record
// whose event_key is already stored is skipped by ON CONFLICT DO NOTHING (same statement on both
// databases), so a retried event never bills twice and never aborts the caller's transaction.
//
// Time buckets are UTC. Dates are ISO text on SQLite, whose prefixes are the day / month / year; on
// PostgreSQL they are timestamptz, formatted in UTC. The formats are constants (sql.lit), never input.
import { sql, type Insertable, type QueryCreator, type RawBuilder, type Selectable, type SqlBool } from 'kysely';
import { COST_CATEGORIES, COST_UNITS, type CostRecord } from '../domain/usage/cost-record.ts';
import type { CostReportRow, CostRepo, UsageGranularity, UsageQuery, UsageRow } from '../ports/store/costs.ts';
import { iso, oneOf, readDate, toCount } from './codec.ts';
import type { Ctx } from './context.ts';
import { leaseRepo } from './leases-repo.ts';
import { prepared, type Slot, type SlotValues } from './prepared.ts';
import type { CostRecordsTable, Database } from './schema.ts';

type Row = Selectable<CostRecordsTable>;
type Range = Omit<UsageQuery, 'granularity'>;

/** Rows per INSERT: 17 columns each stays far below SQLite's and PostgreSQL's bound-parameter limits. */
const INSERT_CHUNK = 500;

const toValues = (r: CostRecord): Insertable<CostRecordsTable> => ({
  sid: r.sid,
  account_sid: r.accountSid,
  category: r.category,
  event_key: r.eventKey,
  resource_sid: r.resourceSid,
  number_sid: r.numberSid,
  phone_number: r.phoneNumber,
  service_sid: r.serviceSid,
  carrier: r.carrier,
  quantity: r.quantity,
  unit: r.unit,
  billable_quantity: r.billableQuantity,
  rate_micros: r.rateMicros,
  amount_micros: r.amountMicros,
  currency: r.currency,
  occurred_at: iso(r.occurredAt),
  rate_card_version: r.rateCardVersion,
});

// The inbound routing write adds its records to its own statement(s) (routing-queries.ts): prepared once.
export const COST_SLOTS = [
  'sid', 'account_sid', 'category', 'event_key', 'resource_sid', 'number_sid', 'phone_number', 'service_sid', 'carrier', 'quantity',
  'unit', 'billable_quantity', 'rate_micros', 'amount_micros', 'currency', 'occurred_at', 'rate_card_version',
] as const;
export type CostSlot = (typeof COST_SLOTS)[number];

export const costValues = (r: CostRecord): SlotValues<CostSlot> => {
  const v = toValues(r);
  return {
    sid: v.sid, account_sid: v.account_sid, category: v.category, event_key: v.event_key, resource_sid: v.resource_sid,
    number_sid: v.number_sid ?? null, phone_number: v.phone_number ?? null, service_sid: v.service_sid ?? null, carrier: v.carrier,
    quantity: r.quantity, unit: v.unit, billable_quantity: r.billableQuantity, rate_micros: r.rateMicros, amount_micros: r.amountMicros,
    currency: v.currency, occurred_at: iso(r.occurredAt), rate_card_version: v.rate_card_version,
  };
};

/** Records skipped when their event key is stored: a replay never bills twice, nor fails the write. */
export const costsInsert = (qc: QueryCreator<Database>, rows: readonly Slot<CostSlot>[]) =>
  qc.insertInto('cost_records').values(rows.map((slot) => ({
    sid: slot('sid'), account_sid: slot('account_sid'), category: slot('category'), event_key: slot('event_key'), resource_sid: slot('resource_sid'),
    number_sid: slot('number_sid'), phone_number: slot('phone_number'), service_sid: slot('service_sid'), carrier: slot('carrier'),
    quantity: sql<number>`${slot('quantity')}`, unit: slot('unit'), billable_quantity: sql<number>`${slot('billable_quantity')}`,
    rate_micros: sql<number>`${slot('rate_micros')}`, amount_micros: sql<number>`${slot('amount_micros')}`, currency: slot('currency'),
    occurred_at: slot('occurred_at'), rate_card_version: slot('rate_card_version'),
  }))).onConflict((oc) => oc.doNothing());

export const insertCost = prepared(COST_SLOTS, (db, slot) => costsInsert(db, [slot]));

export const toCostRecord = (r: Row): CostRecord => ({
  sid: r.sid,
  accountSid: r.account_sid,
  category: oneOf(COST_CATEGORIES, r.category, 'cost_records.category'),
  eventKey: r.event_key,
  resourceSid: r.resource_sid,
  numberSid: r.number_sid,
  phoneNumber: r.phone_number,
  serviceSid: r.service_sid,
  carrier: r.carrier,
  quantity: Number(r.quantity),
  unit: oneOf(COST_UNITS, r.unit, 'cost_records.unit'),
  billableQuantity: Number(r.billable_quantity),
  rateMicros: Number(r.rate_micros),
  amountMicros: Number(r.amount_micros),
  currency: r.currency,
  occurredAt: readDate(r.occurred_at),
  rateCardVersion: r.rate_card_version,
});

type Bucketed = Exclude<UsageGranularity, 'all'>;
const SQLITE_PREFIX: Readonly<Record<Bucketed, number>> = { day: 10, month: 7, year: 4 };
const POSTGRES_FORMAT: Readonly<Record<Bucketed, string>> = { day: 'YYYY-MM-DD', month: 'YYYY-MM', year: 'YYYY' };

/** The bucket of occurred_at as text: 'YYYY-MM-DD', 'YYYY-MM' or 'YYYY' (UTC). */
const bucketExpression = (ctx: Ctx, granularity: Bucketed): RawBuilder<string> =>
  ctx.dialect.name === 'sqlite'
    ? sql<string>`substr(occurred_at, 1, ${sql.lit(SQLITE_PREFIX[granularity])})`
    : sql<string>`to_char(occurred_at at time zone 'UTC', ${sql.lit(POSTGRES_FORMAT[granularity])})`;

/** '2026-03' -> 2026-03-01T00:00:00Z. */
const bucketStart = (text: string): Date => {
  const [year = '1970', month = '01', day = '01'] = text.split('-');
  return new Date(`${year}-${month}-${day}T00:00:00.000Z`);
};

export const costRepo = (ctx: Ctx): CostRepo => {
  /** The records of the query's accounts and categories in [from, until). */
  const inRange = (q: Range) => {
    let qb = ctx.db().selectFrom('cost_records')
      .where('account_sid', 'in', [...q.accountSids])
      .where('occurred_at', '>=', iso(q.from))
      .where('occurred_at', '<', iso(q.until));
    if (q.categories !== undefined && q.categories.length > 0) qb = qb.where('category', 'in', [...q.categories]);
    return qb;
  };
  const sums = {
    count: sql<string | number>`count(*)`,
    usage: sql<string | number>`sum(billable_quantity)`,
    amount: sql<string | number>`sum(amount_micros)`,
  };
  const empty = (q: Range): boolean => q.accountSids.length === 0 || (q.categories !== undefined && q.categories.length === 0);

  return {
    ...leaseRepo(ctx),

    async recordCosts(records) {
      for (let i = 0; i < records.length; i += INSERT_CHUNK) {
        const chunk = records.slice(i, i + INSERT_CHUNK).map(toValues);
        await ctx.db().insertInto('cost_records').values(chunk).onConflict((oc) => oc.doNothing()).execute();
      }
    },

    async summarizeUsage(q) {
      if (empty(q)) return [];
      const base = inRange(q).select(['category', 'currency'])
        .select([sums.count.as('count'), sums.usage.as('usage'), sums.amount.as('amount')]);
      if (q.granularity === 'all') {
        const rows = await base.groupBy(['category', 'currency']).orderBy('category').orderBy('currency').execute();
        return rows.map((r): UsageRow => ({
          category: oneOf(COST_CATEGORIES, r.category, 'cost_records.category'),
          periodStart: q.from, count: toCount(r.count), usage: toCount(r.usage), amountMicros: toCount(r.amount), currency: r.currency,
        }));
      }
      const bucket = bucketExpression(ctx, q.granularity);
      const rows = await base.select(bucket.as('period')).groupBy([bucket, 'category', 'currency'])
        .orderBy(bucket).orderBy('category').orderBy('currency').execute();
      return rows.map((r): UsageRow => ({
        category: oneOf(COST_CATEGORIES, r.category, 'cost_records.category'),
        periodStart: bucketStart(r.period), count: toCount(r.count), usage: toCount(r.usage), amountMicros: toCount(r.amount), currency: r.currency,
      }));
    },

    async costReport(q) {
      if (empty(q)) return [];
      const key = q.by === 'number' ? 'number_sid' : 'service_sid';
      const rows = await inRange(q).where(key, 'is not', null)
        .select([sql<string>`${sql.ref(key)}`.as('key'), q.by === 'number' ? sql<string | null>`max(phone_number)`.as('phone_number') : sql<null>`null`.as('phone_number'), 'category', 'currency'])
        .select([sums.count.as('count'), sums.usage.as('usage'), sums.amount.as('amount')])
        .groupBy([key, 'category', 'currency']).orderBy(key).orderBy('category').orderBy('currency').execute();
      return rows.map((r): CostReportRow => ({
        key: r.key,
        phoneNumber: r.phone_number,
        category: oneOf(COST_CATEGORIES, r.category, 'cost_records.category'),
        count: toCount(r.count), usage: toCount(r.usage), amountMicros: toCount(r.amount), currency: r.currency,
      }));
    },

    async listCostRecords(q) {
      if (empty(q)) return [];
      let qb = inRange(q).selectAll();
      if (q.after !== undefined) {
        qb = qb.where(sql<SqlBool>`(occurred_at, sid) > (${iso(q.after.occurredAt)}, ${q.after.sid})`);
      }
      const rows = await qb.orderBy('occurred_at').orderBy('sid').limit(Math.max(1, Math.floor(q.limit))).execute();
      return rows.map(toCostRecord);
    },
  };
};
