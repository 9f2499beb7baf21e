// Who may act for which account. Twilio's rule for subaccounts: an owner's own credentials (its SID and
// auth token) reach every 2010 resource of its subaccounts through the {AccountSid} in the URL; its API
// keys reach only its own account; a subaccount's credentials reach only the subaccount. The Proxy API
// carries no account in its URLs, so there every request acts for the account of its credentials.
import { transferRefusal, type Account } from '../domain/account.ts';
import { AppError } from '../domain/errors.ts';
import type { AccountRepo } from '../ports/store.ts';
import type { Principal } from './authenticate.ts';
import type { DepsWith } from './deps.ts';

/**
 * The account `principal` may act for when a URL names `accountSid`: its own, or an active subaccount it
 * owns when it authenticated with its auth token. Null otherwise (the caller answers 404).
 */
export const accountToActFor = async (deps: DepsWith<AccountRepo>, principal: Principal, accountSid: string): Promise<Account | null> => {
  if (principal.account.sid === accountSid) return principal.account;
  if (principal.apiKeySid !== null) return null;
  const account = await deps.store.getAccount(accountSid);
  return account && account.ownerAccountSid === principal.account.sid && account.status === 'active' ? account : null;
};

const TRANSFER_ERRORS = {
  'not-related': (to: string) => new AppError('account-transfer-not-related', `AccountSid ${to} you are transferring to is not related to the originating owner of the phone number`),
  'not-parent': (to: string) => new AppError('account-transfer-not-parent', `AccountSid ${to} you are transferring to is not the parent account of the originating owner`),
} as const;

/**
 * Checks that a phone number owned by `fromAccountSid` may move to `toAccountSid` at the request of
 * `callerAccountSid` (IncomingPhoneNumbers update with AccountSid); returns the receiving account.
 * Throws 'account-transfer-not-related' (21473) for an account outside the owner's family, unknown or
 * not active, and 'account-transfer-not-parent' (21474) when a subaccount, with its own credentials,
 * moves a number anywhere but to its owner (domain/account.ts transferRefusal). The caller must already
 * be allowed to act for `fromAccountSid` (accountToActFor).
 */
export const checkTransfer = async (
  deps: DepsWith<AccountRepo>,
  fromAccountSid: string,
  toAccountSid: string,
  callerAccountSid: string,
): Promise<Account> => {
  const [from, to] = [await deps.store.getAccount(fromAccountSid), await deps.store.getAccount(toAccountSid)];
  if (!from || !to) throw TRANSFER_ERRORS['not-related'](toAccountSid);
  const refusal = transferRefusal(from, to, callerAccountSid);
  if (refusal !== null) throw TRANSFER_ERRORS[refusal](toAccountSid);
  return to;
};
