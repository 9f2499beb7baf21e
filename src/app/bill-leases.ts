// Number leases (docs/usage.md, "Leases"): every active number is billed once per period of its carrier
// account's lease model. numbers.lease_billed_until is the end of the last period billed, the epoch when
// none was: the first period (prorated under `calendar-prorated`) is billed when the number becomes
// active, in that transaction (billFirstLease), or, for a path that did not, by the next pass. Later
// periods are billed by the pass, one period per number per transaction, missed periods in turn.
// Quarantined, porting and released numbers are not active: they are never billed to the tenant (the
// quarantine is the platform's cost). A period is named by its start month in the event key
// (`PN…:lease:2026-03`), so two passes (two instances) never bill it twice.
import type { CostRecord } from '../domain/usage/cost-record.ts';
import { firstLeasePeriod, nextLeasePeriod, type LeasePeriod } from '../domain/usage/lease-period.ts';
import { rateLease, ratedNumberType } from '../domain/usage/rating.ts';
import type { CostRepo } from '../ports/store.ts';
import type { LeaseDue } from '../ports/store/costs.ts';
import { costRecord, rateCardFor } from './cost-records.ts';
import type { AppDeps, DepsWith } from './deps.ts';

type Billing = DepsWith<CostRepo, 'clock' | 'ids' | 'settings'>;
type Leasing = Pick<AppDeps, 'clock' | 'ids' | 'settings'>;

/** Numbers billed per pass: each is one small transaction. */
export const LEASE_BATCH = 200;

const NEVER_BILLED = 0;

interface LeaseBill {
  readonly period: LeasePeriod;
  readonly record: CostRecord;
}

/** The period due for `lease` at `now` and its record (the first one: see firstLeasePeriod). */
export const leaseBill = (deps: Pick<AppDeps, 'ids' | 'settings'>, lease: LeaseDue, now: Date): LeaseBill => {
  const card = rateCardFor(deps, lease.carrier);
  const period = lease.billedUntil.getTime() === NEVER_BILLED
    ? firstLeasePeriod(card.lease.model, lease.acquiredAt, lease.activatedAt, now)
    : nextLeasePeriod(card.lease.model, lease.acquiredAt, lease.billedUntil);
  const priced = rateLease(card, ratedNumberType(lease.phoneNumber, lease.type), period);
  const record = costRecord(deps, card, {
    accountSid: lease.accountSid, resourceSid: lease.numberSid, eventKey: `${lease.numberSid}:lease:${period.month}`,
    carrier: lease.carrier, numberSid: lease.numberSid, phoneNumber: lease.phoneNumber, serviceSid: lease.serviceSid,
    occurredAt: period.start.getTime() > lease.activatedAt.getTime() ? period.start : lease.activatedAt,
  }, priced);
  return { period, record };
};

/** Bills one due period of one number inside the caller's transaction; false when another pass moved it first. */
const billOnce = async (deps: Leasing, tx: CostRepo, lease: LeaseDue): Promise<boolean> => {
  const { period, record } = leaseBill(deps, lease, deps.clock.now());
  if (!(await tx.advanceLease(lease.numberSid, lease.billedUntil, period.end))) return false;
  await tx.recordCosts([record]);
  return true;
};

/**
 * The first lease period of a number that has just become active (bought, imported, added, ported in):
 * call it inside the transaction that makes it active, after the state change. Does nothing if the number
 * is not active or was already billed.
 */
export const billFirstLease = async (deps: Leasing, tx: CostRepo, numberSid: string): Promise<void> => {
  const lease = await tx.findLease(numberSid);
  if (lease === null || lease.billedUntil.getTime() !== NEVER_BILLED) return;
  await billOnce(deps, tx, lease);
};

export interface LeasePassReport {
  readonly billed: number;
  /** The batch was full: the periodic task runs the next pass at once. */
  readonly more: boolean;
}

/** One pass of the monthly lease billing: the due numbers, oldest first, at most `limit`. */
export const billDueLeases = async (deps: Billing, limit = LEASE_BATCH): Promise<LeasePassReport> => {
  const due = await deps.store.dueLeases(deps.clock.now(), limit);
  let billed = 0;
  for (const lease of due) {
    if (await deps.store.transaction((tx) => billOnce(deps, tx, lease))) billed += 1;
  }
  return { billed, more: due.length >= limit };
};
