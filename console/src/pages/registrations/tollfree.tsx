// Toll-free verifications (Messaging v1 Tollfree/Verifications).
import { useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { Status } from '../../components/status.tsx';
import { isRecord, list, optStr, str } from '../../json.ts';
import { href } from '../../paths.ts';
import { dateTime, orDash } from '../common/format.ts';

export const TollFree = () => {
  const { data, error, loading } = useApi('/messaging/v1/Tollfree/Verifications', { PageSize: 100 });
  return (
    <section aria-labelledby="tollfree-heading">
      <h2 id="tollfree-heading">Toll-free verifications</h2>
      <ErrorBanner error={error} />
      {loading && !data ? <p role="status">Loading verifications…</p> : (
        <DataTable
          caption="Verifications of toll-free numbers"
          columns={[
            { key: 'number', label: 'Number', render: (v) => <a href={href(`/numbers/${str(v, 'tollfree_phone_number_sid')}`)}>{str(v, 'tollfree_phone_number')}</a> },
            { key: 'business_name', label: 'Business' },
            { key: 'status', label: 'Status', render: (v) => <Status value={str(v, 'status')} /> },
            { key: 'rejection', label: 'Rejection', render: (v) => orDash(optStr(v, 'rejection_reason')) },
            { key: 'edit', label: 'Editable until', render: (v) => (str(v, 'edit_allowed') === 'true' ? dateTime(optStr(v, 'edit_expiration')) : '—') },
            { key: 'date_updated', label: 'Updated', render: (v) => dateTime(optStr(v, 'date_updated')) },
          ]}
          rows={list(data, 'verifications').filter(isRecord)}
          rowKey={(v) => str(v, 'sid')}
          empty={<p>No toll-free verifications. A toll-free number must be verified before it texts the US and Canada.</p>}
        />
      )}
    </section>
  );
};
