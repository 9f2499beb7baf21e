// The storage port. app/ use cases talk to SQLite and PostgreSQL only through this interface.
// Every method is scoped by the caller (account or service), so one tenant can never read another's rows.
import type { Account, ApiKey } from '../domain/account.ts';
import type { GeoTier } from '../domain/allocator/types.ts';
import type { PoolFunnel } from '../domain/allocator/types.ts';
import type { Interaction, InteractionLeg } from '../domain/interaction.ts';
import type { Participant } from '../domain/participant.ts';
import type { Capabilities, PoolNumber } from '../domain/pool-number.ts';
import type { Service } from '../domain/service.ts';
import type { Session } from '../domain/session.ts';

/** Which uniqueness rule a write broke. A binding conflict means "try the next candidate", never a 500. */
export type ConflictKind =
  | 'binding' // (service, identifier, proxy identifier) already active in another session
  | 'service-unique-name'
  | 'session-unique-name'
  | 'participant-identifier' // the identifier is already in this session (even soft-deleted)
  | 'phone-number' // the E.164 number already exists in inventory
  | 'inbound-resource'; // an interaction for this carrier message/call id exists (a retried webhook)

export class StoreConflict extends Error {
  readonly kind: ConflictKind;
  constructor(kind: ConflictKind, detail?: string) {
    super(`store conflict: ${kind}${detail ? ` (${detail})` : ''}`);
    this.name = 'StoreConflict';
    this.kind = kind;
  }
}

/**
 * The database cannot be reached right now (down, restarting, connection lost or refused). Any store
 * method may throw it. It is transient: callers answer 503 with Retry-After, background loops log it and
 * try again later, and the store reconnects by itself once the database is back. `reason` is short and
 * safe to show (never a URL or a driver's text); the driver's error is the `cause`, for logs.
 */
export class StoreUnavailable extends Error {
  readonly reason: string;
  constructor(reason: string, options?: { readonly cause?: unknown }) {
    super(`database unavailable: ${reason}`, options);
    this.name = 'StoreUnavailable';
    this.reason = reason;
  }
}

/** Keyset paging in (date_created, sid) order. `before` pages backwards and still returns items in ascending order. */
export interface PageRequest {
  readonly pageSize: number;
  readonly after?: PageCursor | undefined;
  readonly before?: PageCursor | undefined;
  /** Rows to skip first, for a page asked for by number without a cursor (bounded by the HTTP layer). */
  readonly offset?: number | undefined;
}
export interface PageCursor {
  readonly dateCreated: Date;
  readonly sid: string;
}
export interface Page<T> {
  readonly items: readonly T[];
  /** True when more rows exist beyond the returned ones in the paging direction. */
  readonly hasMore: boolean;
}

export type ServicePatch = Partial<Omit<Service, 'sid' | 'accountSid' | 'dateCreated'>> & { readonly dateUpdated: Date };
export type SessionPatch = Partial<Omit<Session, 'sid' | 'serviceSid' | 'accountSid' | 'dateCreated'>> & { readonly dateUpdated: Date };
export type NumberPatch = Partial<Pick<PoolNumber, 'isReserved' | 'capabilities' | 'carrier' | 'friendlyName' | 'serviceSid'>> & {
  readonly dateUpdated: Date;
};

export interface AccountRepo {
  upsertAccount(account: Account): Promise<void>;
  getAccount(sid: string): Promise<Account | null>;
  createApiKey(key: ApiKey): Promise<void>;
  /** Any account's key (authentication maps a key to its account). */
  getApiKey(sid: string): Promise<ApiKey | null>;
  listApiKeys(accountSid: string, page: PageRequest): Promise<Page<ApiKey>>;
  /** Returns the updated key, null if the account has no such key. */
  updateApiKey(accountSid: string, sid: string, patch: ApiKeyPatch): Promise<ApiKey | null>;
  deleteApiKey(accountSid: string, sid: string): Promise<boolean>;
}

export type ApiKeyPatch = Pick<ApiKey, 'friendlyName' | 'dateUpdated'>;

