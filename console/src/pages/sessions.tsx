// Sessions: pick a service, search its sessions (masq's UniqueName / Identifier / Status extension to the
// list), create one with its two participants. A session's own page is session.tsx.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { apiPost, useApi } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { ErrorBanner } from '../components/error-banner.tsx';
import { Field } from '../components/field.tsx';
import { Page } from '../components/page.tsx';
import { Status } from '../components/status.tsx';
import { formatDate, orDash } from '../format.ts';
import { isRecord, list, obj, optStr, str } from '../json.ts';
import { href } from '../paths.ts';
import { useAction } from '../use-action.ts';

export { SessionPage } from './session.tsx';

type Row = Record<string, unknown>;

const STATUSES: readonly (readonly [string, string])[] = [
  ['', 'Any status'], ['open', 'open'], ['in-progress', 'in-progress'], ['closed', 'closed'], ['failed', 'failed'], ['unknown', 'unknown'],
];
const MODES: readonly (readonly [string, string])[] = [
  ['voice-and-message', 'Voice and messages'], ['message-only', 'Messages only'], ['voice-only', 'Voice only'],
];

export const sessionHref = (serviceSid: string, sessionSid: string): string => href(`/services/${serviceSid}/sessions/${sessionSid}`);

interface PartyFields { identifier: string; name: string }

const Party = ({ legend, prefix, value, onChange }: { readonly legend: string; readonly prefix: string; readonly value: PartyFields; readonly onChange: (v: PartyFields) => void }) => (
  <fieldset class="party">
    <legend>{legend}</legend>
    <Field label="Phone number" name={`${prefix}Identifier`} type="tel" value={value.identifier} onInput={(identifier) => onChange({ ...value, identifier })}
      placeholder="+14155550101" hint="Their real number (E.164); masq gives them a proxy number from the pool." />
    <Field label="Name (optional)" name={`${prefix}FriendlyName`} value={value.name} onInput={(name) => onChange({ ...value, name })} />
  </fieldset>
);

const participantJson = (p: PartyFields): string | null =>
  p.identifier.trim() === '' ? null : JSON.stringify({ Identifier: p.identifier.trim(), ...(p.name.trim() && { FriendlyName: p.name.trim() }) });

const CreateSession = ({ serviceSid, onCreated }: { readonly serviceSid: string; readonly onCreated: (sid: string) => void }) => {
  const [uniqueName, setUniqueName] = useState('');
  const [mode, setMode] = useState('voice-and-message');
  const [first, setFirst] = useState<PartyFields>({ identifier: '', name: '' });
  const [second, setSecond] = useState<PartyFields>({ identifier: '', name: '' });
  const { busy, error, run } = useAction();
  const submit = (event: Event): void => {
    event.preventDefault();
    const participants = [participantJson(first), participantJson(second)].filter((p): p is string => p !== null);
    let created = '';
    void run(async () => {
      const session = await apiPost(`/v1/Services/${serviceSid}/Sessions`, {
        ...(uniqueName.trim() && { UniqueName: uniqueName.trim() }), Mode: mode, Participants: participants,
      });
      created = str(session, 'sid');
    }, () => {
      setUniqueName('');
      setFirst({ identifier: '', name: '' });
      setSecond({ identifier: '', name: '' });
      onCreated(created);
    });
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="create-session">
      <h2 id="create-session">Create a session</h2>
      <p class="hint">A session pairs two people; each gets a proxy number to reach the other, so neither sees the other's real number.</p>
      <div class="form-row">
        <Field label="Unique name (optional)" name="UniqueName" value={uniqueName} onInput={setUniqueName} placeholder="delivery-1" />
        <Field label="Mode" name="Mode" value={mode} onInput={setMode} options={MODES} />
      </div>
      <div class="grid">
        <Party legend="First participant" prefix="First" value={first} onChange={setFirst} />
        <Party legend="Second participant" prefix="Second" value={second} onChange={setSecond} />
      </div>
      <ErrorBanner error={error} />
      <div><button type="submit" class="primary" disabled={busy}>{busy ? 'Creating…' : 'Create session'}</button></div>
    </form>
  );
};

/** An API page URL (absolute, under masq's public URL) as a path on this origin. */
const pathOf = (url: string | null): string | null => {
  if (!url) return null;
  const parsed = new URL(url, window.location.origin);
  return `${parsed.pathname}${parsed.search}`;
};

/** The search lives in the address (?service=&name=&identifier=&status=): back, reload and links keep it. */
const searchHref = (q: Readonly<Record<string, string>>): string => {
  const params = new URLSearchParams(Object.entries(q).filter(([, v]) => v !== ''));
  const text = params.toString();
  return text ? `${href('/sessions')}?${text}` : href('/sessions');
};

