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

/** The one line to print for a start-up failure the operator can fix, or null for anything else (a bug). */
export const startupFailure = (err: unknown, target: StartupTarget): string | null => {
  if (err instanceof StoreUnavailable) {
    return `cannot reach the database at ${databaseLocation(target.databaseUrl)} (${err.reason}); is it running? (set MASQ_DATABASE_URL or --database-url)`;
  }
  const { code, syscall } = errnoOf(err);
  return syscall === 'listen' ? listenFailure(code, target) : null;
};