export interface ServiceRepo {
  /** Throws StoreConflict('service-unique-name'). */
  createService(service: Service): Promise<void>;
  /** By sid or unique name, within the account. */
  findService(accountSid: string, sidOrUniqueName: string): Promise<Service | null>;
  listServices(accountSid: string, page: PageRequest): Promise<Page<Service>>;
  /** Throws StoreConflict('service-unique-name'). Returns the updated row, null if gone. */
  updateService(accountSid: string, sid: string, patch: ServicePatch): Promise<Service | null>;
  /** Deletes the service with its sessions, participants and interactions; its numbers leave the pool. */
  deleteService(accountSid: string, sid: string): Promise<boolean>;
}

export interface NumberRepo {
  /** Adds to inventory. Throws StoreConflict('phone-number') if the E.164 number exists. */
  createNumber(number: PoolNumber): Promise<void>;
  findNumberBySid(accountSid: string, sid: string): Promise<PoolNumber | null>;
  /** Any account's number with this E.164 value (a number exists once in the installation). */
  findNumberByE164(e164: string): Promise<PoolNumber | null>;
  updateNumber(accountSid: string, sid: string, patch: NumberPatch): Promise<PoolNumber | null>;
  listPool(serviceSid: string, page: PageRequest): Promise<Page<PoolNumber>>;
  countPool(serviceSid: string): Promise<number>;
  /** Number of active (open/in-progress) sessions with a participant bound to this number. */
  countSessionsUsingNumber(numberSid: string): Promise<number>;
}

export interface SessionRepo {
  /** Throws StoreConflict('session-unique-name') having written nothing; the caller's transaction stays usable. */
  createSession(session: Session): Promise<void>;
  findSession(serviceSid: string, sidOrUniqueName: string): Promise<Session | null>;
  /**
   * The session by sid, read under a lock that every close, expiry and delete of it waits for until the
   * caller's transaction ends (and that waits for theirs), so a status checked here stays true until
   * commit: what binding a participant relies on. Only meaningful inside `transaction`.
   */
  lockSession(serviceSid: string, sid: string): Promise<Session | null>;
  listSessions(serviceSid: string, page: PageRequest): Promise<Page<Session>>;
  updateSession(serviceSid: string, sid: string, patch: SessionPatch): Promise<Session | null>;
  /**
   * An interaction happened: an active session becomes in-progress with this last interaction and expiry.
   * One statement; a session closed meanwhile is left as it is (false), never re-opened by traffic.
   */
  recordSessionActivity(sid: string, at: Date, expiresAt: Date | null): Promise<boolean>;
  /** Hard delete with participants and interactions; frees bound numbers. */
  deleteSession(serviceSid: string, sid: string): Promise<boolean>;
  /**
   * Sets status closed, date_ended, closed_reason; unbinds every participant and lowers the load of their
   * numbers, in the caller's transaction. Returns false if it was not active.
   */
  closeSession(sid: string, reason: string, now: Date): Promise<boolean>;
  /** Re-binds the participants of a closed session (re-open). Throws StoreConflict('binding'). */
  reopenSession(sid: string, now: Date): Promise<Session | null>;
  /** Active sessions whose expires_at <= now, oldest first (index on expires_at). */
  findExpiredSessions(now: Date, limit: number): Promise<readonly Session[]>;
  /**
   * Every binding these identifiers hold in this service, with its (active) session, expired or not: what
   * lazy expiry closes and what the allocator must not hand out again, in one index-backed read.
   */
  identifierBindings(serviceSid: string, identifiers: readonly string[]): Promise<readonly IdentifierBinding[]>;
}

/** A bound participant's identifier, proxy number (null for an unmanaged channel address) and session. */
export interface IdentifierBinding {
  readonly identifier: string;
  readonly numberSid: string | null;
  readonly session: Session;
}

export interface ParticipantRepo {
  /**
   * Inserts the participant and, unless deleted, binds (identifier, proxyIdentifier) and raises the number's load.
   * Throws StoreConflict('binding') or ('participant-identifier') having written nothing, with the caller's
   * transaction still usable on both databases, so it can try the next candidate.
   */
  createParticipant(participant: Participant): Promise<void>;
  findParticipant(sessionSid: string, sid: string): Promise<Participant | null>;
  /** All participants of the session, soft-deleted ones included, in creation order. */
  listParticipants(sessionSid: string): Promise<readonly Participant[]>;
  pageParticipants(sessionSid: string, page: PageRequest): Promise<Page<Participant>>;
  /** Sets date_deleted, unbinds, lowers the number's load. */
  softDeleteParticipant(sessionSid: string, sid: string, now: Date): Promise<Participant | null>;
  /** The bound participant for inbound traffic from `identifier` to `proxyIdentifier`, if any. */
  findBoundParticipant(proxyIdentifier: string, identifier: string): Promise<Participant | null>;
  /** The newest participant, bound or not, for this (proxy identifier, identifier) pair: the previous session of out-of-session traffic. */
  findLatestParticipant(proxyIdentifier: string, identifier: string): Promise<Participant | null>;
}

