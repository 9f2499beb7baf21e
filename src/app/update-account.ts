// POST /2010-04-01/Accounts/{AC}.json: rename an account, or suspend, reactivate or close a subaccount.
// Who may change what is the domain's rule (domain/account.ts accountChangeRefusal): closed is final, a
// subaccount's status is its owner's to change, a top-level account's status does not change here.
// Suspending or closing takes effect on the subaccount's next request (authenticate.ts reads the
// account every time).
import { accountChangeRefusal, changesAccount, type Account, type AccountChange } from '../domain/account.ts';
import { AppError } from '../domain/errors.ts';
import type { AccountRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { fetchAccount } from './fetch-account.ts';

const refuse = (message: string): AppError => new AppError('account-change-refused', message);

export const updateAccount = async (deps: DepsWith<AccountRepo, 'clock'>, caller: Pick<Account, 'sid'>, sid: string, change: AccountChange): Promise<Account> => {
  const account = await fetchAccount(deps, caller, sid);
  const refusal = accountChangeRefusal(caller, account, change);
  if (refusal !== null) throw refuse(refusal);
  if (!changesAccount(account, change)) return account;
  const updated = await deps.store.updateAccount(sid, { ...change, dateUpdated: deps.clock.now() });
  // Null only when another request closed it since it was read: closed wins.
  if (!updated) throw refuse('A closed account cannot be changed or reopened.');
  return updated;
};
