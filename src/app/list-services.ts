import type { Service } from '../domain/service.ts';
import type { Page, PageRequest } from '../ports/store.ts';
import type { AppDeps } from './deps.ts';

export const listServices = (deps: AppDeps, accountSid: string, page: PageRequest): Promise<Page<Service>> =>
  deps.store.listServices(accountSid, page);