/** What leastLoadedNumbers looks for. */
export interface LeastLoadedRequest {
  readonly serviceSid: string;
  readonly tier: GeoTier;
  readonly needs: { readonly voice: boolean; readonly sms: boolean };
  readonly identifier: string;
  readonly neverUsedOnly: boolean;
  readonly limit: number;
}

/** Index-backed queries that give the pure allocator a small candidate set containing its winner. */
export interface AllocationQueries {
  /**
   * Up to `limit` unreserved numbers of the pool matching the tier and capabilities, not bound to the
   * identifier in an active session, ordered by (load, phone_number). With `neverUsedOnly`, numbers in the
   * identifier's history are excluded too. Must not scan the pool: cost ~ O(log n + bindings of identifier).
   */
  leastLoadedNumbers(q: LeastLoadedRequest): Promise<readonly PoolNumber[]>;
  /**
   * leastLoadedNumbers and identifierHistoryNumbers(q.serviceSid, q.identifier, historyLimit) in one read:
   * the allocator's usual pair, one round trip.
   */
  leastLoadedWithHistory(q: LeastLoadedRequest, historyLimit: number): Promise<{
    readonly leastLoaded: readonly PoolNumber[];
    readonly history: readonly { number: PoolNumber; lastUsedAt: Date }[];
  }>;
  /** The identifier's usage history in this service: one row per number it ever held, newest first. */
  identifierHistory(serviceSid: string, identifier: string, limit: number): Promise<readonly { numberSid: string; lastUsedAt: Date }[]>;
  /**
   * identifierHistory with each number's row (numbers still in this pool only), newest first: the
   * allocator's history facts and candidates in one read.
   */
  identifierHistoryNumbers(serviceSid: string, identifier: string, limit: number): Promise<readonly { number: PoolNumber; lastUsedAt: Date }[]>;
  /** Sids of numbers the identifier holds in active sessions of this service. */
  activeBindings(serviceSid: string, identifier: string): Promise<ReadonlySet<string>>;
  findNumbersBySids(serviceSid: string, sids: readonly string[]): Promise<readonly PoolNumber[]>;
  /** Counts for naming a refusal (failure path only); tiers as in the request, union of all tiers. */
  poolFunnel(q: {
    readonly serviceSid: string;
    readonly tiers: readonly GeoTier[];
    readonly needs: { readonly voice: boolean; readonly sms: boolean };
    readonly identifier: string;
  }): Promise<PoolFunnel>;
  /** Every number in the pool (for `explain` only; never on the allocation path). */
  listWholePool(serviceSid: string, limit: number): Promise<readonly PoolNumber[]>;
}

/**
 * The bound sender of inbound traffic, its (active or not yet swept) session, the session's service, and
 * the session's other current (not deleted) participant with the carrier of its proxy number.
 */
export interface InboundRoute {
  readonly sender: Participant;
  readonly session: Session;
  readonly service: Service;
  /** Null when the session has no other current participant. */
  readonly partner: Participant | null;
  /** The carrier of the partner's proxy number; null if unmanaged or no partner. */
  readonly partnerCarrier: string | null;
}

/** What routing one inbound message or call writes, all or nothing. */
export interface InboundWrite {
  readonly interaction: Interaction;
  /** The session's new activity (in-progress, last interaction, sliding expiry); null when nothing was forwarded. */
  readonly activity: { readonly at: Date; readonly expiresAt: Date | null } | null;
  /** The work owed for the interaction, committed with it: its CallbackUrl delivery, a send through a carrier's API. */
  readonly jobs: readonly NewJob[];
  /** The forward decided for it, stored in the same insert so a retried webhook can replay it; null if none. */
  readonly forward?: RecordedForward | null;
}

/**
 * Where an inbound message or call was forwarded, as decided on its first delivery. A carrier retries its
 * webhook when it got no answer (the instance died between COMMIT and the answer): the retry replays this.
 */
