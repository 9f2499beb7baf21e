// POST /v1/Services/{sid}/Sessions: a session and up to two participants, each with an allocated (or
// named) proxy number, all in one transaction: either the whole session exists or none of it does.
import { AppError, invalidParameter } from '../domain/errors.ts';
import type { Participant } from '../domain/participant.ts';
import { parseIdentifier } from '../domain/phone-number.ts';
import type { PoolNumber } from '../domain/pool-number.ts';
import type { Service } from '../domain/service.ts';
import { computeExpiresAt, type Session, type SessionMode, type SessionStatus } from '../domain/session.ts';
import { StoreConflict, type Locks, type SessionRepo } from '../ports/store.ts';
import { bindParticipant, canonicalIdentifier, identifierLockKey, type BindingRepos, type ParticipantInput } from './bind-participant.ts';
import { checkUniqueNameShape } from './create-service.ts';
import type { AppDeps, DepsWith } from './deps.ts';
import { settleIdentifiers } from './expire-sessions.ts';

export type { ParticipantInput };

export interface CreateSessionInput {
  readonly uniqueName?: string | null;
  readonly ttl?: number;
  readonly dateExpiry?: Date | null;
  readonly mode?: SessionMode;
  readonly status?: SessionStatus;
  readonly participants?: readonly ParticipantInput[];
}

const newSession = (deps: Pick<AppDeps, 'clock' | 'ids'>, service: Service, input: CreateSessionInput): Session => {
  const now = deps.clock.now();
  const status = input.status ?? 'open';
  if (status !== 'open' && status !== 'in-progress') throw invalidParameter('Status', 'A new session is open or in-progress.');
  const ttl = input.ttl ?? service.defaultTtl;
  const dateExpiry = input.dateExpiry ?? null;
  if (dateExpiry && dateExpiry.getTime() <= now.getTime()) throw invalidParameter('DateExpiry', 'It must be in the future.');
  checkUniqueNameShape(input.uniqueName);
  return {
    sid: deps.ids.sid('session'),
    serviceSid: service.sid,
    accountSid: service.accountSid,
    uniqueName: input.uniqueName ?? null,
    status,
    closedReason: null,
    mode: input.mode ?? 'voice-and-message',
    ttl,
    dateExpiry,
    dateStarted: now,
    dateEnded: null,
    dateLastInteraction: null,
    expiresAt: computeExpiresAt({ ttl, serviceDefaultTtl: service.defaultTtl, dateExpiry, dateCreated: now, dateLastInteraction: null }),
    dateCreated: now,
    dateUpdated: now,
  };
};

/** Identifiers of the requested participants, validated before any write. */
const requestedIdentifiers = (participants: readonly ParticipantInput[]): string[] => {
  if (participants.length > 2) throw new AppError('too-many-participants', 'A session can have at most 2 participants');
  const identifiers = participants.map((p) => canonicalIdentifier(parseIdentifier(p.identifier)));
  if (identifiers.length === 2 && identifiers[0] === identifiers[1]) {
    throw new AppError('participant-already-in-session', `Participant ${identifiers[0]} appears twice in this session`);
  }
  return identifiers;
};

/** What creating a session uses: the identifiers' locks, the session, and what binding its participants reads and writes. */
export type SessionCreation = Locks & SessionRepo & BindingRepos;

export const createSession = async (
  deps: DepsWith<SessionCreation, 'clock' | 'ids' | 'settings'>,
  service: Service,
  input: CreateSessionInput,
): Promise<{ session: Session; participants: Participant[] }> => {
  const requested = input.participants ?? [];
  const identifiers = requestedIdentifiers(requested);
  const session = newSession(deps, service, input);
  try {
    return await deps.store.transaction(async (tx) => {
      await tx.lock(identifiers.map((id) => identifierLockKey(service.sid, id)));
      const bound = await settleIdentifiers(tx, service.sid, identifiers, session.dateCreated);
      // No session lock (SessionRepo.lockSession) and no extra round trip: until this commits no other transaction
      // can see the session, so none can close, expire or delete it while its participants are bound.
      await tx.createSession(session);
      const participants: Participant[] = [];
      let counterpartNumber: PoolNumber | null = null;
      for (const p of requested) {
        // The session is new: its participants are exactly the ones bound so far, and the first one's
        // number was just read, so none of it is read back.
        const made = await bindParticipant(deps, tx, service, session, p, { existing: participants, bound, counterpartNumber });
        participants.push(made.participant);
        counterpartNumber = made.number;
      }
      return { session, participants };
    });
  } catch (err) {
    if (err instanceof StoreConflict && err.kind === 'session-unique-name') {
      throw new AppError('session-name-taken', `A session named '${input.uniqueName ?? ''}' already exists in this service`);
    }
    throw err;
  }
};
