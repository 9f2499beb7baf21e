// A pool number as the API shows it: the inventory row plus `in_use`, the number of active sessions
// using it (Twilio's field), which the store counts on demand.
import type { PoolNumber } from '../domain/pool-number.ts';
import type { NumberRepo } from '../ports/store.ts';
import type { DepsWith } from './deps.ts';

export interface PoolNumberView {
  readonly number: PoolNumber;
  readonly inUse: number;
}

export const viewPoolNumber = async (deps: DepsWith<NumberRepo>, number: PoolNumber): Promise<PoolNumberView> => ({
  number,
  inUse: await deps.store.countSessionsUsingNumber(number.sid),
});
