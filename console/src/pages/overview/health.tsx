// masq's own health (/healthz): the database, and each background task, carrier connectors included (an
// SMPP bind or a SIP registration shows as a task of its own). It needs no credentials.
import { useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { Status } from '../../components/status.tsx';
import { bool, isRecord, list, num, optStr, str } from '../../json.ts';
import { dateTime, orDash } from '../common/format.ts';

/** A task is healthy while its last pass succeeded; a failing one shows how many passes in a row failed. */
const taskStatus = (task: unknown): string => {
  if (num(task, 'failures_in_a_row') > 0) return 'failing';
  return bool(task, 'running') ? 'running' : 'stopped';
};

export const Health = () => {
  const { data, error, loading } = useApi('/healthz');
  const tasks = list(data, 'background').filter(isRecord);
  const status = str(data, 'status');
  return (
    <section class="card" aria-labelledby="health-heading">
      <h2 id="health-heading">Carrier accounts and background tasks</h2>
      <ErrorBanner error={error} />
      {loading && !data ? <p role="status">Loading health…</p> : (
        <>
          <p>masq: <Status value={status === 'ok' ? 'ok' : status || 'unavailable'} /> {status === 'ok' ? 'the database answers.' : 'the database does not answer.'}</p>
          <DataTable
            caption="Background tasks and carrier connections"
            columns={[
              { key: 'name', label: 'Task', render: (t) => <code class="nowrap">{str(t, 'name')}</code> },
              { key: 'status', label: 'Status', render: (t) => <Status value={taskStatus(t)} /> },
              { key: 'last_success_at', label: 'Last success', render: (t) => dateTime(optStr(t, 'last_success_at')) },
              { key: 'failures', label: 'Failures in a row', render: (t) => String(num(t, 'failures_in_a_row')) },
              { key: 'last_error', label: 'Last error', render: (t) => orDash(optStr(t, 'last_error')) },
            ]}
            rows={tasks}
            rowKey={(t) => str(t, 'name')}
            empty={<p>This masq runs no background tasks.</p>}
          />
        </>
      )}
      <p class="note">Carrier accounts reached over HTTP (Twilio, Telnyx, the sandbox…) have no standing connection to watch: their failures show in the affected messages, calls and number orders.</p>
    </section>
  );
};
