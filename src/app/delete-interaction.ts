// DELETE .../Interactions/{Sid}: removes the log record only; the message or call already happened.
import type { Service } from '../domain/service.ts';
import type { InteractionRepo, SessionRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { fetchInteraction } from './fetch-interaction.ts';

export const deleteInteraction = async (deps: DepsWith<SessionRepo & InteractionRepo>, service: Service, sessionSidOrName: string, sid: string): Promise<void> => {
  const interaction = await fetchInteraction(deps, service, sessionSidOrName, sid);
  await deps.store.deleteInteraction(interaction.sessionSid, interaction.sid);
};
