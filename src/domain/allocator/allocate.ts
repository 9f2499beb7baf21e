// The pure allocator: hard filters, then preferences, over whatever candidates the caller supplies.
// It never throws for "no number": a refusal is a value naming the first filter that emptied the set.
//
// Hard filters, in order: in the service's pool, not reserved, capability fits the mode (voice checked
// before SMS), geo match, allowed to text the participant (US registration gating in enforce mode: the
// caller marks the numbers it blocks, CandidateFacts.smsGated), not already bound to this identifier. Geo tiers are tried in order and the
// first tier holding a number that passes every hard filter wins; numbers only in later tiers drop out.
// Ranking lives in rank.ts; its order is total, which makes the decision over any candidate subset that
// contains the whole pool's winner (and the identifier's most recent number) equal to the decision over
// the whole pool.
import { numberMatchesTier } from '../geo-match.ts';
import { requiredCapabilities } from '../session.ts';
import { choiceSentence, dropSentence, rankSentence, type DropContext } from './explain.ts';
import { mostRecentlyUsed, rankEligible, type RankedCandidate } from './rank.ts';
import { refusalFromFunnel } from './refusal.ts';
import type {
  AllocationDecision,
  AllocationExplanation,
  AllocationRequest,
  CandidateFacts,
  CandidateVerdict,
  DropReason,
  GeoTier,
  PoolFunnel,
} from './types.ts';

type Needs = { readonly voice: boolean; readonly sms: boolean };

/** The first hard filter, up to the geo match, that drops the number; null if it matches some tier. */
const earlyDrop = (c: CandidateFacts, needs: Needs, tiers: readonly GeoTier[]): DropReason | null => {
  if (c.number.serviceSid === null) return 'not-in-pool';
  if (c.number.isReserved) return 'reserved';
  if (needs.voice && !c.number.capabilities.voice) return 'no-voice';
  if (needs.sms && !c.number.capabilities.sms) return 'no-sms';
  if (!tiers.some((tier) => numberMatchesTier(c.number, tier))) return 'geo-mismatch';
  if (c.smsGated) return 'sms-gated';
  return null;
};

/** Counts after each hard filter: what the store's poolFunnel computes with indexes. */
export const funnelOf = (request: Pick<AllocationRequest, 'mode' | 'tiers'>, candidates: readonly CandidateFacts[]): PoolFunnel => {
  const needs = requiredCapabilities(request.mode);
  const inPool = candidates.filter((c) => c.number.serviceSid !== null);
  const unreserved = inPool.filter((c) => !c.number.isReserved);
  const capable = unreserved.filter((c) => (!needs.voice || c.number.capabilities.voice) && (!needs.sms || c.number.capabilities.sms));
  const geoMatching = capable.filter((c) => request.tiers.some((tier) => numberMatchesTier(c.number, tier)));
  return {
    inPool: inPool.length,
    unreserved: unreserved.length,
    capable: capable.length,
    geoMatching: geoMatching.length,
    smsSendable: geoMatching.filter((c) => !c.smsGated).length,
    notBound: geoMatching.filter((c) => !c.smsGated && !c.boundToIdentifier).length,
    voiceCapable: unreserved.filter((c) => c.number.capabilities.voice).length,
    smsCapable: unreserved.filter((c) => c.number.capabilities.sms).length,
  };
};

/** One entry per sid (the store may name a number twice: as counterpart and from history). */
const uniqueBySid = (candidates: readonly CandidateFacts[]): CandidateFacts[] => {
  const seen = new Map<string, CandidateFacts>();
  for (const c of candidates) if (!seen.has(c.number.sid)) seen.set(c.number.sid, c);
  return [...seen.values()];
};

interface Screened {
  readonly eligible: readonly CandidateFacts[];
  readonly winningTier: GeoTier | null;
  readonly dropped: ReadonlyMap<CandidateFacts, DropReason>;
}

