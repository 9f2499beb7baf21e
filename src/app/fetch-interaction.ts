import { AppError, notFound } from '../domain/errors.ts';
import type { Interaction } from '../domain/interaction.ts';
import type { Service } from '../domain/service.ts';
import { isSid } from '../domain/sid.ts';
import type { InteractionRepo, SessionRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { findSessionOf } from './fetch-session.ts';

export const fetchInteraction = async (deps: DepsWith<SessionRepo & InteractionRepo>, service: Service, sessionSidOrName: string, sid: string): Promise<Interaction> => {
  const session = await findSessionOf(deps.store, service, sessionSidOrName);
  if (!isSid('interaction', sid)) throw new AppError('interaction-sid-invalid', `Invalid Interaction SID ${sid}`);
  const interaction = await deps.store.findInteraction(session.sid, sid);
  if (!interaction) throw notFound(`/Services/${service.sid}/Sessions/${session.sid}/Interactions/${sid}`);
  return interaction;
};
