// The number lifecycle sweeper (docs/numbers.md, "Lifecycle"), run as a periodic background task
// (MASQ_NUMBER_SWEEP_INTERVAL_MS). One pass does four bounded steps, each on its own due list:
//   1. quarantines that have reached their end: extended, recycled or returned (end-quarantine.ts);
//   2. active numbers that may have gone quiet: refreshed or flagged, and warned (number-inactivity.ts);
//   3. warned numbers of the release policy whose wait is over: released, or cleared by new traffic;
//   4. flagged numbers, a page at a time from a cursor: unflagged when their traffic came back.
// Each number is handled on its own: one that fails (a carrier refusing a release, a bad stored policy) is
// reported and left for a later pass, never stops the others, and never loses the number.
//
// Policies are per account, but the due lists are one query for the whole installation: steps 2 and 3
// read their candidates from the shortest period any policy may set, longest-waiting first, and check
// each against its own account's policy in memory; only the numbers that are due cost a transaction.
// Step 4 cannot tell from the row whether traffic came back (the inbound path does not touch the inventory),
// so it asks each flagged number's sessions; its cursor walks on between passes, so every flagged number is
// rechecked in turn, a page per pass, however many there are.
import type { InventoryNumber } from '../domain/inventory-number.ts';
import { addDays, type NumberPolicy } from '../domain/number-lifecycle.ts';
import type { InventoryRepo, JobRepo, Locks, NumberRepo, SessionRepo } from '../ports/store.ts';
import type { FlaggedCursor } from '../ports/store/inventory.ts';
import type { DepsWith } from './deps.ts';
import { endQuarantine, type QuarantineOutcome } from './end-quarantine.ts';
import {
  flagIfInactive, mayBeInactive, releaseIsDue, reviewWarned, trafficSinceFlagged, unflagIfBusy, type FlagOutcome, type ReviewOutcome,
} from './number-inactivity.ts';
import { loadNumberPolicy } from './number-policy.ts';

export interface SweepLimits {
  /** Due quarantines decided per pass. */
  readonly quarantines: number;
  /** Numbers acted on per pass in each inactivity step (flagged, refreshed, released, cleared, unflagged). */
  readonly inactivity: number;
  /** Candidates read per pass in each inactivity step (checked in memory; most are not due yet). */
  readonly scan: number;
}

export const SWEEP_LIMITS: SweepLimits = { quarantines: 100, inactivity: 100, scan: 1_000 };

/** The shortest inactivity period and release wait a policy may set (domain/number-policy.ts). */
const SHORTEST_PERIOD_DAYS = 1;

export interface SweepReport {
  readonly quarantines: Readonly<Record<Exclude<QuarantineOutcome, 'skipped'>, number>>;
  readonly inactivity: Readonly<Record<Exclude<FlagOutcome, 'skipped'>, number>>;
  readonly warned: Readonly<Record<Exclude<ReviewOutcome, 'skipped'>, number>>;
  /** Flagged numbers whose traffic came back: both flags cleared. */
  readonly unflagged: number;
  /** Numbers whose step failed this pass (each reported through `onProblem`). */
  readonly failed: number;
  /** A step hit its limit with nothing failing: more is due, and the periodic task runs the next pass at once. */
  readonly more: boolean;
}

export interface SweepOptions {
  readonly limits?: SweepLimits;
  /** Where a number whose step failed is reported (the server's log); the pass carries on. */
  readonly onProblem?: (err: unknown) => void;
}

type Sweeping = DepsWith<InventoryRepo & NumberRepo & SessionRepo & JobRepo & Locks, 'clock' | 'ids' | 'carriers'>;

/** Each account's policy, read once per pass. */
const policyReader = (deps: Sweeping): ((accountSid: string) => Promise<NumberPolicy>) => {
  const read = new Map<string, Promise<NumberPolicy>>();
  return (accountSid) => {
    const cached = read.get(accountSid);
    if (cached) return cached;
    const loading = loadNumberPolicy(deps.store, accountSid);
    read.set(accountSid, loading);
    return loading;
  };
};

interface StepResult<O extends string> {
  readonly counts: Map<O, number>;
  readonly failed: number;
  readonly full: boolean;
}

/**
 * Runs `act` on each number `due` says is due, up to `limit`, one at a time (each takes the number's
 * lock; running them side by side would only queue on the database).
 */
const step = async <O extends string>(
  numbers: readonly InventoryNumber[], limit: number, policyOf: (accountSid: string) => Promise<NumberPolicy>,
  due: (number: InventoryNumber, policy: NumberPolicy) => boolean,
  act: (number: InventoryNumber, policy: NumberPolicy) => Promise<O>, onProblem: (err: unknown) => void,
): Promise<StepResult<O>> => {
  const counts = new Map<O, number>();
  let acted = 0;
  let failed = 0;
  for (const number of numbers) {
    if (acted >= limit) break;
    try {
      const policy = await policyOf(number.accountSid);
      if (!due(number, policy)) continue;
      acted += 1;
      const outcome = await act(number, policy);
      counts.set(outcome, (counts.get(outcome) ?? 0) + 1);
    } catch (err) {
      failed += 1;
      onProblem(err);
    }
  }
  return { counts, failed, full: acted >= limit };
};

