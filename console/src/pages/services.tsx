// Services: the list with a create form, and one service's settings and number pool.
import { useState } from 'preact/hooks';
import { useRoute } from 'preact-iso';
import { apiDelete, apiPost, useApi } from '../api.ts';
import { DataTable } from '../components/data-table.tsx';
import { ErrorBanner } from '../components/error-banner.tsx';
import { Field } from '../components/field.tsx';
import { Page } from '../components/page.tsx';
import { Status } from '../components/status.tsx';
import { formatDate, orDash, plural } from '../format.ts';
import { isRecord, list, num, str } from '../json.ts';
import { href } from '../paths.ts';
import { useAction } from '../use-action.ts';
import { ServiceSettings } from './service-settings.tsx';

type Row = Record<string, unknown>;

const CreateService = ({ onCreated }: { readonly onCreated: () => void }) => {
  const [name, setName] = useState('');
  const { busy, error, run } = useAction();
  const submit = (event: Event): void => {
    event.preventDefault();
    void run(() => apiPost('/v1/Services', { UniqueName: name.trim() }), () => { setName(''); onCreated(); });
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="create-service">
      <h2 id="create-service">Create a service</h2>
      <p class="hint">A service holds a pool of proxy numbers and the sessions that use them (one per use case, such as "deliveries").</p>
      <div class="form-row">
        <Field label="Unique name" name="UniqueName" value={name} onInput={setName} required placeholder="deliveries" />
        <button type="submit" class="primary" disabled={busy || name.trim() === ''}>{busy ? 'Creating…' : 'Create service'}</button>
      </div>
      <ErrorBanner error={error} />
    </form>
  );
};

export const ServicesPage = () => {
  const { data, error, loading, reload } = useApi('/v1/Services', { PageSize: 100 });
  const services = list(data, 'services').filter(isRecord);
  return (
    <Page title="Services">
      <ErrorBanner error={error} />
      {loading && !data ? <p role="status">Loading services…</p> : (
        <DataTable<Row>
          caption="Your services"
          rows={services}
          rowKey={(s) => str(s, 'sid')}
          empty={<p>No services yet — create one below, then add numbers to its pool.</p>}
          columns={[
            { key: 'unique_name', label: 'Name', render: (s) => <a href={href(`/services/${str(s, 'sid')}`)}>{str(s, 'unique_name')}</a> },
            { key: 'sid', label: 'SID', render: (s) => <code>{str(s, 'sid')}</code> },
            { key: 'number_selection_behavior', label: 'Number selection' },
            { key: 'geo_match_level', label: 'Geo match' },
            { key: 'default_ttl', label: 'Default TTL', render: (s) => (num(s, 'default_ttl') > 0 ? `${num(s, 'default_ttl')} s` : 'never expires') },
            { key: 'date_created', label: 'Created', render: (s) => formatDate(str(s, 'date_created')) },
          ]}
        />
      )}
      <CreateService onCreated={reload} />
    </Page>
  );
};

const AddNumber = ({ serviceSid, onAdded }: { readonly serviceSid: string; readonly onAdded: () => void }) => {
  const [value, setValue] = useState('');
  const [reserved, setReserved] = useState(false);
  const { busy, error, run } = useAction();
  const submit = (event: Event): void => {
    event.preventDefault();
    const trimmed = value.trim();
    // A PN SID names a number already in the account's inventory; anything else is a phone number.
    const field: Record<string, string> = /^PN[0-9a-fA-F]{32}$/.test(trimmed) ? { Sid: trimmed } : { PhoneNumber: trimmed };
    void run(() => apiPost(`/v1/Services/${serviceSid}/PhoneNumbers`, { ...field, IsReserved: String(reserved) }), () => { setValue(''); onAdded(); });
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="add-number">
      <h3 id="add-number">Add a number to the pool</h3>
      <div class="form-row">
        <Field label="Phone number (E.164) or number SID" name="PoolNumber" type="tel" value={value} onInput={setValue} required
          placeholder="+14155551212" hint="On the sandbox any number works: it joins your inventory at once." />
        <label class="checkbox"><input type="checkbox" checked={reserved} onChange={(e) => setReserved(e.currentTarget.checked)} /> Reserved (used only when asked for by name)</label>
        <button type="submit" class="primary" disabled={busy || value.trim() === ''}>{busy ? 'Adding…' : 'Add number'}</button>
      </div>
      <ErrorBanner error={error} />
    </form>
  );
};

