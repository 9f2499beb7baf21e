// The inventory: every number the account holds or held, filtered by state, type, carrier and digits (by
// the API) and by capability (on the page shown, since the API has no capability filter). The filters live
// in the address, so a filtered list can be bookmarked, shared and reached with the back button.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { Field } from '../../components/field.tsx';
import { Status } from '../../components/status.tsx';
import { isRecord, list, obj, optStr, str } from '../../json.ts';
import { href } from '../../paths.ts';
import { dateTime, money, orDash } from '../common/format.ts';
import { nextPageOf } from '../common/paging.ts';
import { CAPABILITIES, STATES, TYPES, capabilityText } from './options.ts';

interface Filters { readonly state: string; readonly type: string; readonly carrier: string; readonly capability: string; readonly digits: string }

const FILTER_KEYS: readonly (keyof Filters)[] = ['state', 'type', 'carrier', 'capability', 'digits'];
const PAGE_SIZE = 100;

const filtersOf = (query: Readonly<Record<string, string | undefined>>): Filters => ({
  state: query['state'] ?? '', type: query['type'] ?? '', carrier: query['carrier'] ?? '', capability: query['capability'] ?? '', digits: query['digits'] ?? '',
});

const searchOf = (filters: Filters): string => {
  const params = new URLSearchParams();
  for (const key of FILTER_KEYS) if (filters[key] !== '') params.set(key, filters[key]);
  const text = params.toString();
  return text === '' ? '' : `?${text}`;
};

const hasCapability = (n: unknown, capability: string): boolean => capability === '' || obj(n, 'capabilities')[capability] === true;

export const Inventory = ({ version }: { readonly version: number }) => {
  const { query, route } = useLocation();
  const applied = filtersOf(query);
  const appliedKey = searchOf(applied);
  const [draft, setDraft] = useState<Filters>(applied);
  const [pagePath, setPagePath] = useState<string | null>(null);
  useEffect(() => { setDraft(applied); setPagePath(null); }, [appliedKey]);

  const apiQuery = { State: applied.state, Type: applied.type, Carrier: applied.carrier, PhoneNumber: applied.digits, PageSize: PAGE_SIZE };
  const { data, error, loading, reload } = useApi(pagePath ?? '/masq/v1/Numbers', pagePath ? undefined : apiQuery);
  useEffect(() => { if (version > 0) reload(); }, [version]);

  const rows = list(data, 'numbers').filter(isRecord).filter((n) => hasCapability(n, applied.capability));
  const next = nextPageOf(data);
  const set = (key: keyof Filters) => (value: string) => setDraft((d) => ({ ...d, [key]: value }));
  const submit = (event: Event) => {
    event.preventDefault();
    route(`${href('/numbers')}${searchOf(draft)}`);
  };
  const filtered = appliedKey !== '';

  return (
    <section aria-labelledby="inventory-heading">
      <h2 id="inventory-heading">Inventory</h2>
      <form class="filters" onSubmit={submit} aria-label="Filter the inventory">
        <Field label="State" name="state" value={draft.state} onInput={set('state')} options={STATES} />
        <Field label="Type" name="type" value={draft.type} onInput={set('type')} options={TYPES} />
        <Field label="Capability" name="capability" value={draft.capability} onInput={set('capability')} options={CAPABILITIES} />
        <Field label="Carrier account" name="carrier" value={draft.carrier} onInput={set('carrier')} placeholder="sandbox" />
        <Field label="Number contains" name="digits" value={draft.digits} onInput={set('digits')} type="search" placeholder="415555" />
        <div class="actions">
          <button type="submit" class="primary">Filter</button>
          {filtered ? <a class="button" href={href('/numbers')}>Clear</a> : null}
        </div>
      </form>
      <ErrorBanner error={error} />
      {loading && !data ? <p role="status">Loading numbers…</p> : (
        <DataTable
          caption={filtered ? 'Numbers matching the filters, oldest first' : 'Every number of the account, oldest first'}
          columns={[
            { key: 'phone_number', label: 'Number', render: (n) => <a href={href(`/numbers/${str(n, 'sid')}`)}>{str(n, 'phone_number')}</a> },
            { key: 'friendly_name', label: 'Name' },
            { key: 'state', label: 'State', render: (n) => <Status value={str(n, 'state')} /> },
            { key: 'type', label: 'Type', render: (n) => orDash(optStr(n, 'type')) },
            { key: 'carrier', label: 'Carrier' },
            { key: 'capabilities', label: 'Capabilities', render: (n) => capabilityText(obj(n, 'capabilities')) },
            { key: 'monthly_cost', label: 'Monthly', render: (n) => (optStr(n, 'monthly_cost') === null ? '—' : money(Number(optStr(n, 'monthly_cost')))) },
            { key: 'date_created', label: 'Since', render: (n) => dateTime(optStr(n, 'date_created')) },
          ]}
          rows={rows}
          rowKey={(n) => str(n, 'sid')}
          empty={filtered
            ? <p>No number matches these filters. <a href={href('/numbers')}>Show every number</a>.</p>
            : <p>No numbers yet. Search for one below and buy it: on the sandbox carrier it costs nothing real.</p>}
        />
      )}
      {applied.capability !== '' ? <p class="note">Capability is filtered on the numbers of this page: the API filters by state, type, carrier and digits.</p> : null}
      <div class="pager">
        {pagePath !== null ? <button type="button" onClick={() => setPagePath(null)}>First page</button> : null}
        {next !== null ? <button type="button" onClick={() => setPagePath(next)}>Next page</button> : null}
      </div>
    </section>
  );
};
