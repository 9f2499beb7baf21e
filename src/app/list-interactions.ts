import type { Interaction } from '../domain/interaction.ts';
import type { Service } from '../domain/service.ts';
import type { Page, PageRequest } from '../ports/store.ts';
import type { AppDeps } from './deps.ts';
import { findSessionOf } from './fetch-session.ts';

export const listInteractions = async (deps: AppDeps, service: Service, sessionSidOrName: string, page: PageRequest): Promise<Page<Interaction>> => {
  const session = await findSessionOf(deps.store, service, sessionSidOrName);
  return deps.store.listInteractions(session.sid, page);
};
