// Adds one participant to a session inside the caller's transaction: checks the session's participant
// rules, resolves or allocates the proxy number, and inserts the binding. Shared by create-session
// and add-participant. The caller holds the identifier's advisory lock and, for a session others can see,
// its row lock (SessionRepo.lockSession), so the session is still active when this commits.
import { AppError } from '../domain/errors.ts';
import { geoTiers } from '../domain/geo-match.ts';
import type { Participant } from '../domain/participant.ts';
import { parseIdentifier, type ParsedIdentifier } from '../domain/phone-number.ts';
import type { PoolNumber } from '../domain/pool-number.ts';
import type { Service } from '../domain/service.ts';
import { isSid } from '../domain/sid.ts';
import type { Session } from '../domain/session.ts';
import { StoreConflict, type AllocationQueries, type NumberRepo, type ParticipantRepo } from '../ports/store.ts';
import { chooseProxyNumber } from './allocate-proxy-number.ts';
import { allocationScope, type GateReads } from './sms-gate-allocation.ts';
import type { AppDeps } from './deps.ts';

export interface ParticipantInput {
  readonly identifier: string;
  readonly friendlyName?: string | null;
  readonly proxyIdentifier?: string | null;
  readonly proxyIdentifierSid?: string | null;
}

/** What binding a participant reads and writes, in the caller's transaction. */
export type BindingRepos = ParticipantRepo & NumberRepo & AllocationQueries & GateReads;

/** The settings carry the installation's SMS gating mode (the allocator honours it in enforce mode). */
type BindingDeps = Pick<AppDeps, 'clock' | 'ids' | 'settings'>;

/** A binding lost to a concurrent writer is retried with a fresh candidate this many times. */
const MAX_BINDING_ATTEMPTS = 5;

/** The canonical identifier stored for a participant: E.164 for numbers, the raw address for channels. */
export const canonicalIdentifier = (parsed: ParsedIdentifier): string =>
  parsed.kind === 'phone' ? parsed.e164 : parsed.raw;

/** Lock keys that serialise every allocation for one identifier in one service, across processes. */
export const identifierLockKey = (serviceSid: string, identifier: string): string => `identifier:${serviceSid}:${identifier}`;

const checkParticipantRules = (existing: readonly Participant[], identifier: string): Participant | null => {
  const same = existing.find((p) => p.identifier === identifier);
  if (same?.dateDeleted) throw new AppError('duplicate-entry', `Participant ${identifier} was already in this session and was removed`);
  if (same) throw new AppError('participant-already-in-session', `Participant ${identifier} is already in this session`);
  const active = existing.filter((p) => p.dateDeleted === null);
  if (active.length >= 2) throw new AppError('too-many-participants', 'A session can have at most 2 participants');
  return active[0] ?? null;
};

/** A named proxy number must already be in this service's pool; reserved numbers may be named. */
const resolveNamedNumber = async (tx: NumberRepo, service: Service, input: ParticipantInput): Promise<PoolNumber | string | null> => {
  if (input.proxyIdentifierSid) {
    const sid = input.proxyIdentifierSid;
    if (!isSid('phoneNumber', sid)) throw new AppError('phone-number-sid-invalid', `Invalid ProxyIdentifierSid ${sid}`);
    const number = await tx.findNumberBySid(service.accountSid, sid);
    if (!number) throw new AppError('proxy-identifier-sid-not-found', `Proxy identifier ${sid} was not found`);
    if (number.serviceSid !== service.sid) throw new AppError('proxy-identifier-not-in-service', `Proxy identifier ${sid} is not in this service`);
    return number;
  }
  if (!input.proxyIdentifier) return null;
  const parsed = parseIdentifier(input.proxyIdentifier);
  if (parsed.kind === 'channel') return parsed.raw; // an unmanaged channel address, carried as it is
  const number = await tx.findNumberByE164(parsed.e164);
  if (!number || number.accountSid !== service.accountSid) throw new AppError('proxy-identifier-not-found', `Proxy identifier ${parsed.e164} was not found`);
  if (number.serviceSid !== service.sid) throw new AppError('proxy-identifier-not-in-service', `Proxy identifier ${parsed.e164} is not in this service`);
  return number;
};

