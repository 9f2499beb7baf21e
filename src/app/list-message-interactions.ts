// GET .../Participants/{sid}/MessageInteractions: the interactions sent to this participant through
// the MessageInteractions resource.
import type { Interaction } from '../domain/interaction.ts';
import type { Service } from '../domain/service.ts';
import type { InteractionRepo, Page, PageRequest, ParticipantRepo, SessionRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { findParticipantOf } from './fetch-participant.ts';
import { findSessionOf } from './fetch-session.ts';

export const listMessageInteractions = async (
  deps: DepsWith<SessionRepo & ParticipantRepo & InteractionRepo>,
  service: Service,
  sessionSidOrName: string,
  participantSid: string,
  page: PageRequest,
): Promise<Page<Interaction>> => {
  const session = await findSessionOf(deps.store, service, sessionSidOrName);
  const participant = await findParticipantOf(deps, service, session, participantSid);
  return deps.store.listInteractions(session.sid, page, participant.sid);
};
