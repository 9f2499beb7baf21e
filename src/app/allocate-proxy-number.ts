// Chooses a proxy number for one identifier inside the caller's transaction.
//
// The pure allocator (domain/allocator) decides; this file only gathers a small candidate set that is
// guaranteed to contain the winner over the whole pool: the counterpart's number, the identifier's
// history (its sticky number / least-recently-used numbers), and the least-loaded eligible numbers of
// the first geo tier that has any. Each of those is one index-backed query, so the cost does not grow
// with the pool (see BENCHMARKS.md).
import { allocate } from '../domain/allocator/allocate.ts';
import { refusalFromFunnel } from '../domain/allocator/refusal.ts';
import type { AllocationDecision, AllocationRequest, CandidateFacts, GeoTier } from '../domain/allocator/types.ts';
import type { PoolNumber } from '../domain/pool-number.ts';
import type { Service } from '../domain/service.ts';
import { requiredCapabilities, type SessionMode } from '../domain/session.ts';
import type { Repos } from '../ports/store.ts';

/** prefer-sticky needs only the latest number; avoid-sticky looks for the least recently used one. */
const HISTORY_LIMIT = { 'prefer-sticky': 1, 'avoid-sticky': 10_000 } as const;

export interface ProxyRequest {
  readonly service: Service;
  readonly identifier: string;
  readonly tiers: readonly GeoTier[];
  readonly mode: SessionMode;
  readonly counterpartNumberSid: string | null;
}

export const buildAllocationRequest = (r: ProxyRequest): AllocationRequest => ({
  identifier: r.identifier,
  mode: r.mode,
  geoMatchLevel: r.service.geoMatchLevel,
  behavior: r.service.numberSelectionBehavior,
  tiers: r.tiers,
  counterpartNumberSid: r.counterpartNumberSid,
});

/** Least-loaded numbers of the first tier that has any eligible number (later tiers cannot win). */
const firstTierCandidates = async (tx: Repos, r: ProxyRequest): Promise<readonly PoolNumber[]> => {
  const needs = requiredCapabilities(r.mode);
  const base = { serviceSid: r.service.sid, needs, identifier: r.identifier, limit: 1 };
  for (const tier of r.tiers) {
    const leastLoaded = await tx.leastLoadedNumbers({ ...base, tier, neverUsedOnly: false });
    if (leastLoaded.length === 0) continue;
    if (r.service.numberSelectionBehavior !== 'avoid-sticky') return leastLoaded;
    const neverUsed = await tx.leastLoadedNumbers({ ...base, tier, neverUsedOnly: true });
    return [...leastLoaded, ...neverUsed];
  }
  return [];
};

export const gatherCandidates = async (tx: Repos, r: ProxyRequest): Promise<readonly CandidateFacts[]> => {
  const serviceSid = r.service.sid;
  const [bindings, history, fromTiers] = await Promise.all([
    tx.activeBindings(serviceSid, r.identifier),
    tx.identifierHistory(serviceSid, r.identifier, HISTORY_LIMIT[r.service.numberSelectionBehavior]),
    firstTierCandidates(tx, r),
  ]);
  if (fromTiers.length === 0) return [];
  const lastUsed = new Map(history.map((h) => [h.numberSid, h.lastUsedAt]));
  const named = [...lastUsed.keys(), ...(r.counterpartNumberSid ? [r.counterpartNumberSid] : [])];
  const known = new Set(fromTiers.map((n) => n.sid));
  const extra = await tx.findNumbersBySids(serviceSid, [...new Set(named)].filter((sid) => !known.has(sid)));
  return [...fromTiers, ...extra].map((number) => ({
    number,
    boundToIdentifier: bindings.has(number.sid),
    lastUsedByIdentifier: lastUsed.get(number.sid) ?? null,
  }));
};

/** Decides a proxy number; a refusal carries the Twilio code of the first hard filter that emptied the pool. */
export const chooseProxyNumber = async (tx: Repos, r: ProxyRequest): Promise<AllocationDecision> => {
  const candidates = await gatherCandidates(tx, r);
  if (candidates.length > 0) {
    const { decision } = allocate(buildAllocationRequest(r), candidates);
    if (decision.kind === 'chosen') return decision;
  }
  const funnel = await tx.poolFunnel({
    serviceSid: r.service.sid,
    tiers: r.tiers,
    needs: requiredCapabilities(r.mode),
    identifier: r.identifier,
  });
  return refusalFromFunnel(funnel, r.mode);
};