export interface RecordedForward {
  /** The partner's proxy number (caller id / sender of the forward). */
  readonly from: string;
  /** The partner's address as the channel dials it. */
  readonly to: string;
  /** The carrier that sends it through its API; null when the webhook's answer (TwiML) carries it. */
  readonly sentBy: string | null;
}

/** An inbound interaction with the forward recorded with it (null: nothing was forwarded, or logged before 006). */
export interface InboundRecord {
  readonly interaction: Interaction;
  readonly forward: RecordedForward | null;
}

/** Inbound routing: one read and one atomic write per message or call, the hottest path masq has. */
export interface RoutingQueries {
  /** The bound participant for traffic from `identifier` to `proxyIdentifier`, with its session, service and partner; null if none. */
  findInboundRoute(proxyIdentifier: string, identifier: string): Promise<InboundRoute | null>;
  /**
   * Writes the interaction, the session's activity and its jobs atomically. A second interaction for the
   * same inbound carrier resource is StoreConflict('inbound-resource') and writes nothing. Outside a
   * transaction, SQLite commits the writes of concurrent requests together (group commit); the promise
   * settles only once this write is durable or refused.
   */
  recordInboundInteraction(write: InboundWrite): Promise<void>;
}

export interface InteractionRepo {
  /**
   * Throws StoreConflict('inbound-resource') for a carrier resource already logged. No savepoint is taken:
   * after a conflict the caller's transaction must end (on PostgreSQL it is aborted), which is what every
   * caller does, and it saves two statements on every inbound webhook.
   */
  createInteraction(interaction: Interaction): Promise<void>;
  findInteraction(sessionSid: string, sid: string): Promise<Interaction | null>;
  listInteractions(sessionSid: string, page: PageRequest, participantSid?: string): Promise<Page<Interaction>>;
  updateInteraction(sid: string, patch: { readonly inbound?: InteractionLeg; readonly outbound?: InteractionLeg; readonly data?: string | null; readonly dateUpdated: Date }): Promise<Interaction | null>;
  deleteInteraction(sessionSid: string, sid: string): Promise<boolean>;
  /** De-duplication of carrier webhooks: the interaction created for this inbound carrier resource id. */
  /** The interaction logged for this inbound message/call id, with the forward recorded with it: what a retried webhook replays. */
  findInboundRecord(resourceSid: string): Promise<InboundRecord | null>;
  findInteractionByOutboundResource(resourceSid: string): Promise<Interaction | null>;
  /** By sid alone: carrier status callbacks name the interaction they report on. */
  findInteractionBySid(sid: string): Promise<Interaction | null>;
}

/**
 * The kinds of durable work masq owes, each run by its own handler (app/run-jobs.ts). Adding a kind is
 * adding it here and registering a handler: the table, the queue and the retries are shared.
 */
export const JOB_KINDS = ['callback', 'send-message', 'bridge-call'] as const;
export type JobKind = (typeof JOB_KINDS)[number];

/**
 * Work masq owes, written in the same transaction as what caused it (invariant 4): a customer's callback,
 * a message or call leg to send through a carrier's API. Claimed with a lease, retried with backoff,
 * given up after its attempts; every attempt is recorded.
 */
export interface Job {
  readonly id: string;
  readonly accountSid: string;
  readonly kind: JobKind;
  /** The kind's own data, stored as JSON (a callback: its url and form params). */
  readonly payload: Readonly<Record<string, unknown>>;
  readonly attempts: number;
  /** Attempts before giving up; null = the installation's setting (MASQ_CALLBACK_MAX_ATTEMPTS). */
  readonly maxAttempts: number | null;
  /** When the job is due; while claimed, the end of the claim's lease. */
  readonly nextAttemptAt: Date;
  readonly lastError: string | null;
  readonly doneAt: Date | null;
  /** When the last allowed attempt failed; a given-up job is never claimed again but stays listed. */
  readonly givenUpAt: Date | null;
  readonly dateCreated: Date;
}

/** What a caller enqueues: no attempt made yet. */
export type NewJob = Pick<Job, 'id' | 'accountSid' | 'kind' | 'payload' | 'maxAttempts' | 'nextAttemptAt' | 'dateCreated'>;

