// The number lifecycle sweeper (docs/numbers.md, "Lifecycle"), run as a periodic background task
// (MASQ_NUMBER_SWEEP_INTERVAL_MS). One pass does three bounded steps, each on its own due list:
//   1. quarantines that have reached their end: extended, recycled or returned (end-quarantine.ts);
//   2. active numbers that may have gone quiet: refreshed or flagged, and warned (number-inactivity.ts);
//   3. warned numbers of the release policy whose wait is over: released, or cleared by new traffic.
// Each number is handled on its own: one that fails (a carrier refusing a release, a bad stored policy) is
// reported and left for a later pass, never stops the others, and never loses the number.
//
// Policies are per account, but the due lists are one query for the whole installation: steps 2 and 3
// read their candidates from the shortest period any policy may set, longest-waiting first, and check
// each against its own account's policy in memory; only the numbers that are due cost a transaction.
import type { InventoryNumber } from '../domain/inventory-number.ts';
import { addDays, type NumberPolicy } from '../domain/number-lifecycle.ts';
import type { InventoryRepo, JobRepo, Locks, NumberRepo, SessionRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';
import { endQuarantine, type QuarantineOutcome } from './end-quarantine.ts';
import { flagIfInactive, mayBeInactive, releaseIsDue, reviewWarned, type FlagOutcome, type ReviewOutcome } from './number-inactivity.ts';
import { loadNumberPolicy } from './number-policy.ts';

export interface SweepLimits {
  /** Due quarantines decided per pass. */
  readonly quarantines: number;
  /** Numbers acted on per pass in each inactivity step (flagged, refreshed, released, cleared). */
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

/** One pass of the sweeper. */
export const sweepNumbers = async (deps: Sweeping, options: SweepOptions = {}): Promise<SweepReport> => {
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
  const failed = ending.failed + flagging.failed + reviewing.failed;
  return {
    quarantines: { extended: count(ending, 'extended'), recycled: count(ending, 'recycled'), returned: count(ending, 'returned') },
    inactivity: { refreshed: count(flagging, 'refreshed'), flagged: count(flagging, 'flagged'), warned: count(flagging, 'warned') },
    warned: { cleared: count(reviewing, 'cleared'), released: count(reviewing, 'released') },
    failed,
    // A failing number stays due: draining on would retry it at once, in a loop, rather than next tick.
    more: failed === 0 && (ending.full || flagging.full || reviewing.full),
  };
};
