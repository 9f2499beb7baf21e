// DELETE .../Participants/{Sid}: a soft delete, as on Twilio. The row keeps its place in the session
// (so the identifier cannot be re-added: 80612) and its proxy number binding is released.
import { AppError } from '../domain/errors.ts';
import type { Service } from '../domain/service.ts';
import type { ParticipantRepo, SessionRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { findParticipantOf } from './fetch-participant.ts';
import { findSessionOf } from './fetch-session.ts';

export const removeParticipant = async (deps: DepsWith<SessionRepo & ParticipantRepo, 'clock'>, service: Service, sessionSidOrName: string, sid: string): Promise<void> => {
  const session = await findSessionOf(deps.store, service, sessionSidOrName);
  const participant = await findParticipantOf(deps, service, session, sid);
  if (participant.dateDeleted) return;
  const removed = await deps.store.softDeleteParticipant(session.sid, participant.sid, deps.clock.now());
  if (!removed) throw new AppError('no-records-updated');
};
