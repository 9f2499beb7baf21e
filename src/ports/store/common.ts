// What every repository shares: paging, and the two ways a store call fails that callers handle.

/** Which uniqueness rule a write broke. A binding conflict means "try the next candidate", never a 500. */
export type ConflictKind =
  | 'binding' // (service, identifier, proxy identifier) already active in another session
  | 'service-unique-name'
  | 'session-unique-name'
  | 'participant-identifier' // the identifier is already in this session (even soft-deleted)
  | 'phone-number' // the E.164 number already exists in inventory
  | 'inbound-resource' // an interaction for this carrier message/call id exists (a retried webhook)
  | 'port-in-number'; // the E.164 number is already in an open port-in (migration 015)

/**
 * A write broke a uniqueness rule. The one conflict rule: the write that throws it has written nothing,
 * and a transaction it ran in stays usable on both databases, so the caller can go on (try the next
 * candidate, read what is there) and still commit.
 */
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
