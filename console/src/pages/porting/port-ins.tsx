// Port-in requests (Numbers v1 Porting): the list, and one request's status timeline. masq keeps each
// status's time, not every past transition, so the timeline shows what the request records: created,
// signed (or until when it can be), and each number's current status with its time and FOC date.
import { useState } from 'preact/hooks';
import { apiDelete, apiPost, asApiError, type ApiError, useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { Status } from '../../components/status.tsx';
import { isRecord, list, num, optStr, str } from '../../json.ts';
import { dateTime, orDash } from '../common/format.ts';

const FINAL = new Set(['Completed', 'Canceled', 'Expired']);
const PORT_IN = '/numbers/v1/Porting/PortIn';

const NumberStep = ({ number }: { readonly number: unknown }) => {
  const status = str(number, 'port_in_phone_number_status');
  const rejection = optStr(number, 'rejection_reason');
  return (
    <li class={FINAL.has(status) || status === 'Rejected' ? undefined : 'pending'}>
      <strong>{str(number, 'phone_number')}: {status}</strong>
      <span class="when">since {dateTime(optStr(number, 'status_last_time_updated_timestamp'))}</span>
      {optStr(number, 'port_date') ? <span>Port date (FOC): {dateTime(optStr(number, 'port_date'))}</span> : null}
      {rejection ? <span>Rejected: {rejection} (<code>{orDash(optStr(number, 'masq_rejection_code'))}</code>)</span> : null}
    </li>
  );
};

const Timeline = ({ request }: { readonly request: unknown }) => {
  const signed = optStr(request, 'masq_signed_at');
  const status = str(request, 'port_in_request_status');
  return (
    <ol class="timeline" aria-label="Status timeline">
      <li><strong>Requested</strong><span class="when">{dateTime(optStr(request, 'date_created'))}</span></li>
      {signed
        ? <li><strong>Letter of authorization signed</strong><span class="when">{dateTime(signed)}</span></li>
        : <li class="pending"><strong>Waiting for the signature</strong><span class="when">{status === 'Expired' ? 'expired' : `until ${dateTime(optStr(request, 'masq_signature_expires_at'))}`}</span></li>}
      {list(request, 'phone_numbers').filter(isRecord).map((n) => <NumberStep key={str(n, 'port_in_phone_number_sid')} number={n} />)}
      {FINAL.has(status) ? <li><strong>Request {status.toLowerCase()}</strong>{optStr(request, 'order_cancellation_reason') ? <span>{str(request, 'order_cancellation_reason')}</span> : null}</li> : null}
    </ol>
  );
};

const Detail = ({ sid, onChanged }: { readonly sid: string; readonly onChanged: () => void }) => {
  const { data, error, reload } = useApi(`${PORT_IN}/${sid}`);
  const [failure, setFailure] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const act = (action: () => Promise<unknown>) => {
    setBusy(true);
    setFailure(null);
    action().then(() => { reload(); onChanged(); }, (e: unknown) => setFailure(asApiError(e))).finally(() => setBusy(false));
  };
  const status = str(data, 'port_in_request_status');
  const info = data && isRecord(data) ? data['losing_carrier_information'] : null;
  return (
    <section class="card" aria-labelledby="port-in-detail">
      <h3 id="port-in-detail">Port-in <code>{sid}</code>: <Status value={status} /></h3>
      <ErrorBanner error={error ?? failure} />
      {data ? (
        <>
          <p>Losing carrier's customer: {orDash(optStr(info, 'customer_name'))}; target date {orDash(optStr(data, 'target_port_in_date'))}; gaining carrier account {orDash(optStr(data, 'masq_carrier'))}.</p>
          <Timeline request={data} />
          <div class="toolbar">
            {optStr(data, 'signature_request_url') && str(data, 'masq_carrier') === 'sandbox'
              ? <button type="button" class="primary" disabled={busy} onClick={() => act(() => apiPost(`/sandbox/PortIns/${sid}/Sign`, {}))}>Sign the letter of authorization (sandbox)</button>
              : null}
            {!FINAL.has(status) ? <button type="button" class="danger" disabled={busy} onClick={() => act(() => apiDelete(`${PORT_IN}/${sid}`))}>Cancel the request</button> : null}
          </div>
        </>
      ) : null}
    </section>
  );
};

export const PortIns = () => {
  const { data, error, loading, reload } = useApi(`${PORT_IN}/PortInRequests`, { Size: 100 });
  const [open, setOpen] = useState<string | null>(null);
  const rows = list(data, 'port_in_requests').filter(isRecord);
  return (
    <section aria-labelledby="port-ins-heading">
      <h2 id="port-ins-heading">Port-in requests</h2>
      <ErrorBanner error={error} />
      {loading && !data ? <p role="status">Loading port-in requests…</p> : (
        <DataTable
          caption="Port-in requests, oldest first"
          columns={[
            { key: 'sid', label: 'Request', render: (r) => <code>{str(r, 'port_in_request_sid')}</code> },
            { key: 'status', label: 'Status', render: (r) => <Status value={str(r, 'port_in_request_status')} /> },
            { key: 'numbers', label: 'Numbers ported', render: (r) => `${num(r, 'phone_numbers_ported') || 0} of ${num(r, 'phone_numbers_requested') || 0}` },
            { key: 'suggested_action', label: 'Next step', render: (r) => orDash(optStr(r, 'suggested_action')) },
            { key: 'date_created', label: 'Requested', render: (r) => dateTime(optStr(r, 'date_created')) },
            {
              key: 'open', label: 'Timeline', render: (r) => {
                const sid = str(r, 'port_in_request_sid');
                return <button type="button" aria-expanded={open === sid} onClick={() => setOpen(open === sid ? null : sid)}>{open === sid ? 'Hide timeline' : 'Show timeline'}</button>;
              },
            },
          ]}
          rows={rows}
          rowKey={(r) => str(r, 'port_in_request_sid')}
          empty={<p>No port-in requests. Create one with the Numbers v1 API (<code>POST /numbers/v1/Porting/PortIn</code>, see docs/porting.md).</p>}
        />
      )}
      {open ? <Detail sid={open} onChanged={reload} /> : null}
    </section>
  );
};
