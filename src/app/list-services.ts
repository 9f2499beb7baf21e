import type { Service } from '../domain/service.ts';
import type { Page, PageRequest, ServiceRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

export const listServices = (deps: DepsWith<ServiceRepo>, accountSid: string, page: PageRequest): Promise<Page<Service>> =>
  deps.store.listServices(accountSid, page);
