import type { Service } from '../domain/service.ts';
import type { Session } from '../domain/session.ts';
import type { Page, PageRequest, SessionRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { sessionAsOf } from './session-view.ts';

export const listSessions = async (deps: DepsWith<SessionRepo, 'clock'>, service: Service, page: PageRequest): Promise<Page<Session>> => {
  const found = await deps.store.listSessions(service.sid, page);
  const now = deps.clock.now();
  return { items: found.items.map((s) => sessionAsOf(s, now)), hasMore: found.hasMore };
};
