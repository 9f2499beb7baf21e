import type { Interaction } from '../domain/interaction.ts';
import type { Service } from '../domain/service.ts';
import type { InteractionRepo, Page, PageRequest, SessionRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { findSessionOf } from './fetch-session.ts';

export const listInteractions = async (deps: DepsWith<SessionRepo & InteractionRepo>, service: Service, sessionSidOrName: string, page: PageRequest): Promise<Page<Interaction>> => {
  const session = await findSessionOf(deps.store, service, sessionSidOrName);
  return deps.store.listInteractions(session.sid, page);
};
