// Port-outs: another carrier asking for one of the account's numbers (/masq/v1/PortOuts). A pending one
// can be authorized, or rejected with a reason the gaining carrier is told, before its due date.
import { useState } from 'preact/hooks';
import { apiPost, asApiError, type ApiError, useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { Status } from '../../components/status.tsx';
import { isRecord, list, optStr, str } from '../../json.ts';
import { href } from '../../paths.ts';
import { dateTime, orDash } from '../common/format.ts';

const Answer = ({ sid, onDone }: { readonly sid: string; readonly onDone: (error: ApiError | null) => void }) => {
  const [rejecting, setRejecting] = useState(false);
  const [reason, setReason] = useState('');
  const [busy, setBusy] = useState(false);
  const answer = (fields: Record<string, string>) => {
    setBusy(true);
    apiPost(`/masq/v1/PortOuts/${sid}`, fields).then(() => onDone(null), (e: unknown) => onDone(asApiError(e))).finally(() => setBusy(false));
  };
  if (rejecting) {
    return (
      <form class="inline-form" onSubmit={(e) => { e.preventDefault(); answer({ Status: 'rejected', Reason: reason }); }}>
        <label for={`reason-${sid}`}>Reason (the gaining carrier is told)</label>
        <input id={`reason-${sid}`} value={reason} required onInput={(e) => setReason(e.currentTarget.value)} />
        <button type="submit" class="danger" disabled={busy}>Reject</button>
        <button type="button" onClick={() => setRejecting(false)}>Back</button>
      </form>
    );
  }
  return (
    <div class="inline-form">
      <button type="button" disabled={busy} onClick={() => answer({ Status: 'authorized' })}>Authorize</button>
      <button type="button" class="danger" disabled={busy} onClick={() => setRejecting(true)}>Reject…</button>
    </div>
  );
};

export const PortOuts = () => {
  const { data, error, loading, reload } = useApi('/masq/v1/PortOuts', { PageSize: 100 });
  const [failure, setFailure] = useState<ApiError | null>(null);
  const done = (e: ApiError | null) => { setFailure(e); reload(); };
  return (
    <section aria-labelledby="port-outs-heading">
      <h2 id="port-outs-heading">Port-outs</h2>
      <ErrorBanner error={error ?? failure} />
      {loading && !data ? <p role="status">Loading port-outs…</p> : (
        <DataTable
          caption="Requests to port the account's numbers out, oldest first"
          columns={[
            { key: 'phone_number', label: 'Number', render: (p) => <a href={href(`/numbers/${str(p, 'phone_number_sid')}`)}>{str(p, 'phone_number')}</a> },
            { key: 'gaining_carrier', label: 'Gaining carrier' },
            { key: 'status', label: 'Status', render: (p) => <Status value={str(p, 'status')} /> },
            { key: 'due_date', label: 'Due', render: (p) => dateTime(optStr(p, 'due_date')) },
            { key: 'rejection', label: 'Rejection', render: (p) => (optStr(p, 'rejection_code') ? `${str(p, 'rejection_code')}: ${orDash(optStr(p, 'rejection_reason'))}` : '—') },
            { key: 'date_created', label: 'Asked', render: (p) => dateTime(optStr(p, 'date_created')) },
            { key: 'answer', label: 'Your answer', render: (p) => (str(p, 'status') === 'pending' ? <Answer sid={str(p, 'sid')} onDone={done} /> : '—') },
          ]}
          rows={list(data, 'port_outs').filter(isRecord)}
          rowKey={(p) => str(p, 'sid')}
          empty={<p>No carrier has asked for one of your numbers. A number's port-out PIN is on its page under Numbers.</p>}
        />
      )}
    </section>
  );
};
