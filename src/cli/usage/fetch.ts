// The rows `masq usage` shows, read from a running masq: Usage Records (2010, by day, month or category)
// or masq's cost report (by number or service), every page followed.
import { usageCategory } from '../../domain/usage/usage-categories.ts';
import { isRecord, text, type JsonObject, type MasqClient } from '../numbers/client.ts';

export type UsageBy = 'day' | 'month' | 'category' | 'number' | 'service';
export const USAGE_BY: readonly UsageBy[] = ['day', 'month', 'category', 'number', 'service'];

export interface UsageFilter {
  readonly from: string;
  readonly to: string;
  readonly by: UsageBy;
  readonly category: string | undefined;
  readonly includeSubaccounts: boolean;
}

/** One line of the output, whatever it groups by. */
export interface UsageLine {
  readonly label: string;
  readonly count: string | null;
  readonly usage: string | null;
  readonly usageUnit: string | null;
  readonly price: number;
  readonly priceText: string;
  readonly priceUnit: string;
}

const MAX_PAGES = 1000;

const usageRecords = async (client: MasqClient, path: string, query: URLSearchParams): Promise<JsonObject[]> => {
  const rows: JsonObject[] = [];
  let url: string | null = client.accountUrl(path, query);
  for (let pages = 0; url !== null && pages < MAX_PAGES; pages += 1) {
    const page = await client.request('GET', url);
    const items = page && Array.isArray(page.usage_records) ? page.usage_records.filter(isRecord) : [];
    rows.push(...items);
    const next = page ? text(page, 'next_page_uri') : null;
    url = next !== null && items.length > 0 ? client.apiUrl(next) : null;
  }
  return rows;
};

const isLeaf = (name: string): boolean => usageCategory(name)?.leaves.join() === name;

const lineOfRecord = (label: string, r: JsonObject): UsageLine => ({
  label, count: text(r, 'count'), usage: text(r, 'usage'), usageUnit: text(r, 'usage_unit'),
  price: Number(text(r, 'price') ?? '0'), priceText: text(r, 'price') ?? '-', priceUnit: text(r, 'price_unit') ?? '',
});

const reportLines = (report: JsonObject | null): UsageLine[] => {
  const items = report && Array.isArray(report.items) ? report.items.filter(isRecord) : [];
  return items.map((item) => {
    const totals = Array.isArray(item.totals) ? item.totals.filter(isRecord) : [];
    const first = totals[0];
    const price = first ? text(first, 'price') ?? '0' : '0';
    return {
      label: text(item, 'phone_number') ?? text(item, 'sid') ?? '(none)', count: null, usage: null, usageUnit: null,
      price: Number(price), priceText: totals.map((t) => text(t, 'price')).join(' + '), priceUnit: first ? text(first, 'price_unit') ?? '' : '',
    };
  });
};

/** The raw JSON (for --json) and the lines to chart. */
export const fetchUsage = async (client: MasqClient, f: UsageFilter): Promise<{ raw: unknown; lines: UsageLine[] }> => {
  const query = new URLSearchParams({ StartDate: f.from, EndDate: f.to, IncludeSubaccounts: String(f.includeSubaccounts) });
  if (f.by === 'number' || f.by === 'service') {
    query.set('By', f.by);
    if (f.category !== undefined) query.set('Category', f.category);
    const report = await client.request('GET', client.masqUrl('/masq/v1/Usage/Costs', query));
    return { raw: report, lines: reportLines(report) };
  }
  query.set('PageSize', '1000');
  if (f.by === 'category') {
    const leaves = new Set<string>(usageCategory(f.category ?? 'totalprice')?.leaves ?? []);
    const records = await usageRecords(client, '/Usage/Records.json', query);
    const shown = records.filter((r) => { const c = text(r, 'category') ?? ''; return isLeaf(c) && leaves.has(c) && text(r, 'count') !== '0'; });
    return { raw: shown, lines: shown.map((r) => lineOfRecord(text(r, 'category') ?? '', r)) };
  }
  query.set('Category', f.category ?? 'totalprice');
  const records = await usageRecords(client, f.by === 'day' ? '/Usage/Records/Daily.json' : '/Usage/Records/Monthly.json', query);
  return { raw: records, lines: records.map((r) => lineOfRecord((text(r, 'start_date') ?? '').slice(0, f.by === 'day' ? 10 : 7), r)) };
};
