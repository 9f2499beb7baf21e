// Phone number inventory and the pools of services.
import type { PoolNumber } from '../../domain/pool-number.ts';
import type { Page, PageRequest } from './common.ts';

export type NumberPatch = Partial<Pick<PoolNumber, 'isReserved' | 'capabilities' | 'carrier' | 'friendlyName' | 'serviceSid'>> & {
  readonly dateUpdated: Date;
};

export interface NumberRepo {
  /** Adds to inventory. Throws StoreConflict('phone-number') if the E.164 number exists. */
  createNumber(number: PoolNumber): Promise<void>;
  findNumberBySid(accountSid: string, sid: string): Promise<PoolNumber | null>;
  /** Any account's number with this E.164 value (a number exists once in the installation). */
  findNumberByE164(e164: string): Promise<PoolNumber | null>;
  updateNumber(accountSid: string, sid: string, patch: NumberPatch): Promise<PoolNumber | null>;
  listPool(serviceSid: string, page: PageRequest): Promise<Page<PoolNumber>>;
  countPool(serviceSid: string): Promise<number>;
  /** Number of active (open/in-progress) sessions with a participant bound to this number. */
  countSessionsUsingNumber(numberSid: string): Promise<number>;
  /** The sids of the active sessions with a participant bound to this number. */
  activeSessionsUsingNumber(numberSid: string): Promise<readonly string[]>;
}
