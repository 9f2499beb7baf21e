import type { Service } from '../domain/service.ts';
import type { NumberRepo, Page, PageRequest } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { viewPoolNumber, type PoolNumberView } from './pool-number-view.ts';

export const listPoolNumbers = async (deps: DepsWith<NumberRepo>, service: Service, page: PageRequest): Promise<Page<PoolNumberView>> => {
  const found = await deps.store.listPool(service.sid, page);
  return { items: await Promise.all(found.items.map((n) => viewPoolNumber(deps, n))), hasMore: found.hasMore };
};
