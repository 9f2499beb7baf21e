// POST .../Sessions/{sid}/Participants: one more participant, with a proxy number chosen by the allocator.
import { AppError, notFound } from '../domain/errors.ts';
import type { Participant } from '../domain/participant.ts';
import { parseIdentifier } from '../domain/phone-number.ts';
import type { Service } from '../domain/service.ts';
import { isActiveStatus, isExpired } from '../domain/session.ts';
import type { Locks, SessionRepo } from '../ports/store.ts';
import { bindParticipant, canonicalIdentifier, identifierLockKey, type BindingRepos, type ParticipantInput } from './bind-participant.ts';
import type { DepsWith } from './deps.ts';
import { settleIdentifiers } from './expire-sessions.ts';

export type { ParticipantInput };

/**
 * Locks, in the one order every writer uses: the identifier's advisory lock, then the session's row
 * (SessionRepo.lockSession), then rows of the identifier's expired sessions that settleIdentifiers closes. Nothing
 * is written before the advisory lock, so no row lock is ever held while waiting for one. The row lock makes
 * a concurrent close, expiry or delete of this session wait for this bind (and unbind it), or this read wait
 * for the close and see the session closed; it also serialises two adds to one session, so they cannot make
 * three participants.
 */
export const addParticipant = async (deps: DepsWith<SessionRepo & Locks & BindingRepos, 'clock' | 'ids' | 'settings'>, service: Service, sessionSidOrName: string, input: ParticipantInput): Promise<Participant> => {
  const identifier = canonicalIdentifier(parseIdentifier(input.identifier));
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const path = `/Services/${service.sid}/Sessions/${sessionSidOrName}`;
    const found = await tx.findSession(service.sid, sessionSidOrName);
    if (!found) throw notFound(path);
    await tx.lock([identifierLockKey(service.sid, identifier)]);
    const session = await tx.lockSession(service.sid, found.sid);
    if (!session) throw notFound(path);
    // An expired session the sweeper has not closed yet is as closed (invariant 3); closing it here would be
    // rolled back with this refusal anyway.
    if (!isActiveStatus(session.status) || isExpired(session, now)) {
      throw new AppError('session-closed', `Session ${session.sid} is closed: participants cannot be added`);
    }
    const bound = await settleIdentifiers(tx, service.sid, [identifier], now);
    return (await bindParticipant(deps, tx, service, session, input, { bound })).participant;
  });
};
