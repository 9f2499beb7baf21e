// Sign-in state, kept in sessionStorage so a reload keeps the user signed in and closing the tab signs out.
// The credentials used to sign in stay; switching to a subaccount uses that subaccount's own auth token,
// read from the parent's Accounts resource (as Twilio's console does), so every page simply acts for
// the "current" account.
import { useEffect, useState } from 'preact/hooks';
import { send, type Credentials } from './http.ts';
import { isRecord, str } from './json.ts';

interface SignedIn {
  /** What the user typed: the parent account's (or an API key's) credentials. */
  readonly signIn: Credentials;
  /** The account every request acts for: the signed-in one or one of its subaccounts. */
  readonly current: Credentials;
}

const STORAGE_KEY = 'masq.console.session';

const readCredentials = (value: unknown): Credentials | null => {
  if (!isRecord(value)) return null;
  const [username, password, accountSid] = [str(value, 'username'), str(value, 'password'), str(value, 'accountSid')];
  return username && password && accountSid ? { username, password, accountSid } : null;
};

const load = (): SignedIn | null => {
  try {
    const stored: unknown = JSON.parse(sessionStorage.getItem(STORAGE_KEY) ?? 'null');
    if (!isRecord(stored)) return null;
    const signIn = readCredentials(stored['signIn']);
    const current = readCredentials(stored['current']);
    return signIn && current ? { signIn, current } : null;
  } catch {
    return null;
  }
};

let state: SignedIn | null = load();
const listeners = new Set<() => void>();

const save = (next: SignedIn | null): void => {
  state = next;
  if (next) sessionStorage.setItem(STORAGE_KEY, JSON.stringify(next));
  else sessionStorage.removeItem(STORAGE_KEY);
  for (const listener of listeners) listener();
};

export const currentCredentials = (): Credentials | null => state?.current ?? null;
export const signInCredentials = (): Credentials | null => state?.signIn ?? null;

/**
 * Checks the credentials against masq before keeping them. An auth token is checked on the account
 * itself; an API key on a list under the account it names, which masq answers 404 when the key
 * belongs to another account.
 */
export const signIn = async (credentials: Credentials): Promise<void> => {
  const { accountSid } = credentials;
  const probe = credentials.username.startsWith('SK')
    ? `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}/IncomingPhoneNumbers.json`
    : `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}.json`;
  await send(credentials, probe, { query: { PageSize: 1 } });
  save({ signIn: credentials, current: credentials });
};

export const signOut = (): void => save(null);

/** Acts for another account: the signed-in one, or a subaccount it owns (with that subaccount's token). */
export const switchTo = async (accountSid: string): Promise<void> => {
  if (!state) return;
  const { signIn: parent } = state;
  if (accountSid === parent.accountSid) {
    save({ signIn: parent, current: parent });
    return;
  }
  const account = await send(parent, `/2010-04-01/Accounts/${encodeURIComponent(accountSid)}.json`);
  const authToken = str(account, 'auth_token');
  save({ signIn: parent, current: { username: accountSid, password: authToken, accountSid } });
};

const subscribe = (listener: () => void): (() => void) => {
  listeners.add(listener);
  return () => listeners.delete(listener);
};

/** Re-renders the caller whenever the sign-in state changes. */
const useSignedIn = (): SignedIn | null => {
  const [snapshot, setSnapshot] = useState(state);
  useEffect(() => subscribe(() => setSnapshot(state)), []);
  return snapshot;
};

export interface AccountView {
  readonly signedIn: boolean;
  /** The account pages act for (may be a subaccount); '' when signed out. */
  readonly accountSid: string;
  /** The account signed in with. */
  readonly parentSid: string;
  /** True when signed in with an API key (which cannot list or switch subaccounts). */
  readonly viaApiKey: boolean;
  readonly switchTo: (accountSid: string) => Promise<void>;
  readonly signOut: () => void;
}

export const useAccount = (): AccountView => {
  const signedIn = useSignedIn();
  return {
    signedIn: signedIn !== null,
    accountSid: signedIn?.current.accountSid ?? '',
    parentSid: signedIn?.signIn.accountSid ?? '',
    viaApiKey: signedIn?.signIn.username.startsWith('SK') ?? false,
    switchTo,
    signOut,
  };
};
