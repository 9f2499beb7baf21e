// Inactivity (docs/numbers.md, "Lifecycle"): an active number with no traffic for the account's
// `inactivityDays` is flagged (`inactive_since`); under the 'warn' and 'release' policies its owner gets a
// callback (Action=warned); under 'release' it is released `releaseAfterWarningDays` after the warning
// unless traffic came back meanwhile, which clears the flags instead.
//
// Under every policy, a flagged number whose traffic comes back is unflagged (both flags cleared), so a
// later quiet period flags it, and warns, again.
//
// Traffic is what the record knows (`last_traffic_at`, refreshed here) or, newer, the last interaction of
// any session the number served. Each step runs under the number's lock on a fresh read, so two sweeping
// instances never warn twice or release twice.
import type { InventoryNumber } from '../domain/inventory-number.ts';
import { addDays, inactiveAfter, type NumberPolicy } from '../domain/number-lifecycle.ts';
import type { InventoryRepo, JobRepo, Locks, NumberRepo, SessionRepo } from '../ports/store.ts';
import { callbackJob } from './callbacks/callback-job.ts';
import { wireDate } from './callbacks/wire.ts';
import type { DepsWith } from './deps.ts';
import { releaseNumber } from './release-number.ts';

export type FlagOutcome = 'skipped' | 'refreshed' | 'flagged' | 'warned';
export type ReviewOutcome = 'skipped' | 'cleared' | 'released';
export type UnflagOutcome = 'skipped' | 'unflagged';

type Repos = InventoryRepo & NumberRepo & SessionRepo & JobRepo & Locks;
type Sweeping = DepsWith<Repos, 'clock' | 'ids'>;

export const INACTIVITY_RELEASE_REASON = 'released by the inactivity policy';

/** When the record last saw traffic; a number that never had any counts from when it became active. */
const recordedTraffic = (number: InventoryNumber): Date => number.lastTrafficAt ?? number.dateStateChanged;

const latest = (a: Date, b: Date | null): Date => (b !== null && b > a ? b : a);

/** Whether the number may be inactive under this policy, from the row alone (no query): session traffic only makes it later. */
export const mayBeInactive = (number: InventoryNumber, policy: NumberPolicy, now: Date): boolean =>
  inactiveAfter(recordedTraffic(number), policy) <= now;

/** Whether the release policy's wait after the warning is over, from the row alone. */
export const releaseIsDue = (number: InventoryNumber, policy: NumberPolicy, now: Date): boolean =>
  policy.inactivityPolicy === 'release' && number.inactivityWarnedAt !== null && addDays(number.inactivityWarnedAt, policy.releaseAfterWarningDays) <= now;

/** The number, fresh under its lock, if it is still in the state this step expects. */
const lockedFresh = async (tx: Repos, number: InventoryNumber, expect: (n: InventoryNumber) => boolean): Promise<InventoryNumber | null> => {
  await tx.lock([`number:${number.sid}`]);
  const current = await tx.findInventoryNumber(number.accountSid, number.sid);
  return current && current.state === 'active' && expect(current) ? current : null;
};

const warningParams = (number: InventoryNumber, inactiveSince: Date): Record<string, string> => ({
  AccountSid: number.accountSid,
  PhoneNumberSid: number.sid,
  PhoneNumber: number.phoneNumber,
  InactiveSince: wireDate(inactiveSince),
  Action: 'warned',
});

/**
 * Flags one candidate if it has had no traffic for the policy's period; refreshes `last_traffic_at` when
 * a session had newer traffic. The warning callback is written in the same transaction (the outbox).
 */
