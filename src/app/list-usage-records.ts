// The 2010 Usage Records list (Records, AllTime, Daily, Monthly, ThisMonth...): one record per bucket and
// category, zeros included, summed from the cost records of the account (and its subaccounts). A page is
// a window of places in the list (domain/usage/usage-records.ts); only that window's buckets are summed,
// so a page costs the same however long the period or deep the page.
import { AppError, invalidParameter } from '../domain/errors.ts';
import { isCategoryName, leafCategoriesOf, USAGE_CATEGORIES, usageCategory, type UsageCategory } from '../domain/usage/usage-categories.ts';
import { bucketAt, bucketingOf, defaultPeriod, type UsagePeriod, type UsageSubresource } from '../domain/usage/usage-periods.ts';
import { bucketsOfWindow, recordCount, usageRecordsAt, type UsageRecordValue } from '../domain/usage/usage-records.ts';
import type { AccountRepo, Page, PageCursor, PageRequest } from '../ports/store.ts';
import type { CostRepo } from '../ports/store/costs.ts';
import type { DepsWith } from './deps.ts';
import { instantsOf, resolveDays, usageScope, type DateParams } from './usage-scope.ts';

/** Twilio's price_unit when nothing was billed, so no record says which currency. */
export const DEFAULT_CURRENCY = 'usd';

export interface UsageRecordsQuery extends DateParams {
  readonly accountSid: string;
  readonly subresource: UsageSubresource;
  readonly category?: string | undefined;
  readonly includeSubaccounts: boolean;
}

export interface UsageRecordsPage {
  readonly period: UsagePeriod;
  readonly asOf: Date;
  readonly page: Page<UsageRecordValue>;
}

/** The paging key of a record: its bucket's first day and its place (the place alone decides; the day checks). */
export const usageRecordCursor = (record: UsageRecordValue): PageCursor => ({ dateCreated: record.days.firstDay, sid: `P${record.position}` });

const categoriesOf = (name: string | undefined): readonly UsageCategory[] => {
  if (name === undefined || name === '') return USAGE_CATEGORIES;
  if (!isCategoryName(name)) throw invalidParameter('Category', 'Expected a usage category such as sms or calls-inbound.');
  // A category masq does not keep (Twilio has hundreds) lists nothing, as a filter that matches nothing.
  const category = usageCategory(name);
  return category ? [category] : [];
};

/** The place a PageToken's cursor names, or 21481 when it names none of this list. */
const positionOf = (period: UsagePeriod, categories: readonly UsageCategory[], cursor: PageCursor): number => {
  const m = /^P(\d{1,12})$/.exec(cursor.sid);
  const position = m ? Number(m[1]) : -1;
  const valid = position >= 0 && position < recordCount(period, categories)
    && bucketAt(period, Math.floor(position / categories.length)).firstDay.getTime() === cursor.dateCreated.getTime();
  if (!valid) throw new AppError('page-token-invalid', 'Invalid PageToken');
  return position;
};

/** Places [from, to) of the page asked for, and whether more lie beyond it in that direction. */
const windowOf = (period: UsagePeriod, categories: readonly UsageCategory[], request: PageRequest): { from: number; to: number; hasMore: boolean } => {
  const total = recordCount(period, categories);
  if (request.before) {
    const to = positionOf(period, categories, request.before);
    const from = Math.max(0, to - request.pageSize);
    return { from, to, hasMore: from > 0 };
  }
  const from = request.after ? positionOf(period, categories, request.after) + 1 : (request.offset ?? 0);
  const to = Math.min(from + request.pageSize, total);
  return { from, to, hasMore: to < total };
};

export const listUsageRecords = async (
  deps: DepsWith<CostRepo & AccountRepo, 'clock'>,
  query: UsageRecordsQuery,
  request: PageRequest,
): Promise<UsageRecordsPage> => {
  const now = deps.clock.now();
  const categories = categoriesOf(query.category);
  const scope = await usageScope(deps, query.accountSid, query.includeSubaccounts);
  const days = resolveDays(query, now, defaultPeriod(query.subresource, now, scope.since));
  const period: UsagePeriod = { ...days, bucketing: bucketingOf(query.subresource) };
  const window = windowOf(period, categories, request);
  const buckets = bucketsOfWindow(period, categories, window.from, window.to);
  if (!buckets) return { period, asOf: now, page: { items: [], hasMore: window.hasMore } };
  const leaves = leafCategoriesOf(categories.map((c) => c.name));
  const { from, until } = instantsOf({ firstDay: buckets.first.firstDay, lastDay: buckets.last.lastDay });
  const sums = await deps.store.summarizeUsage({
    accountSids: scope.accountSids, from, until, granularity: period.bucketing,
    ...(categories.length < USAGE_CATEGORIES.length && { categories: leaves }),
  });
  return { period, asOf: now, page: { items: usageRecordsAt(period, categories, window, sums, DEFAULT_CURRENCY), hasMore: window.hasMore } };
};
