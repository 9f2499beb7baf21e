// One virtual phone of the sandbox network: it texts and calls a number (its proxy number, in a session),
// and shows what it sent and received, with the number each message came from: the masking, visible.
import { useEffect, useState } from 'preact/hooks';
import { apiGet, apiPost, asApiError, type ApiError } from '../api.ts';
import { ErrorBanner } from '../components/error-banner.tsx';
import { Field } from '../components/field.tsx';
import { Status } from '../components/status.tsx';
import { formatDate } from '../format.ts';
import { isRecord, list, num, optStr, str } from '../json.ts';
import { useAction } from '../use-action.ts';

export interface Phone {
  /** The phone's own (real) number. */
  readonly number: string;
  /** Who it is, e.g. "Customer A"; may be empty. */
  readonly label: string;
  /** The number it texts and calls: its proxy number in a session. */
  readonly to: string;
}

type Row = Record<string, unknown>;

/** How often an open panel re-reads the phones: new messages arrive without a click. */
const POLL_MS = 2000;

const phonePath = (number: string): string => `/sandbox/phones/${encodeURIComponent(number)}`;

interface Entry { readonly kind: 'message' | 'call'; readonly at: string; readonly row: Row }

/** Messages and calls of one phone, kept fresh while the card is shown. */
const useConversation = (number: string): { entries: readonly Entry[]; error: ApiError | null; refresh: () => void } => {
  const [entries, setEntries] = useState<readonly Entry[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let stopped = false;
    const read = async (): Promise<void> => {
      try {
        const [messages, calls] = await Promise.all([apiGet(`${phonePath(number)}/messages`), apiGet(`${phonePath(number)}/calls`)]);
        if (stopped) return;
        const all: Entry[] = [
          ...list(messages, 'messages').filter(isRecord).map((row): Entry => ({ kind: 'message', at: str(row, 'date_created'), row })),
          ...list(calls, 'calls').filter(isRecord).map((row): Entry => ({ kind: 'call', at: str(row, 'date_created'), row })),
        ];
        setEntries(all.sort((a, b) => a.at.localeCompare(b.at)));
        setError(null);
      } catch (failure) {
        if (!stopped) setError(asApiError(failure));
      }
    };
    void read();
    const timer = window.setInterval(() => void read(), POLL_MS);
    return () => { stopped = true; window.clearInterval(timer); };
  }, [number, tick]);
  return { entries, error, refresh: () => setTick((t) => t + 1) };
};

/** What masq did with the phone's last text or call, when it was not a plain forward. */
const routingNote = (result: unknown): string | null => {
  const routing = isRecord(result) ? result['routing'] : null;
  const outcome = str(routing, 'outcome');
  if (outcome === 'forward' || outcome === '') return null;
  const code = num(routing, 'error_code');
  return `masq did not forward it (${outcome}${Number.isFinite(code) ? `, error ${code}` : ''}): ${str(routing, 'reason') || 'no session routes this pair'}`;
};

const MessageLine = ({ row }: { readonly row: Row }) => {
  const received = str(row, 'direction') === 'received';
  return (
    <li class={`bubble ${received ? 'in' : 'out'}`}>
      <span class="bubble-meta">{received ? <>Received from <strong>{str(row, 'from')}</strong></> : <>Sent to <strong>{str(row, 'to')}</strong></>}
        {' · '}{formatDate(optStr(row, 'date_created'))}</span>
      <span class="bubble-body">{str(row, 'body')}</span>
    </li>
  );
};

const CallLine = ({ row, self, onChanged }: { readonly row: Row; readonly self: string; readonly onChanged: () => void }) => {
  const action = useAction();
  const incoming = str(row, 'to') === self;
  const sid = str(row, 'sid');
  const status = str(row, 'status');
  const act = (verb: 'answer' | 'hangup'): void => void action.run(() => apiPost(`/sandbox/calls/${encodeURIComponent(sid)}/${verb}`, {}), onChanged);
  return (
    <li class={`bubble call ${incoming ? 'in' : 'out'}`}>
      <span class="bubble-meta">{incoming ? <>Call from <strong>{str(row, 'from')}</strong></> : <>Call to <strong>{str(row, 'to')}</strong></>}
        {' · '}{formatDate(optStr(row, 'date_created'))}</span>
      <span class="bubble-body"><Status value={status} />{Number.isFinite(num(row, 'duration')) ? ` ${num(row, 'duration')} s` : ''}</span>
      {status === 'ringing' || status === 'in-progress' ? (
        <span class="row-actions">
          {status === 'ringing' && incoming ? <button type="button" disabled={action.busy} onClick={() => act('answer')}>Answer</button> : null}
          <button type="button" class="danger" disabled={action.busy} onClick={() => act('hangup')}>Hang up</button>
        </span>
      ) : null}
      <ErrorBanner error={action.error} />
    </li>
  );
};

export const PhoneCard = ({ phone, index, onRemove }: { readonly phone: Phone; readonly index: number; readonly onRemove: () => void }) => {
  const [to, setTo] = useState(phone.to);
  const [body, setBody] = useState('');
  const [note, setNote] = useState<string | null>(null);
  const { entries, error, refresh } = useConversation(phone.number);
  const action = useAction();
  useEffect(() => setTo(phone.to), [phone.to]);
  const name = phone.label ? `${phone.label} (${phone.number})` : phone.number;
  const send = (event: Event): void => {
    event.preventDefault();
    void action.run(async () => {
      const result = await apiPost(`${phonePath(phone.number)}/messages`, { To: to.trim(), Body: body });
      setNote(routingNote(result));
    }, () => { setBody(''); refresh(); });
  };
  const call = (): void => void action.run(async () => {
    const result = await apiPost(`${phonePath(phone.number)}/calls`, { To: to.trim() });
    setNote(routingNote(result));
  }, refresh);
  const id = `phone-${index}`;
  return (
    <section class="card phone" aria-labelledby={`${id}-title`}>
      <div class="page-head">
        <h2 id={`${id}-title`}>{name}</h2>
        <button type="button" class="link-button" onClick={onRemove}>Remove phone<span class="visually-hidden"> {phone.number}</span></button>
      </div>
      <form class="form" onSubmit={send} aria-label={`Text or call from ${name}`}>
        <Field label="Text or call this number" name={`${id}-To`} type="tel" value={to} onInput={setTo} required
          hint="Its proxy number: the other side's real number is never needed." />
        <div class="field">
          <label for={`${id}-Body`}>Message</label>
          <textarea id={`${id}-Body`} rows={2} value={body} onInput={(e) => setBody(e.currentTarget.value)} />
        </div>
        <div class="row-actions">
          <button type="submit" class="primary" disabled={action.busy || to.trim() === '' || body.trim() === ''}>Send text</button>
          <button type="button" disabled={action.busy || to.trim() === ''} onClick={call}>Call</button>
        </div>
        <ErrorBanner error={action.error ?? error} />
        {note ? <p class="error-banner" role="status">{note}</p> : null}
      </form>
      <h3 id={`${id}-conversation`}>Conversation</h3>
      {entries.length === 0 ? <p class="muted">Nothing sent or received yet.</p> : (
        <ol class="conversation" aria-labelledby={`${id}-conversation`} aria-live="polite">
          {entries.map((e) => (e.kind === 'message'
            ? <MessageLine key={str(e.row, 'sid')} row={e.row} />
            : <CallLine key={str(e.row, 'sid')} row={e.row} self={phone.number} onChanged={refresh} />))}
        </ol>
      )}
    </section>
  );
};
