// How a session reads: one whose expiry has passed reads as closed even before the sweeper has closed
// it (invariant 3), so a caller never sees an "open" session that no longer routes.
import { expiryReason, isActiveStatus, isExpired, type Session } from '../domain/session.ts';

export const sessionAsOf = (session: Session, now: Date): Session =>
  isActiveStatus(session.status) && isExpired(session, now)
    ? { ...session, status: 'closed', closedReason: expiryReason(session), dateEnded: session.expiresAt }
    : session;
