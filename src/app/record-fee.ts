// A one-off fee (porting, 10DLC brand / vetting / campaign month, toll-free verification) as a cost record,
// priced from the carrier account's rate card. Callers write it INSIDE their own transaction, with the
// state change that incurs it:  await tx.recordCosts([feeRecord(deps, {...})]).
// The event key makes it once-only: e.g. `BN…:registration`, `QE…:vetting:1`, `QE…:2026-03`, `PN…:port-in`.
import type { CostRecord } from '../domain/usage/cost-record.ts';
import { rateFee, type FeeCategory } from '../domain/usage/rating.ts';
import { costRecord, rateCardFor, type CostSubject } from './cost-records.ts';
import type { AppDeps } from './deps.ts';

/** Who is billed for what (the subject of any cost record, timed now), the fee and how many. */
export type FeeEvent = Omit<CostSubject, 'occurredAt'> & {
  readonly category: FeeCategory;
  /** Numbers ported, registrations...; 1 by default. */
  readonly quantity?: number;
};

export const feeRecord = (deps: Pick<AppDeps, 'ids' | 'clock' | 'settings'>, event: FeeEvent): CostRecord => {
  const card = rateCardFor(deps, event.carrier);
  return costRecord(deps, card, { ...event, occurredAt: deps.clock.now() }, rateFee(card, event.category, event.quantity ?? 1));
};
