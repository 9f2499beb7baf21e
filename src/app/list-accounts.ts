// GET /2010-04-01/Accounts.json: the caller's own account and the subaccounts it owns (a subaccount sees
// only itself), optionally filtered by exact FriendlyName and by Status.
import type { Account } from '../domain/account.ts';
import type { AccountRepo, Page, PageRequest } from '../ports/store.ts';
import type { AccountFilter } from '../ports/store/accounts.ts';
import type { DepsWith } from './deps.ts';

export const listAccounts = (deps: DepsWith<AccountRepo>, caller: Pick<Account, 'sid'>, filter: AccountFilter, page: PageRequest): Promise<Page<Account>> =>
  deps.store.listAccountFamily(caller.sid, filter, page);
