// POST /2010-04-01/Accounts.json: a new subaccount of the caller, active, with its own auth token (shown in
// this answer and on fetch, as Twilio does). Only a top-level account owns subaccounts: Twilio's
// subaccounts cannot create their own, and one level keeps "who may act for whom" a single lookup.
import { defaultSubaccountName, type Account } from '../domain/account.ts';
import { AppError } from '../domain/errors.ts';
import type { AccountRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

/** 16 random bytes, 32 hex characters: the shape of a Twilio auth token. */
const TOKEN_BYTES = 16;

export const createSubaccount = async (
  deps: DepsWith<AccountRepo, 'clock' | 'ids'>,
  owner: Pick<Account, 'sid' | 'ownerAccountSid'>,
  friendlyName: string | undefined,
): Promise<Account> => {
  if (owner.ownerAccountSid !== null) throw new AppError('account-change-refused', 'A subaccount cannot create subaccounts.');
  const now = deps.clock.now();
  const account: Account = {
    sid: deps.ids.sid('account'),
    friendlyName: friendlyName ?? defaultSubaccountName(now),
    authToken: deps.ids.token(TOKEN_BYTES),
    ownerAccountSid: owner.sid,
    status: 'active',
    dateCreated: now,
    dateUpdated: now,
  };
  await deps.store.createAccount(account);
  return account;
};