export const flagIfInactive = (deps: Sweeping, number: InventoryNumber, policy: NumberPolicy): Promise<FlagOutcome> =>
  deps.store.transaction(async (tx) => {
    const current = await lockedFresh(tx, number, (n) => n.inactiveSince === null);
    if (!current) return 'skipped';
    const now = deps.clock.now();
    const sessionTraffic = await tx.lastSessionTraffic(current);
    const newer = sessionTraffic !== null && sessionTraffic > recordedTraffic(current) ? sessionTraffic : null;
    const last = latest(recordedTraffic(current), newer);
    if (inactiveAfter(last, policy) > now) {
      if (newer === null) return 'skipped';
      await tx.updateInventoryNumber(current.accountSid, current.sid, { lastTrafficAt: newer, dateUpdated: now });
      return 'refreshed';
    }
    const url = policy.inactivityPolicy === 'flag' ? null : policy.inactivityCallbackUrl;
    await tx.updateInventoryNumber(current.accountSid, current.sid, {
      inactiveSince: now,
      // Only the release policy counts down from the warning; under 'warn' the callback is the whole of it.
      inactivityWarnedAt: policy.inactivityPolicy === 'release' ? now : null,
      ...(newer !== null && { lastTrafficAt: newer }),
      dateUpdated: now,
    });
    if (url === null) return 'flagged';
    await tx.enqueueJob(callbackJob(deps, current.accountSid, { url, params: warningParams(current, now) }));
    return 'warned';
  });

/**
 * A warned number whose wait is over: released (its open sessions closed) unless it had traffic since it
 * was flagged, which clears the flags. A number whose account left the release policy leaves the countdown.
 */
export const reviewWarned = (deps: Sweeping, number: InventoryNumber, policy: NumberPolicy): Promise<ReviewOutcome> =>
  deps.store.transaction(async (tx) => {
    const current = await lockedFresh(tx, number, (n) => n.inactiveSince !== null && n.inactivityWarnedAt !== null);
    if (!current?.inactiveSince) return 'skipped';
    const now = deps.clock.now();
    if (policy.inactivityPolicy !== 'release') {
      await tx.updateInventoryNumber(current.accountSid, current.sid, { inactivityWarnedAt: null, dateUpdated: now });
      return 'cleared';
    }
    if (!releaseIsDue(current, policy, now)) return 'skipped';
    const last = latest(recordedTraffic(current), await tx.lastSessionTraffic(current));
    if (last > current.inactiveSince) {
      await tx.updateInventoryNumber(current.accountSid, current.sid, { inactiveSince: null, inactivityWarnedAt: null, lastTrafficAt: last, dateUpdated: now });
      return 'cleared';
    }
    // Joins this transaction (and its lock): nothing can come between the check and the release.
    await releaseNumber(deps, current.accountSid, current.sid, { closeSessions: true, reason: INACTIVITY_RELEASE_REASON });
    return 'released';
  });

/** The latest traffic a flagged number has had since it was flagged (its record, then its sessions); null when none. */
export const trafficSinceFlagged = async (store: InventoryRepo, number: InventoryNumber): Promise<Date | null> => {
  if (number.inactiveSince === null) return null;
  const sessions = await store.lastSessionTraffic(number);
  const last = number.lastTrafficAt === null ? sessions : latest(number.lastTrafficAt, sessions);
  return last !== null && last > number.inactiveSince ? last : null;
};

/**
 * A flagged number that may have had traffic again: if it did, both flags are cleared and the traffic
 * recorded, whatever the policy (under 'release' this also ends a countdown early).
 */
export const unflagIfBusy = (deps: Sweeping, number: InventoryNumber): Promise<UnflagOutcome> =>
  deps.store.transaction(async (tx) => {
    const current = await lockedFresh(tx, number, (n) => n.inactiveSince !== null);
    const traffic = current ? await trafficSinceFlagged(tx, current) : null;
    if (!current || traffic === null) return 'skipped';
    await tx.updateInventoryNumber(current.accountSid, current.sid, {
      inactiveSince: null, inactivityWarnedAt: null, lastTrafficAt: traffic, dateUpdated: deps.clock.now(),
    });
    return 'unflagged';
  });
