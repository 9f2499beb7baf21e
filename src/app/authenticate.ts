// HTTP Basic credentials -> the account they act for. Twilio accepts the account's own SID and auth
// token, or an API key (SK...) with its secret; the Proxy URLs carry no account SID, so an API key is
// mapped to its account here. A suspended account's credentials (and its keys) are refused with
// Twilio's 20005 once they are shown to be right; a closed account's are simply wrong (401).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Account } from '../domain/account.ts';
import { apiKeySecretMatches } from '../domain/api-key-secret.ts';
import { AppError } from '../domain/errors.ts';
import { isSid } from '../domain/sid.ts';
import type { AccountRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

/** Who made a request: the account, and the API key it used (null for the account's auth token). */
export interface Principal {
  readonly account: Account;
  readonly apiKeySid: string | null;
}

/** Constant-time, whatever the lengths: compare digests, never the secrets themselves. */
const sameSecret = (given: string, expected: string): boolean =>
  timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());

const byCredentials = async (deps: DepsWith<AccountRepo>, username: string, secret: string): Promise<Principal | null> => {
  if (isSid('account', username)) {
    const account = await deps.store.getAccount(username);
    return account && sameSecret(secret, account.authToken) ? { account, apiKeySid: null } : null;
  }
  if (isSid('apiKey', username)) {
    const key = await deps.store.getApiKey(username);
    if (!key || !apiKeySecretMatches(key, secret)) return null;
    const account = await deps.store.getAccount(key.accountSid);
    return account ? { account, apiKeySid: key.sid } : null;
  }
  return null;
};

/**
 * The principal, or null for credentials that are wrong or belong to a closed account. Throws
 * 'account-not-active' (20005) for a suspended account's. Read on every request, never cached, so a
 * suspension or closing takes effect at once.
 */
export const authenticate = async (deps: DepsWith<AccountRepo>, username: string, secret: string): Promise<Principal | null> => {
  const principal = await byCredentials(deps, username, secret);
  if (!principal || principal.account.status === 'closed') return null;
  if (principal.account.status === 'suspended') throw new AppError('account-not-active', 'The account is suspended.');
  return principal;
};
