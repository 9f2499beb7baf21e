// The last two UTC days of traffic, from the 2010 Usage Records (one record per category and day, counted
// as carriers bill it: every message received or sent, every call leg).
import { accountPath, useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { isRecord, list, num, str } from '../../json.ts';
import { count, daysBefore, isoDay, money } from '../common/format.ts';

interface Metric {
  readonly label: string;
  /** Categories whose `count` (or, for money, `usage`) is added up. */
  readonly categories: readonly string[];
  readonly money?: boolean;
}

const METRICS: readonly Metric[] = [
  { label: 'Messages received', categories: ['sms-inbound', 'mms-inbound'] },
  { label: 'Messages sent or forwarded', categories: ['sms-outbound', 'mms-outbound'] },
  { label: 'Calls received', categories: ['calls-inbound'] },
  { label: 'Calls placed or bridged', categories: ['calls-outbound'] },
  { label: 'Spend', categories: ['totalprice'], money: true },
];

interface Row { readonly label: string; readonly yesterday: string; readonly today: string }

const sumFor = (records: readonly unknown[], day: string, metric: Metric): number =>
  records.filter((r) => str(r, 'start_date') === day && metric.categories.includes(str(r, 'category')))
    .reduce((total: number, r) => total + (metric.money ? num(r, 'usage') : num(r, 'count')), 0);

export const Traffic = () => {
  const now = new Date();
  const [today, yesterday] = [isoDay(now), isoDay(daysBefore(now, 1))];
  const { data, error, loading } = useApi(accountPath('/Usage/Records/Daily.json'), {
    StartDate: yesterday, EndDate: today, IncludeSubaccounts: 'false', PageSize: 1000,
  });
  const records = list(data, 'usage_records').filter(isRecord);
  const rows: Row[] = METRICS.map((m) => {
    const show = (day: string) => (m.money ? money(sumFor(records, day, m)) : count(sumFor(records, day, m)));
    return { label: m.label, yesterday: show(yesterday), today: show(today) };
  });
  return (
    <section class="card" aria-labelledby="traffic-heading">
      <h2 id="traffic-heading">Traffic, last day</h2>
      <ErrorBanner error={error} />
      {loading && !data ? <p role="status">Loading traffic…</p> : (
        <DataTable<Row>
          caption={`Messages, calls and spend of this account (UTC days ${yesterday} and ${today})`}
          columns={[{ key: 'label', label: 'What' }, { key: 'yesterday', label: `Yesterday (${yesterday})` }, { key: 'today', label: `Today (${today})` }]}
          rows={rows}
          rowKey={(r) => r.label}
          empty={<p>No usage recorded yet.</p>}
        />
      )}
      <p class="note">
        Counted from usage records, as carriers bill: a blocked or refused message still counts as received. Failed deliveries are
        shown on each session's timeline and under <a href="#callbacks-heading">Callbacks failing</a>; the API has no account-wide count of failed
        deliveries yet, so none is shown here.
      </p>
    </section>
  );
};
