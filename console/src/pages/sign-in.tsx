// Signing in: an account SID + auth token (what `masq serve` prints on a first run), or an API key
// (SK... + secret) together with the account SID it belongs to.
import { useState } from 'preact/hooks';
import { asApiError } from '../api.ts';
import { ErrorBanner } from '../components/error-banner.tsx';
import { Field } from '../components/field.tsx';
import { Page } from '../components/page.tsx';
import type { ApiError } from '../http.ts';
import { signIn } from '../session.ts';

type Method = 'token' | 'key';

const ACCOUNT_SID = /^AC[0-9a-fA-F]{32}$/;
const KEY_SID = /^SK[0-9a-fA-F]{32}$/;

const problems = (method: Method, accountSid: string, keySid: string, secret: string): Record<string, string> => {
  const found: Record<string, string> = {};
  if (!ACCOUNT_SID.test(accountSid.trim())) found['AccountSid'] = 'An account SID is AC followed by 32 hexadecimal characters.';
  if (method === 'key' && !KEY_SID.test(keySid.trim())) found['KeySid'] = 'An API key SID is SK followed by 32 hexadecimal characters.';
  if (secret.trim() === '') found['Secret'] = method === 'token' ? 'Enter the auth token.' : 'Enter the API key secret.';
  return found;
};

export const SignInPage = () => {
  const [method, setMethod] = useState<Method>('token');
  const [accountSid, setAccountSid] = useState('');
  const [keySid, setKeySid] = useState('');
  const [secret, setSecret] = useState('');
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<ApiError | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    const found = problems(method, accountSid, keySid, secret);
    setFieldErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    setError(null);
    try {
      const username = method === 'token' ? accountSid.trim() : keySid.trim();
      await signIn({ username, password: secret.trim(), accountSid: accountSid.trim() });
    } catch (failure) {
      setError(asApiError(failure));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Page title="Sign in to masq">
      <p class="lead">
        Use the account SID and auth token that <code>masq serve</code> printed when it started
        (or an API key with the account it belongs to).
      </p>
      <form class="card form sign-in" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset class="choice">
          <legend>Sign in with</legend>
          <label><input type="radio" name="method" checked={method === 'token'} onChange={() => setMethod('token')} /> Account credentials</label>
          <label><input type="radio" name="method" checked={method === 'key'} onChange={() => setMethod('key')} /> An API key</label>
        </fieldset>
        <Field label="Account SID" name="AccountSid" value={accountSid} onInput={setAccountSid} required autoComplete="username"
          placeholder="AC…" error={fieldErrors['AccountSid'] ?? null} />
        {method === 'key' ? (
          <Field label="API key SID" name="KeySid" value={keySid} onInput={setKeySid} required placeholder="SK…" error={fieldErrors['KeySid'] ?? null} />
        ) : null}
        <Field label={method === 'token' ? 'Auth token' : 'API key secret'} name="Secret" type="password" value={secret} onInput={setSecret}
          required autoComplete="current-password" error={fieldErrors['Secret'] ?? null} />
        <ErrorBanner error={error} />
        <button type="submit" class="primary" disabled={busy}>{busy ? 'Signing in…' : 'Sign in'}</button>
      </form>
    </Page>
  );
};