export const SessionsPage = () => {
  const location = useLocation();
  const query = location.query;
  const services = useApi('/v1/Services', { PageSize: 100 });
  const serviceRows = list(services.data, 'services').filter(isRecord);
  const serviceSid = query['service'] || (serviceRows[0] ? str(serviceRows[0], 'sid') : '');
  const search = { UniqueName: query['name'] ?? '', Identifier: query['identifier'] ?? '', Status: query['status'] ?? '' };
  const [uniqueName, setUniqueName] = useState(search.UniqueName);
  const [identifier, setIdentifier] = useState(search.Identifier);
  const [status, setStatus] = useState(search.Status);
  // Back and forward change the address: the boxes follow it.
  useEffect(() => { setUniqueName(search.UniqueName); setIdentifier(search.Identifier); setStatus(search.Status); }, [search.UniqueName, search.Identifier, search.Status]);
  // A later page is the API's own page URL (meta.next_page_url), which keeps the search; reset with the search.
  const [pageAt, setPageAt] = useState<string | null>(null);
  const listKey = `${serviceSid}|${search.UniqueName}|${search.Identifier}|${search.Status}`;
  useEffect(() => setPageAt(null), [listKey]);
  const sessions = useApi(serviceSid ? (pageAt ?? `/v1/Services/${serviceSid}/Sessions`) : null, pageAt ? undefined : { PageSize: 50, ...search });
  const meta = obj(sessions.data, 'meta');
  const next = pathOf(optStr(meta, 'next_page_url'));
  const previous = pathOf(optStr(meta, 'previous_page_url'));
  const rows = list(sessions.data, 'sessions').filter(isRecord);
  const filtered = search.UniqueName !== '' || search.Identifier !== '' || search.Status !== '';

  const chooseService = (sid: string): void => location.route(searchHref({ service: sid }));
  const submitSearch = (event: Event): void => {
    event.preventDefault();
    location.route(searchHref({ service: serviceSid, name: uniqueName.trim(), identifier: identifier.trim(), status }));
  };

  if (services.loading && !services.data) return <Page title="Sessions"><p role="status">Loading…</p></Page>;
  if (serviceRows.length === 0) {
    return (
      <Page title="Sessions">
        <ErrorBanner error={services.error} />
        <div class="empty"><p>No services yet — <a href={href('/services')}>create a service</a> and add numbers to its pool first; sessions belong to a service.</p></div>
      </Page>
    );
  }
  return (
    <Page title="Sessions">
      <ErrorBanner error={services.error} />
      <form class="card form" onSubmit={submitSearch} role="search" aria-label="Search sessions">
        <div class="form-row">
          <Field label="Service" name="Service" value={serviceSid} onInput={chooseService}
            options={serviceRows.map((s): readonly [string, string] => [str(s, 'sid'), str(s, 'unique_name')])} />
          <Field label="Unique name starts with" name="SearchUniqueName" type="search" value={uniqueName} onInput={setUniqueName} />
          <Field label="Participant number" name="SearchIdentifier" type="search" value={identifier} onInput={setIdentifier} placeholder="+14155550101" />
          <Field label="Status" name="SearchStatus" value={status} onInput={setStatus} options={STATUSES} />
          <button type="submit">Search</button>
        </div>
      </form>
      <ErrorBanner error={sessions.error} />
      <DataTable<Row>
        caption={filtered ? 'Sessions matching the search' : 'Sessions, oldest first'}
        rows={rows}
        rowKey={(s) => str(s, 'sid')}
        empty={filtered ? <p>No session matches this search.</p> : <p>No sessions yet — create one below with two participants.</p>}
        columns={[
          { key: 'unique_name', label: 'Session', render: (s) => <a href={sessionHref(serviceSid, str(s, 'sid'))}>{optStr(s, 'unique_name') ?? str(s, 'sid')}</a> },
          { key: 'status', label: 'Status', render: (s) => <Status value={str(s, 'status')} /> },
          { key: 'mode', label: 'Mode' },
          { key: 'date_created', label: 'Created', render: (s) => formatDate(str(s, 'date_created')) },
          { key: 'date_last_interaction', label: 'Last interaction', render: (s) => formatDate(optStr(s, 'date_last_interaction')) },
          { key: 'closed_reason', label: 'Closed because', render: (s) => orDash(optStr(s, 'closed_reason')) },
        ]}
      />
      {next || previous ? (
        <nav class="row-actions" aria-label="Pages of sessions">
          <button type="button" disabled={!previous} onClick={() => setPageAt(previous)}>Previous page</button>
          <button type="button" disabled={!next} onClick={() => setPageAt(next)}>Next page</button>
        </nav>
      ) : null}
      <CreateSession serviceSid={serviceSid} onCreated={() => sessions.reload()} />
    </Page>
  );
};
