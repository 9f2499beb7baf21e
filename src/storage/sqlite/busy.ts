// SQLite answers SQLITE_BUSY when another process held the write lock for longer than busy_timeout (5 s):
// a database too busy to take the write now, which is transient like an outage. It leaves as the port's
// StoreUnavailable, so a caller gets a 503 with Retry-After instead of a 500, and background loops retry.
import { StoreUnavailable } from '../../ports/store.ts';

const codeOf = (err: unknown): unknown => (typeof err === 'object' && err !== null && 'code' in err ? err.code : undefined);

/** SQLITE_BUSY (and its extended codes) as StoreUnavailable; every other error unchanged. */
export const busyAsUnavailable = (err: unknown): unknown => {
  const code = codeOf(err);
  return typeof code === 'string' && code.startsWith('SQLITE_BUSY') ? new StoreUnavailable('database busy', { cause: err }) : err;
};
