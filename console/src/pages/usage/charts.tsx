// Usage as charts: cost per day by category group, messages and calls per day, and the period's cost by
// category. Read from the 2010 Usage Records: one Daily list per category group (each a page of at most
// 366 records), and the period's records for every category.
import { accountPath, apiGet } from '../../api.ts';
import { Chart } from '../../components/chart.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { isRecord, list, num, str } from '../../json.ts';
import { count, money } from '../common/format.ts';
import { useLoad } from '../common/use-load.ts';
import { daysOf, type Period } from './period.tsx';

/** The parent categories a day's cost is split into; what they leave of `totalprice` is "Other". */
const GROUPS: readonly (readonly [string, string])[] = [
  ['sms', 'SMS'], ['mms', 'MMS'], ['calls', 'Calls'], ['phonenumbers', 'Numbers'], ['a2p-10dlc-registrationfees', '10DLC fees'],
];
const TOTAL = 'totalprice';

type ByDay = ReadonlyMap<string, { readonly price: number; readonly count: number }>;

const baseQuery = (p: Period) => ({ StartDate: p.from, EndDate: p.to, IncludeSubaccounts: p.subaccounts ? 'true' : 'false', PageSize: 1000 });

const readDaily = async (p: Period, category: string): Promise<ByDay> => {
  const body = await apiGet(accountPath('/Usage/Records/Daily.json'), { ...baseQuery(p), Category: category });
  const price = (r: unknown) => (category === TOTAL ? num(r, 'usage') : num(r, 'price'));
  return new Map(list(body, 'usage_records').filter(isRecord).map((r) => [str(r, 'start_date'), { price: price(r) || 0, count: num(r, 'count') || 0 }]));
};

interface Usage {
  readonly days: readonly string[];
  readonly groups: ReadonlyMap<string, ByDay>;
  readonly categories: readonly { readonly name: string; readonly price: number }[];
}

/** Leaves only: a parent is the sum of its leaves, and listing both would count a cost twice. */
const PARENTS = new Set(['sms', 'sms-inbound', 'sms-outbound', 'mms', 'calls', 'calls-inbound', 'phonenumbers', 'a2p-10dlc-registrationfees', TOTAL]);

const loadUsage = async (p: Period): Promise<Usage> => {
  const [groups, period] = await Promise.all([
    Promise.all([...GROUPS.map(([c]) => c), TOTAL].map(async (c) => [c, await readDaily(p, c)] as const)),
    apiGet(accountPath('/Usage/Records.json'), baseQuery(p)),
  ]);
  const categories = list(period, 'usage_records').filter(isRecord)
    .map((r) => ({ name: str(r, 'category'), price: num(r, 'price') || 0 }))
    .filter((c) => !PARENTS.has(c.name) && c.price > 0)
    .sort((a, b) => b.price - a.price);
  return { days: daysOf(p), groups: new Map(groups), categories };
};

const valueOn = (usage: Usage, group: string, day: string, field: 'price' | 'count'): number => usage.groups.get(group)?.get(day)?.[field] ?? 0;

const CostByDay = ({ usage }: { readonly usage: Usage }) => {
  const series = GROUPS.map(([c, label]) => ({ label, values: usage.days.map((d) => valueOn(usage, c, d, 'price')) }));
  const other = usage.days.map((d, i) => Math.max(0, valueOn(usage, TOTAL, d, 'price') - series.reduce((t, s) => t + (s.values[i] ?? 0), 0)));
  const all = [...series, { label: 'Other', values: other }].filter((s) => s.values.some((v) => v > 0.0000005));
  return <Chart title="Cost by day" labelHeading="Day (UTC)" labels={usage.days} series={all.length > 0 ? all : [{ label: 'Total', values: usage.days.map(() => 0) }]} format={money} stacked />;
};

const TrafficByDay = ({ usage }: { readonly usage: Usage }) => (
  <Chart
    title="Messages and calls by day"
    labelHeading="Day (UTC)"
    labels={usage.days}
    series={[
      { label: 'Messages (SMS and MMS)', values: usage.days.map((d) => valueOn(usage, 'sms', d, 'count') + valueOn(usage, 'mms', d, 'count')) },
      { label: 'Call legs', values: usage.days.map((d) => valueOn(usage, 'calls', d, 'count')) },
    ]}
    format={count}
    wholeNumbers
  />
);

const CostByCategory = ({ usage }: { readonly usage: Usage }) => (
  usage.categories.length === 0
    ? <p class="empty">Nothing was billed in this period.</p>
    : <Chart title="Cost by category over the period" labelHeading="Category" labels={usage.categories.map((c) => c.name)} series={[{ label: 'Cost', values: usage.categories.map((c) => c.price) }]} format={money} horizontal />
);

export const UsageCharts = ({ period }: { readonly period: Period }) => {
  const { data, error, loading } = useLoad(JSON.stringify(period), () => loadUsage(period));
  return (
    <section aria-labelledby="charts-heading">
      <h2 id="charts-heading">By day and category</h2>
      <ErrorBanner error={error} />
      {loading && !data ? <p role="status">Loading usage…</p> : null}
      {data ? (
        <>
          <p>Total for the period: <strong>{money(Array.from(data.groups.get(TOTAL)?.values() ?? []).reduce((t, d) => t + d.price, 0))}</strong></p>
          <div class="figure-row">
            <CostByDay usage={data} />
            <TrafficByDay usage={data} />
          </div>
          <CostByCategory usage={data} />
        </>
      ) : null}
    </section>
  );
};
