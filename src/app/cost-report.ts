// masq's cost report: what each number (or each Proxy / Messaging service) cost over a period, by
// category, most expensive first. The period defaults to this month so far, as an invoice would.
import type { CostCategory } from '../domain/usage/cost-record.ts';
import { leafCategoriesOf } from '../domain/usage/usage-categories.ts';
import { defaultPeriod, type DayPeriod } from '../domain/usage/usage-periods.ts';
import type { AccountRepo } from '../ports/store.ts';
import type { CostReportRow, CostRepo } from '../ports/store/costs.ts';
import type { DepsWith } from './deps.ts';
import { instantsOf, resolveDays, usageScope, type DateParams } from './usage-scope.ts';

export type CostReportBy = 'number' | 'service';

export interface CostReportQuery extends DateParams {
  readonly accountSid: string;
  readonly by: CostReportBy;
  readonly includeSubaccounts: boolean;
  /** Only these usage categories (parents stand for their leaves). */
  readonly categories?: readonly string[] | undefined;
}

export interface CostReportItem {
  /** The number's PN SID or the service's SID; '' for costs that belong to no number (or no service). */
  readonly key: string;
  readonly phoneNumber: string | null;
  readonly lines: readonly CostReportRow[];
  /** Amount per currency (one, in any installation that bills in one). */
  readonly totals: ReadonlyMap<string, number>;
}

export interface CostReport {
  readonly by: CostReportBy;
  readonly days: DayPeriod;
  readonly items: readonly CostReportItem[];
  readonly totals: ReadonlyMap<string, number>;
}

const addTo = (totals: Map<string, number>, currency: string, micros: number): void => {
  totals.set(currency, (totals.get(currency) ?? 0) + micros);
};

const sumOf = (totals: ReadonlyMap<string, number>): number => [...totals.values()].reduce((a, b) => a + b, 0);

/** Rows of one key together, lines by category; items by total descending, then key. */
export const groupReport = (rows: readonly CostReportRow[]): { items: CostReportItem[]; totals: Map<string, number> } => {
  const byKey = new Map<string, { phoneNumber: string | null; lines: CostReportRow[]; totals: Map<string, number> }>();
  const totals = new Map<string, number>();
  for (const row of rows) {
    const item = byKey.get(row.key) ?? { phoneNumber: row.phoneNumber, lines: [], totals: new Map<string, number>() };
    item.lines.push(row);
    addTo(item.totals, row.currency, row.amountMicros);
    addTo(totals, row.currency, row.amountMicros);
    byKey.set(row.key, item);
  }
  const items = [...byKey].map(([key, item]) => ({ key, ...item, lines: item.lines.sort((a, b) => (a.category < b.category ? -1 : a.category > b.category ? 1 : 0)) }));
  items.sort((a, b) => sumOf(b.totals) - sumOf(a.totals) || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { items, totals };
};

/** The leaves to ask for, or undefined for every category. */
export const leavesFilter = (categories: readonly string[] | undefined): readonly CostCategory[] | undefined =>
  categories === undefined || categories.length === 0 ? undefined : leafCategoriesOf(categories);

export const costReport = async (deps: DepsWith<CostRepo & AccountRepo, 'clock'>, query: CostReportQuery): Promise<CostReport> => {
  const now = deps.clock.now();
  const scope = await usageScope(deps, query.accountSid, query.includeSubaccounts);
  const days = resolveDays(query, now, defaultPeriod('ThisMonth', now, scope.since));
  const categories = leavesFilter(query.categories);
  if (categories !== undefined && categories.length === 0) return { by: query.by, days, items: [], totals: new Map() };
  const rows = await deps.store.costReport({ accountSids: scope.accountSids, ...instantsOf(days), by: query.by, ...(categories && { categories }) });
  return { by: query.by, days, ...groupReport(rows) };
};
