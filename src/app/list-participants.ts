// Soft-deleted participants are listed too (with date_deleted), as Twilio does.
import type { Participant } from '../domain/participant.ts';
import type { Service } from '../domain/service.ts';
import type { Page, PageRequest, ParticipantRepo, SessionRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { findSessionOf } from './fetch-session.ts';

export const listParticipants = async (deps: DepsWith<SessionRepo & ParticipantRepo>, service: Service, sessionSidOrName: string, page: PageRequest): Promise<Page<Participant>> => {
  const session = await findSessionOf(deps.store, service, sessionSidOrName);
  return deps.store.pageParticipants(session.sid, page);
};
