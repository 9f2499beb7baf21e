// Callbacks (webhooks masq owes the account's applications) that are not getting through: given up, or
// still being retried after a failed attempt. From /masq/v1/Webhooks, the most recent deliveries.
import { useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { Status } from '../../components/status.tsx';
import { isRecord, list, num, obj, optStr, str } from '../../json.ts';
import { href } from '../../paths.ts';
import { dateTime, orDash } from '../common/format.ts';

const DAY_MS = 86_400_000;

/** A delivery is failing when it was given up, or when it is pending after a failed attempt. */
export const isFailing = (webhook: unknown): boolean =>
  str(webhook, 'status') === 'given-up' || (str(webhook, 'status') === 'pending' && optStr(webhook, 'last_error') !== null);

/** The session a Proxy callback is about, when its parameters name one (they do for interaction callbacks). */
const sessionLink = (webhook: unknown) => {
  const params = obj(webhook, 'params');
  const service = str(params, 'interactionServiceSid');
  const session = str(params, 'interactionSessionSid');
  return service && session ? <a href={href(`/services/${service}/sessions/${session}`)}>{session}</a> : '—';
};

export const Callbacks = () => {
  const { data, error, loading } = useApi('/masq/v1/Webhooks', { PageSize: 200 });
  const since = Date.now() - DAY_MS;
  const recent = list(data, 'webhooks').filter(isRecord).filter((w) => new Date(str(w, 'date_created')).getTime() >= since);
  const failing = recent.filter(isFailing);
  return (
    <section class="card" aria-labelledby="callbacks-heading">
      <h2 id="callbacks-heading">Callbacks failing</h2>
      <ErrorBanner error={error} />
      {loading && !data ? <p role="status">Loading callbacks…</p> : (
        <>
          <p><strong>{failing.length}</strong> of {recent.length} callbacks created in the last 24 hours are failing.</p>
          <DataTable
            caption="Failing callbacks, newest first"
            columns={[
              { key: 'url', label: 'URL', render: (w) => <code>{str(w, 'url')}</code> },
              { key: 'status', label: 'Status', render: (w) => <Status value={str(w, 'status')} /> },
              { key: 'attempts', label: 'Attempts', render: (w) => String(num(w, 'attempts')) },
              { key: 'last_error', label: 'Last error', render: (w) => orDash(optStr(w, 'last_error')) },
              { key: 'session', label: 'Session', render: sessionLink },
              { key: 'date_created', label: 'Created', render: (w) => dateTime(optStr(w, 'date_created')) },
            ]}
            rows={failing.slice(0, 10)}
            rowKey={(w) => str(w, 'id')}
            empty={<p>Every callback of the last day was delivered or is on its first try.</p>}
          />
        </>
      )}
    </section>
  );
};