/** One attempt at a job, kept so an operator can see why a callback did not arrive or a send failed. */
export interface JobAttempt {
  readonly id: string;
  readonly jobId: string;
  readonly attemptedAt: Date;
  /** The HTTP status the receiver answered with; null when there was no answer (or no HTTP request). */
  readonly httpStatus: number | null;
  /** Why the attempt failed (non-2xx, timeout, refused destination...); null when it succeeded. */
  readonly error: string | null;
  readonly durationMs: number;
}

export interface JobRepo {
  enqueueJob(job: NewJob): Promise<void>;
  /**
   * Due jobs (of these kinds, if given), oldest due first, each pushed to `leaseUntil` so no other worker
   * sees it as due until the lease runs out. On PostgreSQL claimed with FOR UPDATE SKIP LOCKED.
   */
  claimDueJobs(now: Date, limit: number, leaseUntil: Date, kinds?: readonly JobKind[]): Promise<readonly Job[]>;
  /** Claims this one job as claimDueJobs would, if it is due and unleased; null otherwise (done, leased, given up, unknown). */
  claimJob(id: string, now: Date, leaseUntil: Date): Promise<Job | null>;
  /** Counts the successful attempt. */
  markJobDone(id: string, now: Date): Promise<void>;
  /** Counts the failed attempt and makes the job due again at `nextAttemptAt`. */
  markJobFailed(id: string, error: string, nextAttemptAt: Date): Promise<void>;
  /** Counts the final failed attempt and takes the job out of the due queue for good. */
  markJobGivenUp(id: string, error: string, now: Date): Promise<void>;
  /** The account's jobs (of one kind, if given), newest first. */
  listJobs(accountSid: string, filter: { readonly kind?: JobKind; readonly limit: number }): Promise<readonly Job[]>;
  findJob(accountSid: string, id: string): Promise<Job | null>;
  recordJobAttempt(attempt: JobAttempt): Promise<void>;
  /** Oldest first. */
  listJobAttempts(jobId: string): Promise<readonly JobAttempt[]>;
}

/** Which request holds a token (a random id per request) and until when, if it dies without finishing. */
export interface IdempotencyClaim {
  readonly accountSid: string;
  readonly scope: string;
  readonly key: string;
  readonly owner: string;
  readonly leaseUntil: Date;
}

/** What a reservation found: the token is now ours, someone else's answer, or someone else still at work. */
export type IdempotencyReservation =
  | { readonly kind: 'reserved' }
  | { readonly kind: 'done'; readonly status: number; readonly body: string }
  | { readonly kind: 'pending'; readonly owner: string; readonly leaseUntil: Date };

export interface IdempotencyRepo {
  /**
   * Reserves the token atomically (a pending row, unique key (account, scope, token)), or says who has it.
   * `now` is the creation date. Another request's row is returned as found, even if its lease has ended.
   */
  reserveIdempotent(claim: IdempotencyClaim, now: Date): Promise<IdempotencyReservation>;
  /** Takes over a pending row whose lease ended before `now` (its owner died); false if another was quicker. */
  takeOverIdempotent(claim: IdempotencyClaim, now: Date): Promise<boolean>;
  /** Stores the answer on the owner's pending row, ending the reservation; false if the row is no longer ours. */
  completeIdempotent(claim: IdempotencyClaim, status: number, body: string): Promise<boolean>;
  /** Deletes the owner's pending row, so the token can be used again for real (the request failed). */
  releaseIdempotent(claim: IdempotencyClaim): Promise<void>;
}

export interface Repos
  extends AccountRepo, ServiceRepo, NumberRepo, SessionRepo, ParticipantRepo, AllocationQueries, RoutingQueries, InteractionRepo, JobRepo, IdempotencyRepo {
  /**
   * Serialises transactions on these keys until the transaction ends (PostgreSQL: pg_advisory_xact_lock,
   * keys hashed, taken in sorted order so two transactions cannot deadlock; SQLite: writers are already
   * serialised by BEGIN IMMEDIATE). Only meaningful inside `transaction`.
   */
  lock(keys: readonly string[]): Promise<void>;
}

export interface Store extends Repos {
  readonly dialect: 'sqlite' | 'postgres';
  /** Runs `work` in one transaction; rolled back if it throws. Nested calls join the outer transaction. */
  transaction<T>(work: (tx: Repos) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type { Capabilities };
