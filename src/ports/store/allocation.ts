// Index-backed queries that give the pure allocator (domain/allocator) a small candidate set containing its winner.
import type { GeoTier, PoolFunnel } from '../../domain/allocator/types.ts';
import type { DestinationScope } from '../../domain/messaging/sms-gate.ts';
import type { PoolNumber } from '../../domain/pool-number.ts';

/** What leastLoadedNumbers looks for. */
export interface LeastLoadedRequest {
  readonly serviceSid: string;
  readonly tier: GeoTier;
  readonly needs: { readonly voice: boolean; readonly sms: boolean };
  readonly identifier: string;
  readonly neverUsedOnly: boolean;
  readonly limit: number;
  /** US SMS registration gating in enforce mode: only numbers allowed to text a destination of this scope. */
  readonly smsScope?: DestinationScope | null;
}

/** A number the identifier held in this service (still in its pool), and when it last did. */
export interface HistoryNumber {
  readonly number: PoolNumber;
  readonly lastUsedAt: Date;
}

export interface AllocationQueries {
  /**
   * Up to `limit` unreserved numbers of the pool matching the tier and capabilities, not bound to the
   * identifier in an active session, ordered by (load, phone_number). With `neverUsedOnly`, numbers in the
   * identifier's history are excluded too. Must not scan the pool: cost ~ O(log n + bindings of identifier).
   */
  leastLoadedNumbers(q: LeastLoadedRequest): Promise<readonly PoolNumber[]>;
  /**
   * leastLoadedNumbers, and the identifier's history with each number's row (numbers still in this pool,
   * newest first, at most `historyLimit`), in one read: the allocator's usual pair, one round trip.
   */
  leastLoadedWithHistory(q: LeastLoadedRequest, historyLimit: number): Promise<{
    readonly leastLoaded: readonly PoolNumber[];
    readonly history: readonly HistoryNumber[];
  }>;
  /** The identifier's usage history in this service: one row per number it held (still in this pool), newest first. */
  identifierHistory(serviceSid: string, identifier: string, limit: number): Promise<readonly { numberSid: string; lastUsedAt: Date }[]>;
  /** Sids of numbers the identifier holds in active sessions of this service. */
  activeBindings(serviceSid: string, identifier: string): Promise<ReadonlySet<string>>;
  findNumbersBySids(serviceSid: string, sids: readonly string[]): Promise<readonly PoolNumber[]>;
  /** Counts for naming a refusal (failure path only); tiers as in the request, union of all tiers. */
  poolFunnel(q: {
    readonly serviceSid: string;
    readonly tiers: readonly GeoTier[];
    readonly needs: { readonly voice: boolean; readonly sms: boolean };
    readonly identifier: string;
    readonly smsScope?: DestinationScope | null;
  }): Promise<PoolFunnel>;
  /** Every number in the pool (for `explain` only; never on the allocation path). */
  listWholePool(serviceSid: string, limit: number): Promise<readonly PoolNumber[]>;
}
