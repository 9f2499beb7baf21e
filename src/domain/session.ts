// Session lifecycle: statuses, the transitions the API allows, and expiry.
//
// Expiry choice (documented in docs/compatibility.md): `date_expiry` wins when set. Otherwise the
// effective ttl is the session's ttl, or the service's default_ttl when the session's is 0; a ttl of 0
// means the session never expires. We do NOT apply the 90-day default that Twilio's 80904 page mentions:
// it contradicts the API reference ("0 = unlimited") and would silently close long-running sessions.
import { AppError } from './errors.ts';

export const SESSION_STATUSES = ['open', 'in-progress', 'closed', 'failed', 'unknown'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

export const SESSION_MODES = ['message-only', 'voice-only', 'voice-and-message'] as const;
export type SessionMode = (typeof SESSION_MODES)[number];

export type ClosedReason = 'api' | 'ttl' | 'date-expiry';

export interface Session {
  readonly sid: string;
  readonly serviceSid: string;
  readonly accountSid: string;
  readonly uniqueName: string | null;
  readonly status: SessionStatus;
  readonly closedReason: string | null;
  readonly mode: SessionMode;
  /** Seconds, sliding from creation or the last interaction; 0 = use the service default. */
  readonly ttl: number;
  readonly dateExpiry: Date | null;
  readonly dateStarted: Date;
  readonly dateEnded: Date | null;
  readonly dateLastInteraction: Date | null;
  /** When the session stops routing; null = never. Derived by `computeExpiresAt`, stored for the sweeper. */
  readonly expiresAt: Date | null;
  readonly dateCreated: Date;
  readonly dateUpdated: Date;
}

/** Statuses in which a session routes traffic and holds its participants' proxy numbers. */
export const isActiveStatus = (status: SessionStatus): boolean => status === 'open' || status === 'in-progress';

export interface ExpiryInputs {
  readonly ttl: number;
  readonly serviceDefaultTtl: number;
  readonly dateExpiry: Date | null;
  readonly dateCreated: Date;
  readonly dateLastInteraction: Date | null;
}

/**
 * The largest Ttl / DefaultTtl accepted, in seconds (about 68 years): Twilio types them as 32-bit
 * integers, the PostgreSQL columns are `integer`, and now + ttl stays a valid date for centuries.
 */
export const MAX_TTL_SECONDS = 2_147_483_647;

export const isValidTtl = (ttl: number): boolean => Number.isSafeInteger(ttl) && ttl >= 0 && ttl <= MAX_TTL_SECONDS;

/** The latest instant masq stores: the last millisecond of year 9999 (ISO 8601 dates have four-digit years). */
export const MAX_DATE_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export const effectiveTtl = (ttl: number, serviceDefaultTtl: number): number => (ttl > 0 ? ttl : serviceDefaultTtl);

export const computeExpiresAt = (s: ExpiryInputs): Date | null => {
  if (s.dateExpiry) return s.dateExpiry;
  const ttl = effectiveTtl(s.ttl, s.serviceDefaultTtl);
  if (ttl <= 0) return null;
  const from = s.dateLastInteraction && s.dateLastInteraction > s.dateCreated ? s.dateLastInteraction : s.dateCreated;
  const deadline = from.getTime() + ttl * 1000;
  // A ttl stored before MAX_TTL_SECONDS was enforced (SQLite kept DefaultTtl=1e30) ends past any date
  // masq can store: such a session never expires, rather than failing every request that touches it.
  return Number.isFinite(deadline) && deadline <= MAX_DATE_MS ? new Date(deadline) : null;
};

/** Expired sessions never route, whether or not the sweeper has closed them yet (invariant 3). */
export const isExpired = (session: Pick<Session, 'expiresAt'>, now: Date): boolean =>
  session.expiresAt !== null && session.expiresAt.getTime() <= now.getTime();

export const isRoutable = (session: Pick<Session, 'status' | 'expiresAt'>, now: Date): boolean =>
  isActiveStatus(session.status) && !isExpired(session, now);

export const expiryReason = (session: Pick<Session, 'dateExpiry'>): ClosedReason =>
  session.dateExpiry ? 'date-expiry' : 'ttl';

/**
 * The status changes the API accepts: open|in-progress -> closed, closed -> in-progress (re-open).
 * Setting the status a session already has is a no-op. Anything else is 80608; updating a closed
 * session other than re-opening it is 80607.
 */
export const checkStatusChange = (from: SessionStatus, to: SessionStatus): void => {
  if (from === to) return;
  if (to === 'closed' && isActiveStatus(from)) return;
  if (from === 'closed' && to === 'in-progress') return;
  throw new AppError('session-status-change-unsupported', `Session status change from '${from}' to '${to}' is not supported`);
};

/** The capabilities a proxy number needs to carry a session of this mode. */
export const requiredCapabilities = (mode: SessionMode): { voice: boolean; sms: boolean } => ({
  voice: mode !== 'message-only',
  sms: mode !== 'voice-only',
});