const newParticipant = (deps: Pick<AppDeps, 'clock' | 'ids'>, session: Session, identifier: string, input: ParticipantInput, proxy: PoolNumber | string): Participant => {
  const now = deps.clock.now();
  return {
    sid: deps.ids.sid('participant'),
    sessionSid: session.sid,
    serviceSid: session.serviceSid,
    accountSid: session.accountSid,
    friendlyName: input.friendlyName ?? null,
    identifier,
    proxyIdentifier: typeof proxy === 'string' ? proxy : proxy.phoneNumber,
    proxyIdentifierSid: typeof proxy === 'string' ? null : proxy.sid,
    dateDeleted: null,
    dateCreated: now,
    dateUpdated: now,
  };
};

const insertNamed = async (tx: ParticipantRepo, participant: Participant): Promise<Participant> => {
  try {
    await tx.createParticipant(participant);
    return participant;
  } catch (err) {
    if (err instanceof StoreConflict && err.kind === 'binding') {
      throw new AppError('proxy-identifier-in-use', `${participant.identifier} already uses ${participant.proxyIdentifier} in another active session`);
    }
    throw err;
  }
};

/** What the caller already read in this transaction; whatever is missing is read here. */
export interface KnownFacts {
  /** The session's participants (a session the caller is creating in this transaction). */
  readonly existing?: readonly Participant[];
  /** By identifier, the numbers it holds in active sessions (settleIdentifiers, under the identifiers' locks). */
  readonly bound?: ReadonlyMap<string, ReadonlySet<string>>;
  /** The pool number of the participant already in the session, as read in this transaction. */
  readonly counterpartNumber?: PoolNumber | null;
}

export interface Bound {
  readonly participant: Participant;
  /** The pool number it got, null for an unmanaged channel address. */
  readonly number: PoolNumber | null;
}

const insertAllocated = async (
  deps: BindingDeps, tx: BindingRepos, service: Service, session: Session, parsed: ParsedIdentifier & { kind: 'phone' }, input: ParticipantInput,
  counterpart: Participant | null, known: KnownFacts,
): Promise<Bound> => {
  const request = {
    service,
    identifier: parsed.e164,
    tiers: geoTiers(parsed, service.geoMatchLevel),
    mode: session.mode,
    counterpartNumberSid: counterpart?.proxyIdentifierSid ?? null,
    counterpartNumber: known.counterpartNumber ?? null,
    smsScope: await allocationScope(tx, deps.settings, service.accountSid, parsed.e164, session.mode),
  };
  const bound = known.bound?.get(parsed.e164);
  for (let attempt = 0; attempt < MAX_BINDING_ATTEMPTS; attempt += 1) {
    // A retry re-reads the bindings: the caller's copy missed the one that just beat us.
    const decision = await chooseProxyNumber(tx, attempt === 0 && bound ? { ...request, bound } : request);
    if (decision.kind === 'refused') throw new AppError(decision.code, decision.explanation);
    const participant = newParticipant(deps, session, parsed.e164, input, decision.number);
    try {
      await tx.createParticipant(participant);
      return { participant, number: decision.number };
    } catch (err) {
      // Another writer bound this pair first (possible only without the advisory lock): next candidate.
      if (!(err instanceof StoreConflict && err.kind === 'binding')) throw err;
    }
  }
  throw new AppError('duplicate-participant-request', `Concurrent requests kept taking the proxy numbers for ${parsed.e164}; retry`);
};

/**
 * Adds a participant to `session`. The caller has locked the identifier and the session (see the header). `known` holds
 * what the caller already read in this transaction (see KnownFacts); the rest is read here.
 */
export const bindParticipant = async (
  deps: BindingDeps, tx: BindingRepos, service: Service, session: Session, input: ParticipantInput, known: KnownFacts = {},
): Promise<Bound> => {
  const parsed = parseIdentifier(input.identifier);
  const identifier = canonicalIdentifier(parsed);
  const counterpart = checkParticipantRules(known.existing ?? await tx.listParticipants(session.sid), identifier);
  const named = await resolveNamedNumber(tx, service, input);
  if (named !== null) {
    const participant = await insertNamed(tx, newParticipant(deps, session, identifier, input, named));
    return { participant, number: typeof named === 'string' ? null : named };
  }
  if (parsed.kind === 'channel') {
    throw new AppError('identifier-type-unsupported', `Identifier ${identifier} is a ${parsed.channel} address: name its ProxyIdentifier`);
  }
  return insertAllocated(deps, tx, service, session, parsed, input, counterpart, known);
};
