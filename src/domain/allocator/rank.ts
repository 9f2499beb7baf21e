// Preferences among numbers that passed every hard filter. The order is total (it ends on the unique
// sid), so the winner is the minimum of one fixed order: any subset of the pool that contains the
// winner, and the identifier's most recent number (which decides what "sticky" means), yields the same
// winner. That is what lets the store hand over a handful of candidates instead of the whole pool.
import type { AllocationRequest, CandidateFacts, ChoiceReason } from './types.ts';

export interface RankedCandidate {
  readonly facts: CandidateFacts;
  readonly reason: ChoiceReason;
  /** 1-based. */
  readonly rank: number;
}

// Plain code-unit comparison: localeCompare would make the order depend on the host's locale.
const compareText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

// Callers only compare dates that are set; 0 keeps the arithmetic finite otherwise.
const time = (date: Date | null): number => (date === null ? 0 : date.getTime());

/** Lowest load, then phone number ascending, then sid: the tie-break every preference ends with. */
export const byLoadThenNumber = (a: CandidateFacts, b: CandidateFacts): number =>
  a.number.load - b.number.load ||
  compareText(a.number.phoneNumber, b.number.phoneNumber) ||
  compareText(a.number.sid, b.number.sid);

/** Most recent first; equal timestamps by phone number, then sid. */
const byRecency = (a: CandidateFacts, b: CandidateFacts): number =>
  time(b.lastUsedByIdentifier) - time(a.lastUsedByIdentifier) ||
  compareText(a.number.phoneNumber, b.number.phoneNumber) ||
  compareText(a.number.sid, b.number.sid);

/**
 * The number the identifier held most recently, among candidates in the pool, whether or not it is
 * still eligible: prefer-sticky means "the number it had last", not "some number it once had". Equal
 * timestamps fall back to the phone number, then the sid.
 */
export const mostRecentlyUsed = (candidates: readonly CandidateFacts[]): CandidateFacts | null => {
  let best: CandidateFacts | null = null;
  for (const c of candidates) {
    if (c.lastUsedByIdentifier === null || c.number.serviceSid === null) continue;
    if (best === null || byRecency(c, best) < 0) best = c;
  }
  return best;
};

interface Keyed {
  readonly facts: CandidateFacts;
  /** Preference group: lower wins. */
  readonly group: number;
  /** Within avoid-sticky's used numbers, when it was last used (earlier wins); 0 elsewhere. */
  readonly lastUsed: number;
  readonly reason: ChoiceReason;
}

const keyOf = (request: Pick<AllocationRequest, 'behavior' | 'counterpartNumberSid'>, stickySid: string | null) =>
  (facts: CandidateFacts): Keyed => {
    if (request.counterpartNumberSid !== null && facts.number.sid === request.counterpartNumberSid) {
      return { facts, group: 0, lastUsed: 0, reason: 'counterpart-number' };
    }
    if (request.behavior === 'prefer-sticky') {
      return facts.number.sid === stickySid
        ? { facts, group: 1, lastUsed: 0, reason: 'sticky' }
        : { facts, group: 2, lastUsed: 0, reason: 'least-loaded' };
    }
    return facts.lastUsedByIdentifier === null
      ? { facts, group: 1, lastUsed: 0, reason: 'never-used-least-loaded' }
      : { facts, group: 2, lastUsed: time(facts.lastUsedByIdentifier), reason: 'least-recently-used' };
  };

const compareKeyed = (a: Keyed, b: Keyed): number =>
  a.group - b.group || a.lastUsed - b.lastUsed || byLoadThenNumber(a.facts, b.facts);

/**
 * Orders eligible numbers by preference: (1) the counterpart's number; (2) stickiness, with
 * prefer-sticky the identifier's most recent number (`stickySid`), with avoid-sticky numbers it never
 * used, then the ones it used least recently; (3) lowest load; (4) phone number, then sid.
 */
export const rankEligible = (
  request: Pick<AllocationRequest, 'behavior' | 'counterpartNumberSid'>,
  eligible: readonly CandidateFacts[],
  stickySid: string | null,
): RankedCandidate[] =>
  eligible
    .map(keyOf(request, stickySid))
    .sort(compareKeyed)
    .map((k, i) => ({ facts: k.facts, reason: k.reason, rank: i + 1 }));
