// One number: what it is, its lifecycle (this record's dates and every earlier record of the same E.164),
// its quarantine with the traffic that still reached it, what answers it, and releasing it.
import { useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';
import { useApi } from '../../api.ts';
import { DataTable } from '../../components/data-table.tsx';
import { ErrorBanner } from '../../components/error-banner.tsx';
import { Page } from '../../components/page.tsx';
import { Status } from '../../components/status.tsx';
import { isRecord, list, num, obj, optStr, str } from '../../json.ts';
import { href } from '../../paths.ts';
import { dateTime, money, orDash, words } from '../common/format.ts';
import { Application } from './application.tsx';
import { capabilityText } from './options.ts';
import { ReleaseNumber } from './release.tsx';

interface Step { readonly label: string; readonly when: string | null; readonly detail?: string }

/** The record's lifecycle as dated steps, oldest first; a date still ahead (the quarantine's end) is marked pending. */
const stepsOf = (n: unknown): readonly Step[] => {
  const state = str(n, 'state');
  const steps: Step[] = [{ label: `Added to the account (${words(str(n, 'origin'))})`, when: optStr(n, 'date_created') }];
  if (optStr(n, 'inactive_since')) steps.push({ label: 'Flagged inactive: no traffic', when: optStr(n, 'inactive_since') });
  if (optStr(n, 'date_released')) steps.push({ label: 'Released', when: optStr(n, 'date_released') });
  if (state !== 'active' || optStr(n, 'state_reason')) {
    steps.push({ label: `Now ${words(state).toLowerCase()}`, when: optStr(n, 'date_state_changed'), ...(optStr(n, 'state_reason') ? { detail: str(n, 'state_reason') } : {}) });
  }
  if (state === 'quarantined' && optStr(n, 'quarantine_until')) {
    const extensions = num(n, 'quarantine_extensions');
    steps.push({ label: 'Quarantine ends', when: optStr(n, 'quarantine_until'), ...(extensions > 0 ? { detail: `extended ${extensions} time(s) by misdirected traffic` } : {}) });
  }
  return steps;
};

const Lifecycle = ({ number }: { readonly number: unknown }) => {
  const now = Date.now();
  return (
    <ol class="timeline" aria-label="Lifecycle of this record">
      {stepsOf(number).map((step) => {
        const ahead = step.when !== null && new Date(step.when).getTime() > now;
        return (
          <li key={step.label} class={ahead ? 'pending' : undefined}>
            <strong>{step.label}</strong>{ahead ? ' (ahead)' : ''}
            <span class="when">{dateTime(step.when)}</span>
            {step.detail ? <span>{step.detail}</span> : null}
          </li>
        );
      })}
    </ol>
  );
};

const Misdirected = ({ sid }: { readonly sid: string }) => {
  const { data, error } = useApi(`/masq/v1/Numbers/${sid}/MisdirectedTraffic`);
  return (
    <>
      <ErrorBanner error={error} />
      <p>{num(data, 'total') || 0} attempt(s) reached this number while it was quarantined; none was forwarded.</p>
      <DataTable
        caption="Misdirected traffic, per sender, most recent first"
        columns={[
          { key: 'sender', label: 'Sender' },
          { key: 'channel', label: 'Channel', render: (s) => words(str(s, 'channel')) },
          { key: 'count', label: 'Attempts', render: (s) => String(num(s, 'count')) },
          { key: 'first_seen', label: 'First', render: (s) => dateTime(optStr(s, 'first_seen')) },
          { key: 'last_seen', label: 'Last', render: (s) => dateTime(optStr(s, 'last_seen')) },
        ]}
        rows={list(data, 'senders').filter(isRecord)}
        rowKey={(s) => `${str(s, 'sender')}:${str(s, 'channel')}`}
        empty={<p>No one has called or texted it since it was released.</p>}
      />
    </>
  );
};

/** The port-out PIN, hidden until asked for: whoever knows it can move the number to another carrier. */
const Pin = ({ pin }: { readonly pin: string }) => {
  const [shown, setShown] = useState(false);
  return (
    <>
      {shown ? <code>{pin}</code> : <><span aria-hidden="true">••••••••</span><span class="visually-hidden">hidden</span></>}{' '}
      <button type="button" class="link-button" aria-pressed={shown} onClick={() => setShown((v) => !v)}>{shown ? 'Hide' : 'Show'} PIN</button>
    </>
  );
};

const Facts = ({ number }: { readonly number: unknown }) => {
  const place = obj(number, 'place');
  const where = [optStr(place, 'locality'), optStr(place, 'region'), optStr(place, 'iso_country')].filter(Boolean).join(', ');
  return (
    <dl class="facts">
      <dt>State</dt><dd><Status value={str(number, 'state')} /></dd>
      <dt>Type</dt><dd>{words(str(number, 'type'))}</dd>
      <dt>Carrier account</dt><dd>{str(number, 'carrier')}{optStr(number, 'carrier_ref') ? <span class="muted"> (its id: <code>{str(number, 'carrier_ref')}</code>)</span> : null}</dd>
      <dt>Capabilities</dt><dd>{capabilityText(obj(number, 'capabilities'))}</dd>
      <dt>Where</dt><dd>{where || '—'}{optStr(place, 'rate_center') ? ` (rate center ${str(place, 'rate_center')})` : ''}</dd>
      <dt>Monthly cost</dt><dd>{optStr(number, 'monthly_cost') === null ? '—' : money(Number(optStr(number, 'monthly_cost')))}</dd>
      <dt>Last traffic</dt><dd>{dateTime(optStr(number, 'last_traffic_at'))}</dd>
      <dt>Port-out PIN</dt><dd>{optStr(number, 'port_out_pin') ? <Pin pin={str(number, 'port_out_pin')} /> : '—'}</dd>
      <dt>SID</dt><dd><code>{str(number, 'sid')}</code></dd>
    </dl>
  );
};

export const NumberPage = () => {
  const { params } = useRoute();
  const ref = params['ref'] ?? '';
  const { data, error, loading, reload } = useApi(`/masq/v1/Numbers/${encodeURIComponent(ref)}`);
  const phoneNumber = str(data, 'phone_number');
  const state = str(data, 'state');
  const sid = str(data, 'sid');
  return (
    <Page title={phoneNumber ? `Number ${phoneNumber}` : 'Number'} actions={<a href={href('/numbers')}>All numbers</a>}>
      <ErrorBanner error={error} />
      {loading && !data ? <p role="status">Loading the number…</p> : null}
      {data && sid ? (
        <div class="f-page">
          <p class="lead">{str(data, 'friendly_name')}</p>
          <div class="grid">
            <section class="card" aria-labelledby="facts-heading"><h2 id="facts-heading">The number</h2><Facts number={data} /></section>
            <section class="card" aria-labelledby="lifecycle-heading"><h2 id="lifecycle-heading">Lifecycle</h2><Lifecycle number={data} /></section>
          </div>
          {state === 'quarantined' || num(data, 'quarantine_extensions') > 0 || optStr(data, 'date_released') ? (
            <section class="card" aria-labelledby="quarantine-heading"><h2 id="quarantine-heading">Quarantine and misdirected traffic</h2><Misdirected sid={sid} /></section>
          ) : null}
          <section class="card" aria-labelledby="app-heading">
            <h2 id="app-heading">What answers it</h2>
            <Application sid={sid} state={state} flowSid={optStr(data, 'flow_sid')} flowRevision={optStr(data, 'flow_revision')} />
          </section>
          <DataTable
            caption={`Every record of ${phoneNumber} in this account, newest first`}
            columns={[
              { key: 'sid', label: 'Record', render: (h) => (str(h, 'sid') === sid ? <span><code>{str(h, 'sid')}</code> (this one)</span> : <a href={href(`/numbers/${str(h, 'sid')}`)}><code>{str(h, 'sid')}</code></a>) },
              { key: 'state', label: 'State', render: (h) => <Status value={str(h, 'state')} /> },
              { key: 'state_reason', label: 'Why', render: (h) => orDash(optStr(h, 'state_reason')) },
              { key: 'carrier', label: 'Carrier' },
              { key: 'date_created', label: 'Added', render: (h) => dateTime(optStr(h, 'date_created')) },
              { key: 'date_released', label: 'Released', render: (h) => dateTime(optStr(h, 'date_released')) },
            ]}
            rows={list(data, 'history').filter(isRecord)}
            rowKey={(h) => str(h, 'sid')}
            empty={<p>No history.</p>}
          />
          {state === 'active' ? <ReleaseNumber sid={sid} phoneNumber={phoneNumber} onReleased={reload} /> : null}
        </div>
      ) : null}
    </Page>
  );
};
