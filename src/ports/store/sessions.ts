// Sessions: their lifecycle (close, re-open, expiry) moves the bindings of their participants.
import type { Session, SessionStatus } from '../../domain/session.ts';
import type { Page, PageRequest } from './common.ts';

export type SessionPatch = Partial<Omit<Session, 'sid' | 'serviceSid' | 'accountSid' | 'dateCreated'>> & { readonly dateUpdated: Date };

/** A bound participant's identifier, proxy number (null for an unmanaged channel address) and session. */
export interface IdentifierBinding {
  readonly identifier: string;
  readonly numberSid: string | null;
  readonly session: Session;
}

/**
 * A search over a service's sessions (masq's query extension to the list, docs/api-extensions.md).
 * `status` is the status a caller would read at `now`: an active session past its expiry counts as closed
 * (app/session-view.ts), whether or not the sweeper has closed it yet.
 */
export interface SessionFilter {
  /** Sessions whose unique name starts with this (case-sensitive). */
  readonly uniqueNamePrefix?: string;
  /** Sessions with a participant of this identifier (canonical: E.164 or a channel address), removed or not. */
  readonly identifier?: string;
  readonly status?: SessionStatus;
  readonly now: Date;
}

export interface SessionRepo {
  /** Throws StoreConflict('session-unique-name'). */
  createSession(session: Session): Promise<void>;
  findSession(serviceSid: string, sidOrUniqueName: string): Promise<Session | null>;
  /**
   * The session by sid, read under a lock that every close, expiry and delete of it waits for until the
   * caller's transaction ends (and that waits for theirs), so a status checked here stays true until
   * commit: what binding a participant relies on. Only meaningful inside `transaction`.
   */
  lockSession(serviceSid: string, sid: string): Promise<Session | null>;
  listSessions(serviceSid: string, page: PageRequest, filter?: SessionFilter): Promise<Page<Session>>;
  /**
   * A status that crosses the active line re-binds or unbinds the participants. Throws
   * StoreConflict('session-unique-name') for a taken name, ('binding') for a pair taken meanwhile.
   */
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
