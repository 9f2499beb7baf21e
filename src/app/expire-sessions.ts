// Expiry. A session past its ttl or date_expiry never routes (domain/session.isRoutable) whether or not
// this has run; closing it here frees its proxy numbers and makes it read as closed.
import { expiryReason, isActiveStatus, isExpired, type Session } from '../domain/session.ts';
import type { SessionRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

const byExpiry = (a: Session, b: Session): number =>
  (a.expiresAt?.getTime() ?? 0) - (b.expiresAt?.getTime() ?? 0) || (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0);

/**
 * Closes the expired sessions that still hold bindings for these identifiers, so an allocation never
 * refuses a number that only an expired session is holding, and returns, per identifier, the sids of the
 * numbers it still holds: one read serves lazy expiry and the allocator's "bound" filter. Runs in the
 * caller's transaction, which holds the identifiers' locks, so the answer stays true until it commits.
 */
export const settleIdentifiers = async (
  tx: SessionRepo, serviceSid: string, identifiers: readonly string[], now: Date,
): Promise<ReadonlyMap<string, ReadonlySet<string>>> => {
  const bindings = identifiers.length === 0 ? [] : await tx.identifierBindings(serviceSid, identifiers);
  const expired = new Map<string, Session>();
  for (const { session } of bindings) {
    if (isActiveStatus(session.status) && isExpired(session, now)) expired.set(session.sid, session);
  }
  // Oldest first, as the sweeper closes them: each close takes that session's row lock (SessionRepo.lockSession),
  // and taking them in one order keeps two closers from deadlocking.
  for (const session of [...expired.values()].sort(byExpiry)) await tx.closeSession(session.sid, expiryReason(session), now);
  const bound = new Map(identifiers.map((id) => [id, new Set<string>()]));
  for (const b of bindings) {
    if (b.numberSid !== null && !expired.has(b.session.sid)) bound.get(b.identifier)?.add(b.numberSid);
  }
  return bound;
};

/** The sweeper: closes up to `batch` expired sessions; returns how many it closed. */
export const expireSessions = async (deps: DepsWith<SessionRepo, 'clock'>, batch = 500): Promise<number> => {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const expired = await tx.findExpiredSessions(now, batch);
    let closed = 0;
    for (const session of expired) {
      if (await tx.closeSession(session.sid, expiryReason(session), now)) closed += 1;
    }
    return closed;
  });
};
