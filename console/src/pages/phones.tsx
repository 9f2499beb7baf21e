// The sandbox phones panel: virtual phones that text and call each other through masq, picked from a
// session (each participant's real number, texting its own proxy number) or typed in. Each phone shows what
// it received and from which number, so the masking is there to see: nobody sees the other's real number.
import { useEffect, useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { useApi } from '../api.ts';
import { ErrorBanner } from '../components/error-banner.tsx';
import { Field } from '../components/field.tsx';
import { Page } from '../components/page.tsx';
import { isRecord, list, optStr, str } from '../json.ts';
import { href } from '../paths.ts';
import { useAction } from '../use-action.ts';
import { PhoneCard, type Phone } from './phone-card.tsx';
import { fetchParticipants } from './session.tsx';

const ACTIVE = new Set(['open', 'in-progress']);

/** A typed phone number as masq stores it: "+1 (415) 555-0101" is +14155550101; channel addresses stay. */
const tidy = (value: string): string => (/^[+\d\s().-]+$/.test(value.trim()) ? value.replace(/[^\d+]/g, '') : value.trim());

const SessionPicker = ({ onPick }: { readonly onPick: (phones: readonly Phone[]) => void }) => {
  const location = useLocation();
  const services = useApi('/v1/Services', { PageSize: 100 });
  const serviceRows = list(services.data, 'services').filter(isRecord);
  const [serviceSid, setServiceSid] = useState(location.query['service'] ?? '');
  const chosenService = serviceSid || (serviceRows[0] ? str(serviceRows[0], 'sid') : '');
  const sessions = useApi(chosenService ? `/v1/Services/${chosenService}/Sessions` : null, { PageSize: 100 });
  const active = list(sessions.data, 'sessions').filter(isRecord).filter((s) => ACTIVE.has(str(s, 'status')));
  const [sessionSid, setSessionSid] = useState(location.query['session'] ?? '');
  const action = useAction();
  const pick = (sid: string): void => {
    setSessionSid(sid);
    if (!sid) return;
    void action.run(async () => {
      const participants = await fetchParticipants(chosenService, sid);
      onPick(participants.filter((p) => optStr(p, 'date_deleted') === null).map((p): Phone => ({
        number: str(p, 'identifier'), label: optStr(p, 'friendly_name') ?? '', to: str(p, 'proxy_identifier'),
      })));
    });
  };
  // Arriving from a session's page (?session=KC...) picks its phones at once.
  useEffect(() => {
    const wanted = location.query['session'];
    if (wanted && chosenService) pick(wanted);
    // Once per arrival (keyed on the service): later picks come from the select.
  }, [chosenService]);

  if (services.loading && !services.data) return <p role="status">Loading…</p>;
  if (serviceRows.length === 0) {
    return <div class="empty"><p>No services yet — <a href={href('/services')}>create a service</a>, add two numbers, then create a session; its participants become phones here.</p></div>;
  }
  return (
    <form class="card form" onSubmit={(e) => e.preventDefault()} aria-labelledby="pick-title">
      <h2 id="pick-title">Pick a session's phones</h2>
      <div class="form-row">
        <Field label="Service" name="PickService" value={chosenService} onInput={(v) => { setServiceSid(v); setSessionSid(''); }}
          options={serviceRows.map((s): readonly [string, string] => [str(s, 'sid'), str(s, 'unique_name')])} />
        <Field label="Session" name="PickSession" value={sessionSid} onInput={pick}
          options={[['', active.length === 0 ? 'No open sessions' : 'Choose a session…'],
            ...active.map((s): readonly [string, string] => [str(s, 'sid'), optStr(s, 'unique_name') ?? str(s, 'sid')])]} />
      </div>
      {active.length === 0 && !sessions.loading ? <p class="hint">No open sessions in this service — <a href={`${href('/sessions')}?service=${chosenService}`}>create one</a>.</p> : null}
      <ErrorBanner error={sessions.error ?? action.error} />
    </form>
  );
};

const AddPhone = ({ onAdd }: { readonly onAdd: (phone: Phone) => void }) => {
  const [number, setNumber] = useState('');
  const [to, setTo] = useState('');
  const submit = (event: Event): void => {
    event.preventDefault();
    onAdd({ number: tidy(number), label: '', to: tidy(to) });
    setNumber('');
    setTo('');
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="add-phone-title">
      <h2 id="add-phone-title">Or type a phone</h2>
      <div class="form-row">
        <Field label="Phone number" name="PhoneNumber" type="tel" value={number} onInput={setNumber} required placeholder="+14155550101" />
        <Field label="It texts and calls" name="PhoneTo" type="tel" value={to} onInput={setTo} placeholder="+14155551212" hint="Usually a proxy number of your pool." />
        <button type="submit" disabled={number.trim() === ''}>Add phone</button>
      </div>
    </form>
  );
};

export const PhonesPage = () => {
  const [phones, setPhones] = useState<readonly Phone[]>([]);
  const add = (phone: Phone): void => setPhones((current) => [...current.filter((p) => p.number !== phone.number), phone]);
  return (
    <Page title="Sandbox phones">
      <p class="lead">Virtual phones on masq's simulated network. Pick a session and each participant becomes a phone that
        texts its own proxy number; masq forwards to the other side from that side's proxy number, so neither ever sees the other's real number.</p>
      <SessionPicker onPick={setPhones} />
      <AddPhone onAdd={add} />
      {phones.length === 0 ? <div class="empty"><p>No phones yet — pick a session above, or type a phone number.</p></div> : (
        <div class="grid phones">
          {phones.map((p, i) => <PhoneCard key={p.number} phone={p} index={i} onRemove={() => setPhones(phones.filter((x) => x.number !== p.number))} />)}
        </div>
      )}
    </Page>
  );
};
