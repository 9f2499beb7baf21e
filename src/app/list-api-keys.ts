import type { ApiKey } from '../domain/account.ts';
import type { AccountRepo, Page, PageRequest } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

export const listApiKeys = (deps: DepsWith<AccountRepo>, accountSid: string, page: PageRequest): Promise<Page<ApiKey>> =>
  deps.store.listApiKeys(accountSid, page);
