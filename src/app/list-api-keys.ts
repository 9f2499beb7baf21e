import type { ApiKey } from '../domain/account.ts';
import type { Page, PageRequest } from '../ports/store.ts';
import type { AppDeps } from './deps.ts';

export const listApiKeys = (deps: Pick<AppDeps, 'store'>, accountSid: string, page: PageRequest): Promise<Page<ApiKey>> =>
  deps.store.listApiKeys(accountSid, page);
