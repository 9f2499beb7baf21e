// `masq serve` failing to start for a reason the operator can fix (a busy port, a database that does not
// answer) says so in one line and exits non-zero: a stack trace there only hides the one fact that matters.
import { StoreUnavailable } from '../ports/store.ts';

export interface StartupTarget {
  readonly port: number;
  readonly host: string;
  readonly databaseUrl: string;
}

const errnoOf = (err: unknown): { code?: unknown; syscall?: unknown } =>
  (typeof err === 'object' && err !== null ? err : {});

/** host:port of a PostgreSQL URL, never its user or password; a generic name when there is none. */
export const databaseLocation = (databaseUrl: string): string => {
  try {
    const url = new URL(databaseUrl);
    if (url.protocol !== 'postgres:' && url.protocol !== 'postgresql:') return 'the database';
    const socketHost = url.searchParams.get('host');
    if (url.hostname === '' && socketHost !== null) return socketHost;
    return `${url.hostname || 'localhost'}:${url.port || '5432'}`;
  } catch {
    return 'the database';
  }
};

const listenFailure = (code: unknown, { port, host }: StartupTarget): string | null => {
  switch (code) {
    case 'EADDRINUSE':
      return `port ${port} on ${host} is already in use (set MASQ_PORT or --port)`;
    case 'EACCES':
      return `not allowed to listen on port ${port} on ${host} (ports below 1024 need privileges; set MASQ_PORT or --port)`;
    case 'EADDRNOTAVAIL':
      return `${host} is not an address of this machine (set MASQ_HOST or --host)`;
    default:
      return null;
  }
};

/** The error codes along the cause chain (a failed migration wraps the driver's error). */
const codesOf = (err: unknown): unknown[] => {
  const codes: unknown[] = [];
  for (let e: unknown = err, depth = 0; typeof e === 'object' && e !== null && depth < 5; depth++) {
    codes.push(errnoOf(e).code);
    e = 'cause' in e ? e.cause : undefined;
  }
  return codes;
};

/** Why a SQLite file or its directory could not be created or opened (mkdir/open errno or SQLite's own code). */
const SQLITE_OPEN_FAILURES = new Set(['SQLITE_CANTOPEN', 'SQLITE_READONLY', 'SQLITE_PERM', 'EACCES', 'EPERM', 'EROFS', 'EEXIST', 'ENOTDIR', 'ENOENT']);

/** A database that answered but refused masq: wrong credentials, no such database, an unopenable file. */
const databaseRefusal = (err: unknown, databaseUrl: string): string | null => {
  const at = databaseLocation(databaseUrl);
  for (const code of codesOf(err)) {
    // SQLSTATE 28P01 invalid_password, 28000 invalid_authorization_specification.
    if (code === '28P01' || code === '28000') return `the database at ${at} refused masq's credentials (check the user and password in MASQ_DATABASE_URL)`;
    if (code === '3D000') return `the database named in MASQ_DATABASE_URL does not exist at ${at} (create it first)`;
    if (databaseUrl.startsWith('sqlite:') && typeof code === 'string' && SQLITE_OPEN_FAILURES.has(code)) {
      return `cannot open the SQLite database ${databaseUrl.replace(/^sqlite:/, '')} for writing (${String(code)}; set MASQ_DATABASE_URL or --database-url)`;
    }
  }
  return null;
};

/** The one line to print for a start-up failure the operator can fix, or null for anything else (a bug). */
export const startupFailure = (err: unknown, target: StartupTarget): string | null => {
  if (err instanceof StoreUnavailable) {
    return `cannot reach the database at ${databaseLocation(target.databaseUrl)} (${err.reason}); is it running? (set MASQ_DATABASE_URL or --database-url)`;
  }
  const { code, syscall } = errnoOf(err);
  if (syscall === 'listen') return listenFailure(code, target);
  return databaseRefusal(err, target.databaseUrl);
};
