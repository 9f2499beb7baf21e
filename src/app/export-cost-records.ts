// Every cost record of a period, for the CSV export: read page by page in (occurred_at, sid) order, so an
// export of a year of traffic never holds more than one page in memory, and a record written while the
// export runs is either in it once or not at all.
import type { CostRecord } from '../domain/usage/cost-record.ts';
import { defaultPeriod, type DayPeriod } from '../domain/usage/usage-periods.ts';
import type { AccountRepo } from '../ports/store.ts';
import type { CostRepo } from '../ports/store/costs.ts';
import { leavesFilter } from './cost-report.ts';
import type { DepsWith } from './deps.ts';
import { instantsOf, resolveDays, usageScope, type DateParams } from './usage-scope.ts';

export interface CostRecordsExport {
  readonly days: DayPeriod;
  /** The records, a page at a time; nothing is read until it is iterated. */
  readonly pages: AsyncIterable<readonly CostRecord[]>;
}

export interface CostRecordsQuery extends DateParams {
  readonly accountSid: string;
  readonly includeSubaccounts: boolean;
  readonly categories?: readonly string[] | undefined;
}

export const EXPORT_PAGE_SIZE = 1000;

/**
 * Resolves the period and the accounts now (so a bad StartDate is a 400 before any byte is sent) and
 * returns the pages to stream.
 */
export const exportCostRecords = async (
  deps: DepsWith<CostRepo & AccountRepo, 'clock'>,
  query: CostRecordsQuery,
  pageSize = EXPORT_PAGE_SIZE,
): Promise<CostRecordsExport> => {
  const now = deps.clock.now();
  const scope = await usageScope(deps, query.accountSid, query.includeSubaccounts);
  const days = resolveDays(query, now, defaultPeriod('ThisMonth', now, scope.since));
  const categories = leavesFilter(query.categories);
  const base = { accountSids: scope.accountSids, ...instantsOf(days), ...(categories && { categories }) };
  async function* pages(): AsyncGenerator<readonly CostRecord[]> {
    if (categories !== undefined && categories.length === 0) return;
    let after: { occurredAt: Date; sid: string } | undefined;
    for (;;) {
      const page = await deps.store.listCostRecords({ ...base, limit: pageSize, ...(after && { after }) });
      if (page.length > 0) yield page;
      const last = page[page.length - 1];
      if (page.length < pageSize || !last) return;
      after = { occurredAt: last.occurredAt, sid: last.sid };
    }
  }
  return { days, pages: pages() };
};
