// DELETE /2010-04-01/Accounts/{AC}/IncomingPhoneNumbers/{PN}: the holder gives the number up. It leaves
// the account's pools and goes into quarantine at once (204): traffic to it is never forwarded again, and
// no one else can buy it until the quarantine ends (docs/numbers.md). A number that open sessions still use
// is refused (80611) unless the caller asks for those sessions to be closed.
import { AppError, notFound } from '../domain/errors.ts';
import type { InventoryNumber } from '../domain/inventory-number.ts';
import { quarantineEnd } from '../domain/number-lifecycle.ts';
import type { InventoryRepo, Locks, NumberRepo, SessionRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { loadNumberPolicy } from './number-policy.ts';

export interface ReleaseOptions {
  /** Close the open sessions that use the number instead of refusing (MasqCloseSessions=true). */
  readonly closeSessions: boolean;
  /** Why, for the record and the closed sessions (the inactivity policy says so itself). */
  readonly reason: string;
}

type Releasing = DepsWith<InventoryRepo & NumberRepo & SessionRepo & Locks, 'clock'>;

const CLOSED_SESSION_REASON = 'proxy number released';

const releasable = (number: InventoryNumber | null, sid: string): InventoryNumber => {
  if (!number || number.state === 'quarantined' || number.state === 'recycled' || number.state === 'returned' || number.state === 'failed' || number.state === 'ported-out') {
    throw notFound(`/IncomingPhoneNumbers/${sid}`);
  }
  if (number.state === 'provisioning') throw new AppError('parameter-invalid', `Phone number ${number.phoneNumber} is still being provisioned by its carrier; release it once it is active`);
  if (number.state === 'porting-out') throw new AppError('number-porting-out', `Phone number ${number.phoneNumber} is porting out to another carrier; it leaves when the port completes, unless you reject the port-out (/masq/v1/PortOuts)`);
  return number;
};

/**
 * Frees the number's pool record: out of its pool, its open sessions closed first when asked, with
 * `sessionReason` as their closed_reason (a completed port-out closes them with its own reason).
 */
export const leavePools = async (
  tx: NumberRepo & SessionRepo, number: InventoryNumber, options: ReleaseOptions, now: Date, sessionReason = CLOSED_SESSION_REASON,
): Promise<void> => {
  const sessions = await tx.activeSessionsUsingNumber(number.sid);
  if (sessions.length > 0 && !options.closeSessions) {
    throw new AppError('proxy-number-in-use', `Phone number ${number.phoneNumber} is in ${sessions.length} open session(s); close them first or release with MasqCloseSessions=true`);
  }
  for (const sessionSid of sessions) await tx.closeSession(sessionSid, sessionReason, now);
  const pool = await tx.findNumberBySid(number.accountSid, number.sid);
  if (pool?.serviceSid) await tx.updateNumber(number.accountSid, number.sid, { serviceSid: null, isReserved: false, dateUpdated: now });
};

export const releaseNumber = async (deps: Releasing, accountSid: string, sid: string, options: ReleaseOptions): Promise<InventoryNumber> =>
  deps.store.transaction(async (tx) => {
    // One release at a time per number: a second one finds it quarantined and gets 404.
    await tx.lock([`number:${sid}`]);
    const number = releasable(await tx.findInventoryNumber(accountSid, sid), sid);
    const now = deps.clock.now();
    await leavePools(tx, number, options, now);
    const policy = await loadNumberPolicy(tx, accountSid);
    const released = await tx.updateInventoryNumber(accountSid, sid, {
      state: 'quarantined', dateReleased: now, quarantineUntil: quarantineEnd(number, policy, now), quarantineExtensions: 0,
      inactiveSince: null, inactivityWarnedAt: null, stateReason: options.reason, dateStateChanged: now, dateUpdated: now,
    });
    if (!released) throw notFound(`/IncomingPhoneNumbers/${sid}`);
    return released;
  });
