// Loads a session for a write, closing it first if it has expired but the sweeper has not run yet.
import { notFound } from '../domain/errors.ts';
import type { Service } from '../domain/service.ts';
import { expiryReason, isActiveStatus, isExpired, type Session } from '../domain/session.ts';
import type { SessionRepo } from '../ports/store.ts';

export const loadSessionForWrite = async (tx: SessionRepo, service: Service, sidOrName: string, now: Date): Promise<Session> => {
  const session = await tx.findSession(service.sid, sidOrName);
  if (!session) throw notFound(`/Services/${service.sid}/Sessions/${sidOrName}`);
  if (isActiveStatus(session.status) && isExpired(session, now)) {
    await tx.closeSession(session.sid, expiryReason(session), now);
    const closed = await tx.findSession(service.sid, session.sid);
    if (closed) return closed;
  }
  return session;
};
