// DELETE /v1/Services/{sid}/Sessions/{Sid}: a hard delete, with its participants and interactions;
// the proxy numbers it held are freed.
import type { Service } from '../domain/service.ts';
import type { SessionRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { findSessionOf } from './fetch-session.ts';

export const deleteSession = async (deps: DepsWith<SessionRepo>, service: Service, sidOrUniqueName: string): Promise<void> => {
  const session = await findSessionOf(deps.store, service, sidOrUniqueName);
  await deps.store.deleteSession(service.sid, session.sid);
};
