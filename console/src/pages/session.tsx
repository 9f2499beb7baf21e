// One session: its facts, close / re-open, its participants with their proxy numbers (and the allocator's
// "why this number"), and the timeline of its interactions with the callbacks each caused.
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { apiGet, apiPost, useApi } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { ErrorBanner } from '../components/error-banner.tsx';
import { Field } from '../components/field.tsx';
import { Page } from '../components/page.tsx';
import { Status } from '../components/status.tsx';
import { formatDate, orDash } from '../format.ts';
import { isRecord, list, optStr, str } from '../json.ts';
import { href } from '../paths.ts';
import { useAction } from '../use-action.ts';
import { Explanation } from './explanation.tsx';
import { Timeline } from './session-timeline.tsx';

type Row = Record<string, unknown>;

const ACTIVE = new Set(['open', 'in-progress']);

const AddParticipant = ({ path, onAdded }: { readonly path: string; readonly onAdded: () => void }) => {
  const [identifier, setIdentifier] = useState('');
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();
  const submit = (event: Event): void => {
    event.preventDefault();
    void run(() => apiPost(`${path}/Participants`, { Identifier: identifier.trim(), ...(name.trim() && { FriendlyName: name.trim() }) }),
      () => { setIdentifier(''); setName(''); onAdded(); });
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="add-participant">
      <h3 id="add-participant">Add a participant</h3>
      <div class="form-row">
        <Field label="Phone number" name="Identifier" type="tel" value={identifier} onInput={setIdentifier} required placeholder="+14155550102" />
        <Field label="Name (optional)" name="FriendlyName" value={name} onInput={setName} />
        <button type="submit" class="primary" disabled={busy || identifier.trim() === ''}>{busy ? 'Adding…' : 'Add participant'}</button>
      </div>
      <ErrorBanner error={error} />
    </form>
  );
};

const Participants = ({ serviceSid, sessionSid, path, rows, active, onChanged }: {
  readonly serviceSid: string; readonly sessionSid: string; readonly path: string; readonly rows: readonly Row[]; readonly active: boolean; readonly onChanged: () => void;
}) => {
  const [explaining, setExplaining] = useState<string | null>(null);
  const current = rows.filter((p) => optStr(p, 'date_deleted') === null);
  return (
    <section aria-labelledby="participants-title">
      <h2 id="participants-title">Participants</h2>
      <DataTable<Row>
        caption="Who talks in this session, and the proxy number each one texts and calls"
        rows={rows}
        rowKey={(p) => str(p, 'sid')}
        empty={<p>No participants yet — add two: each gets a proxy number that reaches the other.</p>}
        columns={[
          { key: 'friendly_name', label: 'Name', render: (p) => orDash(optStr(p, 'friendly_name')) },
          { key: 'identifier', label: 'Real number', render: (p) => <strong>{str(p, 'identifier')}</strong> },
          { key: 'proxy_identifier', label: 'Proxy number', render: (p) => <strong>{str(p, 'proxy_identifier')}</strong> },
          { key: 'date_deleted', label: 'Removed', render: (p) => formatDate(optStr(p, 'date_deleted')) },
          {
            key: 'why', label: 'Allocator', render: (p) => (
              <button type="button" aria-expanded={explaining === str(p, 'identifier')}
                onClick={() => setExplaining(explaining === str(p, 'identifier') ? null : str(p, 'identifier'))}>
                Why this number?<span class="visually-hidden"> ({str(p, 'identifier')})</span>
              </button>
            ),
          },
        ]}
      />
      {explaining ? <Explanation serviceSid={serviceSid} sessionSid={sessionSid} identifier={explaining} onClose={() => setExplaining(null)} /> : null}
      {active && current.length < 2 ? <AddParticipant path={path} onAdded={onChanged} /> : null}
    </section>
  );
};

export const SessionPage = () => {
  const { params } = useRoute();
  const serviceSid = params['sid'] ?? '';
  const sessionRef = params['session'] ?? '';
  const path = `/v1/Services/${encodeURIComponent(serviceSid)}/Sessions/${encodeURIComponent(sessionRef)}`;
  const session = useApi(path);
  const participants = useApi(`${path}/Participants`, { PageSize: 100 });
  const action = useAction();
  const status = str(session.data, 'status');
  const active = ACTIVE.has(status);
  const reloadAll = (): void => { session.reload(); participants.reload(); };
  const setStatus = (next: 'closed' | 'in-progress'): void => {
    if (next === 'closed' && !window.confirm('Close this session? Its participants can no longer reach each other through it.')) return;
    void action.run(() => apiPost(path, { Status: next }), reloadAll);
  };
  const title = optStr(session.data, 'unique_name') ?? (str(session.data, 'sid') || 'Session');
  return (
    <Page title={`Session ${title}`} actions={isRecord(session.data) ? (
      active
        ? <button type="button" class="danger" disabled={action.busy} onClick={() => setStatus('closed')}>Close session</button>
        : <button type="button" class="primary" disabled={action.busy} onClick={() => setStatus('in-progress')}>Re-open session</button>
    ) : null}>
      <p><a href={`${href('/sessions')}?service=${encodeURIComponent(serviceSid)}`}>← Sessions of this service</a></p>
      <ErrorBanner error={session.error ?? action.error} />
      {isRecord(session.data) ? (
        <>
          <dl class="facts card">
            <dt>Status</dt><dd><Status value={status} />{optStr(session.data, 'closed_reason') ? ` (${str(session.data, 'closed_reason')})` : ''}</dd>
            <dt>SID</dt><dd><code>{str(session.data, 'sid')}</code></dd>
            <dt>Mode</dt><dd>{str(session.data, 'mode')}</dd>
            <dt>Started</dt><dd>{formatDate(optStr(session.data, 'date_started'))}</dd>
            <dt>Last interaction</dt><dd>{formatDate(optStr(session.data, 'date_last_interaction'))}</dd>
            <dt>Expires</dt><dd>{optStr(session.data, 'date_expiry') ? formatDate(optStr(session.data, 'date_expiry')) : 'never'}</dd>
            <dt>Ended</dt><dd>{formatDate(optStr(session.data, 'date_ended'))}</dd>
          </dl>
          <ErrorBanner error={participants.error} />
          <Participants serviceSid={serviceSid} sessionSid={str(session.data, 'sid')} path={path}
            rows={list(participants.data, 'participants').filter(isRecord)} active={active} onChanged={reloadAll} />
          <Timeline path={path} participants={list(participants.data, 'participants').filter(isRecord)} />
          <p class="hint">Try it: <a href={`${href('/phones')}?service=${encodeURIComponent(serviceSid)}&session=${encodeURIComponent(str(session.data, 'sid'))}`}>text between this session's phones in the sandbox</a>.</p>
        </>
      ) : null}
    </Page>
  );
};

/** Reads a session's participants (for the sandbox phones panel). */
export const fetchParticipants = async (serviceSid: string, sessionSid: string): Promise<Row[]> =>
  list(await apiGet(`/v1/Services/${serviceSid}/Sessions/${sessionSid}/Participants`, { PageSize: 100 }), 'participants').filter(isRecord);
