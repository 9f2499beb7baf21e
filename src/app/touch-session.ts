// Every interaction moves its session to in-progress and slides its ttl (Twilio: ttl counts from the
// last interaction). Shared by app-initiated messages and inbound routing.
import type { Service } from '../domain/service.ts';
import { computeExpiresAt, type Session } from '../domain/session.ts';
import type { Repos } from '../ports/store.ts';

export const touchSession = async (tx: Repos, service: Service, session: Session, now: Date): Promise<void> => {
  const expiresAt = computeExpiresAt({
    ttl: session.ttl,
    serviceDefaultTtl: service.defaultTtl,
    dateExpiry: session.dateExpiry,
    dateCreated: session.dateCreated,
    dateLastInteraction: now,
  });
  // One UPDATE on the hot path of every message; a session closed meanwhile stays closed (traffic never re-opens one).
  await tx.recordSessionActivity(session.sid, now, expiresAt);
};
