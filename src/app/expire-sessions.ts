// Expiry. A session past its ttl or date_expiry never routes (domain/session.isRoutable) whether or not
// this has run; closing it here frees its proxy numbers and makes it read as closed.
import { expiryReason } from '../domain/session.ts';
import type { Repos } from '../ports/store.ts';
import type { AppDeps } from './deps.ts';

/**
 * Closes the expired sessions that still hold bindings for this identifier, so an allocation never
 * refuses a number that only an expired session is holding. Runs in the caller's transaction.
 */
export const closeExpiredSessionsOf = async (tx: Repos, serviceSid: string, identifier: string, now: Date): Promise<number> => {
  const expired = await tx.findExpiredSessionsOfIdentifier(serviceSid, identifier, now);
  for (const session of expired) await tx.closeSession(session.sid, expiryReason(session), now);
  return expired.length;
};

/** The sweeper: closes up to `batch` expired sessions; returns how many it closed. */
export const expireSessions = async (deps: AppDeps, batch = 500): Promise<number> => {
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
