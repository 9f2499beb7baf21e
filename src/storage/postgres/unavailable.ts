// Which pg errors mean "the database cannot be reached right now" (a transient outage: answer 503, retry
// later) rather than "this statement failed" (a bug or a conflict: the caller's problem). Only errors raised
// by pg's client or pool are classified here, so a socket errno can only come from the database connection.
import pg from 'pg';

/** SQLSTATEs of a server that is going away or not accepting connections yet. */
const UNAVAILABLE_SQLSTATES: Readonly<Record<string, string>> = {
  '57P01': 'the server is shutting down (admin shutdown)',
  '57P02': 'the server crashed (crash shutdown)',
  '57P03': 'the server is not accepting connections yet',
  '53300': 'too many connections',
};

/** Errno codes of a socket to the database that could not be opened or was cut. */
const UNAVAILABLE_ERRNOS: Readonly<Record<string, string>> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ECONNABORTED: 'connection aborted',
  EPIPE: 'connection closed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  EHOSTDOWN: 'host down',
  ENETUNREACH: 'network unreachable',
  ENETDOWN: 'network down',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'host name lookup failed',
  // A Unix socket path (host=/var/run/postgresql) with no server behind it.
  ENOENT: 'no server at the socket path',
};

/** pg's own messages (plain Errors, no code) for a connection that dropped or never came up in time. */
const UNAVAILABLE_MESSAGES: readonly (readonly [RegExp, string])[] = [
  [/^Connection terminated/, 'connection lost'],
  [/not queryable$/, 'connection lost'],
  [/^timeout exceeded when trying to connect$/, 'connection timed out'],
  [/^Query read timeout$/, 'connection timed out'],
];

const codeOf = (err: object): string | undefined => ('code' in err && typeof err.code === 'string' ? err.code : undefined);

const ownReason = (err: object): string | null => {
  const code = codeOf(err);
  if (err instanceof pg.DatabaseError) {
    if (code === undefined) return null;
    // Class 08: connection exception (the server refused or lost the connection).
    return UNAVAILABLE_SQLSTATES[code] ?? (code.startsWith('08') ? 'connection failure' : null);
  }
  if (code !== undefined && UNAVAILABLE_ERRNOS[code] !== undefined) return UNAVAILABLE_ERRNOS[code];
  const message = err instanceof Error ? err.message : '';
  return UNAVAILABLE_MESSAGES.find(([pattern]) => pattern.test(message))?.[1] ?? null;
};

/**
 * A short, safe reason ("connection refused") when `err` says the database is unreachable, else null.
 * Looks through `cause` and AggregateError's `errors` (Node reports a refused dual-stack connect as
 * AggregateError), a few levels deep.
 */
export const unavailableReason = (err: unknown, depth = 0): string | null => {
  if (typeof err !== 'object' || err === null || depth > 4) return null;
  const own = ownReason(err);
  if (own !== null) return own;
  const nested: unknown[] = [];
  if (err instanceof AggregateError) nested.push(...(err.errors as unknown[]));
  if (err instanceof Error && err.cause !== undefined) nested.push(err.cause);
  for (const inner of nested) {
    const reason = unavailableReason(inner, depth + 1);
    if (reason !== null) return reason;
  }
  return null;
};
