// POST .../Sessions/{sid}: close, re-open (Status=in-progress), or change Ttl / DateExpiry.
import { AppError, invalidParameter } from '../domain/errors.ts';
import type { Service } from '../domain/service.ts';
import { checkStatusChange, computeExpiresAt, type Session, type SessionStatus } from '../domain/session.ts';
import { StoreConflict, type Repos } from '../ports/store.ts';
import { identifierLockKey, sessionLockKey } from './bind-participant.ts';
import type { AppDeps } from './deps.ts';
import { loadSessionForWrite } from './find-active-session.ts';

export interface UpdateSessionInput {
  readonly status?: SessionStatus;
  readonly ttl?: number;
  readonly dateExpiry?: Date | null;
}

const reopen = async (tx: Repos, service: Service, session: Session, now: Date): Promise<void> => {
  const participants = (await tx.listParticipants(session.sid)).filter((p) => p.dateDeleted === null);
  await tx.lock([sessionLockKey(session.sid), ...participants.map((p) => identifierLockKey(service.sid, p.identifier))]);
  try {
    await tx.reopenSession(session.sid, now);
  } catch (err) {
    if (err instanceof StoreConflict && err.kind === 'binding') {
      throw new AppError(80801, 'A participant of this session is active on the same proxy number in another session');
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

export const updateSession = async (deps: AppDeps, service: Service, sessionSidOrName: string, input: UpdateSessionInput): Promise<Session> => {
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const session = await loadSessionForWrite(tx, service, sessionSidOrName, now);
    const target = input.status ?? session.status;
    checkStatusChange(session.status, target);
    const reopening = session.status === 'closed' && target === 'in-progress';
    if (session.status === 'closed' && !reopening) {
      // Closing a closed session again is a harmless retry; any other change to it is refused.
      const changesSomething = input.ttl !== undefined || input.dateExpiry !== undefined;
      if (target === 'closed' && !changesSomething) return session;
      throw new AppError(80607, `Session ${session.sid} is closed and cannot be updated`);
    }
    if (target === 'closed' && session.status !== 'closed') {
      await tx.closeSession(session.sid, 'api', now);
    } else {
      if (reopening) await reopen(tx, service, session, now);
      const patch = expiryPatch(service, session, input, now, reopening);
      await tx.updateSession(service.sid, session.sid, { ...patch, ...(reopening ? { status: 'in-progress' as const, dateEnded: null, closedReason: null } : {}), dateUpdated: now });
    }
    const updated = await tx.findSession(service.sid, session.sid);
    if (!updated) throw new AppError(80503);
    return updated;
  });
};
