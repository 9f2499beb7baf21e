import { AppError, notFound } from '../domain/errors.ts';
import type { Interaction } from '../domain/interaction.ts';
import type { Service } from '../domain/service.ts';
import { isSid } from '../domain/sid.ts';
import type { InteractionRepo, ParticipantRepo, SessionRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { findParticipantOf } from './fetch-participant.ts';
import { findSessionOf } from './fetch-session.ts';

export const fetchMessageInteraction = async (
  deps: DepsWith<SessionRepo & ParticipantRepo & InteractionRepo>,
  service: Service,
  sessionSidOrName: string,
  participantSid: string,
  sid: string,
): Promise<Interaction> => {
  const session = await findSessionOf(deps.store, service, sessionSidOrName);
  const participant = await findParticipantOf(deps, service, session, participantSid);
  if (!isSid('interaction', sid)) throw new AppError('interaction-sid-invalid', `Invalid Interaction SID ${sid}`);
  const interaction = await deps.store.findInteraction(session.sid, sid);
  // The same KI is readable through Interactions too; here it must be one sent to this participant.
  if (!interaction || interaction.participantSid !== participant.sid) {
    throw notFound(`/Services/${service.sid}/Sessions/${session.sid}/Participants/${participant.sid}/MessageInteractions/${sid}`);
  }
  return interaction;
};
