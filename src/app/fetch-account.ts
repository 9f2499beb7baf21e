// GET /2010-04-01/Accounts/{AC}.json: the caller's own account, or a subaccount it owns in any status
// (an owner must see a suspended subaccount to reactivate it, and a closed one to know it is closed).
// Any other account reads exactly like a missing one.
import { isInFamilyOf, type Account } from '../domain/account.ts';
import { notFound } from '../domain/errors.ts';
import type { AccountRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

export const accountNotFound = (sid: string) => notFound(`/2010-04-01/Accounts/${sid}.json`);

export const fetchAccount = async (deps: DepsWith<AccountRepo>, caller: Pick<Account, 'sid'>, sid: string): Promise<Account> => {
  const account = await deps.store.getAccount(sid);
  if (!account || !isInFamilyOf(caller, account)) throw accountNotFound(sid);
  return account;
};
