// GET /v1/Services/{sid}/Sessions/{Sid}: by KC SID or UniqueName (Twilio's path parameter has no
// pattern). A value that is not a SID can only be a unique name, so its miss is Twilio's 80308.
import { AppError, notFound } from '../domain/errors.ts';
import type { Service } from '../domain/service.ts';
import type { Session } from '../domain/session.ts';
import { isSid } from '../domain/sid.ts';
import type { SessionRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { sessionAsOf } from './session-view.ts';

/** The stored session (not re-read as of now), for use cases that work under it. */
export const findSessionOf = async (repos: SessionRepo, service: Service, sidOrUniqueName: string): Promise<Session> => {
  const session = await repos.findSession(service.sid, sidOrUniqueName);
  if (session) return session;
  if (isSid('session', sidOrUniqueName)) throw notFound(`/Services/${service.sid}/Sessions/${sidOrUniqueName}`);
  throw new AppError('session-name-not-found', `Session with unique name '${sidOrUniqueName}' was not found`);
};

export const fetchSession = async (deps: DepsWith<SessionRepo, 'clock'>, service: Service, sidOrUniqueName: string): Promise<Session> =>
  sessionAsOf(await findSessionOf(deps.store, service, sidOrUniqueName), deps.clock.now());