/** Applies the hard filters and picks the winning geo tier. */
const screen = (request: AllocationRequest, candidates: readonly CandidateFacts[]): Screened => {
  const needs = requiredCapabilities(request.mode);
  const dropped = new Map<CandidateFacts, DropReason>();
  const matching: CandidateFacts[] = [];
  for (const c of candidates) {
    const reason = earlyDrop(c, needs, request.tiers);
    if (reason) dropped.set(c, reason);
    else matching.push(c);
  }
  const free = matching.filter((c) => !c.boundToIdentifier);
  const winnerIndex = request.tiers.findIndex((tier) => free.some((c) => numberMatchesTier(c.number, tier)));
  const winningTier = request.tiers[winnerIndex] ?? null;
  const eligible: CandidateFacts[] = [];
  for (const c of matching) {
    // Geo comes before the binding filter, so a number confined to later tiers is "outside" even when
    // bound. A free number whose first tier is not later than the winner's is in the winning tier: an
    // earlier tier holding a free number would have won instead.
    const firstTier = request.tiers.findIndex((tier) => numberMatchesTier(c.number, tier));
    if (winningTier !== null && firstTier > winnerIndex) dropped.set(c, 'outside-first-matching-tier');
    else if (c.boundToIdentifier) dropped.set(c, 'bound-to-identifier');
    else eligible.push(c);
  }
  return { eligible, winningTier, dropped };
};

const compareVerdicts = (a: CandidateVerdict, b: CandidateVerdict): number =>
  (a.rank ?? Number.MAX_SAFE_INTEGER) - (b.rank ?? Number.MAX_SAFE_INTEGER) ||
  (a.phoneNumber < b.phoneNumber ? -1 : a.phoneNumber > b.phoneNumber ? 1 : 0) ||
  (a.sid < b.sid ? -1 : a.sid > b.sid ? 1 : 0);

const verdicts = (ranked: readonly RankedCandidate[], tier: GeoTier | null, s: Screened, ctx: DropContext): CandidateVerdict[] => {
  const kept = ranked.map((r): CandidateVerdict => ({
    sid: r.facts.number.sid,
    phoneNumber: r.facts.number.phoneNumber,
    verdict: r.rank === 1 ? 'chosen' : 'eligible',
    reason: r.reason,
    explanation: tier ? rankSentence(r, tier) : '',
    rank: r.rank,
  }));
  const lost = [...s.dropped].map(([facts, reason]): CandidateVerdict => ({
    sid: facts.number.sid,
    phoneNumber: facts.number.phoneNumber,
    verdict: 'dropped',
    reason,
    explanation: dropSentence(facts, reason, ctx),
    rank: null,
  }));
  return [...kept, ...lost].sort(compareVerdicts);
};

/**
 * True when the counterpart's number wins whatever else the pool holds: it passes every hard filter and
 * matches the first tier, so that tier wins and the counterpart preference ranks it first. The store can
 * then decide a session's second participant without reading candidates (allocate over this one number
 * gives the same decision as over the whole pool).
 */
export const counterpartWinsOutright = (request: AllocationRequest, counterpart: CandidateFacts): boolean => {
  const firstTier = request.tiers[0];
  return firstTier !== undefined &&
    counterpart.number.sid === request.counterpartNumberSid &&
    !counterpart.boundToIdentifier &&
    earlyDrop(counterpart, requiredCapabilities(request.mode), request.tiers) === null &&
    numberMatchesTier(counterpart.number, firstTier);
};

/**
 * Chooses a proxy number among `candidates` for `request`, with a verdict for every candidate.
 * Deterministic: the input order does not matter.
 */
export const allocate = (request: AllocationRequest, candidates: readonly CandidateFacts[]): AllocationExplanation => {
  const unique = uniqueBySid(candidates);
  const screened = screen(request, unique);
  const ctx: DropContext = { mode: request.mode, tiers: request.tiers, winningTier: screened.winningTier };
  const sticky = request.behavior === 'prefer-sticky' ? mostRecentlyUsed(unique) : null;
  const ranked = rankEligible(request, screened.eligible, sticky?.number.sid ?? null);
  const winner = ranked[0];
  const tier = screened.winningTier;
  const decision: AllocationDecision = winner && tier
    ? { kind: 'chosen', number: winner.facts.number, reason: winner.reason, explanation: choiceSentence(winner, tier, ranked.length) }
    : refusalFromFunnel(funnelOf(request, unique), request.mode, request.tiers);
  return { decision, candidates: verdicts(ranked, tier, screened, ctx) };
};
