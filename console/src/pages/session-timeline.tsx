// A session's interactions, oldest first: who reached whom, what was said (or how long the call was), each
// leg's status, and the CallbackUrl deliveries each interaction caused (/masq/v1/Webhooks) with their attempts.
import { useState } from 'preact/hooks';
import { useApi } from '../api.ts';
import { ErrorBanner } from '../components/error-banner.tsx';
import { Status } from '../components/status.tsx';
import { formatDate, orDash } from '../format.ts';
import { isRecord, list, num, obj, optStr, parseJson, str } from '../json.ts';

type Row = Record<string, unknown>;

/** What an interaction's data says: a message's body, a call's duration. */
const summaryOf = (interaction: Row): string => {
  const data = parseJson(str(interaction, 'data'));
  if (str(data, 'body') !== '') return `“${str(data, 'body')}”`;
  if (str(data, 'duration') !== '') return `${str(data, 'duration')} s call`;
  return str(interaction, 'type') === 'voice' ? 'call' : '';
};

const Attempts = ({ id }: { readonly id: string }) => {
  const { data, error, loading } = useApi(`/masq/v1/Webhooks/${encodeURIComponent(id)}/Attempts`);
  const attempts = list(data, 'attempts').filter(isRecord);
  if (loading && !data) return <p role="status">Loading attempts…</p>;
  return (
    <>
      <ErrorBanner error={error} />
      {attempts.length === 0 ? <p class="muted">Not attempted yet.</p> : (
        <ol class="attempts">
          {attempts.map((a, i) => (
            <li key={i}>
              {formatDate(optStr(a, 'attempted_at'))}: {optStr(a, 'http_status') ? `HTTP ${str(a, 'http_status')}` : orDash(optStr(a, 'error'))}
              {Number.isFinite(num(a, 'duration_ms')) ? ` in ${num(a, 'duration_ms')} ms` : ''}
            </li>
          ))}
        </ol>
      )}
    </>
  );
};

const Callback = ({ webhook }: { readonly webhook: Row }) => {
  const [open, setOpen] = useState(false);
  const id = str(webhook, 'id');
  return (
    <li>
      <Status value={str(webhook, 'status')} /> <code>{str(webhook, 'url')}</code>
      {' — '}{num(webhook, 'attempts') === 1 ? '1 attempt' : `${num(webhook, 'attempts')} attempts`}
      {optStr(webhook, 'last_error') ? <span class="muted"> (last error: {str(webhook, 'last_error')})</span> : null}{' '}
      <button type="button" class="link-button" aria-expanded={open} onClick={() => setOpen(!open)}>{open ? 'Hide attempts' : 'Show attempts'}</button>
      {open ? <Attempts id={id} /> : null}
    </li>
  );
};

export const Timeline = ({ path, participants }: { readonly path: string; readonly participants: readonly Row[] }) => {
  const interactions = useApi(`${path}/Interactions`, { PageSize: 1000 });
  const webhooks = useApi('/masq/v1/Webhooks', { PageSize: 1000 });
  const rows = list(interactions.data, 'interactions').filter(isRecord);
  const callbacks = list(webhooks.data, 'webhooks').filter(isRecord);
  const who = (sid: string | null): string => {
    const p = participants.find((x) => str(x, 'sid') === sid);
    if (!p) return 'the application';
    return optStr(p, 'friendly_name') ? `${str(p, 'friendly_name')} (${str(p, 'identifier')})` : str(p, 'identifier');
  };
  const proxyOf = (sid: string | null): string => str(participants.find((x) => str(x, 'sid') === sid), 'proxy_identifier');
  const reload = (): void => { interactions.reload(); webhooks.reload(); };
  return (
    <section aria-labelledby="timeline-title">
      <div class="page-head">
        <h2 id="timeline-title">Timeline</h2>
        <button type="button" onClick={reload}>Refresh timeline</button>
      </div>
      <ErrorBanner error={interactions.error ?? webhooks.error} />
      {rows.length === 0 ? (
        <div class="empty"><p>No interactions yet — text or call a participant's proxy number (try the sandbox phones) and they appear here.</p></div>
      ) : (
        <ol class="timeline" aria-label="Interactions, oldest first">
          {rows.map((i) => {
            const inbound = optStr(i, 'inbound_participant_sid');
            const outbound = optStr(i, 'outbound_participant_sid');
            const caused = callbacks.filter((w) => str(obj(w, 'params'), 'interactionSid') === str(i, 'sid'));
            return (
              <li key={str(i, 'sid')} class="card interaction">
                <p class="interaction-head">
                  <strong>{str(i, 'type') === 'voice' ? 'Call' : 'Message'}</strong> from {who(inbound)} to {who(outbound)}
                  {proxyOf(outbound) ? <> — delivered from proxy number <strong>{proxyOf(outbound)}</strong></> : null}
                  <span class="muted"> · {formatDate(optStr(i, 'date_created'))}</span>
                </p>
                {summaryOf(i) ? <p class="interaction-body">{summaryOf(i)}</p> : null}
                <p class="legs">
                  Inbound: <Status value={str(i, 'inbound_resource_status') || 'none'} />{' '}
                  Outbound: <Status value={str(i, 'outbound_resource_status') || 'none'} />
                  <code class="muted"> {str(i, 'sid')}</code>
                </p>
                {caused.length > 0 ? (
                  <>
                    <p class="callbacks-title">Callbacks it caused:</p>
                    <ul class="callbacks">{caused.map((w) => <Callback key={str(w, 'id')} webhook={w} />)}</ul>
                  </>
                ) : <p class="muted">No callbacks (the service has no callback URL).</p>}
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
};
