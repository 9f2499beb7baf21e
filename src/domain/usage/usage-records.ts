// Usage Records as Twilio lists them: one record per (bucket, category) of the period, every category
// included even when nothing was used (a zero record, as Twilio answers), in (bucket, category name)
// order. That order is fixed by the period and the categories alone, so a record's place in the list is
// arithmetic: a page is a window of places, and only its buckets are summed (never the whole period).
import type { UsageCategory } from './usage-categories.ts';
import { bucketAt, bucketCount, bucketIndex, type DayPeriod, type UsagePeriod } from './usage-periods.ts';

/** What the store sums per leaf category and bucket (ports/store/costs.ts UsageRow has this shape). */
export interface UsageSum {
  readonly category: string;
  readonly periodStart: Date;
  readonly count: number;
  readonly usage: number;
  readonly amountMicros: number;
  readonly currency: string;
}

export interface UsageRecordValue {
  readonly category: UsageCategory;
  /** The record's days (the bucket, clamped to the period). */
  readonly days: DayPeriod;
  /** Its place in the whole list, from 0. */
  readonly position: number;
  readonly count: number;
  readonly usage: number;
  /** Null when the category's records are in more than one currency: one price cannot say it. */
  readonly amountMicros: number | null;
  readonly currency: string | null;
}

/** How many records the whole list has. */
export const recordCount = (period: UsagePeriod, categories: readonly UsageCategory[]): number => bucketCount(period) * categories.length;

/** The buckets places [from, to) fall in: what the store must sum for that window. */
export const bucketsOfWindow = (period: UsagePeriod, categories: readonly UsageCategory[], from: number, to: number): { first: DayPeriod; last: DayPeriod } | null => {
  if (to <= from || categories.length === 0) return null;
  return { first: bucketAt(period, Math.floor(from / categories.length)), last: bucketAt(period, Math.floor((to - 1) / categories.length)) };
};

interface Totals {
  count: number;
  usage: number;
  readonly amounts: Map<string, number>;
}

const indexSums = (period: UsagePeriod, sums: readonly UsageSum[]): Map<string, Totals> => {
  const byKey = new Map<string, Totals>();
  for (const sum of sums) {
    const key = `${bucketIndex(period, sum.periodStart)}|${sum.category}`;
    const totals = byKey.get(key) ?? { count: 0, usage: 0, amounts: new Map<string, number>() };
    totals.count += sum.count;
    totals.usage += sum.usage;
    totals.amounts.set(sum.currency, (totals.amounts.get(sum.currency) ?? 0) + sum.amountMicros);
    byKey.set(key, totals);
  }
  return byKey;
};

const recordAt = (period: UsagePeriod, categories: readonly UsageCategory[], position: number, sums: Map<string, Totals>, defaultCurrency: string): UsageRecordValue | null => {
  const bucket = Math.floor(position / categories.length);
  const category = categories[position % categories.length];
  if (category === undefined) return null;
  let count = 0;
  let usage = 0;
  const amounts = new Map<string, number>();
  for (const leaf of category.leaves) {
    const totals = sums.get(`${bucket}|${leaf}`);
    if (!totals) continue;
    count += totals.count;
    usage += totals.usage;
    for (const [currency, micros] of totals.amounts) amounts.set(currency, (amounts.get(currency) ?? 0) + micros);
  }
  const [only, ...others] = [...amounts];
  const [currency, amountMicros] = only === undefined ? [defaultCurrency, 0] : others.length === 0 ? only : [null, null];
  return { category, days: bucketAt(period, bucket), position, count, usage, amountMicros, currency };
};

/**
 * The records at places [from, to) of the list, from the store's sums over their buckets (leaf
 * categories; parents are summed here). Places beyond the list are left out.
 */
export const usageRecordsAt = (
  period: UsagePeriod,
  categories: readonly UsageCategory[],
  window: { readonly from: number; readonly to: number },
  sums: readonly UsageSum[],
  defaultCurrency: string,
): UsageRecordValue[] => {
  const indexed = indexSums(period, sums);
  const end = Math.min(window.to, recordCount(period, categories));
  const records: UsageRecordValue[] = [];
  for (let position = Math.max(window.from, 0); position < end; position += 1) {
    const record = recordAt(period, categories, position, indexed, defaultCurrency);
    if (record) records.push(record);
  }
  return records;
};
