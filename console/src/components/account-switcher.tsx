import { useEffect, useState } from 'preact/hooks';
import { asApiError } from '../api.ts';
import { send, type ApiError } from '../http.ts';
import { isRecord, list, str } from '../json.ts';
import { signInCredentials, useAccount } from '../session.ts';

interface AccountOption { readonly sid: string; readonly name: string; readonly status: string }

/** The signed-in account and its subaccounts, read with the sign-in credentials (a subaccount sees only itself). */
const useAccounts = (parentSid: string, enabled: boolean): { accounts: readonly AccountOption[]; error: ApiError | null } => {
  const [accounts, setAccounts] = useState<readonly AccountOption[]>([]);
  const [error, setError] = useState<ApiError | null>(null);
  useEffect(() => {
    const credentials = signInCredentials();
    if (!enabled || !credentials) return;
    send(credentials, '/2010-04-01/Accounts.json', { query: { PageSize: 100 } }).then(
      (body) => setAccounts(list(body, 'accounts').filter(isRecord).map((a) => ({ sid: str(a, 'sid'), name: str(a, 'friendly_name'), status: str(a, 'status') }))),
      (failure: unknown) => setError(asApiError(failure)),
    );
  }, [parentSid, enabled]);
  return { accounts, error };
};

/** Shows which account the console acts for; lets the user switch to a subaccount and back. */
export const AccountSwitcher = () => {
  const { accountSid, parentSid, viaApiKey, switchTo, signOut } = useAccount();
  const { accounts } = useAccounts(parentSid, !viaApiKey);
  const [switching, setSwitching] = useState<string | null>(null);
  const choose = (sid: string): void => {
    setSwitching(sid);
    switchTo(sid).catch(() => undefined).finally(() => setSwitching(null));
  };
  const active = accounts.filter((a) => a.status !== 'closed');
  return (
    <div class="account">
      {active.length > 1 ? (
        <label class="account-select">
          <span>Account</span>
          <select value={accountSid} disabled={switching !== null} onChange={(e) => choose(e.currentTarget.value)}>
            {active.map((a) => (
              <option key={a.sid} value={a.sid}>{a.sid === parentSid ? `${a.name || a.sid} (main)` : `${a.name || a.sid} (subaccount)`}</option>
            ))}
          </select>
        </label>
      ) : (
        <span class="account-sid" title="The account the console acts for">{accountSid}{viaApiKey ? ' (API key)' : ''}</span>
      )}
      <button type="button" class="link-button" onClick={signOut}>Sign out</button>
    </div>
  );
};
