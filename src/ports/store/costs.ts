// Cost records (domain/usage/cost-record.ts): written with the events they price, read back as usage
// summaries (2010 Usage/Records), per-number and per-service reports and CSV exports.
import type { NumberType } from '../../domain/inventory-number.ts';
import type { CostCategory, CostRecord } from '../../domain/usage/cost-record.ts';

/** How a summary buckets time: one row per category, or per category and day / month / year (UTC). */
export type UsageGranularity = 'all' | 'day' | 'month' | 'year';

export interface UsageQuery {
  /** The account and, with IncludeSubaccounts, its subaccounts. */
  readonly accountSids: readonly string[];
  /** Inclusive start, exclusive end (UTC instants). */
  readonly from: Date;
  readonly until: Date;
  readonly granularity: UsageGranularity;
  /** Only these categories (none: all). */
  readonly categories?: readonly CostCategory[];
}

export interface UsageRow {
  readonly category: CostCategory;
  /** Start of the bucket (UTC); for 'all', the query's `from`. */
  readonly periodStart: Date;
  /** Number of records (events). */
  readonly count: number;
  /** Sum of billable quantities. */
  readonly usage: number;
  readonly amountMicros: number;
  readonly currency: string;
}

/** A report line for one number or one service over a period. */
export interface CostReportRow {
  readonly key: string; // PN sid, or KS/MG sid
  readonly phoneNumber: string | null;
  readonly category: CostCategory;
  readonly count: number;
  readonly usage: number;
  readonly amountMicros: number;
  readonly currency: string;
}

export interface CostRepo extends LeaseRepo {
  /** Writes the records; one whose eventKey is already recorded is skipped (never billed twice). */
  recordCosts(records: readonly CostRecord[]): Promise<void>;
  summarizeUsage(query: UsageQuery): Promise<readonly UsageRow[]>;
  costReport(query: Omit<UsageQuery, 'granularity'> & { readonly by: 'number' | 'service' }): Promise<readonly CostReportRow[]>;
  /** The raw records in (occurred_at, sid) order after the cursor, for CSV export (streamed page by page). */
  listCostRecords(query: Omit<UsageQuery, 'granularity'> & { readonly after?: { readonly occurredAt: Date; readonly sid: string }; readonly limit: number }): Promise<readonly CostRecord[]>;
}

/** An active number whose lease is due: the next period starts at or before now. */
export interface LeaseDue {
  readonly numberSid: string;
  readonly accountSid: string;
  readonly phoneNumber: string;
  readonly type: NumberType | null;
  readonly carrier: string;
  /** The Proxy service whose pool holds it, if any. */
  readonly serviceSid: string | null;
  /** When the number was acquired: the anniversary day. */
  readonly acquiredAt: Date;
  /** When it last changed state (became active): where a prorated first period starts. */
  readonly activatedAt: Date;
  /** The end of the last period billed; LEASE_NEVER_BILLED (the epoch) when none was. */
  readonly billedUntil: Date;
}

/** Lease billing (app/bill-leases.ts): numbers.lease_billed_until moves forward period by period. */
export interface LeaseRepo {
  /** Active numbers whose lease is billed until `now` or earlier, oldest first, at most `limit`. */
  dueLeases(now: Date, limit: number): Promise<readonly LeaseDue[]>;
  /** One number's due lease, if it is active (the activation paths bill the first period at once). */
  findLease(numberSid: string): Promise<LeaseDue | null>;
  /** Moves the number's lease from `from` to `until`; false when another pass already moved it. */
  advanceLease(numberSid: string, from: Date, until: Date): Promise<boolean>;
}
