// The number inventory: every number an account holds or held, its misdirected traffic while
// quarantined, the opt-outs that stay with a number, and each account's number policy.
import type { InventoryNumber, NumberOrigin, NumberState, NumberType } from '../../domain/inventory-number.ts';
import type { Page, PageRequest } from './common.ts';

export type InventoryPatch = Partial<Omit<InventoryNumber, 'sid' | 'accountSid' | 'phoneNumber' | 'dateCreated'>> & {
  readonly dateUpdated: Date;
};

export interface InventoryFilter {
  readonly states: readonly NumberState[];
  /** Digits that must appear in the number; `*` stands for any one digit (Twilio's PhoneNumber filter). */
  readonly phoneNumber?: string;
  readonly friendlyName?: string;
  readonly type?: NumberType;
  readonly carrier?: string;
  readonly origins?: readonly NumberOrigin[];
}

export interface MisdirectedAttempt {
  /** One per carrier resource (call or message): recording the same id again is a no-op. */
  readonly id: string;
  readonly numberSid: string;
  readonly sender: string;
  readonly channel: 'message' | 'voice';
  readonly occurredAt: Date;
}

/** Misdirected traffic to one number, per sender and channel. */
export interface MisdirectedSummary {
  readonly sender: string;
  readonly channel: 'message' | 'voice';
  readonly count: number;
  readonly firstSeen: Date;
  readonly lastSeen: Date;
}

/** Where a walk over flagged numbers stopped: the last one read, in (inactiveSince, sid) order. */
export interface FlaggedCursor {
  readonly inactiveSince: Date;
  readonly sid: string;
}

export interface InventoryRepo {
  /** Throws StoreConflict('phone-number') when a live record already holds the E.164 number. */
  createInventoryNumber(number: InventoryNumber): Promise<void>;
  findInventoryNumber(accountSid: string, sid: string): Promise<InventoryNumber | null>;
  /** The live record (any account's) holding this E.164 number, if any. */
  findLiveNumber(e164: string): Promise<InventoryNumber | null>;
  /** Keyset-paged in creation order. */
  listInventory(accountSid: string, filter: InventoryFilter, page: PageRequest): Promise<Page<InventoryNumber>>;
  /** Every record that ever held this E.164 number in the account, newest first (its history). */
  numberHistory(accountSid: string, e164: string): Promise<readonly InventoryNumber[]>;
  updateInventoryNumber(accountSid: string, sid: string, patch: InventoryPatch): Promise<InventoryNumber | null>;
  /** Moves a number (its inventory record and its pool record, in no pool) to another account. */
  moveNumberToAccount(fromAccountSid: string, sid: string, toAccountSid: string, at: Date): Promise<InventoryNumber | null>;

  recordMisdirected(attempt: MisdirectedAttempt): Promise<void>;
  countMisdirectedSince(numberSid: string, since: Date): Promise<number>;
  misdirectedSummary(numberSid: string): Promise<readonly MisdirectedSummary[]>;

  /** Records that `sender` opted out of messages from this E.164 number (whoever holds it now or later). */
  recordOptOut(e164: string, sender: string, word: string, at: Date): Promise<void>;
  isOptedOut(e164: string, sender: string): Promise<boolean>;
  /** Takes the opt-out back (the sender texted START). */
  removeOptOut(e164: string, sender: string): Promise<boolean>;

  /** The fields an account set of its number policy, as stored (JSON text), or null for all defaults. */
  getNumberPolicy(accountSid: string): Promise<string | null>;
  setNumberPolicy(accountSid: string, policy: string, at: Date): Promise<void>;

  /** Quarantined numbers whose quarantine ends at or before `now`, soonest first. */
  dueQuarantines(now: Date, limit: number): Promise<readonly InventoryNumber[]>;
  /** Active numbers whose last known traffic (or creation) is before `before` and not yet flagged inactive. */
  inactivityCandidates(before: Date, limit: number): Promise<readonly InventoryNumber[]>;
  /** Active numbers flagged inactive and warned at or before `warnedBefore` (the release policy's due list). */
  warnedInactive(warnedBefore: Date, limit: number): Promise<readonly InventoryNumber[]>;
  /** Active numbers flagged inactive, in (inactive_since, sid) order after `after` (null: from the first). */
  flaggedInactive(after: FlaggedCursor | null, limit: number): Promise<readonly InventoryNumber[]>;
  /** Numbers waiting on an asynchronous carrier order, oldest first. */
  provisioningNumbers(limit: number): Promise<readonly InventoryNumber[]>;
  /** The latest interaction of any session a participant held this number in; null when none. */
  lastSessionTraffic(number: Pick<InventoryNumber, 'sid' | 'phoneNumber'>): Promise<Date | null>;
}