const Pool = ({ serviceSid }: { readonly serviceSid: string }) => {
  const path = `/v1/Services/${serviceSid}/PhoneNumbers`;
  const { data, error, reload } = useApi(path, { PageSize: 1000 });
  const action = useAction();
  const numbers = list(data, 'phone_numbers').filter(isRecord);
  const remove = (n: Row): void => {
    if (!window.confirm(`Remove ${str(n, 'phone_number')} from this pool? It stays in your inventory.`)) return;
    void action.run(() => apiDelete(`${path}/${str(n, 'sid')}`), reload);
  };
  const toggleReserved = (n: Row): void => {
    void action.run(() => apiPost(`${path}/${str(n, 'sid')}`, { IsReserved: String(n['is_reserved'] !== true) }), reload);
  };
  return (
    <section aria-labelledby="pool-title">
      <h2 id="pool-title">Number pool</h2>
      <ErrorBanner error={error ?? action.error} />
      <DataTable<Row>
        caption={`Pool: ${plural(numbers.length, 'number')}`}
        rows={numbers}
        rowKey={(n) => str(n, 'sid')}
        empty={<p>No numbers in this pool yet — add two below, then create sessions.</p>}
        columns={[
          { key: 'phone_number', label: 'Number', render: (n) => <strong>{str(n, 'phone_number')}</strong> },
          { key: 'in_use', label: 'In use (active sessions)', render: (n) => String(num(n, 'in_use')) },
          { key: 'is_reserved', label: 'Reserved', render: (n) => <Status value={n['is_reserved'] === true ? 'reserved' : 'available'} /> },
          { key: 'iso_country', label: 'Country', render: (n) => orDash(str(n, 'iso_country')) },
          { key: 'sid', label: 'SID', render: (n) => <code>{str(n, 'sid')}</code> },
          {
            key: 'actions', label: 'Actions', render: (n) => (
              <span class="row-actions">
                <button type="button" disabled={action.busy} onClick={() => toggleReserved(n)}
                  aria-label={`${n['is_reserved'] === true ? 'Unreserve' : 'Reserve'} ${str(n, 'phone_number')}`}>
                  {n['is_reserved'] === true ? 'Unreserve' : 'Reserve'}
                </button>
                <button type="button" class="danger" disabled={action.busy} onClick={() => remove(n)} aria-label={`Remove ${str(n, 'phone_number')}`}>Remove</button>
              </span>
            ),
          },
        ]}
      />
      <AddNumber serviceSid={serviceSid} onAdded={reload} />
    </section>
  );
};

export const ServicePage = () => {
  const { params } = useRoute();
  const sid = params['sid'] ?? '';
  const { data, error, reload } = useApi(`/v1/Services/${encodeURIComponent(sid)}`);
  const name = str(data, 'unique_name');
  return (
    <Page title={name ? `Service ${name}` : 'Service'} actions={
      <a class="button" href={`${href('/sessions')}?service=${encodeURIComponent(sid)}`}>Sessions of this service</a>
    }>
      <p><a href={href('/services')}>← All services</a></p>
      <ErrorBanner error={error} />
      {isRecord(data) ? (
        <>
          <dl class="facts card">
            <dt>SID</dt><dd><code>{str(data, 'sid')}</code></dd>
            <dt>Created</dt><dd>{formatDate(str(data, 'date_created'))}</dd>
          </dl>
          <Pool serviceSid={str(data, 'sid')} />
          <ServiceSettings service={data} onSaved={reload} />
        </>
      ) : null}
    </Page>
  );
};
