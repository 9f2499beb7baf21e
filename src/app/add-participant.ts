// POST .../Sessions/{sid}/Participants: one more participant, with a proxy number chosen by the allocator.
import { AppError } from '../domain/errors.ts';
import type { Participant } from '../domain/participant.ts';
import { parseIdentifier } from '../domain/phone-number.ts';
import type { Service } from '../domain/service.ts';
import { isActiveStatus } from '../domain/session.ts';
import { bindParticipant, canonicalIdentifier, identifierLockKey, sessionLockKey, type ParticipantInput } from './bind-participant.ts';
import type { AppDeps } from './deps.ts';
import { settleIdentifiers } from './expire-sessions.ts';
import { loadSessionForWrite } from './find-active-session.ts';

export type { ParticipantInput };

export const addParticipant = async (deps: AppDeps, service: Service, sessionSidOrName: string, input: ParticipantInput): Promise<Participant> => {
  const identifier = canonicalIdentifier(parseIdentifier(input.identifier));
  const now = deps.clock.now();
  return deps.store.transaction(async (tx) => {
    const found = await loadSessionForWrite(tx, service, sessionSidOrName, now);
    // Lock the session too, so two participants added at once cannot make three.
    await tx.lock([sessionLockKey(found.sid), identifierLockKey(service.sid, identifier)]);
    const session = await loadSessionForWrite(tx, service, found.sid, now);
    if (!isActiveStatus(session.status)) throw new AppError(80607, `Session ${session.sid} is closed: participants cannot be added`);
    const bound = await settleIdentifiers(tx, service.sid, [identifier], now);
    return (await bindParticipant(deps, tx, service, session, input, { bound })).participant;
  });
};
