// What each number or service cost in the period (/masq/v1/Usage/Costs), dearest first, and the CSV
// exports: the same report, or every cost record, downloaded as a file.
import { useState } from 'preact/hooks';
import { apiText, asApiError, type ApiError, useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { isRecord, list, num, str } from '../../json.ts';
import { href } from '../../paths.ts';
import { money } from '../common/format.ts';
import type { Period } from './period.tsx';

type By = 'number' | 'service';

const query = (p: Period) => ({ StartDate: p.from, EndDate: p.to, IncludeSubaccounts: p.subaccounts ? 'true' : 'false' });

/** The first total of an item (one per currency; masq's rate cards are in one currency unless configured otherwise). */
const total = (item: unknown): string => {
  const [first, ...rest] = list(item, 'totals').filter(isRecord);
  if (!first) return '—';
  return [first, ...rest].map((t) => money(num(t, 'price'), str(t, 'price_unit') || 'usd')).join(' + ');
};

const topCategories = (item: unknown): string =>
  list(item, 'categories').filter(isRecord).slice(0, 3).map((c) => `${str(c, 'category')} ${money(num(c, 'price'), str(c, 'price_unit') || 'usd')}`).join(', ');

/** Saves text as a file: a Blob behind a temporary link, clicked once. */
const download = (text: string, name: string): void => {
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
};

const Exports = ({ period }: { readonly period: Period }) => {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const save = (label: string, path: string, extra: Record<string, string>, name: string) => {
    setBusy(label);
    setError(null);
    apiText(path, { ...query(period), ...extra })
      .then((csv) => { download(csv, name); setSaved(name); }, (e: unknown) => setError(asApiError(e)))
      .finally(() => setBusy(null));
  };
  const suffix = `${period.from}-to-${period.to}`;
  return (
    <section aria-labelledby="export-heading">
      <h2 id="export-heading">Export as CSV</h2>
      <ErrorBanner error={error} />
      <div class="toolbar">
        <button type="button" disabled={busy !== null} onClick={() => save('number', '/masq/v1/Usage/Costs.csv', { By: 'number' }, `masq-costs-by-number-${suffix}.csv`)}>Costs by number</button>
        <button type="button" disabled={busy !== null} onClick={() => save('service', '/masq/v1/Usage/Costs.csv', { By: 'service' }, `masq-costs-by-service-${suffix}.csv`)}>Costs by service</button>
        <button type="button" disabled={busy !== null} onClick={() => save('records', '/masq/v1/Usage/CostRecords.csv', {}, `masq-cost-records-${suffix}.csv`)}>Every cost record</button>
      </div>
      <p role="status" class="muted">{busy ? 'Preparing the file…' : saved ? `Saved ${saved}.` : 'Files open in any spreadsheet (RFC 4180, formula-safe).'}</p>
    </section>
  );
};

export const Costs = ({ period }: { readonly period: Period }) => {
  const [by, setBy] = useState<By>('number');
  const { data, error, loading } = useApi('/masq/v1/Usage/Costs', { ...query(period), By: by });
  const items = list(data, 'items').filter(isRecord);
  return (
    <>
      <section aria-labelledby="costs-heading">
        <h2 id="costs-heading">Cost by {by}</h2>
        <fieldset class="choice">
          <legend>Group by</legend>
          <label><input type="radio" name="costs-by" checked={by === 'number'} onChange={() => setBy('number')} /> Number</label>
          <label><input type="radio" name="costs-by" checked={by === 'service'} onChange={() => setBy('service')} /> Service</label>
        </fieldset>
        <ErrorBanner error={error} />
        {loading && !data ? <p role="status">Loading costs…</p> : (
          <DataTable
            caption={`What each ${by} cost, dearest first`}
            columns={[
              {
                key: 'sid', label: by === 'number' ? 'Number' : 'Service', render: (i) => (by === 'number'
                  ? <a href={href(`/numbers/${str(i, 'sid')}`)}>{str(i, 'phone_number') || str(i, 'sid')}</a>
                  : <code>{str(i, 'friendly_name') || str(i, 'unique_name') || str(i, 'sid')}</code>),
              },
              { key: 'total', label: 'Cost', render: total },
              { key: 'categories', label: 'Mostly', render: topCategories },
            ]}
            rows={items}
            rowKey={(i) => str(i, 'sid')}
            empty={<p>Nothing was billed to a {by} in this period.</p>}
          />
        )}
        <p class="note">Costs that belong to no {by} (a brand fee, say) are in the charts above and in the cost records export, not here.</p>
      </section>
      <Exports period={period} />
    </>
  );
};
