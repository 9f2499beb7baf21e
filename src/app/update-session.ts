// POST .../Sessions/{sid}: close, re-open (Status=in-progress), or change Ttl / DateExpiry.
import { AppError, invalidParameter, notFound } from '../domain/errors.ts';
import type { Service } from '../domain/service.ts';
import { checkStatusChange, computeExpiresAt, expiryReason, isActiveStatus, isExpired, type Session, type SessionStatus } from '../domain/session.ts';
import { StoreConflict, type Locks, type ParticipantRepo, type SessionRepo } from '../ports/store.ts';
import { identifierLockKey } from './bind-participant.ts';
import type { DepsWith } from './deps.ts';

export interface UpdateSessionInput {
  readonly status?: SessionStatus;
  readonly ttl?: number;
  readonly dateExpiry?: Date | null;
}

/**
 * A re-open binds the participants again, so it takes their identifiers' advisory locks, and it takes them
 * before the session's row lock (loadLocked), the order add-participant and create-session use: a
 * transaction holding a row lock never waits for an advisory lock, so the two kinds cannot deadlock.
 */
const lockForReopen = async (tx: ParticipantRepo & Locks, service: Service, sessionSid: string): Promise<void> => {
  const participants = (await tx.listParticipants(sessionSid)).filter((p) => p.dateDeleted === null);
  await tx.lock(participants.map((p) => identifierLockKey(service.sid, p.identifier)));
};

/**
 * The session under its row lock (SessionRepo.lockSession): a close here and a participant added elsewhere
 * serialise. One expired but not yet swept is closed first, as the sweeper would.
 */
const loadLocked = async (tx: SessionRepo, service: Service, sessionSid: string, now: Date): Promise<Session> => {
  const session = await tx.lockSession(service.sid, sessionSid);
  if (!session) throw notFound(`/Services/${service.sid}/Sessions/${sessionSid}`);
  if (!isActiveStatus(session.status) || !isExpired(session, now)) return session;
  await tx.closeSession(session.sid, expiryReason(session), now);
  return (await tx.lockSession(service.sid, sessionSid)) ?? session;
};

const reopen = async (tx: SessionRepo, session: Session, now: Date): Promise<void> => {
  try {
    await tx.reopenSession(session.sid, now);
  } catch (err) {
    if (err instanceof StoreConflict && err.kind === 'binding') {
      throw new AppError('reopen-conflict', 'A participant of this session is active on the same proxy number in another session');
    }
    throw err;
  }
};

/** The new expiry; the ttl slides from now when re-opening, so a re-opened session is not born expired. */
const expiryPatch = (service: Service, session: Session, input: UpdateSessionInput, now: Date, reopening: boolean) => {
  const ttl = input.ttl ?? session.ttl;
  const dateExpiry = input.dateExpiry !== undefined ? input.dateExpiry : session.dateExpiry;
  if (input.dateExpiry && input.dateExpiry.getTime() <= now.getTime()) throw invalidParameter('DateExpiry', 'It must be in the future.');
  const dateLastInteraction = reopening ? now : session.dateLastInteraction;
  const expiresAt = computeExpiresAt({ ttl, serviceDefaultTtl: service.defaultTtl, dateExpiry, dateCreated: session.dateCreated, dateLastInteraction });
  return { ttl, dateExpiry, expiresAt };
};

export const updateSession = async (deps: DepsWith<SessionRepo & ParticipantRepo & Locks, 'clock'>, service: Service, sessionSidOrName: string, input: UpdateSessionInput): Promise<Session> => {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const found = await tx.findSession(service.sid, sessionSidOrName);
    if (!found) throw notFound(`/Services/${service.sid}/Sessions/${sessionSidOrName}`);
    // Only a request for in-progress can re-open (a closed session, or an expired one closed on the way).
    if (input.status === 'in-progress') await lockForReopen(tx, service, found.sid);
    const session = await loadLocked(tx, service, found.sid, now);
    const target = input.status ?? session.status;
    checkStatusChange(session.status, target);
    const reopening = session.status === 'closed' && target === 'in-progress';
    if (session.status === 'closed' && !reopening) {
      // Closing a closed session again is a harmless retry; any other change to it is refused.
      const changesSomething = input.ttl !== undefined || input.dateExpiry !== undefined;
      if (target === 'closed' && !changesSomething) return session;
      throw new AppError('session-closed', `Session ${session.sid} is closed and cannot be updated`);
    }
    if (target === 'closed' && session.status !== 'closed') {
      // Ttl and DateExpiry sent with the close are kept, not dropped: they apply again if it is re-opened.
      const changesExpiry = input.ttl !== undefined || input.dateExpiry !== undefined;
      if (changesExpiry) await tx.updateSession(service.sid, session.sid, { ...expiryPatch(service, session, input, now, false), dateUpdated: now });
      await tx.closeSession(session.sid, 'api', now);
    } else {
      if (reopening) await reopen(tx, session, now);
      const patch = expiryPatch(service, session, input, now, reopening);
      await tx.updateSession(service.sid, session.sid, { ...patch, ...(reopening ? { status: 'in-progress' as const, dateEnded: null, closedReason: null } : {}), dateUpdated: now });
    }
    const updated = await tx.findSession(service.sid, session.sid);
    if (!updated) throw new AppError('no-records-updated');
    return updated;
  });
};
