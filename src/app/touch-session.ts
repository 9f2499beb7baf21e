// Every interaction moves its session to in-progress and slides its ttl (Twilio: ttl counts from the
// last interaction). Shared by app-initiated messages and inbound routing.
import type { Service } from '../domain/service.ts';
import { computeExpiresAt, type Session } from '../domain/session.ts';
import type { SessionRepo } from '../ports/store.ts';

/** The session's activity after an interaction at `now`: when it happened and when the session now expires. */
export const sessionActivityAt = (service: Service, session: Session, now: Date): { readonly at: Date; readonly expiresAt: Date | null } => ({
  at: now,
  expiresAt: computeExpiresAt({
    ttl: session.ttl,
    serviceDefaultTtl: service.defaultTtl,
    dateExpiry: session.dateExpiry,
    dateCreated: session.dateCreated,
    dateLastInteraction: now,
  }),
});

export const touchSession = async (tx: SessionRepo, service: Service, session: Session, now: Date): Promise<void> => {
  const { expiresAt } = sessionActivityAt(service, session, now);
  // One UPDATE; a session closed meanwhile stays closed (traffic never re-opens one).
  await tx.recordSessionActivity(session.sid, now, expiresAt);
};
