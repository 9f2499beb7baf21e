// Numbers in quarantine: released, answering no one, until their quarantine ends (docs/numbers.md).
import { useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { isRecord, list, num, optStr, str } from '../../json.ts';
import { href } from '../../paths.ts';
import { dateTime } from '../common/format.ts';
import { nextPageOf } from '../common/paging.ts';

export const Quarantine = () => {
  const { data, error, loading } = useApi('/masq/v1/Numbers', { State: 'quarantined', PageSize: 20 });
  const numbers = list(data, 'numbers').filter(isRecord);
  const more = nextPageOf(data) !== null;
  return (
    <section class="card" aria-labelledby="quarantine-heading">
      <h2 id="quarantine-heading">Numbers in quarantine</h2>
      <ErrorBanner error={error} />
      {loading && !data ? <p role="status">Loading numbers…</p> : (
        <DataTable
          caption="Quarantined numbers, oldest first"
          columns={[
            { key: 'phone_number', label: 'Number', render: (n) => <a href={href(`/numbers/${str(n, 'sid')}`)}>{str(n, 'phone_number')}</a> },
            { key: 'date_released', label: 'Released', render: (n) => dateTime(optStr(n, 'date_released')) },
            { key: 'quarantine_until', label: 'Quarantined until', render: (n) => dateTime(optStr(n, 'quarantine_until')) },
            { key: 'quarantine_extensions', label: 'Extensions', render: (n) => String(num(n, 'quarantine_extensions')) },
          ]}
          rows={numbers}
          rowKey={(n) => str(n, 'sid')}
          empty={<p>No number is in quarantine.</p>}
        />
      )}
      {more ? <p><a href={href('/numbers?state=quarantined')}>Every quarantined number</a></p> : null}
    </section>
  );
};
