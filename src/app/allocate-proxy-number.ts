// Chooses a proxy number for one identifier inside the caller's transaction.
//
// The pure allocator (domain/allocator) decides; this file only gathers a small candidate set that is
// guaranteed to contain the winner over the whole pool: the counterpart's number, the identifier's
// history (its sticky number / least-recently-used numbers), and the least-loaded eligible numbers of
// the first geo tier that has any. Each of those is an index-backed query (the history and the first
// tier share one statement), so the cost does not grow with the pool (see BENCHMARKS.md). When the
// counterpart's number wins outright (the usual case for a session's second participant) no candidate
// is read at all.
import { allocate, counterpartWinsOutright } from '../domain/allocator/allocate.ts';
import { refusalFromFunnel } from '../domain/allocator/refusal.ts';
import type { AllocationDecision, AllocationRequest, CandidateFacts, GeoTier } from '../domain/allocator/types.ts';
import type { DestinationScope } from '../domain/messaging/sms-gate.ts';
import type { PoolNumber } from '../domain/pool-number.ts';
import type { Service } from '../domain/service.ts';
import { requiredCapabilities, type SessionMode } from '../domain/session.ts';
import type { AllocationQueries, SmsGateRepo } from '../ports/store.ts';
import { markGated } from './sms-gate-allocation.ts';

/** prefer-sticky needs only the latest number; avoid-sticky looks for the least recently used one. */
const HISTORY_LIMIT = { 'prefer-sticky': 1, 'avoid-sticky': 10_000 } as const;

export interface ProxyRequest {
  readonly service: Service;
  readonly identifier: string;
  readonly tiers: readonly GeoTier[];
  readonly mode: SessionMode;
  readonly counterpartNumberSid: string | null;
  /** The counterpart's number as read in this transaction, when the caller has it (saves reading it again). */
  readonly counterpartNumber?: PoolNumber | null;
  /**
   * Sids of the numbers the identifier holds in active sessions, when the caller has just read them in
   * this transaction under the identifier's lock (settleIdentifier); otherwise they are read here.
   */
  readonly bound?: ReadonlySet<string>;
  /** US SMS registration gating in enforce mode: the participant's destination scope (sms-gate-allocation.ts); null when it does not apply. */
  readonly smsScope?: DestinationScope | null;
}

export const buildAllocationRequest = (r: ProxyRequest): AllocationRequest => ({
  identifier: r.identifier,
  mode: r.mode,
  geoMatchLevel: r.service.geoMatchLevel,
  behavior: r.service.numberSelectionBehavior,
  tiers: r.tiers,
  counterpartNumberSid: r.counterpartNumberSid,
});

type History = readonly { readonly number: PoolNumber; readonly lastUsedAt: Date }[];

/**
 * The identifier's history and the least-loaded numbers of the first tier that has any eligible number
 * (later tiers cannot win). The first tier is read together with the history, in one statement.
 */
const historyAndFirstTier = async (tx: AllocationQueries, r: ProxyRequest): Promise<{ history: History; fromTiers: readonly PoolNumber[] }> => {
  const needs = requiredCapabilities(r.mode);
  const base = { serviceSid: r.service.sid, needs, identifier: r.identifier, limit: 1, smsScope: r.smsScope ?? null };
  const historyLimit = HISTORY_LIMIT[r.service.numberSelectionBehavior];
  const [first, ...later] = r.tiers;
  if (first === undefined) return { history: [], fromTiers: [] };
  const { history, leastLoaded } = await tx.leastLoadedWithHistory({ ...base, tier: first, neverUsedOnly: false }, historyLimit);
  let tier = first;
  let found = leastLoaded;
  for (const next of later) {
    if (found.length > 0) break;
    tier = next;
    found = await tx.leastLoadedNumbers({ ...base, tier, neverUsedOnly: false });
  }
  if (found.length === 0 || r.service.numberSelectionBehavior !== 'avoid-sticky') return { history, fromTiers: found };
  const neverUsed = await tx.leastLoadedNumbers({ ...base, tier, neverUsedOnly: true });
  return { history, fromTiers: [...found, ...neverUsed] };
};

/** The counterpart's number if it is still in this pool: the caller's copy, else read. */
const counterpartOf = async (tx: AllocationQueries, r: ProxyRequest): Promise<PoolNumber | null> => {
  const sid = r.counterpartNumberSid;
  if (sid === null) return null;
  const known = r.counterpartNumber;
  if (known && known.sid === sid) return known.serviceSid === r.service.sid ? known : null;
  return (await tx.findNumbersBySids(r.service.sid, [sid]))[0] ?? null;
};

const gatherCandidates = async (
  tx: AllocationQueries & SmsGateRepo, r: ProxyRequest, bound: ReadonlySet<string>, counterpart: PoolNumber | null,
): Promise<readonly CandidateFacts[]> => {
  const { history, fromTiers } = await historyAndFirstTier(tx, r);
  if (fromTiers.length === 0) return [];
  const lastUsed = new Map(history.map((h) => [h.number.sid, h.lastUsedAt]));
  const factsOf = (number: PoolNumber): CandidateFacts => ({
    number, boundToIdentifier: bound.has(number.sid), lastUsedByIdentifier: lastUsed.get(number.sid) ?? null,
  });
  // The tiers' numbers passed the gate in SQL; the others (history, counterpart) are checked by one read.
  const filtered = new Map(fromTiers.map((n) => [n.sid, n]));
  const others = new Map<string, PoolNumber>();
  for (const n of [...history.map((h) => h.number), ...(counterpart ? [counterpart] : [])]) if (!filtered.has(n.sid)) others.set(n.sid, n);
  const checked = await markGated(tx, r.smsScope ?? null, [...others.values()].map(factsOf));
  return [...[...filtered.values()].map(factsOf), ...checked];
};

/**
 * The decision when the counterpart's number wins whatever the rest of the pool holds, else null. Its
 * recency does not matter (the counterpart preference outranks stickiness), so no history is read.
 */
const counterpartDecision = async (
  tx: SmsGateRepo, r: ProxyRequest, request: AllocationRequest, number: PoolNumber | null, bound: ReadonlySet<string>,
): Promise<AllocationDecision | null> => {
  if (number === null) return null;
  const [facts] = await markGated(tx, r.smsScope ?? null, [{ number, boundToIdentifier: bound.has(number.sid), lastUsedByIdentifier: null }]);
  return facts && counterpartWinsOutright(request, facts) ? allocate(request, [facts]).decision : null;
};

/** Decides a proxy number; a refusal carries the Twilio code of the first hard filter that emptied the pool. */
export const chooseProxyNumber = async (tx: AllocationQueries & SmsGateRepo, r: ProxyRequest): Promise<AllocationDecision> => {
  const bound = r.bound ?? await tx.activeBindings(r.service.sid, r.identifier);
  const request = buildAllocationRequest(r);
  const counterpart = await counterpartOf(tx, r);
  const outright = await counterpartDecision(tx, r, request, counterpart, bound);
  if (outright !== null) return outright;
  const candidates = await gatherCandidates(tx, r, bound, counterpart);
  if (candidates.length > 0) {
    const { decision } = allocate(request, candidates);
    if (decision.kind === 'chosen') return decision;
  }
  const funnel = await tx.poolFunnel({
    serviceSid: r.service.sid,
    tiers: r.tiers,
    needs: requiredCapabilities(r.mode),
    identifier: r.identifier,
    smsScope: r.smsScope ?? null,
  });
  return refusalFromFunnel(funnel, r.mode);
};