const count = <O extends string>(result: StepResult<O>, outcome: O): number => result.counts.get(outcome) ?? 0;

interface UnflagResult {
  readonly unflagged: number;
  readonly failed: number;
  readonly full: boolean;
  /** Where the next pass goes on from: null once the walk reached the last flagged number. */
  readonly next: FlaggedCursor | null;
}

/** Step 4: a page of flagged numbers from the cursor; each one whose sessions had traffic since is unflagged. */
const unflagStep = async (deps: Sweeping, after: FlaggedCursor | null, limits: SweepLimits, onProblem: (err: unknown) => void): Promise<UnflagResult> => {
  const numbers = await deps.store.flaggedInactive(after, limits.scan);
  let acted = 0;
  let unflagged = 0;
  let failed = 0;
  let examined = 0;
  for (const number of numbers) {
    if (acted >= limits.inactivity) break;
    examined += 1;
    try {
      // A read without the lock first: most flagged numbers are still quiet and cost no transaction.
      if ((await trafficSinceFlagged(deps.store, number)) === null) continue;
      acted += 1;
      if ((await unflagIfBusy(deps, number)) === 'unflagged') unflagged += 1;
    } catch (err) {
      failed += 1;
      onProblem(err);
    }
  }
  const last = numbers[examined - 1];
  const walkedToEnd = examined === numbers.length && numbers.length < limits.scan;
  const next = walkedToEnd || !last?.inactiveSince ? null : { inactiveSince: last.inactiveSince, sid: last.sid };
  return { unflagged, failed, full: acted >= limits.inactivity, next };
};

/** One pass, with the flagged walk starting `flaggedAfter`; returns where the next pass goes on from. */
const sweepPass = async (
  deps: Sweeping, options: SweepOptions, flaggedAfter: FlaggedCursor | null,
): Promise<{ report: SweepReport; next: FlaggedCursor | null }> => {
  const limits = options.limits ?? SWEEP_LIMITS;
  const onProblem = options.onProblem ?? (() => undefined);
  const policyOf = policyReader(deps);
  const now = deps.clock.now();
  const ending = await step(await deps.store.dueQuarantines(now, limits.quarantines), limits.quarantines, policyOf,
    () => true, (number, policy) => endQuarantine(deps, number, policy), onProblem);
  const flagging = await step(await deps.store.inactivityCandidates(addDays(now, -SHORTEST_PERIOD_DAYS), limits.scan), limits.inactivity, policyOf,
    (number, policy) => mayBeInactive(number, policy, now), (number, policy) => flagIfInactive(deps, number, policy), onProblem);
  const reviewing = await step(await deps.store.warnedInactive(addDays(now, -SHORTEST_PERIOD_DAYS), limits.scan), limits.inactivity, policyOf,
    // A number whose account left the release policy is due too: it leaves the countdown.
    (number, policy) => policy.inactivityPolicy !== 'release' || releaseIsDue(number, policy, now),
    (number, policy) => reviewWarned(deps, number, policy), onProblem);
  // Last, so a release countdown that traffic cancelled is reported by step 3 as cleared.
  const unflagging = await unflagStep(deps, flaggedAfter, limits, onProblem);
  const failed = ending.failed + flagging.failed + reviewing.failed + unflagging.failed;
  const report: SweepReport = {
    quarantines: { extended: count(ending, 'extended'), recycled: count(ending, 'recycled'), returned: count(ending, 'returned') },
    inactivity: { refreshed: count(flagging, 'refreshed'), flagged: count(flagging, 'flagged'), warned: count(flagging, 'warned') },
    warned: { cleared: count(reviewing, 'cleared'), released: count(reviewing, 'released') },
    unflagged: unflagging.unflagged,
    failed,
    // A failing number stays due: draining on would retry it at once, in a loop, rather than next tick.
    // A full page of quiet flagged numbers is not "more": the walk goes on at the next tick, not in a loop.
    more: failed === 0 && (ending.full || flagging.full || reviewing.full || unflagging.full),
  };
  return { report, next: unflagging.next };
};

/**
 * The sweeper of one process (the periodic task's): each pass walks on through the flagged numbers from
 * where the previous one stopped, and starts again from the first once it has been through them all.
 * Each instance keeps its own cursor; two walking the same numbers only check some twice.
 */
export const numberSweeper = (deps: Sweeping, options: SweepOptions = {}): (() => Promise<SweepReport>) => {
  let flaggedAfter: FlaggedCursor | null = null;
  return async () => {
    const { report, next } = await sweepPass(deps, options, flaggedAfter);
    flaggedAfter = next;
    return report;
  };
};

/** One pass on its own: its flagged walk reads from the first flagged number. */
export const sweepNumbers = async (deps: Sweeping, options: SweepOptions = {}): Promise<SweepReport> =>
  (await sweepPass(deps, options, null)).report;
