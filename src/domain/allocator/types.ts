// The allocator's vocabulary. The allocator itself is pure: given a request and facts about candidate
// numbers it returns a decision and an explanation. The store's job is only to hand it a candidate set
// that contains the winner (see ports/store.ts AllocationQueries), so selection never scans the pool.
import type { ErrorName } from '../errors.ts';
import type { SmsGateError } from '../messaging/sms-gate.ts';
import type { PoolNumber } from '../pool-number.ts';
import type { GeoMatchLevel, NumberSelectionBehavior } from '../service.ts';
import type { SessionMode } from '../session.ts';

/**
 * One geo tier: candidates must match `countries` (ISO codes; null = any) and `areaCodes` (NANP NPAs;
 * null = any). Tiers are tried in order and the first tier with an eligible number wins, so an Antiguan
 * participant gets an AG number when the pool has one and a US number otherwise.
 */
export interface GeoTier {
  readonly countries: readonly string[] | null;
  readonly areaCodes: readonly string[] | null;
  /** Human text for explanations: "same country (GB, GG, IM, JE)", "area code 415", "within 80 km"... */
  readonly label: string;
}

export interface AllocationRequest {
  readonly identifier: string;
  readonly mode: SessionMode;
  readonly geoMatchLevel: GeoMatchLevel;
  readonly behavior: NumberSelectionBehavior;
  /** Geo tiers derived from the identifier (domain/geo-match.ts). */
  readonly tiers: readonly GeoTier[];
  /** The other participant's proxy number sid in this session, when it has one. */
  readonly counterpartNumberSid: string | null;
}

/** What the allocator needs to know about one candidate number. */
export interface CandidateFacts {
  readonly number: PoolNumber;
  /** True when the identifier already holds this number in another active session (hard filter). */
  readonly boundToIdentifier: boolean;
  /** When the identifier last held this number in this service, null if never. */
  readonly lastUsedByIdentifier: Date | null;
  /**
   * Why the number may not text this participant under US registration gating (enforce mode, a session
   * that sends SMS; domain/messaging/sms-gate.ts); null or absent when it may (hard filter).
   */
  readonly smsGated?: SmsGateError | null;
}

export type DropReason =
  | 'not-in-pool'
  | 'reserved'
  | 'no-voice'
  | 'no-sms'
  | 'geo-mismatch'
  | 'sms-gated'
  | 'outside-first-matching-tier'
  | 'bound-to-identifier';

export type ChoiceReason = 'counterpart-number' | 'sticky' | 'never-used-least-loaded' | 'least-recently-used' | 'least-loaded';

export interface CandidateVerdict {
  readonly sid: string;
  readonly phoneNumber: string;
  readonly verdict: 'chosen' | 'eligible' | 'dropped';
  /** A DropReason for dropped numbers, the preference that ranked it for the others. */
  readonly reason: DropReason | ChoiceReason;
  /** One readable sentence: why this number was taken or dropped. */
  readonly explanation: string;
  /** 1-based position in the preference order for eligible/chosen numbers. */
  readonly rank: number | null;
}

export type AllocationDecision =
  | { readonly kind: 'chosen'; readonly number: PoolNumber; readonly reason: ChoiceReason; readonly explanation: string }
  | { readonly kind: 'refused'; readonly code: ErrorName; readonly explanation: string };

export interface AllocationExplanation {
  readonly decision: AllocationDecision;
  readonly candidates: readonly CandidateVerdict[];
}

/**
 * Counts after each hard filter, in filter order, used to name a refusal without loading the pool:
 * the first filter that empties the set is the reason.
 */
export interface PoolFunnel {
  readonly inPool: number;
  readonly unreserved: number;
  readonly capable: number;
  readonly geoMatching: number;
  /** Of those, the numbers US registration gating lets text the participant (all of them when gating does not apply). */
  readonly smsSendable: number;
  readonly notBound: number;
  /** Which capability was missing, when `capable` is 0: voice is checked first. */
  readonly voiceCapable: number;
  readonly smsCapable: number;
}
