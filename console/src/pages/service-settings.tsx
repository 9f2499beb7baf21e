// A service's Proxy v1 settings, edited in one form (POST /v1/Services/{KS} with the changed fields).
import { useEffect, useState } from 'preact/hooks';
import { apiPost } from '../api.ts';
import { ErrorBanner } from '../components/error-banner.tsx';
import { Field } from '../components/field.tsx';
import { num, optStr, str } from '../json.ts';
import { useAction } from '../use-action.ts';

interface Settings {
  UniqueName: string;
  DefaultTtl: string;
  NumberSelectionBehavior: string;
  GeoMatchLevel: string;
  CallbackUrl: string;
  InterceptCallbackUrl: string;
  OutOfSessionCallbackUrl: string;
  ChatInstanceSid: string;
}

const SETTING_KEYS: readonly (keyof Settings)[] = [
  'UniqueName', 'DefaultTtl', 'NumberSelectionBehavior', 'GeoMatchLevel', 'CallbackUrl', 'InterceptCallbackUrl', 'OutOfSessionCallbackUrl', 'ChatInstanceSid',
];

const settingsOf = (service: Record<string, unknown>): Settings => ({
  UniqueName: str(service, 'unique_name'),
  DefaultTtl: String(Number.isFinite(num(service, 'default_ttl')) ? num(service, 'default_ttl') : 0),
  NumberSelectionBehavior: str(service, 'number_selection_behavior') || 'prefer-sticky',
  GeoMatchLevel: str(service, 'geo_match_level') || 'country',
  CallbackUrl: optStr(service, 'callback_url') ?? '',
  InterceptCallbackUrl: optStr(service, 'intercept_callback_url') ?? '',
  OutOfSessionCallbackUrl: optStr(service, 'out_of_session_callback_url') ?? '',
  ChatInstanceSid: optStr(service, 'chat_instance_sid') ?? '',
});

const SELECTION: readonly (readonly [string, string])[] = [
  ['prefer-sticky', 'Prefer sticky: the number a participant had before'],
  ['avoid-sticky', 'Avoid sticky: a number they have not had'],
];
const GEO: readonly (readonly [string, string])[] = [
  ['country', 'Country (default)'],
  ['area-code', 'Area code (North America)'],
  ['extended-area-code', 'Extended area code (North America)'],
];

export const ServiceSettings = ({ service, onSaved }: { readonly service: Record<string, unknown>; readonly onSaved: () => void }) => {
  const initial = settingsOf(service);
  const [form, setForm] = useState<Settings>(initial);
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();
  const sid = str(service, 'sid');
  useEffect(() => setForm(settingsOf(service)), [service]);
  const set = (key: keyof Settings) => (value: string): void => { setSaved(false); setForm((f) => ({ ...f, [key]: value })); };
  const submit = (event: Event): void => {
    event.preventDefault();
    // Only what changed is sent: an untouched field keeps its value, an emptied URL clears it.
    const changed: Record<string, string> = {};
    for (const key of SETTING_KEYS) if (form[key] !== initial[key]) changed[key] = form[key];
    void run(() => apiPost(`/v1/Services/${sid}`, changed), () => { setSaved(true); onSaved(); });
  };
  return (
    <form class="card form" onSubmit={submit} aria-labelledby="settings-title">
      <h2 id="settings-title">Settings</h2>
      <div class="grid">
        <Field label="Unique name" name="UniqueName" value={form.UniqueName} onInput={set('UniqueName')} required />
        <Field label="Default TTL (seconds)" name="DefaultTtl" value={form.DefaultTtl} onInput={set('DefaultTtl')}
          hint="How long a session lives after its last interaction; 0 never expires." />
        <Field label="Number selection" name="NumberSelectionBehavior" value={form.NumberSelectionBehavior} onInput={set('NumberSelectionBehavior')} options={SELECTION} />
        <Field label="Geo match level" name="GeoMatchLevel" value={form.GeoMatchLevel} onInput={set('GeoMatchLevel')} options={GEO} />
        <Field label="Callback URL" name="CallbackUrl" type="url" value={form.CallbackUrl} onInput={set('CallbackUrl')} hint="Told about every interaction." />
        <Field label="Intercept callback URL" name="InterceptCallbackUrl" type="url" value={form.InterceptCallbackUrl} onInput={set('InterceptCallbackUrl')}
          hint="Asked before each interaction is forwarded; may block it." />
        <Field label="Out-of-session callback URL" name="OutOfSessionCallbackUrl" type="url" value={form.OutOfSessionCallbackUrl} onInput={set('OutOfSessionCallbackUrl')}
          hint="Called for traffic that matches no active session." />
        <Field label="Chat instance SID" name="ChatInstanceSid" value={form.ChatInstanceSid} onInput={set('ChatInstanceSid')} />
      </div>
      <ErrorBanner error={error} />
      {saved ? <p class="notice" role="status">Settings saved.</p> : null}
      <div><button type="submit" class="primary" disabled={busy}>{busy ? 'Saving…' : 'Save settings'}</button></div>
    </form>
  );
};
