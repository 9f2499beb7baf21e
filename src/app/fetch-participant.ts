// GET .../Sessions/{sid}/Participants/{Sid}. Soft-deleted participants are still readable, with
// date_deleted set, as on Twilio.
import { AppError, notFound } from '../domain/errors.ts';
import type { Participant } from '../domain/participant.ts';
import type { Service } from '../domain/service.ts';
import type { Session } from '../domain/session.ts';
import { isSid } from '../domain/sid.ts';
import type { ParticipantRepo, SessionRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { findSessionOf } from './fetch-session.ts';

export const findParticipantOf = async (deps: DepsWith<ParticipantRepo>, service: Service, session: Session, sid: string): Promise<Participant> => {
  if (!isSid('participant', sid)) throw new AppError('participant-sid-invalid', `Invalid Participant SID ${sid}`);
  const participant = await deps.store.findParticipant(session.sid, sid);
  if (!participant) throw notFound(`/Services/${service.sid}/Sessions/${session.sid}/Participants/${sid}`);
  return participant;
};

export const fetchParticipant = async (deps: DepsWith<SessionRepo & ParticipantRepo>, service: Service, sessionSidOrName: string, sid: string): Promise<Participant> =>
  findParticipantOf(deps, service, await findSessionOf(deps.store, service, sessionSidOrName), sid);
